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

from collections.abc import Callable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Obj:
    """A mapping; ``fields`` maps the keys that carry structure to their shapes."""

    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Coll:
    """A list of items (a map of named items when ``keyed``) that may share a defaults block.

    From format version 2, a ``by_id`` list whose items all have distinct string ids is written as
    a map from id to item; a ``pool`` list takes its starting defaults from the spec-wide pool of
    that name (the ``~p`` marker), chosen over every instance of the list in the spec. From
    version 3, a ``columns`` list may write its items as rows under a header of column keys
    (``columns``), or under ``implied_columns`` without a header; a ``words`` list of bindings
    may be written as one string of words (``words``).
    """

    item: Obj | Binding
    keyed: bool = False
    implied: dict = field(default_factory=dict)
    derive: Callable[[dict], dict] | None = None
    factor: bool = True
    by_id: bool = False
    pool: str | None = None
    columns: bool = False
    implied_columns: tuple[str, ...] = ()
    words: bool = False

    @property
    def block_shape(self) -> Obj:
        """The shape of the defaults block: the item's, or a plain mapping when the items are bindings."""
        return self.item if isinstance(self.item, Obj) else Obj()


@dataclass(frozen=True)
class Ref:
    """A string holding a reference such as ``workers.planner``."""


@dataclass(frozen=True)
class RefList:
    """A list of references."""


@dataclass(frozen=True)
class Words:
    """(version 3) A list of strings, written as one string of words when it can be (``words``)."""

    refs: bool = False   # the elements are references, written with short prefixes


@dataclass(frozen=True)
class Indices:
    """(version 3) A list of worker positions (``depends_on``, ``runs_after``, ``applies_to``); one alone is bare."""


@dataclass(frozen=True)
class Each:
    """A mapping with free keys whose every value has the shape ``value``."""

    value: object


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

SPEC_V1 = Obj({
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
"""The shape of format version 1; ``expand`` keeps reading it."""

DIMENSIONS_POOL = "dm"

SPEC_V2 = Obj({
    **SPEC_V1.fields,
    "workers": Coll(Obj({"inputs": Coll(Binding(), factor=False)}), by_id=True),
    "evaluators": Coll(Obj({"rubric": Obj({"dimensions": Coll(Obj(), pool=DIMENSIONS_POOL)})}),
                       derive=evaluator_type, by_id=True),
    "feedback_channels": Coll(Obj({"source": REF, "destination": REF}), by_id=True),
    "safety_constraints": Coll(Obj(), by_id=True),
})
"""The shape of format version 2: id-keyed lists and pooled rubric dimensions."""


WORDS = Words()
INDICES = Indices()
DIMENSION_COLUMNS = ("n", "wt", "cr")   # codes of name, weight, criteria: a rubric dimension's usual keys

SPEC_V3 = Obj({
    "inputs": Obj({"schema": Coll(Obj({"values": WORDS}), keyed=True, implied={"required": False}, columns=True)}),
    "memory": Obj({"write_policy": Obj({"allowed_writers": WORDS}), "read_policy": Each(WORDS)}),
    "workers": Coll(Obj({"inputs": Coll(Binding(), factor=False, words=True), "tools": WORDS,
                         "depends_on": INDICES}),
                    by_id=True, columns=True),
    "evaluators": Coll(Obj({"rubric": Obj({"dimensions": Coll(Obj(), pool=DIMENSIONS_POOL, columns=True,
                                                              implied_columns=DIMENSION_COLUMNS)}),
                            "runs_after": INDICES}),
                       derive=evaluator_type, by_id=True, columns=True),
    "feedback_channels": Coll(Obj({"source": REF, "destination": REF, "fields": WORDS}), by_id=True, columns=True),
    "optimization_strategy": Obj({"config": Obj({"refinement_target": REF, "secondary_targets": Words(refs=True),
                                                 "preserve_sections": WORDS})}),
    "termination_conditions": Obj({
        "success": Coll(Obj(), implied={"consecutive": 1}, columns=True),
        "failure": Coll(Obj(), columns=True),
        "stall": Coll(Obj(), columns=True),
    }),
    "metrics": Coll(Obj({"source": REF}), columns=True),
    "safety_constraints": Coll(Obj({"applies_to": INDICES}), by_id=True, columns=True),
    "metadata": Obj({"patterns": WORDS, "tags": WORDS}),
    "composition": Obj({
        "children": Coll(Obj(), implied={"role": "stage"}, columns=True),
        "adapters": Coll(Obj({"from": REF, "to": REF}), columns=True),
    }),
})
"""The shape of format version 3: version 2, with items written as rows under column keys and string lists as
words."""

SPEC = SPEC_V3
SHAPES = {1: SPEC_V1, 2: SPEC_V2, 3: SPEC_V3}


def pooled(shape: Obj, pools: dict) -> Obj:
    """Return ``shape`` with each ``pool`` list's implied defaults extended by ``pools[name]``."""
    def walk(node):
        if isinstance(node, Obj):
            return Obj({key: walk(value) for key, value in node.fields.items()})
        if isinstance(node, Coll):
            implied = node.implied
            if node.pool is not None and node.pool in pools:
                implied = {**implied, **pools[node.pool]}
            return replace(node, item=walk(node.item), implied=implied)
        return node
    return walk(shape)


def pool_items(data: dict) -> dict:
    """Return, by pool name, every item of the spec's pooled lists (the rubric dimensions of all evaluators)."""
    dimensions = []
    evaluators = data.get("evaluators")
    for evaluator in evaluators if isinstance(evaluators, list) else []:
        rubric = evaluator.get("rubric") if isinstance(evaluator, dict) else None
        found = rubric.get("dimensions") if isinstance(rubric, dict) else None
        if isinstance(found, list):
            dimensions += [d for d in found if isinstance(d, dict)]
    return {DIMENSIONS_POOL: dimensions}
