"""What changed between two versions of a spec, and whether each change is breaking.

``diff_specs(old, new)`` compares two loaded specs part by part (workers,
evaluators, feedback channels, metrics, termination, cost limits, safety
constraints) and returns a ``SpecDiff``: every change, classified by the
rules in ``BREAKING_RULES``, plus the LES estimate and the taxonomy level of
both versions. A change is *breaking* when the new version guarantees less
than the old one (a check, a bound or a guard is weaker or gone) or removes
something other specs may name (a worker, a metric); everything else is
*compatible*.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from loopctl import level, score
from loopctl.model import Item, SpecView, as_dict, as_list, is_number

ADDED, REMOVED, RENAMED, CHANGED = "added", "removed", "renamed", "changed"

BREAKING_RULES: dict[str, str] = {
    "removed-worker": "a removed worker breaks compositions and adapters that name it",
    "renamed": "a renamed id breaks every reference to the old id",
    "removed-evaluator": "a removed evaluator is a check the loop no longer makes",
    "weaker-evaluator": "a lower pass threshold or a dropped veto lets more through",
    "removed-channel": "a removed feedback channel can leave a worker without feedback (F1)",
    "removed-metric": "a removed metric breaks conditions and reports that use it",
    "new-primary": "a different primary metric changes what success means",
    "looser-bound": "a higher or missing iteration bound lets the loop run longer (F4)",
    "looser-success": "an easier success condition ends the loop on weaker results",
    "looser-cap": "a higher or missing cost cap lets the loop spend more (F8)",
    "removed-constraint": "a dropped safety constraint is a guard the loop no longer has",
    "weaker-constraint": "a constraint that warns instead of halting no longer stops the loop",
    "more-tools": "a worker with more tools can do more than its reviewers expect",
}
"""Why a change is breaking, by rule id; the text is shown beside each breaking change."""


@dataclass(frozen=True)
class Change:
    """One difference between the versions: where, what kind, and why it is breaking (if it is)."""

    section: str
    kind: str
    subject: str
    detail: str
    rule: str = ""  # a key of BREAKING_RULES when the change is breaking

    @property
    def breaking(self) -> bool:
        """True when a breaking rule applies."""
        return bool(self.rule)

    def as_dict(self) -> dict:
        """Return the change as the JSON contract's plain dictionary."""
        return {"section": self.section, "kind": self.kind, "subject": self.subject, "detail": self.detail,
                "breaking": self.breaking, "rule": self.rule or None,
                "why": BREAKING_RULES.get(self.rule) if self.rule else None}


@dataclass(frozen=True)
class Summary:
    """The LES estimate and the level of one version."""

    les_display: float
    band: str
    level: int


@dataclass
class SpecDiff:
    """Every change between two versions, with a summary of each version."""

    changes: list[Change] = field(default_factory=list)
    before: Summary | None = None
    after: Summary | None = None

    @property
    def breaking(self) -> list[Change]:
        """The breaking changes, in order."""
        return [c for c in self.changes if c.breaking]

    def as_dict(self) -> dict:
        """Return the diff as the JSON contract's plain dictionary."""
        def summary(s: Summary | None) -> dict | None:
            return None if s is None else {"les_display": s.les_display, "band": s.band, "level": s.level}
        return {"breaking": len(self.breaking), "compatible": len(self.changes) - len(self.breaking),
                "before": summary(self.before), "after": summary(self.after),
                "changes": [c.as_dict() for c in self.changes]}


def diff_specs(old: dict, new: dict,
               old_children: level.ChildLoader | None = None,
               new_children: level.ChildLoader | None = None) -> SpecDiff:
    """Compare two specs' data; ``*_children`` resolve composition children for the level."""
    before, after = SpecView(old), SpecView(new)
    changes: list[Change] = []
    for compare in _COMPARISONS:
        changes.extend(compare(before, after))
    return SpecDiff(changes, _summary(old, old_children), _summary(new, new_children))


def _summary(data: dict, children: level.ChildLoader | None) -> Summary:
    card = score.estimate(data)
    return Summary(card.les_display, card.band, level.classify(data, children).level)


# ---------------------------------------------------------------- lists of items with ids

def _by_id(items: list[Item]) -> dict[str, dict]:
    return {item.id: item.data for item in items if item.id}


def _without_id(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("id", "name")}


