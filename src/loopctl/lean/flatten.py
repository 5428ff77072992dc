"""Flat merge: several specs become one spec whose single loop runs every stage's workers.

The rules, applied in order:

1. ids are made unique (``rename``) and every reference rewritten; inputs of one
   name and one definition are shared, different definitions are renamed;
2. stages are wired: in ``sequential`` and ``nested`` mode each stage's first
   workers (those depending on nothing) depend on, and read, the previous
   stage's last output worker; ``parallel`` stages stay independent. A nested
   loop cannot run inside one iteration of a flat loop, so ``nested`` is
   approximated by that hand-over and reported;
3. the lead stage (the last stage of a sequence, the outer loop, the first
   branch) keeps its primary metric and its optimization strategy; the other
   stages' primary metrics become ordinary metrics, and their refinement
   targets join ``secondary_targets``;
4. termination and cost caps merge as ``caps`` states; memory takes the most
   durable type, the union of writers and readers and the sum of entry limits;
5. metadata: the classifier's level, the union of patterns (lead first) and
   tags, and the names of the merged specs.
"""

from __future__ import annotations

import copy
from itertools import zip_longest

from loopctl.lean import caps
from loopctl.lean.rename import plan_renames, rename_spec
from loopctl.lssmin.factor import canon
from loopctl.model import as_dict, as_list

MEMORY_DURABILITY = ["ephemeral", "session", "persistent"]


def lead_index(count: int, mode: str) -> int:
    """Return which stage leads: the last of a sequence, else the first (outer loop, first branch)."""
    return count - 1 if mode == "sequential" else 0


def flatten(specs: list[dict], names: list[str], tags: list[str], mode: str, loop_name: str) -> tuple[dict, list, list]:
    """Return (flat spec, rename plans per spec, notes) for already-validated ``specs``."""
    notes: list[str] = []

    def same_input(a: dict, b: dict, name: str) -> bool:
        first = as_dict(as_dict(a.get("inputs")).get("schema")).get(name)
        second = as_dict(as_dict(b.get("inputs")).get("schema")).get(name)
        return canon(first) == canon(second)

    plans = plan_renames(specs, tags, same_input)
    renamed = [rename_spec(s, p) for s, p in zip(specs, plans, strict=False)]
    lead = lead_index(len(specs), mode)
    out: dict = {
        "loop_name": loop_name,
        "version": "1.0.0",
        "objective": _objective(renamed, names, mode),
        "inputs": _inputs(renamed),
        "memory": _memory(renamed),
        "workers": _workers(renamed, mode, notes),
        "evaluators": [e for s in renamed for e in _copies(s.get("evaluators"))],
        "feedback_channels": [c for s in renamed for c in _copies(s.get("feedback_channels"))],
        "optimization_strategy": _optimizer(renamed, lead),
        "termination_conditions": caps.flat_termination(renamed),
        "metrics": _metrics(renamed, lead, names, notes),
        "safety_constraints": [c for s in renamed for c in _copies(s.get("safety_constraints"))],
        "cost_limits": caps.flat_costs(renamed),
    }
    extensions: dict[str, object] = {}
    for spec in renamed:
        for key, value in as_dict(spec.get("extensions")).items():
            extensions.setdefault(key, value)
    if extensions:
        out["extensions"] = extensions
    out["metadata"] = _metadata(renamed, names, mode, lead)
    if mode == "nested":
        notes.append("nested mode in a flat spec: the inner stages run after the outer stage's output within each "
                     "iteration, not as a loop inside it; use a composition to keep true nesting")
    return out, plans, notes


def _copies(value) -> list[dict]:
    return [copy.deepcopy(item) for item in as_list(value) if isinstance(item, dict)]


def _objective(specs: list[dict], names: list[str], mode: str) -> str:
    joined = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    parts = [f"One loop running {joined} as {mode} stages."]
    for name, spec in zip(names, specs, strict=False):
        text = " ".join(str(spec.get("objective", "")).split())
        parts.append(f"{name}: {text}")
    return " ".join(parts)


def _inputs(specs: list[dict]) -> dict:
    schema: dict = {}
    for spec in specs:
        for name, field in as_dict(as_dict(spec.get("inputs")).get("schema")).items():
            schema.setdefault(name, copy.deepcopy(field))
    out: dict[str, object] = {"schema": schema}
    examples = [as_list(as_dict(s.get("inputs")).get("examples")) for s in specs]
    merged = []
    for row in zip_longest(*examples, fillvalue=None):
        combined: dict = {}
        for example in row:
            for key, value in as_dict(example).items():
                combined.setdefault(key, copy.deepcopy(value))
        if combined:
            merged.append(combined)
    if merged:
        out["examples"] = merged
    return out


