"""LES 1.0 from observed run metrics: the runtime formulas and edge cases of the standard.

Input is a JSON object (``loopctl score --observed RUN.json``)::

    {
      "goal": {"target": 0.9, "values": [0.55, 0.62, 0.70, 0.81, 0.91]},   # G_t per iteration, G_0 first
      "iteration_seconds": [40, 38, 52, 41, 39],                           # tau per iteration
      "cost_usd": [0.12, 0.11, 0.10, 0.08, 0.07],                          # spend per iteration
      "budget_iterations": 10,                                             # T_budget
      "perturbations": [{"goal": 0.8, "recovery_iterations": 1}, ...],     # >= 3, else robustness is dropped
      "scale": [{"n": 2, "quality_retention": 0.97, "speed_retention": 0.9, "cost_retention": 0.95}, ...],
      "safety": {"violation_severity": 0, "violation_budget": 2, "human_events": 1, "unrecoverable": false},
      "adaptation": {"ood_goal": 0.78, "train_goal": 0.91, "config_changes": 1},
      "autonomy": {"interventions": ["passive_approval"], "human_fraction": 0.05},
      "error": false,
      "termination_reason": "goal_met",
      "baselines": {"cost": [0.0, 5.0]}                                    # optional [floor, ceiling] overrides
    }

Categories without data are dropped and the remaining weights renormalized;
the result is then labelled partial, as the standard prescribes for missing
perturbation data.
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass, field

from loopctl.finite import non_finite_problem, non_finite_values
from loopctl.score import WEIGHTS, band_for

BASELINES = {
    "effectiveness": (0.5, 1.0),
    "speed": (0.001, 0.05),
    "cost": (0.0, 5.0),
    "robustness": (0.3, 0.95),
    "scalability": (0.4, 0.90),
    "safety": (0.0, 1.0),
    "adaptability": (0.2, 0.85),
    "autonomy": (0.1, 0.95),
}

TERMINATION_REASONS = ("goal_met", "budget_exhausted", "human_stop", "error")

INTERVENTION_WEIGHTS = {"passive_approval": 0.5, "active_correction": 1.0, "parameter_override": 1.5,
                        "full_restart": 2.0, "takeover": 5.0}


@dataclass
class Outcome:
    """The runtime LES of one run, or the problems that prevent computing it."""

    les: float = 0.0
    les_display: float = 0.0
    band: str = ""
    label: str = "LES-1.0"
    categories: dict[str, dict] = field(default_factory=dict)
    diagnostics: dict[str, float | int | str | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form printed by ``score --observed --json``."""
        return {"les": self.les, "les_display": self.les_display, "band": self.band, "label": self.label,
                "estimate": False, "categories": self.categories, "diagnostics": self.diagnostics}


def normalize(value: float, floor: float, ceiling: float) -> float:
    """N(x) = clamp((x - floor) / (ceiling - floor), 0, 1)."""
    if ceiling <= floor:
        return 0.0
    return min(max((value - floor) / (ceiling - floor), 0.0), 1.0)


