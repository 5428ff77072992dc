"""Where each structural saving of LSS-min applies: the shape of an LSS spec.

A shape says, for one position of a spec, which shorthand the encoder may use
there. ``Obj`` is a mapping with some structured fields (the others are kept
as they are); ``Coll`` is a list (or, with ``keyed``, a map) of items that may
share a defaults block, with the defaults the standard implies for its items
(``implied``) and values derivable from each item (``derive``); ``Ref`` and
``RefList`` hold references written with short prefixes; ``Binding`` is a
worker input binding, written as a bare string when it is ``{from: ...}``.

Both the encoder and the decoder walk the same ``SPEC`` shape, which is what
keeps them inverse to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Obj:
    """A mapping; ``fields`` maps the keys that carry structure to their shapes."""

    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Coll:
    """A list of items (a map of named items when ``keyed``) that may share a defaults block."""

    item: object
    keyed: bool = False
    implied: dict = field(default_factory=dict)
    derive: Callable[[dict], dict] | None = None
    factor: bool = True


@dataclass(frozen=True)
class Ref:
    """A string holding a reference such as ``workers.planner``."""


@dataclass(frozen=True)
class RefList:
    """A list of references."""


@dataclass(frozen=True)
class Binding:
    """A worker input binding ``{from: <reference>}``."""


def evaluator_type(item: dict) -> dict:
    """Return the evaluator ``type`` that an item's other keys imply: each kind has a key only it requires."""
    if "implementation" in item:
        return {"type": "deterministic"}
    if "rubric" in item:
        return {"type": "llm_rubric"}
    if "timeout_seconds" in item:
        return {"type": "human"}
    return {}


REF, REFS = Ref(), RefList()

# Defaults the standard states for optional fields.
IMPLIED_DEFAULTS = [
    ("inputs.schema.<name>", "required", False),
    ("termination_conditions.success[]", "consecutive", 1),
    ("composition.children[]", "role", "stage"),
]
DERIVED = [
    ("evaluators[]", "type", "deterministic when the evaluator has implementation, llm_rubric when it has "
                             "rubric, human when it has timeout_seconds"),
]

SPEC = Obj({
    "inputs": Obj({"schema": Coll(Obj(), keyed=True, implied={"required": False})}),
    "workers": Coll(Obj({"inputs": Coll(Binding(), factor=False)})),
    "evaluators": Coll(Obj({"rubric": Obj({"dimensions": Coll(Obj())})}), derive=evaluator_type),
    "feedback_channels": Coll(Obj({"source": REF, "destination": REF})),
    "optimization_strategy": Obj({"config": Obj({"refinement_target": REF, "secondary_targets": REFS})}),
    "termination_conditions": Obj({
        "success": Coll(Obj(), implied={"consecutive": 1}),
        "failure": Coll(Obj()),
        "stall": Coll(Obj()),
    }),
    "metrics": Coll(Obj({"source": REF})),
    "safety_constraints": Coll(Obj()),
    "composition": Obj({
        "children": Coll(Obj(), implied={"role": "stage"}),
        "adapters": Coll(Obj({"from": REF, "to": REF})),
    }),
})
