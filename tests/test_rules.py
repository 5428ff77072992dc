"""Every semantic rule: a spec that violates it is reported at the offending node; the minimal spec is clean."""

import pytest
import yaml

from loopctl.rules.registry import all_rules
from loopctl.validate import SpecStore


def run(write_spec, spec, name="spec.yaml"):
    path = write_spec(spec, name)
    return SpecStore(display_base=path.parent).validate(path)


def rules_of(result):
    return sorted({d.rule for d in result.diagnostics})


def test_minimal_spec_is_clean(write_spec, minimal_spec):
    assert run(write_spec, minimal_spec).diagnostics == []


def _dup_worker(s):
    s["workers"].append(dict(s["workers"][0]))


def _dup_metric(s):
    s["metrics"].append(dict(s["metrics"][0], primary=False))


def _two_primaries(s):
    s["metrics"].append({"name": "other", "definition": "d", "source": "telemetry.cost", "unit": "usd",
                         "primary": True})


def _no_primary(s):
    s["metrics"][0]["primary"] = False


def _dangling_destination(s):
    s["feedback_channels"][0]["destination"] = "workers.ghost"


def _dangling_runs_after(s):
    s["evaluators"][0]["runs_after"] = ["ghost"]


def _dangling_depends(s):
    s["workers"][0]["depends_on"] = ["ghost"]


def _dangling_input_worker(s):
    s["workers"][0]["inputs"].append({"from": "workers.ghost"})


def _dangling_refinement(s):
    s["optimization_strategy"]["config"]["refinement_target"] = "workers.ghost"


def _dangling_secondary(s):
    s["optimization_strategy"]["config"]["secondary_targets"] = ["workers.ghost"]


def _dangling_writer(s):
    s["memory"] = {"type": "session", "write_policy": {"allowed_writers": ["ghost"]}}


def _dangling_metric_source(s):
    s["metrics"][0]["source"] = "evaluators.ghost"


def _unknown_success_metric(s):
    s["termination_conditions"]["success"][0]["metric"] = "qualty"


def _unknown_stall_metric(s):
    s["termination_conditions"]["stall"][0]["metric"] = "ghost"


def _unknown_input(s):
    s["workers"][0]["inputs"] = [{"from": "inputs.txt"}]


def _no_bound(s):
    s["termination_conditions"]["failure"] = []


def _cost_bleed(s):
    s["cost_limits"]["cumulative_usd"] = 0.2


def _worker_budgets(s):
    s["workers"][0]["cost_budget_usd"] = 0.5


def _self_grade(s):
    s["evaluators"][1]["model"] = dict(s["workers"][0]["model"])


def _unknown_pattern(s):
    s["metadata"] = {"patterns": ["reflexion-loop"]}


def _open_loop(s):
    s["feedback_channels"][0]["source"] = "evaluators.ghost"


def _safety_bypass(s):
    s["safety_constraints"][0]["applies_to"] = ["writter"]


def _typo_key(s):
    s["termination_conditions"]["stal"] = s["termination_conditions"].pop("stall")


def _cycle(s):
    second = dict(s["workers"][0], id="editor", depends_on=["writer"])
    s["workers"][0]["depends_on"] = ["editor"]
    s["workers"].append(second)
    s["workers"][0]["cost_budget_usd"] = 0.01
    second["cost_budget_usd"] = 0.01


CASES = [
    (_dup_worker, "lss.unique-id", "/workers/1/id"),
    (_dup_metric, "lss.unique-id", "/metrics/1/name"),
    (_two_primaries, "lss.primary-metric", "/metrics/1/primary"),
    (_no_primary, "lss.primary-metric", "/metrics"),
    (_dangling_destination, "lss.dangling-ref", "/feedback_channels/0/destination"),
    (_dangling_runs_after, "lss.dangling-ref", "/evaluators/0/runs_after/0"),
    (_dangling_depends, "lss.dangling-ref", "/workers/0/depends_on/0"),
    (_dangling_input_worker, "lss.dangling-ref", "/workers/0/inputs/1/from"),
    (_dangling_refinement, "lss.dangling-ref", "/optimization_strategy/config/refinement_target"),
    (_dangling_secondary, "lss.dangling-ref", "/optimization_strategy/config/secondary_targets/0"),
    (_dangling_writer, "lss.dangling-ref", "/memory/write_policy/allowed_writers/0"),
    (_dangling_metric_source, "lss.dangling-ref", "/metrics/0/source"),
    (_unknown_success_metric, "lss.unknown-metric", "/termination_conditions/success/0/metric"),
    (_unknown_stall_metric, "lss.unknown-metric", "/termination_conditions/stall/0/metric"),
    (_unknown_input, "lss.input-ref", "/workers/0/inputs/0/from"),
    (_no_bound, "fail.tau_omission", "/termination_conditions"),
    (_cost_bleed, "fail.resource_bleed", "/cost_limits/cumulative_usd"),
    (_worker_budgets, "fail.resource_bleed", "/cost_limits/per_iteration_usd"),
    (_self_grade, "fail.self_grade", "/evaluators/1/model"),
    (_open_loop, "fail.open_loop", "/feedback_channels"),
    (_unknown_pattern, "lss.pattern-slug", "/metadata/patterns/0"),
    (_safety_bypass, "fail.safety_bypass", "/safety_constraints/0/applies_to/0"),
    (_cycle, "fail.orchestration_deadlock", "/workers/1/depends_on"),
    (_typo_key, "lss.unknown-key", "/termination_conditions/stal"),
]


