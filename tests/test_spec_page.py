"""Spec pages: prose first, then every generated part once, escaped, with links to related pages."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from loopctl.render.spec_page import render_spec_page
from loopctl.site.build import SiteBuild
from loopctl.site.collect import collect
from spec_tree import HOSTILE, write_tree
from test_escape import render

GENERATED = ["## Specification at a glance", "## Taxonomy level", "## Loop diagram",
             "## LES scorecard (design-time estimate)", "## Validation", "## Full spec", "## Related pages"]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return collect(write_tree(tmp_path_factory.mktemp("repo")))


def test_page_without_companion_has_title_and_every_part(model):
    beta = model.entry("loop-library/beta.yaml")
    page = render_spec_page(beta, model)
    assert page.startswith("# beta\n")
    for heading in GENERATED[1:]:
        assert heading in page
    assert "```mermaid\nflowchart" in page
    assert "[Download beta&#46;yaml](beta.yaml)" in page and "```{.yaml #spec-source title=\"beta.yaml\"}" in page
    assert "design-time estimate" in page and "<svg" in page


def test_prose_comes_first_and_placed_parts_are_not_repeated(model):
    alpha = model.entry("loop-library/alpha.yaml")
    prose = "# Alpha loop\n\nWords.\n\n```mermaid\nflowchart TD\n```\n"
    page = render_spec_page(alpha, model, prose=prose, placed={"diagram"})
    assert page.startswith(prose.rstrip("\n"))
    assert page.index("## Specification at a glance") > page.index("Words.")
    assert "## Loop diagram" not in page and page.count("```mermaid") == 1
    assert "## Full spec" in page


def test_summary_shows_level_agreement_patterns_conformance_and_les(model):
    page = render_spec_page(model.entry("loop-library/beta.yaml"), model)
    assert "L2 reflective (declared 2: agrees)" in page
    assert "[reflection&#45;loop](../patterns/reflection-loop.md), critique&#45;loop" in page
    assert "LSS&#45;Parseable" not in page and "LSS-Parseable (LSS 1.0 schema)" in page
    assert re.search(r"\| LES \| 0\.\d\d \(\d+\.\d/100, [a-z-]+\), design-time estimate \|", page)


def test_composition_links_children_and_children_link_back(model):
    pair = render_spec_page(model.entry("loop-library/compositions/pair.yaml"), model)
    assert "[alpha](../alpha.md)" in pair and "[beta](../beta.md)" in pair
    alpha = render_spec_page(model.entry("loop-library/alpha.yaml"), model)
    assert "**Used in compositions:** [pair](compositions/pair.md)" in alpha


def test_pattern_page_lists_known_uses(model):
    page = render_spec_page(model.entry("patterns/reflection-loop.yaml"), model)
    assert "Case studies using this pattern:** [study](../case-studies/study.md)" in page
    assert "Library specs using this pattern:**" in page and "[alpha](../loop-library/alpha.md)" in page


def test_declared_level_disagreement_is_shown(tmp_path):
    root = write_tree(tmp_path)
    text = (root / "loop-library" / "beta.yaml").read_text().replace("taxonomy_level: 2", "taxonomy_level: 5")
    (root / "loop-library" / "beta.yaml").write_text(text)
    model = collect(root)
    page = render_spec_page(model.entry("loop-library/beta.yaml"), model)
    assert "(declared 5: **disagrees**)" in page and "Declared level disagrees" in page


def test_hostile_spec_strings_render_inert(tmp_path):
    model = collect(write_tree(tmp_path, hostile=True))
    alpha = model.entry("loop-library/alpha.yaml")
    assert alpha.valid, alpha.diagnostics
    html = render(render_spec_page(alpha, model))
    elements = parse(html)
    assert not [tag for tag, _ in elements if tag in ("script", "img", "iframe", "object", "embed")]
    assert not [(tag, key) for tag, attrs in elements for key, _ in attrs if key.startswith("on")]
    assert not [value for _, attrs in elements for key, value in attrs
                if key in ("href", "src") and (value or "").strip().lower().startswith("javascript:")]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert " ".join(HOSTILE.split()) in text  # shown as the characters written
    for line in alpha.diagram.splitlines():
        assert not line.strip().startswith(("click", "%%")), line
    assert "<script" not in alpha.diagram and "{{ config" not in alpha.diagram


def parse(html: str) -> list[tuple[str, list]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_invalid_spec_page_shows_diagnostics_in_an_error_admonition(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "beta.yaml").write_text(
        "loop_name: beta\nversion: 1.0.0\nobjective: <script>alert(1)</script> too short?\nworkers: []\n")
    build = SiteBuild(root, serve=True)
    page = build.page_markdown("loop-library/beta.md", "")
    assert '<div class="admonition failure loop-problems">' in page
    assert "loop-library/beta.yaml is not a valid LSS spec" in page
    assert re.search(r"<code>loop-library/beta\.yaml:\d+:\d+</code>", page)
    assert "schema.required" in page and "hint:" in page
    html = render(page)
    assert "<script>alert" not in html
    # the composition that uses it reports its broken child, the other pages still render
    pair = build.page_markdown("loop-library/compositions/pair.md", "")
    assert "comp.child" in pair
    assert "## Loop diagram" in build.page_markdown("loop-library/alpha.md", "# Alpha\n")


def test_page_recovers_when_the_spec_is_fixed(tmp_path):
    root = write_tree(tmp_path)
    good = (root / "loop-library" / "beta.yaml").read_text()
    (root / "loop-library" / "beta.yaml").write_text("loop_name: beta\n")
    assert "admonition failure" in SiteBuild(root, serve=True).page_markdown("loop-library/beta.md", "")
    (root / "loop-library" / "beta.yaml").write_text(good)
    assert "admonition failure" not in SiteBuild(root, serve=True).page_markdown("loop-library/beta.md", "")


def test_broken_spec_page_has_one_error_box_under_its_title_even_with_placeholders(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "alpha.yaml").write_text("loop_name: alpha\nversion: 1.0.0\n", encoding="utf-8")
    build = SiteBuild(root, serve=True)
    prose = "# Alpha loop\n\nWords.\n\n<!-- loop:diagram -->\n\n<!-- loop:level -->\n\n<!-- loop:scorecard -->\n"
    page = build.page_markdown("loop-library/alpha.md", prose)
    assert page.count("loop-problems") == 1
    assert page.startswith("# Alpha loop\n\n<div class=\"admonition failure loop-problems\">")
    assert "No diagram: this spec has errors" in page and "No LES scorecard" in page
    assert re.search(r'<a href="#__codelineno-spec-source-\d+"><code>loop-library/alpha\.yaml:\d+:\d+</code></a>',
                     page)
    assert "{.yaml #spec-source" in page


def test_error_box_links_only_lines_that_the_shown_yaml_has(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "beta.yaml").write_text("", encoding="utf-8")  # yaml.empty: no line to link
    page = SiteBuild(root, serve=True).page_markdown("loop-library/beta.md", "")
    assert page.count("loop-problems") == 1 and "__codelineno" not in page


def test_a_broken_spec_placed_on_another_page_keeps_its_own_box_there(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "beta.yaml").write_text("loop_name: beta\n", encoding="utf-8")
    page = SiteBuild(root, serve=True).page_markdown(
        "loop-library/alpha.md", "# Alpha\n\n<!-- loop:diagram spec=loop-library/beta.yaml -->\n")
    assert "loop-library/beta.yaml is not a valid LSS spec" in page and "__codelineno" not in page.split(
        "## Specification at a glance")[0]
