"""The authors' specs beside the classifier: every declared level is listed, and every difference explained."""

from __future__ import annotations

import copy

from conftest import REPO
from loopctl.level import classify
from loopctl.render.declared_levels import declared_levels, declared_levels_table, gap


def test_every_authors_spec_with_a_declared_level_is_listed():
    rows = declared_levels(REPO)
    assert len(rows) == 20
    assert all(row.gap for row in rows if row.declared != row.ours)
    assert not any(row.gap for row in rows if row.declared == row.ours)


def test_the_authors_chain_coding_agent_is_explained_as_a_chain():
    row = next(r for r in declared_levels(REPO) if r.source == "enriched/loop-library/coding-agent.yaml")
    assert (row.declared, row.ours) == (3, 2)
    assert "architect → implementer → reviewer" in row.gap


def test_a_single_worker_declared_multi_agent_is_explained(minimal_spec):
    data = copy.deepcopy(minimal_spec)
    data["metadata"] = {"taxonomy_level": 3}
    assert "one worker and no composition" in gap(data, classify(data))


def test_a_declared_level_4_without_search_names_the_optimizer(minimal_spec):
    data = copy.deepcopy(minimal_spec)
    data["metadata"] = {"taxonomy_level": 4}
    assert "optimization_strategy is prompt_refinement" in gap(data, classify(data))


def test_an_agreeing_spec_has_no_explanation(minimal_spec):
    data = copy.deepcopy(minimal_spec)
    data["metadata"] = {"taxonomy_level": 2}
    assert gap(data, classify(data)) == ""


def test_the_table_counts_agreements_and_links_each_spec():
    rows = declared_levels(REPO)
    table = declared_levels_table(rows, "taxonomy/index.md")
    agree = sum(r.declared == r.ours for r in rows)
    assert f"the classifier agrees on {agree} and differs on {len(rows) - agree}." in table
    assert "(authors-specs/stored/loop-library/coding-agent.yaml)" in table
