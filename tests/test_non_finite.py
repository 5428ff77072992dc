"""Class 3: NaN, infinities and numbers past a double's range are errors, never bounds, caps or points."""

import copy
import json
import math

import pytest

from conftest import FIXTURES
from loopctl import observed
from loopctl.loader import load_text
from loopctl.score import estimate
from loopctl.validate import SpecStore

NON_FINITE_YAML = [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+400", "-1.0e+400"]


def validate_text(write_spec, text, name="spec.yaml"):
    path = write_spec(text, name)
    return SpecStore(display_base=path.parent).validate(path)


def spec_text(minimal_spec, old, new):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def hits(result, rule):
    return [d for d in result.diagnostics if d.rule == rule]


@pytest.mark.parametrize("literal", NON_FINITE_YAML)
def test_non_finite_cost_cap_is_a_located_error(write_spec, minimal_spec, literal):
    result = validate_text(write_spec, spec_text(minimal_spec, "per_iteration_usd: 0.1",
                                                 f"per_iteration_usd: {literal}"))
    found = hits(result, "schema.non-finite")
    assert [d.pointer for d in found] == ["/cost_limits/per_iteration_usd"]
    assert found[0].line > 1 and found[0].hint and literal in found[0].message
    assert not result.valid


@pytest.mark.parametrize("literal", NON_FINITE_YAML)
def test_non_finite_iteration_bound_is_an_error_and_no_bound(write_spec, minimal_spec, literal):
    result = validate_text(write_spec, spec_text(minimal_spec, "{type: max_iterations, value: 5",
                                                 f"{{type: max_iterations, value: {literal}"))
    pointer = "/termination_conditions/failure/0/value"
    assert [d.pointer for d in hits(result, "schema.non-finite")] == [pointer]
    assert [d.pointer for d in hits(result, "fail.tau_omission")] == [pointer]


def test_nan_iteration_bound_no_longer_validates_as_no_problems(write_spec, minimal_spec):
    minimal_spec["termination_conditions"]["failure"][0]["value"] = math.nan
    result = validate_text(write_spec, minimal_spec)
    assert not result.valid


@pytest.mark.parametrize("value", [2.5, 0.5])
def test_fractional_iteration_bound_cannot_bound_the_loop(write_spec, minimal_spec, value):
    minimal_spec["termination_conditions"]["failure"][0]["value"] = value
    result = validate_text(write_spec, minimal_spec)
    assert [d.pointer for d in hits(result, "fail.tau_omission")] == ["/termination_conditions/failure/0/value"]


def test_finite_whole_iteration_bound_passes(write_spec, minimal_spec):
    minimal_spec["termination_conditions"]["failure"][0]["value"] = 12
    minimal_spec["cost_limits"]["cumulative_usd"] = 2
    assert validate_text(write_spec, minimal_spec).diagnostics == []


def test_infinite_cost_caps_fail_the_resource_check(write_spec, minimal_spec):
    text = spec_text(minimal_spec, "cumulative_usd: 0.5", "cumulative_usd: .inf")
    found = hits(validate_text(write_spec, text), "fail.resource_bleed")
    assert [(d.pointer, d.severity) for d in found] == [("/cost_limits/cumulative_usd", "error")]


def test_finite_cost_caps_pass_the_resource_check(write_spec, minimal_spec):
    assert hits(validate_text(write_spec, minimal_spec), "fail.resource_bleed") == []


def test_integer_too_large_for_a_double_is_an_error(write_spec, minimal_spec):
    text = spec_text(minimal_spec, "max_steps: 3", "max_steps: 1" + "0" * 400)
    found = hits(validate_text(write_spec, text), "schema.non-finite")
    assert [d.pointer for d in found] == ["/optimization_strategy/max_steps"]
    assert "too large" in found[0].message


def test_non_finite_numbers_anywhere_are_reported_once_each(write_spec, minimal_spec):
    text = spec_text(minimal_spec, "max_steps: 3", "max_steps: .nan")
    text = text.replace("cost_budget_usd: 0.05", "cost_budget_usd: -.inf")
    result = validate_text(write_spec, text)
    assert sorted(d.pointer for d in hits(result, "schema.non-finite")) == [
        "/optimization_strategy/max_steps", "/workers/0/cost_budget_usd"]
    assert not [d for d in result.diagnostics if d.rule == "schema.range"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1E+400"])
def test_non_finite_numbers_in_a_json_spec_are_errors(write_spec, minimal_spec, literal):
    text = json.dumps(minimal_spec, indent=2).replace('"per_iteration_usd": 0.1', f'"per_iteration_usd": {literal}')
    result = validate_text(write_spec, text, "spec.json")
    assert [d.pointer for d in hits(result, "schema.non-finite")] == ["/cost_limits/per_iteration_usd"]
    assert hits(result, "schema.non-finite")[0].line > 1


def test_json_exponent_numbers_are_numbers(write_spec, minimal_spec):
    text = json.dumps(minimal_spec, indent=2).replace('"cumulative_usd": 0.5', '"cumulative_usd": 5e-1')
    assert validate_text(write_spec, text, "spec.json").diagnostics == []


def test_yaml_loader_reads_non_finite_floats_as_floats():
    document, diagnostics = load_text("a: .nan\nb: .inf\nc: 1.0e+400\n")
    assert diagnostics == []
    assert math.isnan(document.data["a"]) and document.data["b"] == math.inf == document.data["c"]


@pytest.mark.parametrize("key, path", [
    ("token_soft_cap", ("cost_limits",)),
    ("max_entries", ("memory", "write_policy")),
    ("on_metric_drop", ("optimization_strategy", "rollback")),
    ("regression_threshold", ("metrics", 0)),
])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 10 ** 400])
def test_score_never_rewards_a_non_finite_value(minimal_spec, key, path, bad):
    without = copy.deepcopy(minimal_spec)
    with_bad = copy.deepcopy(minimal_spec)
    node = with_bad
    for part in path:
        if isinstance(part, str):
            node = node.setdefault(part, {})
        else:
            node = node[part]
    node[key] = bad
    if path == ("memory", "write_policy"):
        without["memory"]["write_policy"] = {}
    assert estimate(with_bad).as_dict() == estimate(without).as_dict()


