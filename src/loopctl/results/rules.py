"""The ``results.*`` rules: what a results file must satisfy beyond its schema.

Each check reads the raw loaded data defensively (a results file may be any
JSON at all), so every rule runs even when the schema check failed, and none
of them raises. The aggregate rule needs a well-formed file and runs only
when the schema passed. The module lists its rules in ``RULES`` (scope
"results"); ``loopctl.results`` adds them to the shared registry, so
``validate --list-rules`` and the README list them.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from loopctl.diagnostics import ERROR, WARNING
from loopctl.loader import Document
from loopctl.results.formulas import submission_score, success_at_k
from loopctl.results.model import CATEGORIES, ResultsFile
from loopctl.results.tasks import Task
from loopctl.rules import RESULTS, Finding, Rule, declared, rule

HASH_FORM = re.compile(r"sha256:[0-9a-f]{64}")
TOLERANCE = 0.001
GOALS = ("g_0", "g_final", "g_target")
AMOUNTS = ("cost_usd", "elapsed_s")
SCOPE = "results"

SCHEMA_RULE = Rule("results.schema", ERROR, "A results file has the structure of the results schema (format 0.2.0).",
              "Pages and rankings are generated from these fields; a missing or misspelt key would silently drop "
              "a figure.", '"submitter": 42', scope=SCOPE, example_form=RESULTS,
                   example_note="/entries/0")


@dataclass
class ResultsContext:
    """What a results rule sees: the document, the task table, the model (when the schema passed), the root."""

    document: Document
    tasks: dict[str, Task]
    model: ResultsFile | None
    root: Path | None


def _dicts(value) -> Iterator[tuple[int, dict]]:
    for i, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, dict):
            yield i, item


def entries(data) -> Iterator[tuple[str, dict]]:
    """Yield (pointer, entry) for every submission that is a mapping."""
    for i, e in _dicts(data.get("entries") if isinstance(data, dict) else None):
        yield f"/entries/{i}", e


def task_results(data) -> Iterator[tuple[str, dict]]:
    """Yield (pointer, task result) for every task result that is a mapping."""
    for base, e in entries(data):
        for j, r in _dicts(e.get("results")):
            yield f"{base}/results/{j}", r


def runs(data) -> Iterator[tuple[str, dict]]:
    """Yield (pointer, run) for every run that is a mapping."""
    for base, r in task_results(data):
        for k, x in _dicts(r.get("runs")):
            yield f"{base}/runs/{k}", x


def as_number(value) -> float | None:
    """Return a number read from ``value``: a real number, or text such as NaN or 1e999 that names one; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and len(value) < 40:
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _fractions(data) -> Iterator[tuple[str, str, object]]:
    """Yield (pointer, name, value) of every figure that must lie in 0..1."""
    for pointer, x in runs(data):
        for name in GOALS:
            if name in x:
                yield f"{pointer}/{name}", name, x[name]
        trace = x.get("goal_trace")
        for t, value in enumerate(trace if isinstance(trace, list) else []):
            yield f"{pointer}/goal_trace/{t}", f"goal_trace[{t}]", value
    for pointer, r in task_results(data):
        agg = r.get("aggregate")
        agg = agg if isinstance(agg, dict) else {}
        for name in ("les_observed", "success_at_k"):
            if name in agg:
                yield f"{pointer}/aggregate/{name}", f"aggregate {name}", agg[name]
        cats = agg.get("categories")
        cats = cats if isinstance(cats, dict) else {}
        for name in CATEGORIES:
            if name in cats:
                yield f"{pointer}/aggregate/categories/{name}", f"category {name}", cats[name]
    for pointer, e in entries(data):
        for block in ("composite", "grand_composite"):
            c = e.get(block)
            c = c if isinstance(c, dict) else {}
            for name in ("les_observed", "rank_score"):
                if name in c:
                    yield f"{pointer}/{block}/{name}", f"{block} {name}", c[name]


@rule("results.goal-range", ERROR, "Goals (g_0, g_final, g_target, every goal_trace point) and published LES, "
      "categories and composites lie in 0..1.",
      "LES normalizes goals to 0..1; a goal of 1.3 or -0.2 makes every ratio built on it meaningless.",
      '"goal_trace": [0.74, 1.3]', scope=SCOPE, example_form=RESULTS,
      example_note="/entries/0/results/0/runs/0")
def check_goal_range(ctx: ResultsContext):
    for pointer, name, value in _fractions(ctx.document.data):
        number = as_number(value)
        if number is not None and math.isfinite(number) and not 0 <= number <= 1:
            yield Finding(pointer, f"{name} is {number:g}, outside 0..1",
                          "goals and scores are fractions from 0 to 1; rescale the figure")


