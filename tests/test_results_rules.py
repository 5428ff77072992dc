"""results check: the published entries check clean, and each tampered copy gets its located diagnostic."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from conftest import REPO
from loopctl.results.check import check_file

PUBLISHED = REPO / "loop-library" / "results" / "loopbench.results.json"


@pytest.fixture
def published() -> dict:
    return copy.deepcopy(json.loads(PUBLISHED.read_text(encoding="utf-8")))


@pytest.fixture
def check(tmp_path):
    """Write data as JSON (indented, so every node has its own line) and return its diagnostics."""
    def run(data, root: Path | None = None):
        path = tmp_path / "tampered.results.json"
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return check_file(path, root)[2]
    return run


def _rules(diagnostics, severity=None):
    return {d.rule for d in diagnostics if severity is None or d.severity == severity}


def _only(diagnostics, rule):
    found = [d for d in diagnostics if d.rule == rule]
    assert found, f"no {rule} in {[d.rule for d in diagnostics]}"
    return found


def test_published_entries_have_no_errors():
    _document, model, diagnostics = check_file(PUBLISHED, REPO)
    assert model is not None and len(model.submissions) == 6
    assert not [d for d in diagnostics if d.is_error]


def test_published_entries_warn_only_about_relative_paths_and_the_two_team_aggregates():
    _, _, diagnostics = check_file(PUBLISHED, REPO)
    assert _rules(diagnostics) == {"results.spec-path", "results.aggregate"}
    pointers = {d.pointer for d in diagnostics if d.rule == "results.aggregate"}
    assert pointers == {"/entries/2/results/0/aggregate/les_observed", "/entries/2/results/0/aggregate/categories/cost",
                        "/entries/2/composite/les_observed", "/entries/4/results/0/aggregate/les_observed",
                        "/entries/4/results/0/aggregate/categories/cost", "/entries/4/composite/les_observed"}


@pytest.mark.parametrize("field", ["g_final", "g_0", "g_target"])
def test_goal_outside_zero_to_one_is_an_error_at_the_value(published, check, field):
    published["entries"][0]["results"][0]["runs"][3][field] = 1.4
    [d] = _only(check(published), "results.goal-range")
    assert d.is_error and d.pointer == f"/entries/0/results/0/runs/3/{field}"
    assert "1.4" in d.message and d.line > 1 and d.column > 1


def test_goal_trace_point_below_zero_is_an_error(published, check):
    published["entries"][1]["results"][0]["runs"][0]["goal_trace"] = [-0.2]
    [d] = _only(check(published), "results.goal-range")
    assert d.pointer == "/entries/1/results/0/runs/0/goal_trace/0"


def test_goals_at_the_bounds_are_accepted(published, check):
    run = published["entries"][0]["results"][0]["runs"][0]
    run["g_0"], run["g_final"], run["goal_trace"] = 0, 1, [0, 1]
    assert "results.goal-range" not in _rules(check(published))


def test_non_finite_cost_is_an_error(published, check):
    published["entries"][0]["results"][0]["runs"][2]["cost_usd"] = float("inf")
    [d] = _only(check(published), "results.finite")
    assert d.pointer == "/entries/0/results/0/runs/2/cost_usd" and d.is_error


def test_nan_written_as_json_text_is_a_finite_error_not_a_type_error(published, check, tmp_path):
    text = json.dumps(published, indent=2).replace('"elapsed_s": 0.0118', '"elapsed_s": NaN', 1)
    path = tmp_path / "nan.results.json"
    path.write_text(text, encoding="utf-8")
    diagnostics = check_file(path)[2]
    [d] = _only(diagnostics, "results.finite")
    assert d.pointer == "/entries/0/results/0/runs/0/elapsed_s"
    assert not [x for x in diagnostics if x.pointer == d.pointer and x.rule == "results.schema"]


def test_negative_time_is_an_error(published, check):
    published["entries"][0]["results"][0]["runs"][1]["elapsed_s"] = -1
    [d] = _only(check(published), "results.finite")
    assert "negative" in d.message


def test_zero_cost_and_time_are_accepted(published, check):
    run = published["entries"][0]["results"][0]["runs"][1]
    run["cost_usd"], run["elapsed_s"] = 0, 0
    assert "results.finite" not in _rules(check(published))


def test_unknown_task_id_is_an_error_with_the_closest_task(published, check):
    published["entries"][0]["results"][0]["task_id"] = "LB-CR-9"
    [d] = _only(check(published), "results.task-id")
    assert d.pointer == "/entries/0/results/0/task_id" and "LB-CR-1" in d.hint


@pytest.mark.parametrize("value", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                                   "http://example.org/a.yaml", "//evil.example/a.yaml", "https:no-host"])
def test_spec_path_that_is_not_https_is_an_error(published, check, value):
    published["entries"][0]["spec_path"] = value
    [d] = [x for x in _only(check(published), "results.spec-path") if x.pointer == "/entries/0/spec_path"]
    assert d.is_error


def test_https_spec_path_is_accepted(published, check):
    published["entries"][2]["spec_path"] = "https://example.org/loops/thorough.yaml"
    assert not [d for d in check(published) if d.rule == "results.spec-path" and d.pointer.startswith("/entries/2")]


def test_relative_spec_path_is_a_warning(published, check):
    [d] = [d for d in check(published) if d.rule == "results.spec-path" and d.pointer == "/entries/2/spec_path"]
    assert d.severity == "warning"


@pytest.mark.parametrize("value", ["sha256:abc", "md5:" + "0" * 64, "sha256:" + "G" * 64, "sha256:" + "A" * 64])
def test_malformed_spec_hash_is_an_error(published, check, value):
    published["entries"][0]["spec_hash"] = value
    [d] = _only(check(published), "results.spec-hash")
    assert d.pointer == "/entries/0/spec_hash"


def test_duplicate_seed_for_one_instance_is_an_error_at_the_second_run(published, check):
    runs = published["entries"][0]["results"][0]["runs"]
    runs[1]["seed"] = 0
    [d] = _only(check(published), "results.duplicate-seed")
    assert d.pointer == "/entries/0/results/0/runs/1/seed" and "runs[0]" in d.message


def test_same_seed_on_different_instances_is_accepted(published, check):
    assert "results.duplicate-seed" not in _rules(check(published))


def test_aggregate_that_does_not_follow_is_a_warning_with_both_figures(published, check):
    published["entries"][0]["results"][0]["aggregate"]["categories"]["robustness"] = 0.5
    found = [d for d in _only(check(published), "results.aggregate") if d.pointer.startswith("/entries/0/")]
    [d] = found
    assert d.severity == "warning" and "0.5000" in d.message and "0.8687" in d.message


def test_composite_that_does_not_follow_is_a_warning(published, check):
    published["entries"][1]["composite"]["les_observed"] = 0.9
    found = [d for d in check(published) if d.rule == "results.aggregate" and d.pointer.startswith("/entries/1/")]
    assert [d.pointer for d in found] == ["/entries/1/composite/les_observed"]


def test_unexpected_key_is_a_schema_error_on_the_key(published, check):
    published["entries"][0]["submiter"] = "typo"
    [d] = _only(check(published), "results.schema")
    assert d.pointer == "/entries/0/submiter" and "submiter" in d.message


def test_library_spec_with_another_hash_is_a_warning(published, check):
    published["entries"][2]["spec_path"] = "loop-library/coding-agent.yaml"
    [d] = _only(check(published, REPO), "results.library-spec")
    assert d.pointer == "/entries/2/spec_hash"


def test_library_spec_with_its_own_hash_is_accepted(published, check):
    import hashlib
    digest = hashlib.sha256((REPO / "loop-library/coding-agent.yaml").read_bytes()).hexdigest()
    published["entries"][2]["spec_path"] = "loop-library/coding-agent.yaml"
    published["entries"][2]["spec_hash"] = "sha256:" + digest
    assert "results.library-spec" not in _rules(check(published, REPO))


def test_results_rules_are_in_the_registry():
    from loopctl.rules.registry import all_rules
    ids = {r.id for r in all_rules() if r.scope == "results"}
    assert {"results.schema", "results.goal-range", "results.finite", "results.task-id", "results.spec-path",
            "results.spec-hash", "results.duplicate-seed", "results.aggregate", "results.library-spec"} <= ids


def test_every_results_rule_has_a_violating_case_in_this_file():
    from loopctl.rules.registry import all_rules
    source = Path(__file__).read_text(encoding="utf-8")
    for r in all_rules():
        if r.scope == "results" and r.check is not None:
            assert f'"{r.id}")' in source, r.id


def test_negative_seed_is_a_schema_error(published, check):
    published["entries"][0]["results"][0]["runs"][0]["seed"] = -1
    [d] = _only(check(published), "results.schema")
    assert d.pointer == "/entries/0/results/0/runs/0/seed"
