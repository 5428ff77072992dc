"""Catalog views over the model: filters, formats, per-level lists and live counts."""

from __future__ import annotations

import pytest

from loopctl.render.catalog import render_catalog, render_level_specs, render_stats, select
from loopctl.site.collect import collect
from spec_tree import write_tree


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("repo"))
    (root / "loop-library" / "broken.yaml").write_text("loop_name: broken\n", encoding="utf-8")
    return collect(root)


def names(entries):
    return [e.name for e in entries]


def test_select_orders_by_kind_level_and_name(model):
    assert names(select(model)) == ["alpha", "beta", "broken", "pair", "reflection-loop", "study"]


def test_filters_combine(model):
    assert names(select(model, level=2)) == ["alpha", "beta", "reflection-loop", "study"]
    assert names(select(model, level=2, kind="library")) == ["alpha", "beta"]
    assert names(select(model, pattern="critique-loop")) == ["beta"]
    assert names(select(model, level=3)) == ["pair"]


def test_table_has_one_row_per_spec_with_every_column(model):
    table = render_catalog(model, "catalog.md")
    rows = table.splitlines()
    assert rows[0] == "| spec | kind | level | patterns | composition | workers | evaluators | LES estimate |"
    assert len(rows) == 2 + 6
    pair = next(r for r in rows if "[pair]" in r)
    assert "(loop-library/compositions/pair.md)" in pair and "| sequential |" in pair and "L3 multi" in pair
    broken = next(r for r in rows if "[broken]" in r)
    assert "invalid spec" in broken


def test_list_format_and_empty_selection(model):
    listed = render_catalog(model, "patterns/x.md", kind="case-study", format="list")
    assert listed.startswith("- [study](../case-studies/study.md) (L2 reflective): Summarise a text")
    assert "No spec matches" in render_catalog(model, "catalog.md", level=6)


def test_level_specs_lists_reasons(model):
    out = render_level_specs(model, "taxonomy/level-3.md", 3)
    assert out.splitlines()[0] == "- [pair](../loop-library/compositions/pair.md), composition"
    assert "    - L3 multi&#45;agent" in out
    assert "No spec" in render_level_specs(model, "x.md", 5)


def test_stats_counts(model):
    stats = render_stats(model)
    assert "| specs | 6 |" in stats and "| valid specs | 5 |" in stats
    assert "| level 2 (reflective) | 4 |" in stats and "| level 3 (multi-agent) | 1 |" in stats
