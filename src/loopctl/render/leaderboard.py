"""The leaderboard and submission pages as Markdown strings, from ranked rows (no I/O here).

Every string that comes from a results file passes through ``render.escape``;
a spec path becomes a link only when it is https, and is URL-escaped then.
Tables sit in a ``loop-sortable`` block that the site's small sorting script
makes sortable by clicking a header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from loopctl.diagnostics import Diagnostic
from loopctl.escape import markdown_inline, markdown_table_cell
from loopctl.render.trace_svg import trace_svg
from loopctl.results.formulas import METHODS, WEIGHTS, cost, success_at_k
from loopctl.results.model import CATEGORIES, Submission, TaskResult
from loopctl.results.rank import Row, suite_table, task_table
from loopctl.results.rules import spec_path_kind
from loopctl.results.standard import MISSING, standard_view
from loopctl.results.tasks import suites, tasks

DIFFERENCE = 0.001
_URL_SAFE = "/:?#&=%-._~+,;@!$"


@dataclass(frozen=True)
class LibraryLink:
    """A submission's spec that has the name of one of our library specs: our page, and whether the hash matches."""

    page: str          # relative link to our spec page
    name: str
    same_file: bool


def spec_link(spec_path: str) -> str:
    """Return Markdown for a spec path: an https link (URL-escaped) or inert code-like text."""
    if spec_path_kind(spec_path) == "https":
        parts = urlsplit(spec_path)
        name = parts.path.rstrip("/").rsplit("/", 1)[-1]
        shown = f"{parts.netloc}/…/{name}" if name and parts.path.count("/") > 1 else f"{parts.netloc}{parts.path}"
        return f"[{markdown_inline(shown)}](<{quote(spec_path, safe=_URL_SAFE)}>)"
    return f"{markdown_inline(spec_path)} (not a link)"


