"""The standard's authors' specs beside this site's classifier: declared level, ours, and why they differ.

``declared_levels(root)`` classifies every spec under ``AUTHORS_FOLDER`` that
declares ``metadata.taxonomy_level``; ``declared_levels_table`` renders the
rows with the rule that decides each level and, where the two levels differ,
what the spec lacks for the declared one. The explanation is computed from
the spec's structure, never typed, so it changes when a spec or a rule does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loopctl import level
from loopctl.escape import markdown_table_cell
from loopctl.graph import dependency_edges
from loopctl.layout import relative_link
from loopctl.model import SpecView
from loopctl.validate import SpecStore

AUTHORS_FOLDER = "docs/taxonomy/authors-specs"   # repository path; published at taxonomy/authors-specs


@dataclass(frozen=True)
class Row:
    """One of the authors' specs: where it is, the level it declares, ours, and the deciding reasons."""

    source: str          # path inside AUTHORS_FOLDER
    declared: int
    ours: int
    deciding: str
    gap: str             # empty when the levels agree


def declared_levels(root: Path) -> list[Row]:
    """Return a row for every spec in the authors' folder of ``root`` that declares a taxonomy level."""
    base = Path(root) / AUTHORS_FOLDER
    store = SpecStore(root=base, display_base=base)
    rows: list[Row] = []
    for path in sorted(base.rglob("*.yaml")):
        result = store.validate(path)
        if result.document is None or not isinstance(result.document.data, dict):
            continue
        verdict = level.classify(result.document.data, level.child_loader(store, result.document))
        if verdict.declared is None:
            continue
        rows.append(Row(path.relative_to(base).as_posix(), verdict.declared, verdict.level,
                        verdict.reasons[0], gap(result.document.data, verdict)))
    return rows


def gap(data: dict[str, Any], verdict: level.LevelVerdict) -> str:
    """Return what the spec lacks for its declared level, or what deeper step it has, as one sentence."""
    declared, ours = verdict.declared, verdict.level
    if declared is None or declared == ours:
        return ""
    spec = SpecView(data)
    if declared < ours:
        return f"the classifier finds a deeper step than declared ({verdict.reasons[0]})"
    missing: list[str] = []
    if declared >= 3 > ours:
        edges = dependency_edges(spec)
        if len(edges) <= 1:
            missing.append("one worker and no composition: nothing acts beside it, so there is no "
                           "multi-agent step")
        else:
            missing.append(f"its {len(edges)} workers form one depends_on chain ({_chain(edges)}) and no "
                           "worker sends feedback to another")
    if declared >= 4 > ours or (declared >= 4 and ours == 3):
        kind = spec.optimizer.get("type") or "none"
        child_note = " and no child is above level 3" if spec.composition else ""
        missing.append(f"optimization_strategy is {kind}, not a parameter_search over a declared "
                       f"search_space{child_note}")
    if declared >= 5 and spec.optimizer.get("type") != "structural":
        missing.append("the optimizer does not change the loop's structure")
    return "; ".join(missing)


def _chain(edges: dict[str, list[str]]) -> str:
    order: list[str] = []
    seen: set[str] = set()
    while len(order) < len(edges):
        ready = sorted(w for w, deps in edges.items() if w not in seen and all(d in seen for d in deps))
        if not ready:
            break
        order += ready
        seen.update(ready)
    return " → ".join(order)


def declared_levels_table(rows: list[Row], page: str) -> str:
    """Return the rows as a Markdown table, each spec linked to its published YAML file."""
    lines = ["| authors' spec | declared | classifier | rule that decides | what differs |", "|---|---|---|---|---|"]
    for row in rows:
        link = relative_link(page, f"taxonomy/authors-specs/{row.source}")
        differs = markdown_table_cell(row.gap) if row.gap else "agrees"
        lines.append(f"| [{markdown_table_cell(row.source)}]({link}) | {row.declared} | {row.ours} | "
                     f"{markdown_table_cell(row.deciding)} | {differs} |")
    agree = sum(1 for r in rows if r.declared == r.ours)
    lines.append("")
    lines.append(f"{len(rows)} specs declare a level; the classifier agrees on {agree} and differs on "
                 f"{len(rows) - agree}.")
    return "\n".join(lines)