def _memory(specs: list[dict]) -> dict:
    memories = [as_dict(s.get("memory")) for s in specs]
    kinds = [t for t in (m.get("type") for m in memories) if isinstance(t, str) and t in MEMORY_DURABILITY]
    kind = max(kinds, key=MEMORY_DURABILITY.index, default="ephemeral")
    chosen = next((m for m in memories if m.get("type") == kind), {})
    out: dict = {"type": kind}
    if kind == "persistent":
        backends = {m.get("backend") for m in memories if m.get("type") == "persistent" and m.get("backend")}
        out["backend"] = backends.pop() if len(backends) == 1 else "composite"
    elif "backend" in chosen:
        out["backend"] = chosen["backend"]
    if "retention" in chosen:
        out["retention"] = copy.deepcopy(chosen["retention"])
    writers, schemas, limits = [], [], []
    for m in memories:
        policy = as_dict(m.get("write_policy"))
        writers += [w for w in as_list(policy.get("allowed_writers")) if w not in writers]
        if isinstance(policy.get("schema"), str):
            schemas.append(policy["schema"])
        if isinstance(policy.get("max_entries"), int):
            limits.append(policy["max_entries"])
    if writers:
        policy = {"allowed_writers": writers}
        if schemas:
            policy["schema"] = schemas[0]
        if limits:
            policy["max_entries"] = sum(limits)
        out["write_policy"] = policy
    readers: dict = {}
    for m in memories:
        for worker, areas in as_dict(m.get("read_policy")).items():
            readers.setdefault(worker, [])
            readers[worker] += [a for a in as_list(areas) if a not in readers[worker]]
    if readers:
        out["read_policy"] = readers
    redaction: dict = {}
    for m in memories:
        for key, value in as_dict(m.get("redaction")).items():
            redaction.setdefault(key, value)
    if redaction:
        out["redaction"] = redaction
    return out


def _workers(specs: list[dict], mode: str, notes: list[str]) -> list[dict]:
    out: list[dict] = []
    previous_sink = None
    for spec in specs:
        workers = _copies(spec.get("workers"))
        if previous_sink and mode in ("sequential", "nested"):
            for worker in workers:
                if not worker.get("depends_on"):
                    worker["depends_on"] = [previous_sink]
                    bindings = as_list(worker.get("inputs"))
                    worker["inputs"] = [*bindings, {"from": f"workers.{previous_sink}"}]
                    notes.append(f"worker '{worker.get('id')}' now depends on '{previous_sink}' (stage hand-over)")
        sink = last_worker(workers)
        previous_sink = sink or previous_sink
        out += workers
    return out


def last_worker(workers: list[dict]) -> str | None:
    """Return the last worker that no other worker of the same stage depends on."""
    needed = {d for w in workers for d in as_list(w.get("depends_on"))}
    sinks = [w.get("id") for w in workers if w.get("id") not in needed and isinstance(w.get("id"), str)]
    return sinks[-1] if sinks else None


def _optimizer(specs: list[dict], lead: int) -> dict:
    strategy = copy.deepcopy(as_dict(specs[lead].get("optimization_strategy")))
    declared = [as_dict(s.get("optimization_strategy")).get("max_steps") for s in specs]
    steps = [s for s in declared if isinstance(s, int)]
    if steps:
        strategy["max_steps"] = max(steps)
    config = strategy.setdefault("config", {})
    lead_target = config.get("refinement_target")
    extra = []
    for index, spec in enumerate(specs):
        other = as_dict(as_dict(spec.get("optimization_strategy")).get("config"))
        candidates = [other.get("refinement_target"), *as_list(other.get("secondary_targets"))]
        if index == lead:
            continue
        extra += [t for t in candidates if isinstance(t, str) and t.startswith("workers.")]
        for section in as_list(other.get("preserve_sections")):
            config.setdefault("preserve_sections", [])
            if section not in config["preserve_sections"]:
                config["preserve_sections"].append(section)
    secondary = [t for t in as_list(config.get("secondary_targets")) + extra if t != lead_target]
    secondary = list(dict.fromkeys(secondary))
    if secondary:
        config["secondary_targets"] = secondary
    if not config:
        strategy.pop("config")
    return strategy


def _metrics(specs: list[dict], lead: int, names: list[str], notes: list[str]) -> list[dict]:
    out = []
    for index, spec in enumerate(specs):
        for metric in _copies(spec.get("metrics")):
            if metric.get("primary") is True and index != lead:
                metric.pop("primary")
                notes.append(f"metric '{metric.get('name')}' of {names[index]} is no longer primary; "
                             f"{names[lead]}'s primary metric leads the merged loop")
            out.append(metric)
    return out


def _metadata(specs: list[dict], names: list[str], mode: str, lead: int) -> dict:
    order = [lead] + [i for i in range(len(specs)) if i != lead] if mode == "nested" else range(len(specs))
    patterns, tags = [], []
    for index in order:
        meta = as_dict(specs[index].get("metadata"))
        patterns += [p for p in as_list(meta.get("patterns")) if p not in patterns]
    for spec in specs:
        tags += [t for t in as_list(as_dict(spec.get("metadata")).get("tags")) if t not in tags]
    out: dict = {"taxonomy_level": 1}
    if patterns:
        out["patterns"] = patterns
    out["tags"] = tags + [t for t in ("combined", mode) if t not in tags]
    out["composed_from"] = list(names)
    out["compose_mode"] = mode
    return out