def _matched(old: list[Item], new: list[Item]) -> Iterator[tuple[str, str, dict | None, dict | None]]:
    """Yield (kind, subject, old data, new data) for each item: added, removed, renamed or kept."""
    before, after = _by_id(old), _by_id(new)
    removed = [i for i in before if i not in after]
    added = [i for i in after if i not in before]
    for old_id in list(removed):
        twin = next((new_id for new_id in added if _without_id(after[new_id]) == _without_id(before[old_id])), None)
        if twin is not None:
            removed.remove(old_id)
            added.remove(twin)
            yield RENAMED, f"{old_id} -> {twin}", before[old_id], after[twin]
    for item_id in removed:
        yield REMOVED, item_id, before[item_id], None
    for item_id in added:
        yield ADDED, item_id, None, after[item_id]
    for item_id in before:
        if item_id in after and before[item_id] != after[item_id]:
            yield CHANGED, item_id, before[item_id], after[item_id]


def _changed_keys(old: dict, new: dict) -> str:
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return "changed: " + ", ".join(keys)


def _membership(section: str, kind: str, subject: str, noun: str, removed_rule: str) -> Change:
    """The change for an item that was renamed, removed or added (``kind``), worded for ``noun``."""
    if kind == RENAMED:
        return Change(section, kind, subject, f"same {noun} under a new id", "renamed")
    if kind == REMOVED:
        return Change(section, kind, subject, f"{noun} removed", removed_rule)
    return Change(section, kind, subject, f"{noun} added")


def _workers(before: SpecView, after: SpecView) -> Iterator[Change]:
    for kind, subject, old, new in _matched(before.workers, after.workers):
        if kind in (RENAMED, REMOVED, ADDED):
            yield _membership("workers", kind, subject, "worker", "removed-worker")
        else:
            assert old is not None and new is not None
            more = sorted(set(_names(new.get("tools"))) - set(_names(old.get("tools"))))
            if more:
                yield Change("workers", kind, subject, "new tools: " + ", ".join(more), "more-tools")
            rest = {k: v for k, v in old.items() if k != "tools"}, {k: v for k, v in new.items() if k != "tools"}
            if rest[0] != rest[1]:
                yield Change("workers", kind, subject, _changed_keys(*rest))


def _names(value: object) -> list[str]:
    names = []
    for tool in as_list(value):
        if isinstance(tool, str):
            names.append(tool)
        elif isinstance(tool, dict) and isinstance(tool.get("name"), str):
            names.append(tool["name"])
    return names


def _evaluators(before: SpecView, after: SpecView) -> Iterator[Change]:
    for kind, subject, old, new in _matched(before.evaluators, after.evaluators):
        if kind in (RENAMED, REMOVED, ADDED):
            yield _membership("evaluators", kind, subject, "evaluator", "removed-evaluator")
        else:
            assert old is not None and new is not None
            weaker = []
            if old.get("veto") is True and new.get("veto") is not True:
                weaker.append("veto dropped")
            old_t, new_t = _threshold(old), _threshold(new)
            if old_t is not None and (new_t is None or new_t < old_t):
                weaker.append(f"pass threshold {old_t} -> {new_t if new_t is not None else 'none'}")
            if weaker:
                yield Change("evaluators", kind, subject, "; ".join(weaker), "weaker-evaluator")
            else:
                yield Change("evaluators", kind, subject, _changed_keys(old, new))


def _threshold(evaluator: dict) -> float | None:
    value = as_dict(evaluator.get("rubric")).get("pass_threshold", evaluator.get("pass_threshold"))
    return float(value) if is_number(value) and math.isfinite(value) else None


def _channels(before: SpecView, after: SpecView) -> Iterator[Change]:
    for kind, subject, old, new in _matched(before.channels, after.channels):
        rule = {RENAMED: "renamed", REMOVED: "removed-channel"}.get(kind, "")
        detail = {RENAMED: "same channel under a new id", REMOVED: "channel removed", ADDED: "channel added"}.get(
            kind) or _changed_keys(old or {}, new or {})
        yield Change("feedback_channels", kind, subject, detail, rule)


def _metrics(before: SpecView, after: SpecView) -> Iterator[Change]:
    for kind, subject, old, new in _matched(before.metrics, after.metrics):
        rule = {RENAMED: "renamed", REMOVED: "removed-metric"}.get(kind, "")
        detail = {RENAMED: "same metric under a new name", REMOVED: "metric removed", ADDED: "metric added"}.get(
            kind) or _changed_keys(old or {}, new or {})
        yield Change("metrics", kind, subject, detail, rule)
    old_primary, new_primary = _primary(before), _primary(after)
    if old_primary and old_primary != new_primary:
        yield Change("metrics", CHANGED, "primary", f"primary metric {old_primary} -> {new_primary or 'none'}",
                     "new-primary")