@pytest.mark.parametrize("mutate, rule, pointer", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_rule_reports_the_offending_node(write_spec, minimal_spec, mutate, rule, pointer):
    mutate(minimal_spec)
    result = run(write_spec, minimal_spec)
    hits = [d for d in result.diagnostics if d.rule == rule]
    assert hits, rules_of(result)
    assert hits[0].pointer == pointer
    assert hits[0].line > 1 and hits[0].hint


def test_cycle_message_prints_the_cycle(write_spec, minimal_spec):
    _cycle(minimal_spec)
    message = next(d.message for d in run(write_spec, minimal_spec).diagnostics
                   if d.rule == "fail.orchestration_deadlock")
    assert "writer -> editor -> writer" in message or "editor -> writer -> editor" in message


def test_every_rule_is_documented():
    for r in all_rules():
        assert r.summary and r.rationale and r.severity in ("error", "warning"), r.id
    slugs = {r.id for r in all_rules() if r.failure_code}
    assert {"fail.tau_omission", "fail.resource_bleed", "fail.self_grade", "fail.open_loop",
            "fail.safety_bypass", "fail.orchestration_deadlock"} <= slugs


def test_every_checked_rule_has_a_test_case():
    tested = {rule for _, rule, _ in CASES} | {"comp.child", "comp.unique-child", "comp.roles", "comp.adapters",
                                               "comp.adapter-path", "comp.ref-outside-root"}
    # results.* rules check results files, not specs: tests/test_results_rules.py covers each of them.
    checked = {r.id for r in all_rules() if r.check is not None and r.scope != "results"}
    assert checked <= tested, checked - tested


# -- schema diagnostics -----------------------------------------------------------------------------

def test_unquoted_yes_gets_a_quoting_hint(write_spec, minimal_spec):
    text = yaml.safe_dump(minimal_spec, sort_keys=False).replace("loop_name: minimal-loop", "loop_name: yes")
    result = run(write_spec, text)
    d = next(d for d in result.diagnostics if d.pointer == "/loop_name")
    assert d.rule == "schema.type" and d.line == 1 and '"yes"' in d.hint


def test_unknown_key_points_at_the_key_and_suggests_a_spelling(write_spec, minimal_spec):
    minimal_spec["workers"][0]["rol"] = minimal_spec["workers"][0].pop("role")
    result = run(write_spec, minimal_spec)
    d = next(d for d in result.diagnostics if d.rule == "schema.unknown-key")
    assert d.pointer == "/workers/0/rol" and "did you mean 'role'" in d.hint
    assert "workers[writer]" in d.message


def test_wrong_evaluator_kind_field_is_one_precise_error(write_spec, minimal_spec):
    del minimal_spec["evaluators"][1]["rubric"]["dimensions"][0]["weight"]
    result = run(write_spec, minimal_spec)
    assert [(d.rule, d.pointer) for d in result.errors] == [
        ("schema.required", "/evaluators/1/rubric/dimensions/0")]


def test_unknown_enum_suggests_the_closest_value(write_spec, minimal_spec):
    minimal_spec["memory"]["type"] = "persistant"
    d = run(write_spec, minimal_spec).errors[0]
    assert d.rule == "schema.enum" and "persistent" in d.hint and d.pointer == "/memory/type"


def test_empty_termination_is_one_error_on_the_block(write_spec, minimal_spec):
    minimal_spec["termination_conditions"] = {"success": []}
    schema_errors = [d for d in run(write_spec, minimal_spec).errors if d.rule.startswith("schema")]
    assert [(d.rule, d.pointer) for d in schema_errors] == [("schema.any-of", "/termination_conditions")]


def test_composition_spec_still_needs_the_thirteen_fields(write_spec, minimal_spec, tmp_path):
    write_spec(minimal_spec, "child.yaml")
    composition = {"loop_name": "bare-composition", "composition": {
        "type": "sequential", "children": [{"id": "a", "ref": "child.yaml"}, {"id": "b", "ref": "child.yaml"}]}}
    result = run(write_spec, composition, "comp.yaml")
    missing = {d.message.rsplit("'", 2)[-2] for d in result.errors if d.rule == "schema.required"}
    assert {"workers", "evaluators", "cost_limits", "version"} <= missing


def test_hints_offer_a_few_names_not_thousands(write_spec, minimal_spec):
    worker = minimal_spec["workers"][0]
    minimal_spec["workers"] = [dict(worker, id=f"w{n}") for n in range(500)]
    minimal_spec["workers"][0]["cost_budget_usd"] = 0.05
    for w in minimal_spec["workers"][1:]:
        w.pop("cost_budget_usd", None)
    minimal_spec["evaluators"][0]["runs_after"] = ["w4o"]
    result = run(write_spec, minimal_spec)
    hint = next(d.hint for d in result.diagnostics if d.pointer == "/evaluators/0/runs_after/0")
    assert "(500 in all)" in hint and hint.count(",") < 12
    assert "use one of: w4, " in hint  # the closest names come first


def test_long_dependency_cycle_is_shortened_in_the_message(write_spec, minimal_spec):
    worker = minimal_spec["workers"][0]
    count = 40
    minimal_spec["workers"] = [dict(worker, id=f"w{n}", depends_on=[f"w{(n + 1) % count}"]) for n in range(count)]
    for w in minimal_spec["workers"]:
        w.pop("cost_budget_usd", None)
    message = next(d.message for d in run(write_spec, minimal_spec).diagnostics
                   if d.rule == "fail.orchestration_deadlock")
    assert "more)" in message and message.count("->") <= 12
