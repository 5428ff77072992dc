"""The taxonomy classifier: which of the six levels a spec sits at, and why.

A level names the deepest kind of step that happens inside one iteration. Each
rule below recognises one kind of step from the spec's structure; the spec's
level is the highest level whose rule matches, and every matching rule is
reported as a reason. ``RULES`` is the single source of the rule text shown on
the site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loopctl.graph import dependency_edges, independent_pair
from loopctl.loader import Document
from loopctl.model import OPTIMIZER, SpecView, as_dict, as_list, reference
from loopctl.validate import SpecStore

LEVEL_NAMES = {
    1: "single-step",
    2: "reflective",
    3: "multi-agent",
    4: "evolutionary",
    5: "self-modifying",
    6: "recursive meta",
}

ChildLoader = Callable[[str], dict[str, Any] | None]


@dataclass(frozen=True)
class LevelRule:
    """One recognisable kind of step, the level it implies, and how it is detected."""

    level: int
    name: str
    description: str


RULES = [
    LevelRule(1, "single-step", "None of the rules below matches: each iteration acts and is evaluated once, and "
              "feedback reaches only the optimizer or a human queue."),
    LevelRule(2, "reflective", "A feedback channel from an evaluator goes to a worker (destination workers.<id>): "
              "output is critiqued and revised within the run."),
    LevelRule(3, "multi-agent", "At least two workers act independently in one iteration (neither depends on the "
              "other, directly or transitively), or a worker sends feedback to another worker, or the spec is a "
              "composition of loops. A single depends_on chain is one agent's pipeline, not multi-agent."),
    LevelRule(4, "evolutionary", "The optimizer searches a space of variants: optimization_strategy.type is "
              "parameter_search with a non-empty config.search_space."),
    LevelRule(5, "self-modifying", "The optimizer rewrites the loop itself: optimization_strategy.type is "
              "structural."),
    LevelRule(6, "recursive meta", "The loop improves how it improves: structural optimization whose "
              "config.search_space has a key starting with evaluators or optimization_strategy, or a nested "
              "composition whose inner child is at level 5 or more."),
]


@dataclass
class LevelVerdict:
    """The classifier's answer: level, the reasons that produced it, and the level the spec declares."""

    level: int
    reasons: list[str] = field(default_factory=list)
    declared: int | None = None

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def agrees(self) -> bool | None:
        """True or False when the spec declares a level, None when it does not."""
        return None if self.declared is None else self.declared == self.level

    def as_dict(self) -> dict:
        """Return the stable JSON contract of ``level --json``."""
        return {"level": self.level, "name": self.name, "reasons": list(self.reasons), "declared": self.declared,
                "agrees": self.agrees}


def classify(data: dict[str, Any], child_loader: ChildLoader | None = None, _depth: int = 0) -> LevelVerdict:
    """Classify a spec (plain data); ``child_loader(ref)`` returns a composition child's data or None."""
    spec = SpecView(data)
    matches: list[tuple[int, str]] = []
    matches += _reflective(spec)
    matches += _multi_agent(spec)
    matches += _evolutionary(spec)
    matches += _self_modifying(spec)
    matches += _composition(spec, child_loader, _depth)
    level = max((lvl for lvl, _ in matches), default=1)
    reasons = [f"L{lvl} {LEVEL_NAMES[lvl]}: {why}" for lvl, why in sorted(matches, key=lambda m: -m[0])]
    if not matches:
        reasons = ["L1 single-step: no feedback reaches a worker, workers form at most one chain, and the "
                   "optimizer neither searches variants nor changes the loop's structure"]
    declared = spec.metadata.get("taxonomy_level")
    declared = declared if isinstance(declared, int) and not isinstance(declared, bool) else None
    return LevelVerdict(level, reasons, declared)


def _reflective(spec: SpecView) -> list[tuple[int, str]]:
    found = []
    # The id sets are built once: SpecView rebuilds them on every access, which made this quadratic.
    evaluators, workers = spec.evaluator_ids, spec.worker_ids
    for c in spec.channels:
        source, target = c.get("source"), reference(c.get("destination"), "workers")
        if reference(source, "evaluators") in evaluators and target in workers:
            found.append((2, f"feedback channel '{c.id}' returns {source} to worker '{target}'"))
    return found[:1]


def _multi_agent(spec: SpecView) -> list[tuple[int, str]]:
    found = []
    pair = independent_pair(dependency_edges(spec))
    if pair is not None:
        found.append((3, f"workers '{pair[0]}' and '{pair[1]}' act independently within one iteration"))
    workers = spec.worker_ids
    for c in spec.channels:
        source, target = reference(c.get("source"), "workers"), reference(c.get("destination"), "workers")
        if source in workers and target in workers and source != target:
            found.append((3, f"worker '{source}' sends feedback to worker '{target}' (channel '{c.id}')"))
            break
    return found


def _evolutionary(spec: SpecView) -> list[tuple[int, str]]:
    optimizer = spec.optimizer
    space = as_dict(spec.optimizer_config.get("search_space"))
    if optimizer.get("type") == "parameter_search" and space:
        return [(4, f"parameter_search over {len(space)} dimension(s): {', '.join(sorted(space)[:4])}")]
    return []


def _self_modifying(spec: SpecView) -> list[tuple[int, str]]:
    if spec.optimizer.get("type") != "structural":
        return []
    found = [(5, "structural optimization rewrites the loop's own workers and wiring")]
    meta_keys = [k for k in as_dict(spec.optimizer_config.get("search_space"))
                 if k.startswith("evaluators") or k.startswith(OPTIMIZER)]
    if meta_keys:
        found.append((6, f"the structural search space tunes the loop's own judging or improving: "
                         f"{', '.join(sorted(meta_keys)[:4])}"))
    return found


def _composition(spec: SpecView, child_loader: ChildLoader | None, depth: int) -> list[tuple[int, str]]:
    composition = spec.composition
    kind = composition.get("type")
    if not composition:
        return []
    children = [c for c in as_list(composition.get("children")) if isinstance(c, dict)]
    found = [(3, f"a {kind} composition of {len(children)} loops")]
    if child_loader is None or depth > 8:
        return found
    for child in children:
        ref = child.get("ref")
        data = child_loader(ref) if isinstance(ref, str) else None
        if data is None:
            continue
        child_level = classify(data, child_loader=None, _depth=depth + 1).level
        if kind == "nested" and child.get("role") == "inner" and child_level >= 5:
            found.append((6, f"nested inner child '{child.get('id')}' is itself level {child_level}"))
        elif child_level > 3:
            found.append((child_level, f"child '{child.get('id')}' is level {child_level}"))
    return found


def child_loader(store: SpecStore, document: Document) -> ChildLoader:
    """Return a loader that resolves a composition child's ref through a ``SpecStore``."""
    parent = Path(document.path)
    if not parent.is_absolute():
        parent = store.display_base / parent

    def load(ref: str) -> dict[str, Any] | None:
        target = store.resolve_child(parent, ref)
        if target is None:
            return None
        result = store.validate(target)
        return result.document.data if result.document is not None else None

    return load


def format_text(verdict: LevelVerdict) -> str:
    """Render the verdict for people: level, name, reasons and declared-level agreement."""
    lines = [f"level {verdict.level} ({verdict.name})"]
    lines += [f"  - {reason}" for reason in verdict.reasons]
    if verdict.declared is not None:
        state = "agrees" if verdict.agrees else f"DISAGREES (classifier says {verdict.level})"
        lines.append(f"declared in metadata: {verdict.declared}: {state}")
    else:
        lines.append("declared in metadata: none")
    return "\n".join(lines)