@rule("results.finite", ERROR, "Every number is finite, and costs and times (cost_usd, elapsed_s, cost_usd_mean) "
      "are not negative.",
      "A NaN or infinite figure poisons every mean it enters; a negative cost or time has no meaning.",
      '"cost_usd_mean": -0.4', scope=SCOPE, example_form=RESULTS,
      example_note="/entries/0/results/0/aggregate")
def check_finite(ctx: ResultsContext):
    data = ctx.document.data
    for pointer, name, value in _fractions(data):
        number = as_number(value)
        if number is not None and not math.isfinite(number):
            yield Finding(pointer, f"{name} is {value!s:.20}, not a finite number", "write the measured figure")
    amounts = [(f"{p}/{n}", n, x[n]) for p, x in runs(data) for n in AMOUNTS if n in x]
    amounts += [(f"{p}/aggregate/cost_usd_mean", "cost_usd_mean", r["aggregate"]["cost_usd_mean"])
                for p, r in task_results(data)
                if isinstance(r.get("aggregate"), dict) and "cost_usd_mean" in r["aggregate"]]
    for pointer, name, value in amounts:
        number = as_number(value)
        if number is None:
            continue
        if not math.isfinite(number):
            yield Finding(pointer, f"{name} is {value!s:.20}, not a finite number", "write the measured figure")
        elif number < 0:
            yield Finding(pointer, f"{name} is {number:g}, a negative amount",
                          "costs (US dollars) and times (seconds) are zero or more")


@rule("results.task-id", ERROR, "Every task_id names a task of the benchmark's task table.",
      "Each task brings the target, budget and baselines its LES is computed with; an unknown task cannot "
      "be scored or ranked.", '"task_id": "LB-CR-9"', scope=SCOPE,
      example_form=RESULTS, example_note="/entries/0/results/0")
def check_task_id(ctx: ResultsContext):
    import difflib
    for pointer, r in task_results(ctx.document.data):
        task_id = r.get("task_id")
        if isinstance(task_id, str) and task_id not in ctx.tasks:
            guess = difflib.get_close_matches(task_id, list(ctx.tasks), n=1)
            yield Finding(f"{pointer}/task_id", f"task_id {task_id[:60]!r} is not in the benchmark's task table",
                          (f"did you mean '{guess[0]}'? " if guess else "") + "known tasks: "
                          + ", ".join(sorted(ctx.tasks)))


def spec_path_kind(value: str) -> str:
    """Return "https", "relative" (a path with no scheme, shown as text) or "unsafe" (any other scheme or form)."""
    if any(ord(ch) < 32 or ch in "\\" for ch in value):
        return "unsafe"
    parts = urlsplit(value.strip())
    if parts.scheme:
        return "https" if parts.scheme.lower() == "https" and parts.netloc else "unsafe"
    if value.startswith("//") or parts.netloc or ":" in value.split("/", 1)[0]:
        return "unsafe"
    return "relative"


@rule("results.spec-path", ERROR, "spec_path is an https URL; a relative path is a warning (shown as text, "
      "never linked); any other scheme (javascript:, data:, http:) is an error.",
      "The site links the spec; only an https link to a file is safe to put on a page.",
      '"spec_path": "javascript:alert(1)"', scope=SCOPE, example_form=RESULTS,
      example_note="/entries/0")
def check_spec_path(ctx: ResultsContext):
    for pointer, e in entries(ctx.document.data):
        value = e.get("spec_path")
        if not isinstance(value, str):
            continue
        kind = spec_path_kind(value)
        if kind == "unsafe":
            yield Finding(f"{pointer}/spec_path", f"spec_path {value[:60]!r} is not an https URL",
                          "link the spec with an https:// URL; other schemes are never linked")
        elif kind == "relative":
            yield Finding(f"{pointer}/spec_path", f"spec_path {value[:60]!r} is a relative path, not an https URL",
                          "the site shows it as text; give the spec's https URL so readers can open it",
                          severity=WARNING)


@rule("results.spec-hash", ERROR, "spec_hash is \"sha256:\" followed by 64 lowercase hex digits.",
      "The hash ties the runs to the exact spec file that produced them.",
      '"spec_hash": "md5:c1acd3d6"', scope=SCOPE, example_form=RESULTS,
      example_note="/entries/0")
def check_spec_hash(ctx: ResultsContext):
    for pointer, e in entries(ctx.document.data):
        value = e.get("spec_hash")
        if isinstance(value, str) and not HASH_FORM.fullmatch(value):
            yield Finding(f"{pointer}/spec_hash", f"spec_hash {value[:80]!r} is not sha256: plus 64 hex digits",
                          "compute it with `sha256sum SPEC` and write \"sha256:<hex digest>\"")


@rule("results.duplicate-seed", ERROR, "Within one task result, every task instance has each seed once.",
      "A seed run twice counts twice in every mean and hides the spread robustness is computed from.",
      '"task_instance_id": "cr-001", "seed": 0', scope=SCOPE, example_form=RESULTS,
      example_note="/entries/0/results/0/runs/1")
