"""Rank submissions as the benchmark does, beside the figures recomputed from their runs.

The generalist ranking holds the rows that are not partial and cover all
four suites, ordered by the published grand composite's rank score (else the
composite's). Every other row is listed after it without a rank. Per-task and
per-suite tables order every submission that has the task or suite.
"""

from __future__ import annotations

from dataclasses import dataclass

from loopctl.results.formulas import SubmissionScore, submission_score
from loopctl.results.model import ResultsFile, Submission
from loopctl.results.tasks import suites, tasks

GENERALIST_SUITES = 4


@dataclass(frozen=True)
class Row:
    """One submission on the board: published and recomputed figures, and its generalist rank (or None)."""

    rank: int | None
    submission: Submission
    score: SubmissionScore
    source: str     # the results file it came from

    @property
    def published(self) -> float:
        s = self.submission
        return s.grand_rank_score if s.grand_rank_score is not None else s.rank_score

    @property
    def recomputed(self) -> float:
        return self.score.grand_composite if self.score.grand_composite is not None else self.score.composite

    @property
    def suites(self) -> list[str]:
        return sorted(self.score.suites)

    @property
    def generalist(self) -> bool:
        return not self.submission.partial and len(self.score.suites) >= GENERALIST_SUITES

    def as_json(self) -> dict:
        """The row of the ``results rank --json`` contract."""
        return {"rank": self.rank, "submitter": self.submission.submitter, "spec": self.submission.spec_path,
                "composite": round(self.published, 4), "recomputed": round(self.recomputed, 4),
                "partial": self.submission.partial, "suites": self.suites}


def rank(files: list[ResultsFile]) -> list[Row]:
    """Return every submission of ``files`` as rows: the generalist ranking first, then the others."""
    table = tasks()
    rows = [Row(None, s, submission_score(s, table), f.path) for f in files for s in f.submissions]
    ranked = sorted((r for r in rows if r.generalist), key=lambda r: -r.published)
    others = sorted((r for r in rows if not r.generalist), key=lambda r: -r.published)
    numbered = [Row(i, r.submission, r.score, r.source) for i, r in enumerate(ranked, 1)]
    return numbered + others


def task_table(rows: list[Row], task_id: str) -> list[tuple[Row, float, float]]:
    """Return (row, published task LES, recomputed task LES) for every row with the task, best published first."""
    found = []
    for row in rows:
        for result, score in zip([r for r in row.submission.results if r.task_id in tasks()], row.score.tasks, strict=False):
            if result.task_id == task_id:
                found.append((row, result.published.les_observed, score.les))
    return sorted(found, key=lambda item: -item[1])


def suite_table(rows: list[Row], suite_id: str) -> list[tuple[Row, float]]:
    """Return (row, recomputed suite score) for every row with a task of the suite, best first."""
    found = [(row, row.score.suites[suite_id]) for row in rows if suite_id in row.score.suites]
    return sorted(found, key=lambda item: -item[1])


def suite_ids() -> list[str]:
    """The benchmark's suite ids in their order."""
    return [s.id for s in suites()]
