"""The reference-prefix codec: ``workers.planner`` <-> ``w.planner`` in fields that hold references.

Applied only where the standard puts a reference (worker input bindings,
feedback sources and destinations, metric sources, refinement targets,
adapter ends). Like the key codec it is a bijection on all strings: a value
that already starts with a short prefix, or with ``~``, gets one ``~`` in
front, so any string survives the round trip.
"""

from __future__ import annotations

# (long prefix, short prefix). The short prefixes are prefix-free among themselves.
PREFIXES: list[tuple[str, str]] = [
    ("optimization_strategy", "o"),
    ("evaluators.", "e."),
    ("workers.", "w."),
    ("inputs.", "i."),
    ("memory.", "m."),
    ("telemetry.", "t."),
    ("children.", "c."),
]


def encode_ref(value):
    """Return the LSS-min form of a reference string; other values are returned unchanged."""
    if not isinstance(value, str):
        return value
    for long, short in PREFIXES:
        if value.startswith(long):
            return short + value[len(long):]
    if value.startswith("~") or any(value.startswith(short) for _, short in PREFIXES):
        return "~" + value
    return value


def decode_ref(value):
    """Return the reference string of an LSS-min value (the inverse of ``encode_ref``)."""
    if not isinstance(value, str):
        return value
    if value.startswith("~"):
        return value[1:]
    for long, short in PREFIXES:
        if value.startswith(short):
            return long + value[len(short):]
    return value


def render_prefix_table() -> str:
    """Return the Markdown table of reference prefixes and their short forms."""
    rows = ["| reference prefix | LSS-min prefix |", "|---|---|"]
    rows += [f"| `{long}` | `{short}` |" for long, short in PREFIXES]
    return "\n".join(rows)