def _fig(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _diff(published: float, recomputed: float) -> str:
    gap = recomputed - published
    return "same" if abs(gap) <= DIFFERENCE else f"{gap:+.4f}"


def _backend(backend: str) -> str:
    if backend == "sim":
        return "sim (simulated environments)"
    return markdown_table_cell(backend)


def leaderboard_page(rows: list[Row], slugs: dict[int, str], sources: list[dict[str, Any]],
                     problems: list[Diagnostic], library: dict[int, LibraryLink] | None = None) -> str:
    """Return the leaderboard page: ranking, suite and task tables, where figures differ, sources.

    ``library`` maps a submission (by ``id``) to our spec of the same name; the row links our spec page
    only when the spec_hash matches that file.
    """
    library = library or {}
    out = ["# Leaderboard: observed runs", "",
           "Observed runs of LSS loops, from the results files in `loop-library/results/`. Every figure in the "
           "**recomputed** columns is computed here, at build time, from the runs themselves with the benchmark's "
           "own rules (LoopBench's simplified observed LES, see below); the **published** columns are the figures "
           "the submitter published. Where the two differ by more than 0.001, both are shown and the "
           "[differences](#where-the-figures-differ) are listed.", "",
           "!!! note \"Which rules produced these figures\"",
           "    These are the benchmark's per-run and per-task rules, not the standard's full runtime formulas "
           "(`loopctl score --observed`, [LES reference](../reference/les.md)). Autonomy is a **constant 0.95 on "
           "the benchmark's simulated `sim` backend** (0.5 on any other), not a measurement; cost is the "
           "benchmark's estimate (per-iteration cap × iterations), not a bill; robustness is the spread of "
           "`g_final` across seeds, not perturbation tests.", ""]
    out += ["## Ranking", "",
            "The generalist ranking holds submissions that are not partial and cover all four suites, ordered by "
            "the published rank score, as the benchmark orders them. Rows without a rank cover fewer suites; "
            "they are ranked per suite and per task below. Click a column header to sort.", ""]
    if not any(r.rank for r in rows):
        out += ["No submission covers all four suites yet, so the generalist ranking is empty.", ""]
    out += ['<div class="loop-sortable" markdown>', "",
            "| rank | submitter | spec | backend | tasks | published | recomputed | difference | suites | "
            "standard's formulas (partial) |",
            "|---:|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        s = row.submission
        ours = library.get(id(s))
        spec = spec_link(s.spec_path).replace('|', '&#124;')
        if ours is not None and ours.same_file:
            spec += f" (our [{markdown_table_cell(ours.name)}]({ours.page}))"
        out.append(f"| {row.rank or '–'} | [{markdown_table_cell(s.submitter)}]({slugs[id(s)]}.md) | "
                   f"{spec} | {_backend(s.backend)} | {len(s.results)} | "
                   f"{_fig(row.published)} | {_fig(row.recomputed)} | {_diff(row.published, row.recomputed)} | "
                   f"{len(row.suites)} | {_fig(_standard_composite(row))} |")
    out += ["", "</div>", ""]
    out += ["The last column scores the same runs with the standard's full runtime formulas (`loopctl score "
            "--observed`): only effectiveness, speed, cost and safety can be computed from what a results file "
            "holds, runs with fewer than two iterations are halved, and the standard's own baselines apply, so it "
            "is lower and not comparable one to one; each submission page shows it per category.", ""]
    out += ["## Suites", "", "A suite's score is the mean recomputed LES of the submission's tasks in that suite.", ""]
    for suite in suites():
        table = suite_table(rows, suite.id)
        out += [f"### {markdown_inline(suite.label)}", "",
                f"Tasks: {', '.join(suite.task_ids)}.", ""]
        if not table:
            out += ["No submission yet.", ""]
            continue
        out += ['<div class="loop-sortable" markdown>', "", "| submitter | tasks in suite | suite score |",
                "|---|---:|---:|"]
        for row, value in table:
            count = sum(1 for r in row.submission.results if r.task_id in suite.task_ids)
            out.append(f"| [{markdown_table_cell(row.submission.submitter)}]({slugs[id(row.submission)]}.md) | "
                       f"{count} | {value:.4f} |")
        out += ["", "</div>", ""]
    out += ["## Tasks", ""]
    for task_id, task in tasks().items():
        task_rows = task_table(rows, task_id)
        if not task_rows:
            continue
        out += [f"### {task_id}: {markdown_inline(task.name)}", "",
                f"Target g ≥ {task.g_target:g}, budget {task.iteration_budget} iterations; speed baselines "
                f"{task.speed_floor:g}–{task.speed_ceiling:g} iterations/s, cost baselines "
                f"{task.cost_floor:g}–{task.cost_ceiling:g} goal per dollar.", "",
                '<div class="loop-sortable" markdown>', "",
                "| submitter | success@k | published LES | recomputed LES | difference |", "|---|---:|---:|---:|---:|"]
        for row, published, recomputed in task_rows:
            result = next(r for r in row.submission.results if r.task_id == task_id)
            out.append(f"| [{markdown_table_cell(row.submission.submitter)}]({slugs[id(row.submission)]}.md) | "
                       f"{success_at_k(result):.2f} | {published:.4f} | {recomputed:.4f} | "
                       f"{_diff(published, recomputed)} |")
        out += ["", "</div>", ""]
    out += ["## Where the figures differ", ""]
    gaps = differences(rows)
    out += ([f"- {g}" for g in gaps] if gaps else ["Every published figure follows from the runs within 0.001."])
    out += ["", "## How each category is computed", "",
            "| category | weight | benchmark rule |", "|---|---:|---|"]
    out += [f"| {c} | {WEIGHTS[c]:.2f} | {METHODS[c]} |" for c in CATEGORIES]
    out += ["", "N(x, floor, ceiling) = clamp((x − floor) / (ceiling − floor), 0, 1). A task's LES is the weighted "
            "sum; a submission's composite is the mean of its task LES; the grand composite is the mean of its "
            "suite scores.", ""]
    out += ["## Sources", ""]
    for source in sources:
        out.append(f"- {source_line(source)}")
    if problems:
        out += ["", "## Results files not published", "",
                "These files have errors (`loopctl results check` lists them); their submissions are left out:", ""]
        out += [f"- {markdown_inline(f'{d.file}:{d.line}:{d.column}: {d.rule} {d.message}')}" for d in problems[:50]]
    out.append("")
    return "\n".join(out)


def source_line(source: dict[str, Any]) -> str:
    """One line naming a results file and, when it was published elsewhere, its origin and licence."""
    line = markdown_inline(source.get('file', ''))
    if source.get("name"):
        line += f": {markdown_inline(source['name'])}"
        repo = source.get("repository", "")
        if isinstance(repo, str) and spec_path_kind(repo) == "https":
            line += f" ({spec_link(repo)})"
        line += f", licence {markdown_inline(source.get('licence', ''))}. {markdown_inline(source.get('attribution', ''))}"
    return line


def differences(rows: list[Row]) -> list[str]:
    """Every published figure that differs from the recomputed one by more than 0.001, as Markdown sentences."""
    found: list[str] = []
    for row in rows:
        s = row.submission
        who = markdown_inline(s.submitter)
        known = [r for r in s.results if r.task_id in tasks()]
        for result, ours in zip(known, row.score.tasks, strict=False):
            for c in CATEGORIES:
                pub = result.published.categories[c]
                if abs(pub - ours.categories[c]) > DIFFERENCE:
                    found.append(f"{who}, {result.task_id}, {c}: published {pub:.4f}, recomputed "
                                 f"{ours.categories[c]:.4f} ({METHODS[c]}).{_evidence(c, result)}")
            if abs(result.published.les_observed - ours.les) > DIFFERENCE:
                found.append(f"{who}, {result.task_id}, task LES: published {result.published.les_observed:.4f}, "
                             f"recomputed {ours.les:.4f} (the weighted sum of the recomputed categories).")
        if abs(row.published - row.recomputed) > DIFFERENCE:
            found.append(f"{who}, composite: published {row.published:.4f}, recomputed {row.recomputed:.4f}.")
    return found


def _standard_composite(row: Row) -> float | None:
    found = [standard_view(r, tasks()[r.task_id]) for r in row.submission.results if r.task_id in tasks()]
    views = [v for v in found if v is not None]
    return sum(v.les for v in views) / len(views) if views else None


def _evidence(category: str, result: TaskResult) -> str:
    """The runs behind a recomputed cost: every run whose goal rose, with its gain per dollar and its score."""
    if category != "cost":
        return ""
    task = tasks()[result.task_id]
    rising = [r for r in result.runs if r.g_final > r.g_0 and r.cost_usd > 0]
    if not rising:
        return " No run raised its goal, so the rule gives 0."
    shown = "; ".join(f"{markdown_inline(r.task_instance_id)} seed {r.seed}: +{r.g_final - r.g_0:.2f} for "
                      f"${r.cost_usd:.2f}, {(r.g_final - r.g_0) / r.cost_usd:.2f} per dollar, scored "
                      f"{cost(r, task):.4f}" for r in rising[:10])
    return (f" {len(rising)} of {len(result.runs)} runs raised their goal ({shown}) with the task's cost "
            f"baselines {task.cost_floor:g}–{task.cost_ceiling:g}; the others score 0. The published figure "
            "does not follow from these runs under the rule.")


def submission_page(row: Row, library: LibraryLink | None, chart_prefix: str) -> str:
    """Return a submission's page: identity, composite, and per task the categories and every run with its trace."""
    s: Submission = row.submission
    out = [f"# {markdown_inline(s.submitter)}", "",
           "[Back to the leaderboard](index.md)", "",
           "| | |", "|---|---|",
           f"| spec | {spec_link(s.spec_path).replace('|', '&#124;')} |",
           f"| spec hash | {markdown_table_cell(s.spec_hash)} |",
           f"| backend | {_backend(s.backend)} |",
           f"| submitted | {markdown_table_cell(s.submitted_at or '–')} |",
           f"| generalist rank | {row.rank or '– (covers ' + str(len(row.suites)) + ' of 4 suites)'} |",
           f"| composite | published {_fig(row.published)}, recomputed {_fig(row.recomputed)} "
           f"({_diff(row.published, row.recomputed)}) |", ""]
    if library is not None:
        if library.same_file:
            out += [f"This is the very file of our library spec [{markdown_inline(library.name)}]({library.page}) "
                    "(its SHA-256 matches spec_hash).", ""]
        else:
            out += [f"Our library has a spec of the same name, [{markdown_inline(library.name)}]({library.page}), "
                    "but it is a different file (its SHA-256 differs from spec_hash): these runs belong to the "
                    "submitter's version.", ""]
    known = [r for r in s.results if r.task_id in tasks()]
    for t, (result, ours) in enumerate(zip(known, row.score.tasks, strict=False)):
        task = tasks()[result.task_id]
        out += [f"## {result.task_id}: {markdown_inline(task.name)}", "",
                f"{len(result.runs)} runs; success@k {success_at_k(result):.2f}; task LES published "
                f"{result.published.les_observed:.4f}, recomputed {ours.les:.4f} "
                f"({_diff(result.published.les_observed, ours.les)}).", "",
                "| category | weight | published | recomputed (benchmark's rules) | how it is computed | "
                "standard's runtime formula |", "|---|---:|---:|---:|---|---|"]
        standard = standard_view(result, task)
        for c in CATEGORIES:
            note = METHODS[c]
            if c == "autonomy":
                note += f"; backend {markdown_table_cell(s.backend)}"
            if standard is None:
                other = "–"
            elif standard.categories[c] is None:
                other = f"dropped: {MISSING.get(c, 'no data')}"
            else:
                other = f"{standard.categories[c]:.4f}"
            out.append(f"| {c} | {WEIGHTS[c]:.2f} | {result.published.categories[c]:.4f} | "
                       f"{ours.categories[c]:.4f} | {note} | {other} |")
        if standard is not None:
            out += ["", f"Under the standard's runtime formulas (`loopctl score --observed`) these runs give "
                        f"{standard.label} {standard.les:.4f}: elapsed time and cost are spread evenly over the "
                        f"iterations, the violation budget is taken as 0, and {standard.halved} of "
                        f"{len(result.runs)} runs had fewer than two iterations, which the standard halves "
                        "(every category but safety)."]
        out += ["", "### Runs", "", '<div class="loop-sortable" markdown>', "",
                "| instance | seed | success | g₀ → g_final (target) | iterations | cost (USD) | time (s) | "
                "termination | safety violations |",
                "|---|---:|---|---|---:|---:|---:|---|---:|"]
        for run in result.runs:
            out.append(f"| {markdown_table_cell(run.task_instance_id)} | {run.seed} | {'yes' if run.success else 'no'} "
                       f"| {run.g_0:.2f} → {run.g_final:.2f} ({run.g_target:.2f}) | {run.iterations} | "
                       f"{run.cost_usd:.2f} | {run.elapsed_s:.4f} | {markdown_table_cell(run.termination_reason)} | "
                       f"{run.safety_violations} |")
        out += ["", "</div>", "", "### Goal traces", "", '<div class="loop-traces">']
        for k, run in enumerate(result.runs):
            title = f"{run.task_instance_id} seed {run.seed}"
            out.append(trace_svg(run.goal_trace, run.g_target, title, f"{chart_prefix}-{t}-{k}"))
        out += ["</div>", ""]
    return "\n".join(out)
