"""Which numbers a loop can use: finite ones, small enough to be a double.

YAML reads ``.nan``, ``.inf`` and ``1.0e+400`` as floats that are not finite,
and JSON (as Python reads it) accepts ``NaN``, ``Infinity`` and ``1e400``. Such
values slip through every range check (``nan >= 1`` and ``nan < 1`` are both
false), so the engine treats them as "not a number" everywhere and the schema
check reports each one.
"""

from __future__ import annotations

import math
import sys

_LARGEST = sys.float_info.max


def is_finite_number(value) -> bool:
    """True for an int or float (never a bool) that is finite and fits in a double."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    return -_LARGEST <= value <= _LARGEST


def non_finite_problem(value) -> str | None:
    """Describe why a number is unusable ("NaN", "infinite", "too large"), or None when it is fine."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or is_finite_number(value):
        return None
    if isinstance(value, float):
        return "NaN, not a number," if math.isnan(value) else "infinite"
    return "too large to be used as a number"


def non_finite_values(data, pointer: str = "") -> list[tuple[str, object]]:
    """Return (JSON pointer, value) of every unusable number inside ``data``, in document order."""
    found, stack = [], [(pointer, data)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            children = [(f"{here}/{_token(k)}", v) for k, v in node.items()]
        elif isinstance(node, list):
            children = [(f"{here}/{i}", v) for i, v in enumerate(node)]
        else:
            if non_finite_problem(node) is not None:
                found.append((here, node))
            continue
        stack.extend(reversed(children))
    return found


def _token(key) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
