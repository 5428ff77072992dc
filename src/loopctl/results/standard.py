"""The same runs under the standard's full runtime formulas (``loopctl.observed``), for comparison.

A benchmark run holds totals, not per-iteration measurements, so the input
built here spreads ``elapsed_s`` and ``cost_usd`` evenly over the iterations,
takes the violation budget as 0, and leaves out what the results do not hold
(perturbation runs, load tests, out-of-distribution inputs, interventions):
those categories are dropped and the result is partial, as the standard
prescribes. Runs with fewer than two iterations are halved by the standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from loopctl.observed import score_run
from loopctl.results.model import CATEGORIES, Run, TaskResult
from loopctl.results.tasks import Task

MISSING = {
    "robustness": "needs at least 3 perturbation runs",
    "scalability": "needs runs at 2, 4 and 8 times the load",
    "adaptability": "needs out-of-distribution runs",
    "autonomy": "needs the human interventions of each run",
}


@dataclass(frozen=True)
class StandardView:
    """A task's runs under the standard's formulas: mean normalized categories (None when dropped) and LES."""

    categories: dict[str, float | None]
    les: float
    label: str
    halved: int      # runs with fewer than two iterations, which the standard halves


def run_input(run: Run, task: Task) -> dict:
    """Return the ``score --observed`` input for one benchmark run (totals spread evenly over the iterations)."""
    n = max(run.iterations, 1)
    values = list(run.goal_trace) or [run.g_0, run.g_final]
    return {"goal": {"target": run.g_target, "values": values},
            "iteration_seconds": [run.elapsed_s / n] * n,
            "cost_usd": [run.cost_usd / n] * n,
            "budget_iterations": task.iteration_budget,
            "safety": {"violation_severity": run.safety_violations, "violation_budget": 0},
            "termination_reason": run.termination_reason}


def standard_view(result: TaskResult, task: Task) -> StandardView | None:
    """Score every run with the standard's formulas and average them; None when no run can be scored."""
    outcomes = [score_run(run_input(r, task)) for r in result.runs if r.g_target > 0]
    outcomes = [o for o in outcomes if not o.problems]
    if not outcomes:
        return None
    categories: dict[str, float | None] = {}
    for c in CATEGORIES:
        values = [o.categories[c]["normalized"] for o in outcomes if not o.categories[c].get("dropped")]
        categories[c] = mean(values) if values else None
    les = mean(sum(v["weight"] * v["normalized"] for v in o.categories.values() if not v.get("dropped"))
               for o in outcomes)
    present = sum(1 for v in categories.values() if v is not None)
    halved = sum(1 for r in result.runs if r.iterations < 2 or len(r.goal_trace) < 2)
    return StandardView(categories, les, f"LES-1.0 (partial, {present} categories)", halved)
