"""The benchmark's task table and suites (facts from LoopBench's task files, MIT), shipped as package data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

TASKS_FILE = "loopbench-tasks-0.2.0.json"


@dataclass(frozen=True)
class Task:
    """One benchmark task: its goal target, iteration budget and the baselines its speed and cost use."""

    id: str
    name: str
    env_id: str
    g_target: float
    iteration_budget: int
    speed_floor: float
    speed_ceiling: float
    cost_floor: float
    cost_ceiling: float


@dataclass(frozen=True)
class Suite:
    """A named group of tasks; a suite's score is the mean of its tasks' LES."""

    id: str
    label: str
    task_ids: tuple[str, ...]


@cache
def _raw() -> dict:
    return json.loads(resources.files("loopctl.schemas").joinpath(TASKS_FILE).read_text(encoding="utf-8"))


@cache
def tasks() -> dict[str, Task]:
    """Return the task table by task id."""
    table = {}
    for task_id, t in _raw()["tasks"].items():
        speed, cost = t.get("speed_baselines", {}), t.get("cost_baselines", {})
        table[task_id] = Task(task_id, t["name"], t["env_id"], float(t["g_target"]), int(t["iteration_budget"]),
                              float(speed.get("b_floor_iter_per_s", 0.001)),
                              float(speed.get("b_ceiling_iter_per_s", 0.05)),
                              float(cost.get("b_floor_efficiency", 0.05)),
                              float(cost.get("b_ceiling_efficiency", 2.0)))
    return table


@cache
def suites() -> tuple[Suite, ...]:
    """Return the benchmark's suites in their published order."""
    return tuple(Suite(s["id"], s["label"], tuple(s["task_ids"])) for s in _raw()["suites"])


def suite_of(task_id: str) -> Suite | None:
    """Return the suite a task belongs to, or None."""
    return next((s for s in suites() if task_id in s.task_ids), None)


def source_note() -> str:
    """Return where the task table comes from (shown on the leaderboard page)."""
    return str(_raw().get("source", ""))