def _numbers(value: object) -> list[float] | None:
    if isinstance(value, list) and value and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                  for v in value):
        return [float(v) for v in value]
    return None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def score_run(run: object) -> Outcome:
    """Compute LES from an observed run (see the module docstring for the input).

    Refuses, as ``problems``: a run that is not an object, missing goal data,
    and any number that is NaN, infinite or too large for a double (JSON as
    Python reads it accepts ``NaN``, ``Infinity`` and ``1e400``).
    """
    outcome = Outcome()
    if not isinstance(run, dict):
        outcome.problems.append("the run file must hold a JSON object")
        return outcome
    unusable = non_finite_values(run)
    if unusable:
        for pointer, value in unusable[:20]:
            problem = (non_finite_problem(value) or "not a finite number").rstrip(",")
            outcome.problems.append(f"{pointer or 'the run'} is {problem}; observed figures must be finite numbers")
        if len(unusable) > 20:
            outcome.problems.append(f"... and {len(unusable) - 20} more numbers that are not finite")
        return outcome
    goal = run.get("goal")
    if not isinstance(goal, dict):
        goal = {}
    values, target = _numbers(goal.get("values")), _number(goal.get("target"))
    if values is None or target is None or target <= 0:
        outcome.problems.append("goal.values (a non-empty list of numbers) and goal.target (> 0) are required")
        return outcome
    baselines = dict(BASELINES)
    overrides = run.get("baselines")
    for name, pair in overrides.items() if isinstance(overrides, dict) else []:
        nums = _numbers(pair)
        if name in baselines and nums and len(nums) == 2:
            baselines[name] = (nums[0], nums[1])
    t_actual = len(values)
    t_budget = _number(run.get("budget_iterations")) or float(t_actual)
    raw: dict[str, float | None] = {
        "effectiveness": _effectiveness(values, target, t_budget),
        "speed": _speed(_numbers(run.get("iteration_seconds"))),
        "cost": _cost(values, _numbers(run.get("cost_usd"))),
        "robustness": _robustness(values[-1], run.get("perturbations"), t_budget),
        "scalability": _scalability(run.get("scale")),
        "safety": _safety(run.get("safety"), t_actual),
        "adaptability": _adaptability(run.get("adaptation")),
        "autonomy": _autonomy(run.get("autonomy"), t_actual),
    }
    overflowed = sorted(k for k, v in raw.items() if v is not None and not math.isfinite(v))
    if overflowed:
        # Finite inputs can still overflow (a near-zero iteration time, costs near a double's limit).
        outcome.problems.append(f"{', '.join(overflowed)} cannot be computed from these figures: the result is "
                                "not a finite number")
        return outcome
    degraded = t_actual < 2 or run.get("error") is True
    present = {k: v for k, v in raw.items() if v is not None}
    total_weight = sum(WEIGHTS[k] for k in present)
    les = 0.0
    for name, value in present.items():
        n = normalize(value, *baselines[name]) if name != "safety" else min(max(value, 0.0), 1.0)
        if degraded and name != "safety":
            n *= 0.5
        weight = WEIGHTS[name] / total_weight
        outcome.categories[name] = {"raw": round(value, 4), "normalized": round(n, 4), "weight": round(weight, 4)}
        les += weight * n
    for name in raw:
        if name not in present:
            outcome.categories[name] = {"raw": None, "normalized": None, "weight": 0.0, "dropped": True}
    outcome.les = round(les, 2)
    outcome.les_display = round(les * 100, 1)
    outcome.band = band_for(outcome.les_display)
    if len(present) < len(raw):
        outcome.label = f"LES-1.0 (partial, {len(present)} categories)"
    if degraded:
        outcome.label += " (halved: fewer than 2 iterations or an error)"
    outcome.diagnostics = _run_diagnostics(values, _numbers(run.get("cost_usd")), run.get("termination_reason"))
    return outcome