def test_score_does_not_crash_on_non_finite_caps_and_bounds(minimal_spec):
    minimal_spec["cost_limits"].update(per_iteration_usd=math.inf, cumulative_usd=math.nan)
    minimal_spec["termination_conditions"]["failure"][0]["value"] = 10 ** 400
    minimal_spec["workers"][0].update(timeout_seconds=math.inf, retries=math.nan, cost_budget_usd=-math.inf)
    card = estimate(minimal_spec)
    assert 0.0 <= card.les <= 1.0 and math.isfinite(card.les_display)


GOOD_RUN = {"goal": {"target": 0.9, "values": [0.5, 0.7, 0.92]}, "iteration_seconds": [30, 31, 29],
            "cost_usd": [0.1, 0.1, 0.1], "budget_iterations": 10}


@pytest.mark.parametrize("text", ['{"goal": {"target": 0.9, "values": [0.5, NaN]}}',
                                  '{"goal": {"target": Infinity, "values": [0.5, 0.9]}}',
                                  '{"goal": {"target": 0.9, "values": [0.5, 0.9]}, "cost_usd": [1e400, 1]}',
                                  '{"goal": {"target": 0.9, "values": [0.5, 0.9]}, "budget_iterations": 1'
                                  + "0" * 400 + "}"])
def test_observed_run_with_a_non_finite_figure_is_a_problem(text):
    outcome = observed.score_run(json.loads(text))
    assert outcome.problems and "finite" in outcome.problems[0]


def test_observed_run_whose_result_overflows_is_a_problem_not_infinity():
    run = dict(GOOD_RUN, iteration_seconds=[1e-320, 1e-320, 1e-320])
    outcome = observed.score_run(run)
    assert outcome.problems and "speed" in outcome.problems[0]


def test_observed_run_with_finite_figures_scores():
    outcome = observed.score_run(GOOD_RUN)
    assert outcome.problems == [] and 0 < outcome.les <= 1
    json.dumps(outcome.as_dict(), allow_nan=False)


def test_non_finite_where_text_belongs_is_a_type_error_not_a_number_error(write_spec, minimal_spec):
    result = validate_text(write_spec, spec_text(minimal_spec, "loop_name: minimal-loop", "loop_name: .nan"))
    assert [d.pointer for d in result.diagnostics if d.rule == "schema.type"] == ["/loop_name"]
    assert hits(result, "schema.non-finite") == []


def test_non_finite_in_a_range_checked_field_reports_no_range_error(write_spec, minimal_spec):
    text = spec_text(minimal_spec, "pass_threshold: 0.8", "pass_threshold: .inf")
    result = validate_text(write_spec, text)
    assert [d.pointer for d in hits(result, "schema.non-finite")] == ["/evaluators/1/rubric/pass_threshold"]
    assert hits(result, "schema.range") == []


def test_huge_but_finite_caps_and_budgets_are_checked_without_crashing(write_spec, minimal_spec):
    big = 10 ** 300
    minimal_spec["cost_limits"].update(per_iteration_usd=big, cumulative_usd=1)
    minimal_spec["termination_conditions"]["failure"][0]["value"] = big
    minimal_spec["workers"].append(dict(minimal_spec["workers"][0], id="second", cost_budget_usd=big))
    minimal_spec["workers"][0]["cost_budget_usd"] = big
    result = validate_text(write_spec, minimal_spec)
    assert len(hits(result, "fail.resource_bleed")) == 2
    estimate(minimal_spec)
