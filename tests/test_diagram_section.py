"""The diagram part of a spec page: overview, node map, detailed diagram on demand, and the anchored parts table."""

import copy
import html
import json
import re
from types import SimpleNamespace

from loopctl.model import SpecView
from loopctl.render.diagram_section import DETAIL_TITLE, diagram_markup, parts_table
from loopctl.render.mermaid import diagram

HOSTILE = '<img src=x onerror="window.__pwned=1"> " \' & {{ x }} \u202e'


def entry_for(data: dict, source: str = "loop-library/minimal-loop.yaml"):
    return SimpleNamespace(view=SpecView(data), diagram=diagram(data), page=source[:-5] + ".md", source=source)


def node_map(markup: str) -> dict:
    found = re.search(r'<div class="loop-diagram-map" hidden data-nodes="([^"]*)"></div>', markup)
    assert found, markup[:300]
    return json.loads(html.unescape(found.group(1)))


def test_markup_holds_overview_then_detailed_diagram_in_a_collapsed_block(minimal_spec):
    entry = entry_for(minimal_spec)
    markup = diagram_markup(entry, entry.page)
    overview_at, detail_at = markup.index("```mermaid"), markup.index(f'??? abstract "{DETAIL_TITLE}"')
    assert overview_at < detail_at and "    ```mermaid" in markup[detail_at:]


def test_node_map_links_to_this_page_anchors(minimal_spec):
    entry = entry_for(minimal_spec)
    nodes = node_map(diagram_markup(entry, entry.page))
    assert nodes["w0"] == {"href": "#worker-writer", "text": "writer: Write the summary"}
    assert nodes["e0"]["href"] == "#evaluator-length"


def test_node_map_on_another_page_links_to_the_spec_page(minimal_spec):
    entry = entry_for(minimal_spec)
    nodes = node_map(diagram_markup(entry, "case-studies/some-study.md"))
    assert nodes["w0"]["href"] == "../../loop-library/minimal-loop/#worker-writer"


def test_hostile_role_is_escaped_in_the_node_map(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    spec["workers"][0]["role"] = HOSTILE
    entry = entry_for(spec)
    markup = diagram_markup(entry, entry.page)
    first = markup.split("\n", 1)[0]
    assert "<img" not in first and 'onerror="' not in first and "\u202e" not in first
    text = node_map(markup)["w0"]["text"]
    assert "<img" in text and "\u202e" not in text, "the text survives as text, without bidi overrides"


def test_parts_table_rows_carry_the_anchors_and_full_text(minimal_spec):
    table = parts_table(entry_for(minimal_spec))
    assert '<tr id="worker-writer">' in table and '<tr id="evaluator-judge">' in table
    assert "Write the summary" in table and "judges writer" in table


def test_parts_table_escapes_spec_text(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    spec["workers"][0]["role"] = HOSTILE
    table = parts_table(entry_for(spec))
    assert "<img" not in table and "&lt;img" in table and "\u202e" not in table


def test_spec_without_workers_has_no_parts_table(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    spec["workers"], spec["evaluators"] = [], []
    assert parts_table(entry_for(spec)) == ""
