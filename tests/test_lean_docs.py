"""The lean reference pages: their generated tables and example come from the code, and the example works."""

import json

from conftest import REPO
from loopctl.lean.drops import STEPS
from loopctl.lssmin.expand import expand
from loopctl.lssmin.keys import KEY_TABLE, render_key_table
from loopctl.render.lean_pages import EXAMPLE, TABLES, lss_min_example
from loopctl.scaffold.cues import CATALOG

PAGES = {"lss-min.md": ["versions", "breakdown", "markers", "keys", "prefixes", "implied", "derived", "drops"],
         "loopctl-new.md": ["intent-rules"]}


def test_the_pages_place_every_generated_table_once():
    for page, tables in PAGES.items():
        text = (REPO / "docs" / "reference" / page).read_text(encoding="utf-8")
        for table in tables:
            assert text.count(f"<!-- loop:lean-table table={table} -->") == 1, (page, table)
    assert sorted(t for tables in PAGES.values() for t in tables) == sorted(TABLES)


def test_the_key_table_lists_every_key_once():
    table = render_key_table()
    for long, short, _ in KEY_TABLE:
        assert table.count(f"| `{long}` | `{short}` |") == 1


def test_the_drop_table_shows_every_step_in_order():
    table = TABLES["drops"]()
    positions = [table.index(f"`{step.id}`") for step in STEPS]
    assert positions == sorted(positions)


def test_the_example_expands_back_to_the_spec_it_shows():
    example = lss_min_example().split("```json\n", 1)[1].split("```", 1)[0]
    assert expand(json.loads(example)) == EXAMPLE


def test_the_new_page_covers_every_pattern():
    rules = TABLES["intent-rules"]()
    for slug, _ in CATALOG:
        assert f"`{slug}`" in rules
