"""The benchmark's LES rules, with the published LoopBench entries as golden data."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from loopctl.results import formulas
from loopctl.results.model import CATEGORIES, Run, read_results
from loopctl.results.rank import rank
from loopctl.results.tasks import tasks

PUBLISHED = REPO / "loop-library" / "results" / "loopbench.results.json"
MODEL = read_results(str(PUBLISHED), json.loads(PUBLISHED.read_text(encoding="utf-8")))
# The two example entries of 2026-06-13 publish cost 0.0 although their runs gain goal for money (see README).
COST_DIFFERS = {"Team Thorough", "Team Fast"}


def _run(**changes) -> Run:
    base = {"pointer": "", "task_instance_id": "cr-001", "seed": 0, "success": True, "g_0": 0.5, "g_final": 0.9, "g_target": 0.8,
                "iterations": 2, "cost_usd": 0.4, "elapsed_s": 1.0, "termination_reason": "goal_met", "safety_violations": 0,
                "goal_trace": (0.5, 0.9)}
    base.update(changes)
    return Run(**base)


CR = tasks()["LB-CR-1"]


@pytest.mark.parametrize("index", range(6))
def test_recomputed_categories_reproduce_the_published_ones(index):
    submission = MODEL.submissions[index]
    score = formulas.submission_score(submission, tasks())
    for result, ours in zip(submission.results, score.tasks, strict=False):
        for name in CATEGORIES:
            if name == "cost" and submission.submitter in COST_DIFFERS:
                continue
            assert ours.categories[name] == pytest.approx(result.published.categories[name], abs=1e-4), name


@pytest.mark.parametrize("index", [i for i, s in enumerate(MODEL.submissions) if s.submitter not in COST_DIFFERS])
def test_recomputed_composite_reproduces_the_published_one_to_a_thousandth(index):
    submission = MODEL.submissions[index]
    assert formulas.submission_score(submission, tasks()).composite == pytest.approx(submission.composite, abs=0.001)


def test_team_entries_differ_only_by_cost_and_by_exactly_its_weight():
    for submission in MODEL.submissions:
        if submission.submitter not in COST_DIFFERS:
            continue
        ours = formulas.submission_score(submission, tasks()).tasks[0]
        gap = ours.les - submission.results[0].published.les_observed
        assert gap == pytest.approx(formulas.WEIGHTS["cost"] * ours.categories["cost"], abs=1e-4)


def test_weights_sum_to_one():
    assert sum(formulas.WEIGHTS.values()) == pytest.approx(1.0)


def test_normalize_clamps_and_refuses_an_inverted_band():
    assert formulas.normalize(2.0, 0.0, 1.0) == 1.0
    assert formulas.normalize(-1.0, 0.0, 1.0) == 0.0
    assert formulas.normalize(0.5, 1.0, 1.0) == 0.0
    assert formulas.normalize(float("nan"), 0.0, 1.0) == 0.0


@pytest.mark.parametrize("trace, expected", [
    ((0.5,), False), ((0.5, 0.6), False), ((0.5, 0.6, 0.7), False),
    ((0.5, 0.6, 0.7, 0.8), True), ((0.5, 0.6, 0.8, 0.7), False), ((0.1, 0.2, 0.3, 0.4, 0.5, 0.6), True),
])
def test_improving_needs_rises_in_the_last_third(trace, expected):
    assert formulas.is_improving(trace) is expected


def test_effectiveness_met_target_is_full():
    assert formulas.effectiveness(_run(g_final=0.8), CR) == 1.0


def test_effectiveness_missed_and_not_improving_is_halved():
    # 0.76 / 0.8 × 0.5 = 0.475, below the floor 0.5
    assert formulas.effectiveness(_run(g_final=0.76, goal_trace=(0.64, 0.76)), CR) == 0.0


def test_effectiveness_missed_but_improving_scales_by_budget_over_iterations():
    run = _run(g_final=0.7, iterations=6, goal_trace=(0.3, 0.4, 0.5, 0.6, 0.65, 0.7))
    assert formulas.effectiveness(run, CR) == pytest.approx(formulas.normalize(0.7 / 0.8 * 6 / 6, 0.5, 1.0))


def test_cost_is_zero_when_the_goal_did_not_rise():
    assert formulas.cost(_run(g_0=0.9, g_final=0.9), CR) == 0.0


def test_cost_normalizes_gain_per_dollar():
    assert formulas.cost(_run(g_0=0.5, g_final=0.9, cost_usd=0.4), CR) == pytest.approx((1.0 - 0.05) / 1.95)


def test_speed_is_zero_without_time():
    assert formulas.speed(_run(elapsed_s=0), CR) == 0.0


def test_safety_drops_a_tenth_per_violation_and_stops_at_zero():
    assert formulas.safety(_run(safety_violations=3)) == pytest.approx(0.7)
    assert formulas.safety(_run(safety_violations=12)) == 0.0


def test_autonomy_is_a_backend_constant():
    assert formulas.autonomy("sim") == 0.95 and formulas.autonomy("live") == 0.5


def test_rows_with_fewer_than_four_suites_leave_the_generalist_ranking():
    rows = rank([MODEL])
    assert [r.rank for r in rows] == [None] * 6
    assert [r.submission.submitter for r in rows][:2] == ["Loop Engineering maintainer",
                                                          "Loop Engineering maintainer (MA-1)"]


def test_a_submission_covering_all_suites_is_ranked_and_a_partial_one_is_not():
    import dataclasses
    first = MODEL.submissions[0]
    result = first.results[0]
    spread = []
    for suite_task in ("LB-CR-1", "LB-MA-1", "LB-RS-1", "LB-COMP-1"):
        spread.append(dataclasses.replace(result, task_id=suite_task))
    full = dataclasses.replace(first, results=tuple(spread), grand_rank_score=0.8)
    partial = dataclasses.replace(full, submitter="partial", partial=True)
    model = dataclasses.replace(MODEL, submissions=(full, partial))
    rows = rank([model])
    assert [(r.rank, r.submission.submitter) for r in rows] == [(1, first.submitter), (None, "partial")]
    assert rows[0].score.grand_composite is not None and rows[0].as_json()["suites"] == [
        "suite-agent", "suite-knowledge", "suite-repair", "suite-rigor"]


def test_standard_view_drops_what_results_files_cannot_measure():
    from loopctl.results.standard import standard_view
    view = standard_view(MODEL.submissions[0].results[0], CR)
    assert [c for c, v in view.categories.items() if v is None] == ["robustness", "scalability", "adaptability",
                                                                    "autonomy"]
    assert view.label == "LES-1.0 (partial, 4 categories)" and view.halved == 7


def test_standard_view_halves_a_single_iteration_run_but_not_its_safety():
    import dataclasses

    from loopctl.results.standard import standard_view
    result = MODEL.submissions[0].results[0]
    one = dataclasses.replace(result, runs=(_run(iterations=1, g_0=0.9, goal_trace=(0.9,)),))
    two = dataclasses.replace(result, runs=(_run(iterations=2, g_0=0.9, goal_trace=(0.9, 0.9)),))
    halved, whole = standard_view(one, CR), standard_view(two, CR)
    assert halved.categories["effectiveness"] == pytest.approx(whole.categories["effectiveness"] / 2)
    assert halved.categories["safety"] == whole.categories["safety"] == 1.0
