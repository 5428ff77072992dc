"""The generated reference pages match the code that generates them (regenerate: python -m loopctl.render.lean_pages)."""

import json

from conftest import REPO
from loopctl.render.lean_pages import EXAMPLE, render_lss_min_page, render_new_page
from loopctl.lean.drops import STEPS
from loopctl.lean.expand import expand
from loopctl.lean.keys import KEY_TABLE, render_key_table
from loopctl.scaffold.cues import CATALOG

REGENERATE = "run: .venv/bin/python -m loopctl.render.lean_pages ."


def test_the_lss_min_page_is_up_to_date():
    assert (REPO / "docs" / "reference" / "lss-min.md").read_text(encoding="utf-8") == render_lss_min_page(), REGENERATE


def test_the_loopctl_new_page_is_up_to_date():
    assert (REPO / "docs" / "reference" / "loopctl-new.md").read_text(encoding="utf-8") == render_new_page(), REGENERATE


def test_the_key_table_lists_every_key_once():
    table = render_key_table()
    for long, short, _ in KEY_TABLE:
        assert f"| `{long}` | `{short}` |" in table


def test_the_page_shows_the_drop_order_and_a_working_example():
    page = render_lss_min_page()
    for step in STEPS:
        assert f"`{step.id}`" in page
    example = page.split("```json\n", 1)[1].split("```", 1)[0]
    assert expand(json.loads(example)) == EXAMPLE


def test_the_new_page_covers_every_pattern():
    page = render_new_page()
    for slug, _ in CATALOG:
        assert f"`{slug}`" in page
