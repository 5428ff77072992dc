"""loopctl diff: every change is found and classified as breaking or compatible by the stated rules."""

from __future__ import annotations

import copy

import pytest
import yaml

from conftest import REPO
from loopctl.diff import BREAKING_RULES, diff_specs
from loopctl.render.diff_report import format_json, format_markdown, format_text


@pytest.fixture
def spec() -> dict:
    return yaml.safe_load((REPO / "loop-library" / "coding-agent.yaml").read_text(encoding="utf-8"))


def changes(old, new) -> list[tuple[str, str, str]]:
    return [(c.section, c.kind, c.rule) for c in diff_specs(old, new).changes]


def test_identical_specs_have_no_changes(spec):
    result = diff_specs(spec, copy.deepcopy(spec))
    assert result.changes == [] and result.before == result.after


def test_a_removed_evaluator_is_breaking_and_an_added_one_compatible(spec):
    new = copy.deepcopy(spec)
    removed = new["evaluators"].pop()
    assert changes(spec, new) == [("evaluators", "removed", "removed-evaluator")]
    assert changes(new, spec) == [("evaluators", "added", "")]
    assert removed["id"] in format_text(diff_specs(spec, new), "a", "b")


def test_a_looser_iteration_bound_is_breaking_and_a_tighter_one_compatible(spec):
    looser, tighter = copy.deepcopy(spec), copy.deepcopy(spec)
    bound = next(c for c in spec["termination_conditions"]["failure"] if c["type"] == "max_iterations")
    for version, value in ((looser, bound["value"] + 10), (tighter, bound["value"] - 1)):
        next(c for c in version["termination_conditions"]["failure"] if c["type"] == "max_iterations")["value"] = value
    assert changes(spec, looser) == [("termination_conditions", "changed", "looser-bound")]
    assert changes(spec, tighter) == [("termination_conditions", "changed", "")]


def test_a_higher_cost_cap_is_breaking(spec):
    new = copy.deepcopy(spec)
    new["cost_limits"]["cumulative_usd"] = spec["cost_limits"]["cumulative_usd"] * 10
    assert changes(spec, new) == [("cost_limits", "changed", "looser-cap")]
    assert changes(new, spec) == [("cost_limits", "changed", "")]


def test_a_dropped_or_weakened_safety_constraint_is_breaking(spec):
    dropped, weakened = copy.deepcopy(spec), copy.deepcopy(spec)
    dropped["safety_constraints"].pop(0)
    weakened["safety_constraints"][0]["action"] = "warn"
    assert changes(spec, dropped) == [("safety_constraints", "removed", "removed-constraint")]
    if spec["safety_constraints"][0]["action"] != "warn":
        assert changes(spec, weakened) == [("safety_constraints", "changed", "weaker-constraint")]


def test_a_renamed_evaluator_is_found_as_a_rename(spec):
    new = copy.deepcopy(spec)
    new["evaluators"][0]["id"] = "renamed_check"
    assert changes(spec, new) == [("evaluators", "renamed", "renamed")]


def test_a_lower_pass_threshold_is_breaking(spec):
    rubric = next((i for i, e in enumerate(spec["evaluators"]) if "rubric" in e), None)
    if rubric is None:
        pytest.skip("no rubric evaluator in this spec")
    new = copy.deepcopy(spec)
    new["evaluators"][rubric]["rubric"]["pass_threshold"] -= 0.1
    assert changes(spec, new) == [("evaluators", "changed", "weaker-evaluator")]


def test_every_breaking_rule_has_a_reason():
    assert all(BREAKING_RULES.values())


def test_the_reports_show_before_and_after_and_escape_names(spec):
    new = copy.deepcopy(spec)
    new["evaluators"].pop()
    result = diff_specs(spec, new)
    hostile = "a|b<script>\x1b[2J"
    text = format_text(result, hostile, "b")
    assert "\x1b" not in text and "before: LES" in text and "1 breaking" in text
    markdown = format_markdown(result, hostile, "b")
    assert "<script>" not in markdown and "| before |" in markdown
    assert '"breaking": 1' in format_json(result, "a", "b")
