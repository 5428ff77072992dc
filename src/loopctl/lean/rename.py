"""Unique ids across merged specs, and the rewriting of every reference that names a renamed thing.

When specs are merged into one, ids of workers, evaluators, channels, safety
constraints, metric names and input names may collide. The first spec to use
an id keeps it; a later spec's colliding id becomes ``<id>_<tag>`` where the
tag is the initials of that spec's loop name (``autonomous-debugger`` -> ``ad``),
with a number added while it still collides. ``rename_spec`` then rewrites
every place the standard lets a spec name one of those things, so no
reference is left dangling.
"""

from __future__ import annotations

import copy
import re

from loopctl.model import as_dict, as_list

NAMESPACES = ("workers", "evaluators", "feedback_channels", "safety_constraints", "metrics", "inputs")
_ID_KEY = {"metrics": "name"}


def tag_for(loop_name: str, taken: set[str]) -> str:
    """Return a short tag for a spec: initials of its loop name, numbered when already taken."""
    words = [w for w in re.split(r"[^a-z0-9]+", str(loop_name).lower()) if w]
    base = "".join(w[0] for w in words if w[0].isalpha()) or "s"
    tag, number = base, 2
    while tag in taken:
        tag, number = f"{base}{number}", number + 1
    return tag


def ids_of(spec: dict, namespace: str) -> list[str]:
    """Return the ids a spec defines in one namespace (input names for ``inputs``)."""
    if namespace == "inputs":
        return list(as_dict(as_dict(spec.get("inputs")).get("schema")))
    key = _ID_KEY.get(namespace, "id")
    return [item[key] for item in as_list(spec.get(namespace)) if isinstance(item, dict)
            and isinstance(item.get(key), str)]


def plan_renames(specs: list[dict], tags: list[str], same_input=None) -> list[dict[str, dict[str, str]]]:
    """Return, for each spec, namespace -> {old id: new id} for the ids that must change to stay unique.

    ``same_input(a, b)`` may tell that two specs' inputs of one name are the same input,
    which is then shared rather than renamed.
    """
    taken: dict[str, dict[str, int]] = {ns: {} for ns in NAMESPACES}
    plans = []
    for index, (spec, tag) in enumerate(zip(specs, tags, strict=False)):
        plan: dict[str, dict[str, str]] = {ns: {} for ns in NAMESPACES}
        for ns in NAMESPACES:
            for old in ids_of(spec, ns):
                owner = taken[ns].get(old)
                if owner is None:
                    taken[ns][old] = index
                    continue
                if ns == "inputs" and same_input is not None and same_input(specs[owner], spec, old):
                    continue
                new = _fresh(old, tag, taken[ns], metric=(ns == "metrics"))
                taken[ns][new] = index
                plan[ns][old] = new
        plans.append(plan)
    return plans


def _fresh(old: str, tag: str, taken: dict, metric: bool) -> str:
    tag = tag.replace("-", "_") if metric else tag
    base = f"{old}_{tag}"
    new, number = base, 2
    while new in taken:
        new, number = f"{base}{number}", number + 1
    return new


def rename_spec(spec: dict, plan: dict[str, dict[str, str]]) -> dict:
    """Return a copy of ``spec`` with the planned ids changed everywhere they are referenced.

    ``runs_after: ["*"]`` and ``applies_to: ["*"]`` become this spec's own worker
    list, so that after a merge they still mean "the workers of this spec".
    """
    out = copy.deepcopy(spec)
    workers, evaluators = plan.get("workers", {}), plan.get("evaluators", {})
    metrics, inputs = plan.get("metrics", {}), plan.get("inputs", {})
    own_workers = [workers.get(w, w) for w in ids_of(spec, "workers")]

    def ref(value):
        return _rename_ref(value, {"workers": workers, "evaluators": evaluators, "inputs": inputs})

    schema = as_dict(as_dict(out.get("inputs")).get("schema"))
    if inputs and schema:
        out["inputs"]["schema"] = {inputs.get(k, k): v for k, v in schema.items()}
        for example in _dicts(out["inputs"].get("examples")):
            renamed = {inputs.get(k, k): v for k, v in example.items()}
            example.clear()
            example.update(renamed)
    for w in _dicts(out.get("workers")):
        w["id"] = _renamed(workers, w.get("id"))
        if isinstance(w.get("depends_on"), list):
            w["depends_on"] = [workers.get(d, d) for d in w["depends_on"]]
        for binding in _dicts(w.get("inputs")):
            binding["from"] = ref(binding.get("from"))
    for e in _dicts(out.get("evaluators")):
        e["id"] = _renamed(evaluators, e.get("id"))
        if isinstance(e.get("runs_after"), list):
            e["runs_after"] = _expand_star([workers.get(t, t) for t in e["runs_after"]], own_workers)
    for c in _dicts(out.get("feedback_channels")):
        c["id"] = _renamed(plan.get("feedback_channels", {}), c.get("id"))
        c["source"], c["destination"] = ref(c.get("source")), ref(c.get("destination"))
    for m in _dicts(out.get("metrics")):
        m["name"] = _renamed(metrics, m.get("name"))
        m["source"] = ref(m.get("source"))
    termination = as_dict(out.get("termination_conditions"))
    for kind in ("success", "stall"):
        for condition in _dicts(termination.get(kind)):
            condition["metric"] = _renamed(metrics, condition.get("metric"))
    for s in _dicts(out.get("safety_constraints")):
        s["id"] = _renamed(plan.get("safety_constraints", {}), s.get("id"))
        if isinstance(s.get("applies_to"), list):
            s["applies_to"] = _expand_star([workers.get(t, t) for t in s["applies_to"]], own_workers)
    config = as_dict(as_dict(out.get("optimization_strategy")).get("config"))
    if "refinement_target" in config:
        config["refinement_target"] = ref(config["refinement_target"])
    if isinstance(config.get("secondary_targets"), list):
        config["secondary_targets"] = [ref(t) for t in config["secondary_targets"]]
    if isinstance(config.get("search_space"), dict):
        config["search_space"] = {ref(k): v for k, v in config["search_space"].items()}
    memory = as_dict(out.get("memory"))
    policy = as_dict(memory.get("write_policy"))
    if isinstance(policy.get("allowed_writers"), list):
        policy["allowed_writers"] = [workers.get(w, ref(w)) for w in policy["allowed_writers"]]
    if isinstance(memory.get("read_policy"), dict):
        memory["read_policy"] = {workers.get(k, k): v for k, v in memory["read_policy"].items()}
    return out


def _rename_ref(value, maps: dict[str, dict[str, str]]):
    """Rewrite ``<namespace>.<id>[.<rest>]`` when the id is renamed; other values are returned unchanged."""
    if not isinstance(value, str) or "." not in value:
        return value
    namespace, _, rest = value.partition(".")
    name, dot, tail = rest.partition(".")
    mapping = maps.get(namespace, {})
    if name in mapping:
        return f"{namespace}.{mapping[name]}{dot}{tail}"
    return value


def _renamed(names: dict[str, str], value: object) -> object:
    """Return the new name of an id, or ``value`` unchanged when it is not a renamed id."""
    return names.get(value, value) if isinstance(value, str) else value


def _expand_star(targets: list, own_workers: list[str]) -> list:
    if "*" not in targets:
        return targets
    out = [t for t in targets if t != "*"]
    return out + [w for w in own_workers if w not in out]


def _dicts(value) -> list[dict]:
    return [item for item in as_list(value) if isinstance(item, dict)]
