"""Worker ids referred to by index (format version 2): ``depends_on: [planner]`` becomes ``dp: [0]``.

A worker id is written once, in its worker; the lists that name workers
(``workers[].depends_on``, ``evaluators[].runs_after``,
``safety_constraints[].applies_to``) write a worker's position in ``workers``
instead, a number that costs one token where an id often costs three or four.
A string that is not a worker id stays a string. So that every list survives,
an element that is already an integer, or a mapping ``{"~r": ...}``, is
wrapped as ``{"~r": element}``. Both passes work on spec data (long keys),
before encoding and after decoding.
"""

from __future__ import annotations

from loopctl.lssmin.keys import RAW_KEY

# (list section, key holding worker ids).
POSITIONS = [("workers", "depends_on"), ("evaluators", "runs_after"), ("safety_constraints", "applies_to")]


class UnknownIndex(ValueError):
    """An index names no worker; carries the JSON pointer of the list."""

    def __init__(self, message: str, pointer: str):
        super().__init__(message)
        self.pointer = pointer


def worker_ids(data: dict) -> list:
    """Return the ids of the spec's workers in order (None for a worker without a string id)."""
    workers = data.get("workers")
    if not isinstance(workers, list):
        return []
    return [w.get("id") if isinstance(w, dict) and isinstance(w.get("id"), str) else None for w in workers]


def to_indices(data: dict) -> dict:
    """Return a copy of spec data with worker ids in the id lists replaced by their indices."""
    ids = worker_ids(data)
    first: dict[str, int] = {}
    for index, name in enumerate(ids):
        if name is not None:
            first.setdefault(name, index)
    return _map(data, lambda value: first.get(value, value) if isinstance(value, str) else _wrap(value))


def from_indices(data: dict) -> dict:
    """Return spec data with indices in the id lists turned back into worker ids; refuses an index out of range."""
    ids = worker_ids(data)

    def back(value, pointer):
        if type(value) is int:
            if not 0 <= value < len(ids) or ids[value] is None:
                raise UnknownIndex(f"index {value} names no worker (the spec has {len(ids)})", pointer)
            return ids[value]
        if isinstance(value, dict) and list(value) == [RAW_KEY]:
            return value[RAW_KEY]
        return value

    return _map(data, back, with_pointer=True)


def _wrap(value):
    if type(value) is int or (isinstance(value, dict) and list(value) == [RAW_KEY]):
        return {RAW_KEY: value}
    return value


def _map(data: dict, change, with_pointer: bool = False) -> dict:
    out = dict(data)
    for section, key in POSITIONS:
        items = data.get(section)
        if not isinstance(items, list):
            continue
        rebuilt = []
        for position, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get(key), list):
                pointer = f"/{section}/{position}/{key}"
                values = [change(v, pointer) if with_pointer else change(v) for v in item[key]]
                item = {**item, key: values}
            rebuilt.append(item)
        out[section] = rebuilt
    return out
