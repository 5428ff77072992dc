"""Exploring the built site in a real browser: filters, sorting, downloads, the map, the chooser, search, axe.

The site is built once per process (``conftest_site.built_site``) and served
from 127.0.0.1 by the helpers of ``browsing``; every test ends by asserting
that the browser saw no console error, page error, dialog or request to another
host. axe-core comes from ``node_modules`` (pinned in package.json) and is
injected from the file into each page it checks, so it is served locally too.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from browsing import SEARCH_LISTS, SEARCH_PAGES, TIMEOUT_MS, Browse
from conftest_site import REPO

pytestmark = [pytest.mark.browser, pytest.mark.site]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_PAGES = ["", "patterns/reflection-loop/", "loop-library/coding-agent/", "catalog/", "reference/",
             "map/", "choose-a-pattern/", "case-studies/"]
# Rows of the first explorable table that are shown, with their data.
VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('[data-explore] tbody tr'))
  .filter(tr => !tr.hidden && tr.getClientRects().length > 0)
  .map(tr => JSON.parse(tr.getAttribute('data-row')))"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""
# The focused element's outline (or, for a link in an SVG, its box's outline or stroke).
FOCUS_RING = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const target = e.namespaceURI === 'http://www.w3.org/2000/svg' ? (e.querySelector('rect') || e) : e;
  const s = getComputedStyle(target);
  return {tag: e.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          shadow: s.boxShadow !== 'none', stroke: parseFloat(s.strokeWidth || '0') >= 3};
}"""


def query(browse: Browse) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browse.page.url).query)


def wait_ready(browse: Browse) -> None:
    browse.page.wait_for_selector("[data-explore-ready] .loop-explore__controls", timeout=TIMEOUT_MS)


# --------------------------------------------------------------------------- filter and sort


def test_catalog_filters_by_facets_and_the_address_keeps_the_view(browse):
    browse.visit("catalog/")
    wait_ready(browse)
    total = len(browse.page.evaluate(VISIBLE_ROWS))
    browse.page.select_option("select[name=level]", "2")
    browse.page.select_option("select[name=evaluators]", "deterministic")
    shown = browse.page.evaluate(VISIBLE_ROWS)
    assert 0 < len(shown) < total
    assert all(row["level"] == 2 and "deterministic" in row["evaluators"] for row in shown)
    assert query(browse) == {"level": ["2"], "evaluators": ["deterministic"]}
    assert browse.page.locator(".loop-explore__status").text_content() == f"{len(shown)} of {total} specs shown"
    shared = browse.page.url
    browse.page.goto(shared, wait_until="networkidle")   # a shared address opens the same view
    wait_ready(browse)
    assert browse.page.evaluate(VISIBLE_ROWS) == shown
    assert browse.page.input_value("select[name=level]") == "2"
    browse.assert_clean()


def test_human_review_filter_keeps_only_specs_with_a_human_evaluator(browse):
    browse.visit("catalog/?evaluators=human")
    wait_ready(browse)
    shown = browse.page.evaluate(VISIBLE_ROWS)
    assert shown and all("human" in row["evaluators"] for row in shown)
    browse.assert_clean()


def test_text_filter_narrows_to_matching_rows_and_clear_restores_all(browse):
    browse.visit("catalog/")
    wait_ready(browse)
    total = len(browse.page.evaluate(VISIBLE_ROWS))
    browse.page.fill("input[name=q]", "coding agent")
    shown = browse.page.evaluate(VISIBLE_ROWS)
    assert shown and len(shown) < total
    assert all("coding" in json.dumps(r).lower() and "agent" in json.dumps(r).lower() for r in shown)
    assert query(browse)["q"] == ["coding agent"]
    browse.page.click("text=Clear filters")
    assert len(browse.page.evaluate(VISIBLE_ROWS)) == total and "q" not in query(browse)
    browse.assert_clean()


@pytest.mark.parametrize("key", ["les", "level", "workers", "evaluator_count", "tokens"])
def test_sortable_columns_sort_both_ways(browse, key):
    browse.visit("catalog/")
    wait_ready(browse)
    header = browse.page.locator(f'th[data-key="{key}"] button')
    header.click()
    values = [r[key] if r[key] is not None else float("-inf") for r in browse.page.evaluate(VISIBLE_ROWS)]
    assert values == sorted(values)
    assert browse.page.get_attribute(f'th[data-key="{key}"]', "aria-sort") == "ascending"
    header.click()
    values = [r[key] if r[key] is not None else float("-inf") for r in browse.page.evaluate(VISIBLE_ROWS)]
    assert values == sorted(values, reverse=True)
    assert query(browse)["sort"] == [f"{key}:desc"]
    browse.assert_clean()


@pytest.mark.parametrize("button, kind", [("Download CSV", "csv"), ("Download JSON", "json")])
def test_downloads_hold_exactly_the_visible_rows(browse, tmp_path, button, kind):
    browse.visit("catalog/?level=3")
    wait_ready(browse)
    shown = browse.page.evaluate(VISIBLE_ROWS)
    with browse.page.expect_download() as info:
        browse.page.click(f"text={button}")
    path = Path(tmp_path / f"rows.{kind}")
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    if kind == "json":
        assert json.loads(text) == shown
    else:
        records = list(csv.DictReader(io.StringIO(text)))
        assert [r["name"] for r in records] == [r["name"] for r in shown]
        assert all(r["level"] == "3" for r in records) and "les" in records[0]
    browse.assert_clean()


