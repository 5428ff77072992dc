"""Placeholders: every documented name expands, and every mistake is an error naming the page and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loopctl.render.placeholders import SIGNATURES, Context, PlaceholderError, expand
from loopctl.site.collect import collect
from spec_tree import write_tree


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return collect(write_tree(tmp_path_factory.mktemp("repo")))


@pytest.fixture(scope="module")
def repo_model():
    from conftest import REPO
    return collect(REPO)


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


# These read the repository's own pages and data (glossary, onboarding paths, the authors' specs,
# CONTRIBUTING.md, the library trio), so they are tested against the repository below.
ON_THE_REPOSITORY = ["lean-figures", "define term=observation", "tuple-table", "tuple-table with=questions",
                     "reading-paths", "reading-path path=builder", "minutes page=fundamentals/feedback.md",
                     "minutes folder=fundamentals", "count kind=library", "declared-levels", "include file=CONTRIBUTING.md"]


def test_every_placeholder_name_is_documented_here():
    assert {d.split()[0] for d in DOCUMENTED + ON_THE_REPOSITORY} == set(SIGNATURES)


@pytest.mark.parametrize("placeholder", ON_THE_REPOSITORY[1:])
def test_repository_placeholder_expands(repo_model, placeholder):
    out, _ = run(repo_model, f"Intro.\n\n<!-- loop:{placeholder} -->\n\nOutro.\n", page="contributing/index.md")
    # (an included page may show placeholders inside its code examples: only this one must be gone)
    assert f"<!-- loop:{placeholder}" not in out and out.startswith("Intro.\n\n") and out.endswith("Outro.\n")
    assert len(out) > len("Intro.\n\n\n\nOutro.\n") + 3


def test_figure_placeholders_expand_inside_a_line(model):
    out, _ = run(model, "| specs | <!-- loop:count kind=library --> and <!-- loop:count kind=composition --> |\n")
    assert out == "| specs | 2 and 1 |\n"


def test_figure_placeholder_after_inline_code_keeps_the_code(model):
    out, _ = run(model, "Run `loopctl validate` on <!-- loop:count kind=library --> specs, not `<!-- loop:x -->`.\n")
    assert out == "Run `loopctl validate` on 2 specs, not `<!-- loop:x -->`.\n"


def test_inline_minutes_in_a_table_cell(repo_model):
    out, _ = run(repo_model, "| [Feedback](feedback.md) | <!-- loop:minutes page=fundamentals/feedback.md --> |\n",
                 page="fundamentals/index.md")
    assert re.fullmatch(r"\| \[Feedback\]\(feedback.md\) \| \d+ min \|\n", out), out


def test_a_block_placeholder_inside_a_line_is_still_an_error(model):
    with pytest.raises(PlaceholderError) as caught:
        run(model, "Total: <!-- loop:count kind=library --> and <!-- loop:stats -->\n")
    assert "alone on its line" in str(caught.value) and "count, minutes" in str(caught.value)


@pytest.mark.parametrize("text, message", [
    ("<!-- loop:define term=observaton -->", "no glossary entry 'observaton' in docs/glossary.md; did you mean observation"),
    ("<!-- loop:define term=Observation -->", "term must be a glossary anchor"),
    ("<!-- loop:define -->", "needs term="),
    ("<!-- loop:tuple-table with=symbols -->", "with must be questions"),
    ("<!-- loop:reading-path path=dreamer -->", "no path 'dreamer' in docs/onboarding-paths.yaml"),
    ("<!-- loop:minutes page=fundamentals/nope.md -->", "no page 'fundamentals/nope.md'"),
    ("<!-- loop:minutes -->", "exactly one of page= (one page) or folder="),
    ("<!-- loop:minutes page=feedback.md folder=fundamentals -->", "exactly one of page="),
    ("<!-- loop:count kind=planet -->", "kind must be one of"),
    ("<!-- loop:include file=../secrets.md -->", "no Markdown file '../secrets.md' in the repository"),
    ("<!-- loop:include file=pyproject.toml -->", "no Markdown file"),
])
def test_bad_repository_placeholder_is_an_error_with_page_and_line(repo_model, text, message):
    with pytest.raises(PlaceholderError) as caught:
        run(repo_model, f"# Title\n\n{text}\n")
    assert caught.value.line == 3 and message in str(caught.value), str(caught.value)


def test_unknown_term_in_serve_mode_is_shown_on_the_page(repo_model):
    out, context = run(repo_model, "<!-- loop:define term=nonsense -->\n", raise_errors=False)
    assert "admonition failure" in out and "no glossary entry" in out and len(context.errors) == 1


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
    assert "```mermaid" in out and "```{.yaml" in out


def test_indented_placeholder_keeps_its_indentation(model):
    out, _ = run(model, '=== "Level 3"\n\n    <!-- loop:level-specs level=3 -->\n')
    block = [line for line in out.splitlines() if line.strip()]
    assert all(line.startswith("    ") for line in block[1:]), out


class _NoSpecs:
    """The least a site must offer placeholders (``SiteView``): a root and a spec lookup."""

    root = Path("no-such-repository")  # the placeholders below never read files

    def entry(self, _source):
        return None


def test_a_site_view_with_only_root_and_entry_is_enough_to_report_a_missing_spec():
    context = Context("catalog.md", _NoSpecs(), source="docs/catalog.md")
    with pytest.raises(PlaceholderError, match=re.escape("docs/catalog.md:1: loop:diagram: no spec at 'x.yaml'")):
        expand("<!-- loop:diagram spec=x.yaml -->\n", context)
    assert expand("<!-- loop:les-weights -->\n", context).strip().startswith("|")
