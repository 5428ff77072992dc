"""Facets of a spec: the values the explorer filters and sorts on, derived from the site model.

``facets(entry)`` reads one ``SpecEntry`` (its spec view, level verdict and
scorecard) and returns a ``Facets`` record; nothing is typed by hand. The
record's ``as_row()`` is the stable JSON shape the front end reads from each
table row and offers for download, so its keys are part of the page's contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from loopctl.layout import KIND_TITLES
from loopctl.lean.tokens import estimate
from loopctl.level import LEVEL_NAMES

EVALUATOR_KINDS = ("deterministic", "llm_rubric", "human", "hybrid")

# Facets a reader can narrow the table by, in the order the controls appear, with their labels.
FILTERS = (
    ("kind", "Kind"),
    ("level", "Level"),
    ("evaluators", "Evaluator kind"),
    ("patterns", "Pattern"),
    ("composition", "Composition"),
    ("memory", "Memory"),
    ("optimization", "Optimization"),
    ("safety_halts", "A safety constraint halts"),
    ("band", "LES band"),
)
# Columns a reader can sort by: facet key -> how its values compare.
SORTABLE = {"name": "text", "level": "number", "workers": "number", "evaluator_count": "number",
            "tokens": "number", "les": "number"}


@dataclass(frozen=True)
class Facets:
    """Everything the explorer knows about one spec; empty strings and None mean "not stated"."""

    name: str
    source: str
    kind: str
    level: int | None
    level_name: str
    evaluators: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    composition: str = ""
    memory: str = ""
    optimization: str = ""
    safety_halts: str = "no"
    band: str = ""
    les: float | None = None
    workers: int = 0
    evaluator_count: int = 0
    tokens: int = 0

    def as_row(self) -> dict:
        """Return the record as plain JSON-ready data (the row shape of the CSV and JSON downloads)."""
        return asdict(self)


def facets(entry) -> Facets:
    """Return the facets of a ``site.collect.SpecEntry``; a spec with errors has no level, band or LES."""
    view = entry.view
    verdict, card = entry.verdict, entry.card
    kinds = sorted({str(e.get("type")) for e in view.evaluators if e.get("type") in EVALUATOR_KINDS},
                   key=EVALUATOR_KINDS.index)
    halts = any(c.get("action") == "halt" for c in view.constraints)
    return Facets(
        name=entry.name,
        source=entry.source,
        kind=KIND_TITLES.get(entry.kind, entry.kind),
        level=verdict.level if verdict is not None else None,
        level_name=LEVEL_NAMES[verdict.level] if verdict is not None else "",
        evaluators=kinds,
        patterns=list(entry.patterns),
        composition=entry.composition_type,
        memory=_text(view.section("memory").get("type")),
        optimization=_text(view.optimizer.get("type")),
        safety_halts="yes" if halts else "no",
        band=card.band if card is not None else "",
        les=round(card.les_display, 1) if card is not None else None,
        workers=len(view.workers),
        evaluator_count=len(view.evaluators),
        tokens=estimate(entry.text),
    )


def _text(value) -> str:
    return value if isinstance(value, str) else ""