def test_case_study_index_has_the_same_filters(browse):
    browse.visit("case-studies/")
    wait_ready(browse)
    shown = browse.page.evaluate(VISIBLE_ROWS)
    assert shown and all(row["kind"] == "Case study" for row in shown)
    assert browse.page.locator("select[name=kind]").count() == 0
    browse.page.select_option("select[name=level]", "4")
    assert all(row["level"] == 4 for row in browse.page.evaluate(VISIBLE_ROWS))
    browse.assert_clean()


def test_without_javascript_the_full_table_reads(chromium, server, site):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url("catalog/?level=2"), wait_until="load")
        rows = page.locator("[data-explore] tbody tr")
        expected = len(site.article("catalog/").find("div", "loop-explore").find_all("tr")) - 1
        assert rows.count() == expected and all(rows.nth(i).is_visible() for i in range(rows.count()))
        assert page.locator(".loop-explore__controls").count() == 0
        assert page.locator(".loop-chooser__table tbody tr").count() == 0  # (not on this page)
        page.goto(server.url("choose-a-pattern/"), wait_until="load")
        assert page.locator(".loop-chooser__table tbody tr").count() >= 5
        assert page.locator(".loop-chooser__questions li").first.is_visible()
    finally:
        context.close()


# --------------------------------------------------------------------------- map and chooser


def test_map_node_is_a_link_to_its_page(browse):
    browse.visit("map/")
    node = browse.page.locator('svg.loop-map a[aria-label="Pattern: reflection-loop"]')
    assert node.count() == 1
    node.click()
    browse.page.wait_for_url("**/patterns/reflection-loop/", timeout=TIMEOUT_MS)
    assert browse.page.locator("svg.loop-map").count() == 1      # the pattern's own neighbourhood
    browse.assert_clean()


@pytest.mark.parametrize("answers, pattern", [
    (["yes"], "human-in-the-loop"),
    (["no", "no", "no", "yes"], "reflection-loop"),
    (["no", "yes", "yes"], "debate-loop"),
])
def test_chooser_leads_to_a_pattern_its_level_and_the_starter_command(browse, answers, pattern):
    browse.visit("choose-a-pattern/")
    for answer in answers:
        browse.page.click(f'.loop-chooser__panel button[data-answer="{answer}"]')
    result = browse.page.locator("[data-result]")
    assert result.locator(f'a[href$="patterns/{pattern}/"]').count() == 1
    assert f"loopctl new --pattern {pattern} --name my-loop" in result.text_content()
    assert " L" in result.text_content()
    browse.page.click("[data-restart]")
    assert browse.page.locator("[data-result]").count() == 0
    browse.assert_clean()


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("text, target", [
    ("Reflection loop", "reflection-loop"), ("reflection-loop", "patterns/reflection-loop/"),
    ("human-in-the-loop", "patterns/human-in-the-loop/"),
    ("fail.tau_omission", "reference/rules/"), ("lss.dangling-ref", "reference/rules/"),
    ("cost_limits.per_iteration_usd", "reference/field-paths/"),
    ("termination", "fundamentals/termination/"),
])
def test_search_lists_the_page_first(browse, text, target):
    target = target if target.endswith("/") else f"patterns/{target}/"
    browse.visit("")
    box = browse.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=20)     # Material searches on key events, not on a programmatic fill
    browse.page.wait_for_function(SEARCH_LISTS, arg="/" + target, timeout=TIMEOUT_MS)
    found = browse.page.evaluate(SEARCH_PAGES)
    assert found[0] == "/" + target, f"search for {text!r}: first pages {found[:5]}"
    browse.assert_clean()


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", [*AXE_PAGES, "playground/"])
def test_axe_finds_no_serious_or_critical_violation(site, chromium, server, url, scheme):
    if url not in site.pages:
        pytest.skip(f"{url} is not part of this site")  # the playground lands from another branch
    browse = Browse(chromium, server, color_scheme=scheme)
    try:
        _axe_check(browse, url)
    finally:
        browse.close()


def _axe_check(browse: Browse, url: str) -> None:
    browse.visit(url)
    browse.page.add_script_tag(path=str(AXE))
    violations = browse.page.evaluate(RUN_AXE)
    assert not violations, f"{url}:\n" + "\n".join(violations)
    browse.assert_clean()


def test_every_generated_svg_has_a_title_and_a_description(site):
    missing = []
    for url in site.pages:
        for svg in site.article(url).find_all("svg"):
            if _is_theme_icon(svg):
                continue
            children = {c.tag for c in svg.element_children()}
            named = svg.attrs.get("aria-labelledby") or svg.attrs.get("aria-label")
            if not {"title", "desc"} <= children or not named:
                missing.append(f"{url}: <svg class={svg.attrs.get('class', '')!r}>")
    assert not missing, "\n".join(missing[:20])
    assert any(svg.attrs.get("class") == "loop-map" for svg in site.article("map/").find_all("svg"))


def _is_theme_icon(svg) -> bool:
    """True for the theme's decorative icons (the edit button, emoji), which are not generated content."""
    node = svg.parent
    while node is not None:
        if node.classes() & {"md-icon", "twemoji", "md-content__button"}:
            return True
        node = node.parent
    return False


@pytest.mark.parametrize("url", ["catalog/", "map/", "choose-a-pattern/"])
def test_keyboard_focus_is_visible(browse, url):
    browse.visit(url)
    browse.page.locator(".md-content h1").first.click()   # start from the content, as a reader would
    rings = []
    for _ in range(12):
        browse.page.keyboard.press("Tab")
        ring = browse.page.evaluate(FOCUS_RING)
        if ring is not None:
            rings.append(ring)
    assert rings, f"{url}: Tab reached nothing"
    hidden = [r for r in rings if not (r["outline"] or r["shadow"] or r["stroke"])]
    assert not hidden, f"{url}: focus without a visible ring: {hidden}"
    browse.assert_clean()
