"""Results files as typed records: submissions, their task results and runs.

``read_results`` builds the model from data that passed the schema; it keeps
the JSON pointer of every submission, task result and run so that rules and
pages can refer back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("effectiveness", "speed", "cost", "robustness", "scalability", "safety", "adaptability", "autonomy")


@dataclass(frozen=True)
class Run:
    """One observed run (one seed of one task instance)."""

    pointer: str
    task_instance_id: str
    seed: int
    success: bool
    g_0: float
    g_final: float
    g_target: float
    iterations: int
    cost_usd: float
    elapsed_s: float
    termination_reason: str
    safety_violations: int
    goal_trace: tuple[float, ...]


@dataclass(frozen=True)
class Published:
    """Figures a submitter published for a task: the LES and the eight categories."""

    les_observed: float
    categories: dict[str, float]
    success_at_k: float | None = None


@dataclass(frozen=True)
class TaskResult:
    """Every run of one task, with the published aggregate."""

    pointer: str
    task_id: str
    env_id: str
    runs: tuple[Run, ...]
    published: Published


@dataclass(frozen=True)
class Submission:
    """One submitted loop and its published composite."""

    pointer: str
    index: int
    submitter: str
    submission_id: str
    spec_path: str
    spec_hash: str
    backend: str
    submitted_at: str
    results: tuple[TaskResult, ...]
    composite: float
    rank_score: float
    grand_rank_score: float | None
    partial: bool
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultsFile:
    """A whole results file: its path, version, source note and submissions."""

    path: str
    version: str
    updated: str
    source: dict[str, Any]
    submissions: tuple[Submission, ...]


def read_results(path: str, data: dict[str, Any]) -> ResultsFile:
    """Return the model of ``data``, which must already satisfy the results schema."""
    submissions = []
    for i, e in enumerate(data.get("entries", [])):
        base = f"/entries/{i}"
        results = []
        for j, r in enumerate(e["results"]):
            rbase = f"{base}/results/{j}"
            runs = tuple(_run(f"{rbase}/runs/{k}", x) for k, x in enumerate(r["runs"]))
            agg = r["aggregate"]
            published = Published(float(agg["les_observed"]), {c: float(agg["categories"][c]) for c in CATEGORIES},
                                  agg.get("success_at_k"))
            results.append(TaskResult(rbase, r["task_id"], str(r.get("env_id", "")), runs, published))
        grand = e.get("grand_composite")
        submissions.append(Submission(
            base, i, e["submitter"], str(e.get("submission_id", "")), e["spec_path"], e["spec_hash"], e["backend"],
            str(e.get("submitted_at", "")), tuple(results), float(e["composite"]["les_observed"]),
            float(e["composite"]["rank_score"]), float(grand["rank_score"]) if grand else None,
            bool(e.get("partial", False)),
            {k: e[k] for k in ("repro_command", "harness", "loopbench_version") if k in e}))
    return ResultsFile(path, str(data.get("version", "")), str(data.get("updated", "")),
                       dict(data.get("source") or {}), tuple(submissions))


def _run(pointer: str, x: dict[str, Any]) -> Run:
    return Run(pointer, x["task_instance_id"], int(x["seed"]), bool(x["success"]), float(x["g_0"]),
               float(x["g_final"]), float(x["g_target"]), int(x["iterations"]), float(x["cost_usd"]),
               float(x["elapsed_s"]), x["termination_reason"], int(x["safety_violations"]),
               tuple(float(g) for g in x["goal_trace"]))
