"""Placeholders: every documented name expands, and every mistake is an error naming the page and line."""

from __future__ import annotations

import pytest
from spec_tree import write_tree

from loopctl.render.placeholders import SIGNATURES, Context, PlaceholderError, expand
from loopctl.site.collect import collect


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return collect(write_tree(tmp_path_factory.mktemp("repo")))


def run(model, text, page="catalog.md", own=None, **kwargs):
    context = Context(page, model, own=own, source=f"docs/{page}", **kwargs)
    return expand(text, context), context


DOCUMENTED = ["catalog", "catalog level=2", "catalog pattern=critique-loop", "catalog kind=composition",
              "catalog format=list", "catalog level=3 kind=composition format=table",
              "diagram spec=loop-library/alpha.yaml", "scorecard spec=loop-library/alpha.yaml",
              "level spec=loop-library/alpha.yaml", "spec spec=loop-library/alpha.yaml", "les-weights",
              "les-bands", "failure-codes", "rules", "level-rules", "stats", "level-specs level=3",
              "lean-table table=keys", "lean-table table=intent-rules", "lss-min-example",
              "explore", "explore kind=case-study", "map", "neighbourhood pattern=reflection-loop", "chooser",
              "field-paths"]


def test_every_placeholder_name_is_documented_here():
    # lean-figures measures the real library trio, so it is tested against the repository below.
    assert {d.split()[0] for d in DOCUMENTED} | {"lean-figures"} == set(SIGNATURES)


def test_lean_figures_expand_on_the_real_library():
    from conftest import REPO
    out, _ = run(collect(REPO), "Intro.\n\n<!-- loop:lean-figures -->\n\nOutro.\n", page="reference/lean-specs.md")
    assert "<!-- loop:" not in out and "<svg" in out and "3,255" in out


@pytest.mark.parametrize("placeholder", DOCUMENTED)
def test_documented_placeholder_expands(model, placeholder):
    out, _ = run(model, f"Intro.\n\n<!-- loop:{placeholder} -->\n\nOutro.\n")
    assert "<!-- loop:" not in out
    assert out.startswith("Intro.\n\n") and out.endswith("Outro.\n")
    assert len(out) > len("Intro.\n\n\n\nOutro.\n") + 20


def test_catalog_filters_select_specs(model):
    out, _ = run(model, "<!-- loop:catalog pattern=critique-loop -->\n")
    assert "beta" in out and "alpha" not in out
    out, _ = run(model, "<!-- loop:catalog kind=composition format=list -->\n")
    assert out.strip().startswith("- [pair](loop-library/compositions/pair.md)")


def test_links_are_relative_to_the_page(model):
    out, _ = run(model, "<!-- loop:catalog kind=composition format=list -->\n", page="taxonomy/level-3.md")
    assert "(../loop-library/compositions/pair.md)" in out


@pytest.mark.parametrize("text, message", [
    ("<!-- loop:catalogue -->", "unknown placeholder loop:catalogue"),
    ("<!-- loop:catalog level=7 -->", "level must be 1 to 6"),
    ("<!-- loop:catalog kind=tool -->", "kind must be one of"),
    ("<!-- loop:catalog format=grid -->", "format must be table or list"),
    ("<!-- loop:catalog colour=red -->", "does not take colour="),
    ("<!-- loop:catalog level -->", "malformed argument"),
    ("<!-- loop:catalog level=2 level=3 -->", "given twice"),
    ("<!-- loop:level-specs -->", "needs level="),
    ("<!-- loop:stats extra=1 -->", "does not take extra="),
    ("<!-- loop:diagram -->", "only allowed on a spec's own page"),
    ("<!-- loop:diagram spec=loop-library/missing.yaml -->", "no spec at"),
    ("Text before <!-- loop:stats --> on one line", "alone on its line"),
])
def test_bad_placeholder_is_an_error_with_page_and_line(model, text, message):
    with pytest.raises(PlaceholderError) as caught:
        run(model, f"# Title\n\n```yaml\nfenced: 1\n```\n\n{text}\n")
    assert caught.value.page == "docs/catalog.md" and caught.value.line == 7
    assert message in str(caught.value)
    assert str(caught.value).startswith("docs/catalog.md:7: ")


def test_placeholders_in_code_are_left_alone(model):
    text = "```markdown\n<!-- loop:nonsense -->\n```\n\nInline `<!-- loop:nonsense -->` too.\n"
    out, _ = run(model, text)
    assert out == text


def test_serve_mode_shows_the_error_in_the_page_and_keeps_going(model):
    out, context = run(model, "<!-- loop:nope -->\n\n<!-- loop:stats -->\n", raise_errors=False)
    assert "admonition failure" in out and "unknown placeholder loop:nope" in out
    assert "| specs |" in out
    assert len(context.errors) == 1 and context.errors[0].line == 1


def test_own_spec_placeholder_is_recorded_as_placed(model):
    own = model.entry("loop-library/alpha.yaml")
    out, context = run(model, "<!-- loop:diagram -->\n\n<!-- loop:spec -->\n", page="loop-library/alpha.md",
                       own=own)
    assert context.placed == {"diagram", "spec"}
    assert "```mermaid" in out and "```yaml" in out


def test_indented_placeholder_keeps_its_indentation(model):
    out, _ = run(model, '=== "Level 3"\n\n    <!-- loop:level-specs level=3 -->\n')
    block = [line for line in out.splitlines() if line.strip()]
    assert all(line.startswith("    ") for line in block[1:]), out
