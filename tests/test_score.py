"""The design-time estimate tells specs apart, rewards what the discipline values, and explains every point."""

import copy
import json
import math

from loopctl import observed
from loopctl.cli import main
from loopctl.score import BANDS, WEIGHTS, band_for, estimate


def test_weights_are_the_standard_and_sum_to_one():
    assert WEIGHTS == {"effectiveness": 0.20, "speed": 0.15, "cost": 0.12, "robustness": 0.13,
                       "scalability": 0.10, "safety": 0.12, "adaptability": 0.10, "autonomy": 0.08}
    assert math.isclose(sum(WEIGHTS.values()), 1.0)


def test_bands():
    assert [band_for(x) for x in (95, 80, 61, 45, 10)] == [n for _, n in BANDS]


def test_composite_is_the_weighted_sum_and_every_category_has_reasons(minimal_spec):
    card = estimate(minimal_spec)
    total = sum(c.score * c.weight for c in card.categories.values())
    assert math.isclose(card.les, round(total, 2), abs_tol=0.006)
    assert card.les_display == round(total * 100, 1)
    assert all(c.reasons for c in card.categories.values()) and card.estimate is True


def test_removing_safety_constraints_lowers_safety(minimal_spec):
    weaker = copy.deepcopy(minimal_spec)
    weaker["safety_constraints"] = []
    assert estimate(weaker).categories["safety"].score < estimate(minimal_spec).categories["safety"].score


def test_deterministic_evaluator_and_stall_rule_are_rewarded(minimal_spec):
    weaker = copy.deepcopy(minimal_spec)
    weaker["evaluators"] = weaker["evaluators"][1:]
    del weaker["termination_conditions"]["stall"]
    assert estimate(weaker).les < estimate(minimal_spec).les


def test_human_evaluator_costs_autonomy_and_speed(minimal_spec):
    gated = copy.deepcopy(minimal_spec)
    gated["evaluators"].append({"id": "editor", "type": "human", "runs_after": ["writer"], "timeout_seconds": 600})
    a, b = estimate(minimal_spec), estimate(gated)
    assert b.categories["autonomy"].score < a.categories["autonomy"].score
    assert b.categories["speed"].score < a.categories["speed"].score


def test_score_json_contract(tmp_path, capsys):
    from conftest import FIXTURES
    assert main(["score", str(FIXTURES / "minimal.yaml"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"les", "les_display", "band", "estimate", "categories"}
    assert payload["estimate"] is True and set(payload["categories"]) == set(WEIGHTS)
    assert set(payload["categories"]["safety"]) == {"score", "weight", "reasons"}


RUN = {"goal": {"target": 0.9, "values": [0.5, 0.6, 0.7, 0.8, 0.92]}, "iteration_seconds": [30, 30, 30, 30, 30],
       "cost_usd": [0.2, 0.2, 0.1, 0.1, 0.1], "budget_iterations": 10,
       "perturbations": [{"goal": 0.8, "recovery_iterations": 1}] * 3,
       "scale": [{"n": n, "quality_retention": 0.9, "speed_retention": 0.8, "cost_retention": 1.2} for n in (2, 4, 8)],
       "safety": {"violation_severity": 0, "violation_budget": 1, "human_events": 0},
       "adaptation": {"ood_goal": 0.8, "train_goal": 0.9, "config_changes": 0},
       "autonomy": {"interventions": [], "human_fraction": 0.0}}


def test_observed_full_run_uses_all_categories():
    outcome = observed.score_run(RUN)
    assert outcome.label == "LES-1.0" and not outcome.problems
    assert outcome.categories["effectiveness"]["normalized"] == 1.0
    assert outcome.categories["speed"]["raw"] == round(1 / 30, 4)


def test_missing_perturbations_drop_robustness_and_renormalize():
    run = dict(RUN, perturbations=[{"goal": 0.8, "recovery_iterations": 1}])
    outcome = observed.score_run(run)
    assert outcome.label == "LES-1.0 (partial, 7 categories)"
    assert math.isclose(sum(c["weight"] for c in outcome.categories.values()), 1.0, abs_tol=1e-3)


def test_single_iteration_halves_everything_but_safety():
    full = observed.score_run(dict(RUN, goal={"target": 0.9, "values": [0.95]}))
    assert full.categories["effectiveness"]["normalized"] == 0.5
    assert full.categories["safety"]["normalized"] == 1.0


def test_unrecoverable_violation_zeroes_safety():
    outcome = observed.score_run(dict(RUN, safety={"unrecoverable": True}))
    assert outcome.categories["safety"]["raw"] == 0.0


def test_not_met_and_not_improving_halves_effectiveness():
    outcome = observed.score_run(dict(RUN, goal={"target": 1.0, "values": [0.6, 0.8, 0.7, 0.6, 0.6]}))
    assert outcome.categories["effectiveness"]["raw"] == 0.3


def test_observed_input_problems_are_reported(tmp_path, capsys):
    path = tmp_path / "run.json"
    path.write_text('{"goal": {}}')
    assert main(["score", "--observed", str(path)]) == 1
    assert "goal.values" in capsys.readouterr().err
