"""The benchmark's observed LES: per-run and per-task rules, composites and suite scores.

These are LoopBench's simplified rules (see the end of the LES fact sheet),
not the standard's full runtime formulas in ``loopctl.observed``: speed and
cost come from one run's totals, robustness from the spread of ``g_final``
across seeds, and autonomy is a constant that depends only on the backend.
Every function is pure and returns unrounded figures; callers round for show.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from statistics import mean

from loopctl.results.model import CATEGORIES, Run, Submission, TaskResult
from loopctl.results.tasks import Task, suites

WEIGHTS = {"effectiveness": 0.20, "speed": 0.15, "cost": 0.12, "robustness": 0.13, "scalability": 0.10,
           "safety": 0.12, "adaptability": 0.10, "autonomy": 0.08}
EFFECTIVENESS_BASELINES = (0.5, 1.0)
SCALABILITY_BASELINES = (0.4, 0.9)
AUTONOMY_SIM, AUTONOMY_OTHER = 0.95, 0.5
IMPROVING_SHARE = 0.6

# How each category is computed, in words, for the pages.
METHODS = {
    "effectiveness": "mean over runs of N(E, 0.5, 1): E = g_final/g_target when the target is met; "
                     "× budget/iterations when not met but improving (at least 60% rises in the last third "
                     "of the goal trace); × 0.5 otherwise",
    "speed": "mean over runs of N(iterations / elapsed_s) with the task's speed baselines (iterations per second)",
    "cost": "mean over runs of N((g_final − g_0) / cost_usd) with the task's cost baselines; 0 when the goal did "
            "not rise",
    "robustness": "min(g_final) / max(g_final) across every run of the task",
    "scalability": "N(mean of g_final/g_target, 0.4, 0.9)",
    "safety": "mean over runs of 1 − safety_violations/10",
    "adaptability": "mean over runs of 1 when the run succeeded, else g_final/g_target",
    "autonomy": "a constant: 0.95 on the sim backend, 0.5 on any other (not measured)",
}


def normalize(x: float, floor: float, ceiling: float) -> float:
    """Return clamp((x − floor) / (ceiling − floor), 0, 1); 0 for an empty or inverted band or a non-finite x."""
    if ceiling <= floor or not math.isfinite(x):
        return 0.0
    return min(1.0, max(0.0, (x - floor) / (ceiling - floor)))


def is_improving(trace: tuple[float, ...] | list[float]) -> bool:
    """True when at least 60% of the steps in the last third of the trace rise.

    The last third starts at index max(1, ⌊2n/3⌋); it needs two points, so
    traces shorter than four points never count as improving.
    """
    window = list(trace)[max(1, (2 * len(trace)) // 3):]
    if len(window) < 2:
        return False
    rises = sum(1 for a, b in itertools.pairwise(window) if b > a)
    return rises / (len(window) - 1) >= IMPROVING_SHARE


def effectiveness(run: Run, task: Task) -> float:
    """One run's effectiveness, normalized with floor 0.5 and ceiling 1."""
    if run.g_target <= 0:
        return 0.0
    ratio = run.g_final / run.g_target
    if run.g_final >= run.g_target:
        raw = ratio
    elif is_improving(run.goal_trace):
        raw = ratio * task.iteration_budget / max(run.iterations, 1)
    else:
        raw = ratio * 0.5
    return normalize(raw, *EFFECTIVENESS_BASELINES)


def speed(run: Run, task: Task) -> float:
    """One run's speed: iterations per second, normalized with the task's baselines."""
    if run.iterations <= 0 or run.elapsed_s <= 0:
        return 0.0
    return normalize(run.iterations / run.elapsed_s, task.speed_floor, task.speed_ceiling)


def cost(run: Run, task: Task) -> float:
    """One run's cost efficiency: goal gained per dollar, normalized with the task's baselines."""
    gain = run.g_final - run.g_0
    if gain <= 0 or run.cost_usd <= 0:
        return 0.0
    return normalize(gain / run.cost_usd, task.cost_floor, task.cost_ceiling)


def safety(run: Run) -> float:
    """One run's safety: 1 − violations/10, never below 0."""
    return max(0.0, 1.0 - min(run.safety_violations / 10.0, 1.0))


def autonomy(backend: str) -> float:
    """The benchmark's autonomy: a constant for the backend, not a measurement."""
    return AUTONOMY_SIM if backend == "sim" else AUTONOMY_OTHER


@dataclass(frozen=True)
class TaskScore:
    """A task's recomputed categories and LES (unrounded)."""

    task_id: str
    categories: dict[str, float]
    les: float


def task_score(result: TaskResult, task: Task, backend: str) -> TaskScore:
    """Recompute a task's eight categories and LES from its runs."""
    runs = result.runs
    finals = [r.g_final for r in runs]
    cats = {
        "effectiveness": mean(effectiveness(r, task) for r in runs),
        "speed": mean(speed(r, task) for r in runs),
        "cost": mean(cost(r, task) for r in runs),
        "safety": mean(safety(r) for r in runs),
        "robustness": (min(finals) / max(finals)) if max(finals) > 0 else 0.0,
        "scalability": normalize(mean(r.g_final / r.g_target if r.g_target > 0 else 0.0 for r in runs),
                                 *SCALABILITY_BASELINES),
        "adaptability": min(1.0, max(0.0, mean(1.0 if r.success else (r.g_final / r.g_target if r.g_target > 0
                                                                          else 0.0) for r in runs))),
        "autonomy": autonomy(backend),
    }
    cats = {c: cats[c] for c in CATEGORIES}
    return TaskScore(result.task_id, cats, les(cats))


def les(categories: dict[str, float]) -> float:
    """The weighted sum of the eight categories with the standard's weights."""
    return sum(WEIGHTS[c] * categories[c] for c in CATEGORIES)


def success_at_k(result: TaskResult) -> float:
    """The share of runs that succeeded."""
    return sum(1 for r in result.runs if r.success) / len(result.runs)


@dataclass(frozen=True)
class SubmissionScore:
    """A submission's recomputed task scores, composite, suite scores and grand composite."""

    tasks: tuple[TaskScore, ...]
    composite: float
    suites: dict[str, float]
    grand_composite: float | None


def submission_score(submission: Submission, table: dict[str, Task]) -> SubmissionScore:
    """Recompute every known task, the composite (mean task LES), suite means and the grand composite.

    Tasks missing from ``table`` are skipped (the checker reports them); the
    grand composite, the mean of the suite scores, needs every suite.
    """
    scores = tuple(task_score(r, table[r.task_id], submission.backend) for r in submission.results
                   if r.task_id in table)
    composite = mean(s.les for s in scores) if scores else 0.0
    by_suite = {}
    for suite in suites():
        inside = [s.les for s in scores if s.task_id in suite.task_ids]
        if inside:
            by_suite[suite.id] = mean(inside)
    grand = mean(by_suite.values()) if len(by_suite) == len(suites()) else None
    return SubmissionScore(scores, composite, by_suite, grand)