def check_duplicate_seed(ctx: ResultsContext):
    for base, r in task_results(ctx.document.data):
        seen: dict[tuple, int] = {}
        for k, x in _dicts(r.get("runs")):
            key = (str(x.get("task_instance_id")), str(x.get("seed")))
            if "seed" not in x:
                continue
            if key in seen:
                yield Finding(f"{base}/runs/{k}/seed",
                              f"seed {key[1][:20]} of instance {key[0][:40]!r} appears again (first in runs[{seen[key]}])",
                              "keep one run per instance and seed; rerun with a new seed instead")
            else:
                seen[key] = k


@rule("results.aggregate", WARNING, "A published aggregate (task LES, categories, success@k) or composite "
      "follows from the runs with the benchmark's rules, within 0.001.",
      "Published figures that cannot be traced to the runs are claims, not evidence; both figures are shown.",
      '"les_observed": 0.95', scope=SCOPE, example_form=RESULTS,
      example_note="/entries/0/results/0/aggregate")
def check_aggregate(ctx: ResultsContext):
    if ctx.model is None:
        return
    for submission in ctx.model.submissions:
        score = submission_score(submission, ctx.tasks)
        by_task = {s.task_id: s for s in score.tasks}
        for result in submission.results:
            ours = by_task.get(result.task_id)
            if ours is None:
                continue
            pub = result.published
            for name in CATEGORIES:
                if abs(pub.categories[name] - ours.categories[name]) > TOLERANCE:
                    yield Finding(f"{result.pointer}/aggregate/categories/{name}",
                                  f"{result.task_id} {name} is published as {pub.categories[name]:.4f} but the "
                                  f"runs give {ours.categories[name]:.4f}",
                                  "recompute the aggregate from the runs (`loopctl results rank`), or explain it")
            if abs(pub.les_observed - ours.les) > TOLERANCE:
                yield Finding(f"{result.pointer}/aggregate/les_observed",
                              f"{result.task_id} LES is published as {pub.les_observed:.4f} but the runs give "
                              f"{ours.les:.4f}", "recompute the aggregate from the runs")
            if pub.success_at_k is not None and isinstance(pub.success_at_k, (int, float)) and \
                    abs(pub.success_at_k - success_at_k(result)) > TOLERANCE:
                yield Finding(f"{result.pointer}/aggregate/success_at_k",
                              f"{result.task_id} success_at_k is published as {pub.success_at_k:.4f} but "
                              f"{success_at_k(result):.4f} of the runs succeeded", "count the successful runs")
        if score.tasks and abs(submission.composite - score.composite) > TOLERANCE:
            yield Finding(f"{submission.pointer}/composite/les_observed",
                          f"composite is published as {submission.composite:.4f} but the runs give "
                          f"{score.composite:.4f}", "the composite is the mean of the task LES")


def library_source(spec_path: str) -> str | None:
    """Return the repository path ``loop-library/...`` that a spec_path names, or None."""
    path = urlsplit(spec_path).path if spec_path_kind(spec_path) == "https" else spec_path
    marker = path.find("loop-library/")
    if marker < 0 or (marker > 0 and path[marker - 1] != "/"):
        return None
    source = path[marker:]
    if ".." in source.split("/") or not source.lower().endswith((".yaml", ".yml", ".json")):
        return None
    return source


def file_hash(path: Path) -> str:
    """Return "sha256:" and the hex SHA-256 of a file's bytes."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@rule("results.library-spec", WARNING, "A relative spec_path into this site's loop-library/ carries the "
      "spec_hash of that file.",
      "A submission that claims one of our specs must have run exactly that file; otherwise its figures "
      "belong to another version.",
      '"spec_path": "loop-library/coding-agent.yaml",\n"spec_hash": "sha256:' + "0" * 64 + '"',
      scope=SCOPE, example_form=RESULTS, example_note="/entries/0")
def check_library_spec(ctx: ResultsContext):
    if ctx.root is None:
        return
    for pointer, e in entries(ctx.document.data):
        value, claimed = e.get("spec_path"), e.get("spec_hash")
        if not isinstance(value, str) or spec_path_kind(value) != "relative" or not isinstance(claimed, str):
            continue
        source = library_source(value)
        target = ctx.root / source if source else None
        if target is None or not target.is_file():
            continue
        actual = file_hash(target)
        if HASH_FORM.fullmatch(claimed) and actual != claimed:
            yield Finding(f"{pointer}/spec_hash", f"spec_hash differs from {source}'s ({actual[:19]}...)",
                          "the runs used another version of the spec; rerun them or point spec_path at that version")


RULES = (SCHEMA_RULE, *declared(check_goal_range, check_finite, check_task_id, check_spec_path, check_spec_hash,
                                check_duplicate_seed, check_aggregate, check_library_spec))