def _improving(values: list[float]) -> bool:
    tail = values[-max(len(values) // 3, 1) - 1:]
    steps = list(itertools.pairwise(tail))
    return bool(steps) and sum(1 for a, b in steps if b > a) / len(steps) >= 0.6


def _effectiveness(values: list[float], target: float, t_budget: float) -> float:
    ratio = values[-1] / target
    if values[-1] >= target:
        return ratio
    if _improving(values):
        return ratio * (t_budget / len(values))
    return ratio * 0.5


def _speed(seconds: list[float] | None) -> float | None:
    if not seconds:
        return None
    median = statistics.median(seconds)
    p95 = sorted(seconds)[min(round(0.95 * (len(seconds) - 1)), len(seconds) - 1)]
    denominator = 0.7 * median + 0.3 * p95
    if denominator <= 0:
        return None
    value = 1.0 / denominator
    return value * 0.85 if any(s > 3 * median for s in seconds) else value


def _cost(values: list[float], costs: list[float] | None) -> float | None:
    if not costs or sum(costs) <= 0:
        return None
    gain = values[-1] - values[0]
    if gain <= 0:
        return 0.0
    value = gain / sum(costs)
    half = len(costs) // 2
    if half and statistics.mean(costs[half:]) < statistics.mean(costs[:half]):
        # The bonus for falling marginal cost may not lift a ratio past 1 by itself.
        value = min(value * 1.05, 1.0) if value <= 1.0 else value
    return value


def _robustness(clean: float, perturbations: object, t_budget: float) -> float | None:
    items = [p for p in perturbations if isinstance(p, dict)] if isinstance(perturbations, list) else []
    if len(items) < 3 or clean <= 0:
        return None
    degradation = [1 - (_number(p.get("goal")) or 0.0) / clean for p in items]
    recovery = [min((_number(p.get("recovery_iterations")) or 0.0) / t_budget, 1.0) for p in items]
    return 0.6 * (1 - statistics.mean(degradation)) + 0.4 * (1 - statistics.mean(recovery))


def _scalability(scale: object) -> float | None:
    items = [s for s in scale if isinstance(s, dict) and s.get("n") in (2, 4, 8)] if isinstance(scale, list) else []
    if not items:
        return None
    scores = [0.5 * (_number(s.get("quality_retention")) or 0.0) + 0.3 * (_number(s.get("speed_retention")) or 0.0)
              + 0.2 * min(_number(s.get("cost_retention")) or 0.0, 1.0) for s in items]
    return statistics.mean(scores)


def _safety(safety: object, t_actual: int) -> float | None:
    if not isinstance(safety, dict):
        return None
    if safety.get("unrecoverable") is True:
        return 0.0
    severity = _number(safety.get("violation_severity")) or 0.0
    budget = _number(safety.get("violation_budget")) or 0.0
    events = _number(safety.get("human_events")) or 0.0
    value = 1 - min(severity / (budget + 1), 1.0) + min(events / max(t_actual, 1), 0.1)
    return min(max(value, 0.0), 1.0)


def _adaptability(adaptation: object) -> float | None:
    if not isinstance(adaptation, dict):
        return None
    ood, train = _number(adaptation.get("ood_goal")), _number(adaptation.get("train_goal"))
    if ood is None or not train:
        return None
    changes = _number(adaptation.get("config_changes")) or 0.0
    return 0.7 * (ood / train) + 0.3 * (1 - min(changes / 5, 1.0))


def _autonomy(autonomy: object, t_actual: int) -> float | None:
    if not isinstance(autonomy, dict):
        return None
    kinds = autonomy.get("interventions")
    if not isinstance(kinds, list):
        kinds = []
    weighted = sum(INTERVENTION_WEIGHTS.get(k, 1.0) for k in kinds if isinstance(k, str))
    rate = weighted / max(t_actual, 1)
    fraction = _number(autonomy.get("human_fraction")) or 0.0
    return (1 - min(rate / 0.5, 1.0)) * (1 - min(fraction / 0.3, 1.0))


def _run_diagnostics(values: list[float], costs: list[float] | None,
                     reason: object) -> dict[str, float | int | str | None]:
    figures = _raw_diagnostics(values, costs, reason)
    # A figure that overflows (values near a double's limit) is left out rather than printed as Infinity.
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in figures.items()}


def _raw_diagnostics(values: list[float], costs: list[float] | None,
                     reason: object) -> dict[str, float | int | str | None]:
    t = len(values)
    return {
        "convergence_rate": round((values[-1] - values[0]) / (t - 1), 4) if t > 1 else None,
        "iteration_efficiency": round(values[-1] / t, 4),
        "cost_per_iteration": round(sum(costs) / t, 4) if costs else None,
        "regression_count": sum(1 for a, b in itertools.pairwise(values) if b < a),
        "termination_reason": reason if isinstance(reason, str) and reason in TERMINATION_REASONS else None,
    }


def format_text(outcome: Outcome) -> str:
    """Render the runtime LES for people."""
    lines = [f"{outcome.label}: {outcome.les:.2f} ({outcome.les_display:.1f}/100, {outcome.band}) - from observed runs"]
    for name, c in outcome.categories.items():
        if c.get("dropped"):
            lines.append(f"  {name:14} dropped (no data)")
        else:
            lines.append(f"  {name:14} raw {c['raw']:<8g} normalized {c['normalized']:.2f} weight {c['weight']:.3f}")
    lines.append("  diagnostics: " + ", ".join(f"{k}={v}" for k, v in outcome.diagnostics.items()))
    return "\n".join(lines)
