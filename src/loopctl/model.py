"""A read-only view over a loaded spec that tolerates malformed shapes.

Rules, the scorer, the classifier and the renderers all read specs through
``SpecView`` so that none of them has to guard against a list where a mapping
was expected: malformed parts simply look empty here, and the schema check
reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard

from loopctl.finite import is_finite_number

OPTIMIZER = "optimization_strategy"


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Item:
    """One entry of a spec list: its index, its pointer and its mapping."""

    index: int
    pointer: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        """The entry's ``id`` (or ``name`` for metrics), or an empty string."""
        return _str(self.data.get("id")) or _str(self.data.get("name"))

    def get(self, key: str, default: Any = None) -> Any:
        """Return a key of the entry's mapping."""
        return self.data.get(key, default)


class SpecView:
    """Typed, defensive access to the parts of an LSS spec."""

    def __init__(self, data: object) -> None:
        self.data = data if isinstance(data, dict) else {}

    def items(self, section: str) -> list[Item]:
        """Return the mapping entries of a top-level list such as ``workers``."""
        return [Item(i, f"/{section}/{i}", entry) for i, entry in enumerate(_list(self.data.get(section)))
                if isinstance(entry, dict)]

    def section(self, name: str) -> dict[str, Any]:
        """Return a top-level mapping such as ``cost_limits`` (empty when absent or malformed)."""
        return _dict(self.data.get(name))

    @property
    def name(self) -> str:
        """The spec's ``loop_name``."""
        return _str(self.data.get("loop_name"))

    @property
    def workers(self) -> list[Item]:
        return self.items("workers")

    @property
    def evaluators(self) -> list[Item]:
        return self.items("evaluators")

    @property
    def channels(self) -> list[Item]:
        return self.items("feedback_channels")

    @property
    def metrics(self) -> list[Item]:
        return self.items("metrics")

    @property
    def constraints(self) -> list[Item]:
        return self.items("safety_constraints")

    @property
    def worker_ids(self) -> set[str]:
        return {w.id for w in self.workers if w.id}

    @property
    def evaluator_ids(self) -> set[str]:
        return {e.id for e in self.evaluators if e.id}

    @property
    def metric_names(self) -> set[str]:
        return {m.id for m in self.metrics if m.id}

    @property
    def optimizer(self) -> dict[str, Any]:
        return self.section("optimization_strategy")

    @property
    def optimizer_config(self) -> dict[str, Any]:
        return _dict(self.optimizer.get("config"))

    @property
    def termination(self) -> dict[str, Any]:
        return self.section("termination_conditions")

    def conditions(self, kind: str) -> list[Item]:
        """Return the success, failure or stall conditions as items."""
        return [Item(i, f"/termination_conditions/{kind}/{i}", c)
                for i, c in enumerate(_list(self.termination.get(kind))) if isinstance(c, dict)]

    @property
    def max_iterations(self) -> float | None:
        """The smallest usable max_iterations bound (a finite whole number >= 1), or None."""
        bounds = [c.get("value") for c in self.conditions("failure")
                  if c.get("type") == "max_iterations" and is_iteration_bound(c.get("value"))]
        return min(bounds) if bounds else None

    @property
    def cost_limits(self) -> dict[str, Any]:
        return self.section("cost_limits")

    @property
    def metadata(self) -> dict[str, Any]:
        return self.section("metadata")

    @property
    def composition(self) -> dict[str, Any]:
        return self.section("composition")

    def depends_on(self, worker: Item) -> list[str]:
        """Return the worker ids a worker depends on (strings only)."""
        return [d for d in _list(worker.get("depends_on")) if isinstance(d, str)]

    def runs_after(self, evaluator: Item) -> list[str]:
        """Return the worker ids an evaluator judges, with ``"*"`` expanded to every worker."""
        targets = [t for t in _list(evaluator.get("runs_after")) if isinstance(t, str)]
        if "*" in targets:
            return [w.id for w in self.workers]
        return targets

    def input_bindings(self, worker: Item) -> list[tuple[int, str]]:
        """Return (index, from) for each input binding of a worker."""
        return [(i, b["from"]) for i, b in enumerate(_list(worker.get("inputs")))
                if isinstance(b, dict) and isinstance(b.get("from"), str)]


def _is_number(value: object) -> bool:
    return is_finite_number(value)


def is_number(value: object) -> TypeGuard[int | float]:
    """True for finite ints and floats that fit a double; false for booleans, NaN and infinities."""
    return _is_number(value)


def is_iteration_bound(value: object) -> bool:
    """True for a number that can bound a loop: finite, whole and at least 1."""
    return (_is_number(value) and isinstance(value, (int, float))
            and value >= 1 and float(value).is_integer())


def as_list(value: object) -> list[Any]:
    """Return ``value`` when it is a list, else an empty list."""
    return _list(value)


def as_dict(value: object) -> dict[str, Any]:
    """Return ``value`` when it is a mapping, else an empty mapping."""
    return _dict(value)


def model_key(model: object) -> tuple[str, str] | None:
    """Return (provider, name) of a model mapping, or None when either is missing."""
    fields = _dict(model)
    provider, name = _str(fields.get("provider")), _str(fields.get("name"))
    return (provider, name) if provider and name else None


def reference(value: object, prefix: str) -> str | None:
    """Return the id in ``prefix.<id>`` (for example ``workers.coder``), else None."""
    if isinstance(value, str) and value.startswith(prefix + "."):
        return value[len(prefix) + 1:].split(".", 1)[0]
    return None
