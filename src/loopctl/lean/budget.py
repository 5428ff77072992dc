"""The most faithful form of a spec within a token budget.

The ladder, stopping at the first rung that fits:

1. the spec as written (YAML), when the caller's output is YAML;
2. LSS-min of the whole spec: lossless;
3. LSS-min after the drop steps of ``drops``, applied one step at a time in
   their stated priority, so that only as much goes as the budget forces.

Every rung keeps all workers and yields a spec that validates (a warning the
input already had is tolerated). When even the last rung is over the budget
the answer is ``BudgetError`` with the smallest size reached, never a
truncated or invalid spec.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loopctl.lean import dump, tokens
from loopctl.lean.drops import STEPS
from loopctl.lssmin.minify import minify_text

Counter = Callable[[str], int]


class BudgetError(ValueError):
    """The budget cannot be met without losing a stage or validity; ``smallest`` is the best size reached.

    ``closest`` is the form of that size, which a caller may show in place of the unreachable one.
    """

    def __init__(self, budget: int, smallest: int, unit: str, closest: Fitted):
        super().__init__(f"a budget of {budget:,} {unit} is unreachable: the smallest valid form that keeps every "
                         f"stage is {smallest:,} {unit}")
        self.budget, self.smallest, self.unit, self.closest = budget, smallest, unit, closest


@dataclass
class Fitted:
    """The form chosen for a budget: its data, its text, its format, its size, and what was dropped per step."""

    data: dict
    text: str
    form: str
    size: int
    dropped: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def lossless(self) -> bool:
        """True when nothing was dropped (the text expands to the input spec)."""
        return not self.dropped


def fit(data: dict, budget: int, counter: Counter = tokens.count, start: str = "yaml",
        where: str | Path | None = None, tolerated: set[str] | frozenset = frozenset(), unit: str = "tokens") -> Fitted:
    """Return the most faithful form of ``data`` within ``budget`` (as measured by ``counter``).

    ``start`` is ``"yaml"`` (the written form counts as the first rung) or
    ``"min"``; ``where`` is the folder the result will be saved in (for
    composition refs); ``tolerated`` are warning rules the input already had.
    """
    if budget < 1:
        raise ValueError("the budget must be at least 1")
    if start == "yaml":
        text = dump.dump_yaml(data)
        if counter(text) <= budget:
            return Fitted(data, text, "yaml", counter(text))
    current = copy.deepcopy(data)
    text = minify_text(current)
    size = counter(text)
    dropped: list[tuple[str, list[str]]] = []
    for step in STEPS:
        if size <= budget:
            break
        trial = copy.deepcopy(current)
        taken = step.apply(trial)
        if not taken:
            continue
        current, text = trial, minify_text(trial)
        size = counter(text)
        dropped.append((step.id, taken))
    if size > budget:
        raise BudgetError(budget, size, unit, Fitted(current, text, "lss-min", size, dropped))
    if dropped:
        found = [d for d in dump.problems(current, where) if d.severity == "error" or d.rule not in tolerated]
        if found:
            raise AssertionError("a drop step left an invalid spec:\n" + dump.describe(found))
    return Fitted(current, text, "lss-min", size, dropped)


def format_report(fitted: Fitted, budget: int, unit: str = "tokens") -> str:
    """Return a human-readable account of the chosen form and of everything dropped."""
    lines = [f"{fitted.size:,} {unit} within a budget of {budget:,} ({fitted.form}"
             f"{', lossless' if fitted.lossless else ''})"]
    for step, taken in fitted.dropped:
        lines.append(f"dropped [{step}]: " + "; ".join(taken))
    return "\n".join(lines)