def _primary(spec: SpecView) -> str:
    return next((m.id for m in spec.metrics if m.get("primary") is True), "")


def _termination(before: SpecView, after: SpecView) -> Iterator[Change]:
    old_bound, new_bound = _bound(before), _bound(after)
    if old_bound != new_bound:
        looser = old_bound is not None and (new_bound is None or new_bound > old_bound)
        yield Change("termination_conditions", CHANGED, "max_iterations",
                     f"iteration bound {_show(old_bound)} -> {_show(new_bound)}", "looser-bound" if looser else "")
    old_success, new_success = _success(before), _success(after)
    for metric in sorted(set(old_success) | set(new_success)):
        old_c, new_c = old_success.get(metric), new_success.get(metric)
        if old_c == new_c:
            continue
        looser = old_c is not None and (new_c is None or _easier(old_c, new_c))
        yield Change("termination_conditions", CHANGED if old_c and new_c else (REMOVED if old_c else ADDED),
                     f"success on {metric}", f"{_condition(old_c)} -> {_condition(new_c)}",
                     "looser-success" if looser else "")
    for kind in ("stall",):
        if before.conditions(kind) != after.conditions(kind):
            yield Change("termination_conditions", CHANGED, kind, f"{kind} conditions changed")


def _bound(spec: SpecView) -> float | None:
    value = spec.max_iterations
    return value if value is None or (is_number(value) and math.isfinite(value)) else None


def _success(spec: SpecView) -> dict[str, tuple[str, float]]:
    found = {}
    for condition in spec.conditions("success"):
        metric, operator, value = condition.get("metric"), condition.get("operator"), condition.get("value")
        if isinstance(metric, str) and isinstance(operator, str) and is_number(value) and math.isfinite(value):
            found[metric] = (operator, float(value))
    return found


def _easier(old: tuple[str, float], new: tuple[str, float]) -> bool:
    """True when the new success condition is met by results the old one refused."""
    (old_op, old_value), (new_op, new_value) = old, new
    if old_op != new_op:
        return True
    if old_op in ("gte", "gt"):
        return new_value < old_value
    if old_op in ("lte", "lt"):
        return new_value > old_value
    return new_value != old_value


def _condition(condition: tuple[str, float] | None) -> str:
    return "none" if condition is None else f"{condition[0]} {condition[1]:g}"


def _show(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


CAP_KEYS = ("per_iteration_usd", "cumulative_usd", "token_soft_cap")


def _caps(before: SpecView, after: SpecView) -> Iterator[Change]:
    old, new = before.cost_limits, after.cost_limits
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        old_v, new_v = _finite(old.get(key)), _finite(new.get(key))
        looser = key in CAP_KEYS and old_v is not None and (new_v is None or new_v > old_v)
        yield Change("cost_limits", CHANGED, key, f"{_show(old_v) if old_v is not None else old.get(key)!s} -> "
                     f"{_show(new_v) if new_v is not None else new.get(key)!s}", "looser-cap" if looser else "")


def _finite(value: object) -> float | None:
    return float(value) if is_number(value) and math.isfinite(value) else None


# How firmly a safety constraint's action stops the loop (LSS: halt, quarantine, escalate_human, strip, warn).
_STRENGTH = {"halt": 4, "quarantine": 3, "escalate_human": 2, "strip": 1, "warn": 0}


def _constraints(before: SpecView, after: SpecView) -> Iterator[Change]:
    for kind, subject, old, new in _matched(before.constraints, after.constraints):
        if kind in (RENAMED, REMOVED, ADDED):
            yield _membership("safety_constraints", kind, subject, "safety constraint", "removed-constraint")
        else:
            assert old is not None and new is not None
            old_s, new_s = _STRENGTH.get(str(old.get("action")), 0), _STRENGTH.get(str(new.get("action")), 0)
            if new_s < old_s:
                yield Change("safety_constraints", kind, subject,
                             f"action {old.get('action')} -> {new.get('action')}", "weaker-constraint")
            else:
                yield Change("safety_constraints", kind, subject, _changed_keys(old, new))


def _other_fields(before: SpecView, after: SpecView) -> Iterator[Change]:
    for key in ("objective", "memory", "optimization_strategy", "inputs", "composition"):
        if before.data.get(key) != after.data.get(key):
            yield Change(key, CHANGED, key, f"{key} changed")


_COMPARISONS: list[Callable[[SpecView, SpecView], Iterator[Change]]] = [
    _workers, _evaluators, _channels, _metrics, _termination, _caps, _constraints, _other_fields,
]
