"""What a token budget may take away, in the order it is taken: the stated drop priority.

Each step removes or shortens one kind of content everywhere in the spec and
returns a description of what it took. Steps never remove a worker (every
stage stays represented), never leave a reference dangling, never remove a
required field, the iteration bound, the primary metric or the last feedback
path, and never leave a worker unjudged that an evaluator judged before.
The order puts illustration before tuning, tuning before prose, and prose
before behaviour: what a loop *does* is the last thing to go.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from loopctl.model import SpecView, as_dict, as_list, reference

KEEP_TOP = {"loop_name", "version", "objective", "inputs", "memory", "workers", "evaluators", "feedback_channels",
            "optimization_strategy", "termination_conditions", "metrics", "safety_constraints", "cost_limits",
            "composition", "metadata"}


@dataclass(frozen=True)
class Step:
    """One kind of content a budget may drop, with why it goes at this point."""

    id: str
    description: str
    apply: Callable[[dict], list[str]]


def _items(data: dict, section: str) -> list[dict]:
    return [i for i in as_list(data.get(section)) if isinstance(i, dict)]


def _pop_everywhere(containers: list[dict], key: str, label: str) -> list[str]:
    count = 0
    for c in containers:
        if key in c:
            del c[key]
            count += 1
    return [f"{label} ({count})"] if count else []


def drop_examples(data: dict) -> list[str]:
    """Remove inputs.examples: illustrations, not behaviour."""
    examples = as_dict(data.get("inputs")).pop("examples", None)
    return [f"inputs.examples ({len(as_list(examples))})"] if examples is not None else []


def drop_metadata_extras(data: dict) -> list[str]:
    """Remove metadata other than taxonomy_level and patterns."""
    meta = as_dict(data.get("metadata"))
    extra = [k for k in meta if k not in ("taxonomy_level", "patterns")]
    for key in extra:
        del meta[key]
    return [f"metadata.{k}" for k in extra]


def drop_extensions(data: dict) -> list[str]:
    """Remove extensions, vendor x_ keys and other keys the standard does not define."""
    extra = [k for k in data if k not in KEEP_TOP]
    for key in extra:
        del data[key]
    return extra


def drop_notes(data: dict) -> list[str]:
    """Remove explanatory text that no check reads: constraint rules, human instructions."""
    return (_pop_everywhere(_items(data, "safety_constraints"), "rule", "safety_constraints[].rule")
            + _pop_everywhere(_items(data, "evaluators"), "instructions", "evaluators[].instructions"))


def drop_tuning(data: dict) -> list[str]:
    """Remove optional tuning values: timeouts, retries, sampling, caps on feedback size, targets, severities."""
    workers, evaluators = _items(data, "workers"), _items(data, "evaluators")
    models = [as_dict(x.get("model")) for x in workers + evaluators if isinstance(x.get("model"), dict)]
    out = []
    out += _pop_everywhere(workers, "timeout_seconds", "workers[].timeout_seconds")
    out += _pop_everywhere(workers, "retries", "workers[].retries")
    for key in ("temperature", "top_p", "max_tokens"):
        out += _pop_everywhere(models, key, f"model.{key}")
    out += _pop_everywhere(_items(data, "feedback_channels"), "max_tokens", "feedback_channels[].max_tokens")
    out += _pop_everywhere(_items(data, "metrics"), "target", "metrics[].target")
    out += _pop_everywhere(_items(data, "metrics"), "regression_threshold", "metrics[].regression_threshold")
    constraints = _items(data, "safety_constraints")
    out += _pop_everywhere(constraints, "severity", "safety_constraints[].severity")
    out += _pop_everywhere(constraints, "on_error", "safety_constraints[].on_error")
    out += _pop_everywhere(evaluators, "aggregation", "evaluators[].aggregation")
    termination = as_dict(data.get("termination_conditions"))
    conditions = _dicts_in(termination.get("success")) + _dicts_in(termination.get("failure"))
    out += _pop_everywhere(conditions, "consecutive", "termination consecutive")
    costs = as_dict(data.get("cost_limits"))
    for key in ("token_soft_cap", "on_approach", "price_table_ref"):
        out += _pop_everywhere([costs], key, f"cost_limits.{key}")
    out += _pop_everywhere([as_dict(data.get("optimization_strategy"))], "rollback", "optimization_strategy.rollback")
    return out


def _dicts_in(value) -> list[dict]:
    return [i for i in as_list(value) if isinstance(i, dict)]


def drop_input_detail(data: dict) -> list[str]:
    """Remove input constraints and defaults (lengths, pattern, bounds, default, item type)."""
    fields = [f for f in as_dict(as_dict(data.get("inputs")).get("schema")).values() if isinstance(f, dict)]
    out = []
    for key in ("min_length", "max_length", "pattern", "minimum", "maximum", "default", "items"):
        out += _pop_everywhere(fields, key, f"inputs.schema.*.{key}")
    return out


def drop_channel_detail(data: dict) -> list[str]:
    """Remove what a feedback channel carries in detail (fields, template); the channel and its condition stay."""
    channels = _items(data, "feedback_channels")
    return (_pop_everywhere(channels, "fields", "feedback_channels[].fields")
            + _pop_everywhere(channels, "template_ref", "feedback_channels[].template_ref"))


def drop_optimizer_detail(data: dict) -> list[str]:
    """Remove the optimizer's secondary targets, preserved sections and human-gate settings."""
    config = as_dict(as_dict(data.get("optimization_strategy")).get("config"))
    out = []
    for key in ("secondary_targets", "preserve_sections", "human_gate_on"):
        out += _pop_everywhere([config], key, f"optimization_strategy.config.{key}")
    return out


def merge_constraints(data: dict) -> list[str]:
    """Merge safety constraints that differ only in id and workers into one covering all their workers."""
    merged: dict[str, dict] = {}
    kept, gone = [], []
    for constraint in as_list(data.get("safety_constraints")):
        if not isinstance(constraint, dict) or not isinstance(constraint.get("applies_to"), list):
            kept.append(constraint)
            continue
        key = repr(sorted((k, repr(v)) for k, v in constraint.items() if k not in ("id", "applies_to")))
        if key in merged and "*" not in merged[key]["applies_to"] and "*" not in constraint["applies_to"]:
            target = merged[key]
            target["applies_to"] += [w for w in constraint["applies_to"] if w not in target["applies_to"]]
            gone.append(f"safety constraint {constraint.get('id')} (merged into {target.get('id')})")
        else:
            merged[key] = constraint
            kept.append(constraint)
    if gone:
        data["safety_constraints"] = kept
    return gone


def drop_unused_metrics(data: dict) -> list[str]:
    """Remove metrics that are not primary and that no termination condition names."""
    termination = as_dict(data.get("termination_conditions"))
    named = {c.get("metric") for kind in ("success", "stall") for c in _dicts_in(termination.get(kind))}
    kept, dropped = [], []
    for metric in as_list(data.get("metrics")):
        if isinstance(metric, dict) and metric.get("primary") is not True and metric.get("name") not in named:
            dropped.append(f"metric {metric.get('name')}")
        else:
            kept.append(metric)
    if dropped:
        data["metrics"] = kept
    return dropped


def drop_memory_detail(data: dict) -> list[str]:
    """Remove memory details the loop runs without: retention, read policy, redaction, write schema and limit."""
    memory = as_dict(data.get("memory"))
    out = _pop_everywhere([memory], "retention", "memory.retention")
    out += _pop_everywhere([memory], "read_policy", "memory.read_policy")
    out += _pop_everywhere([memory], "redaction", "memory.redaction")
    policy = as_dict(memory.get("write_policy"))
    out += _pop_everywhere([policy], "schema", "memory.write_policy.schema")
    out += _pop_everywhere([policy], "max_entries", "memory.write_policy.max_entries")
    return out


def _shorten(limit: int | None) -> Callable[[dict], list[str]]:
    def apply(data: dict) -> list[str]:
        count = 0
        for container, key in _prose(data):
            before = container[key]
            after = shorten_text(before, limit, minimum=10 if key == "objective" else 1)
            if after != before:
                container[key] = after
                count += 1
        if not count:
            return []
        what = "to the first sentence" if limit is None else f"to at most {limit} words"
        return [f"prose shortened {what} ({count} fields)"]
    return apply


def _prose(data: dict) -> list[tuple[dict, str]]:
    """Return (container, key) of every free-text field whose content is description, not behaviour."""
    spots: list[tuple[dict, str]] = [(data, "objective")] if isinstance(data.get("objective"), str) else []
    for field in as_dict(as_dict(data.get("inputs")).get("schema")).values():
        if isinstance(field, dict) and isinstance(field.get("description"), str):
            spots.append((field, "description"))
    spots += [(w, "role") for w in _items(data, "workers") if isinstance(w.get("role"), str)]
    spots += [(m, "definition") for m in _items(data, "metrics") if isinstance(m.get("definition"), str)]
    for e in _items(data, "evaluators"):
        for dim in _dicts_in(as_dict(e.get("rubric")).get("dimensions")):
            if isinstance(dim.get("criteria"), str):
                spots.append((dim, "criteria"))
    return spots


_SENTENCE = re.compile(r"(?<=[.;:!?])\s")


def shorten_text(text: str, limit: int | None, minimum: int = 1) -> str:
    """Return ``text`` cut to its first sentence (``limit`` None) or to ``limit`` words.

    A cut shorter than ``minimum`` characters is refused: the text comes back unchanged.
    """
    flat = " ".join(text.split())
    if limit is None:
        cut = _SENTENCE.split(flat, maxsplit=1)[0]
    else:
        cut = " ".join(flat.split(" ")[:limit]).rstrip(",;:")
    if len(cut) < minimum:
        return flat if len(flat) >= minimum else text
    return cut if len(cut) < len(flat) else text


def drop_optimizer_channels(data: dict) -> list[str]:
    """Remove feedback channels to the optimizer where another channel already reaches a worker."""
    channels = _items(data, "feedback_channels")
    to_workers = [c for c in channels if reference(c.get("destination"), "workers")]
    if not to_workers:
        return []
    kept = [c for c in channels if c in to_workers]
    dropped = [f"feedback channel {c.get('id')}" for c in channels if c not in to_workers]
    if dropped:
        data["feedback_channels"] = kept
    return dropped


def drop_stall(data: dict) -> list[str]:
    """Remove stall conditions (the iteration bound still stops the loop)."""
    termination = as_dict(data.get("termination_conditions"))
    stall = termination.pop("stall", None)
    return [f"stall conditions ({len(as_list(stall))})"] if stall else []


def drop_extra_evaluators(data: dict) -> list[str]:
    """Remove evaluators whose workers another evaluator also judges (LLM rubrics first, then the larger ones).

    The evaluator behind the primary metric stays, and so does every worker's last judge;
    channels and metrics that came from a removed evaluator go with it.
    """
    spec = SpecView(data)
    primary = {reference(m.get("source"), "evaluators") for m in spec.metrics if m.get("primary") is True}
    evaluators = _items(data, "evaluators")
    order = sorted(evaluators, key=lambda e: (e.get("type") == "deterministic", -len(str(e))))
    dropped: list[str] = []
    for evaluator in order:
        if evaluator.get("id") in primary:
            continue
        remaining = [e for e in evaluators if e is not evaluator and e.get("id") not in dropped]
        judged = _judged(data, evaluator)
        still = set().union(*[_judged(data, e) for e in remaining]) if remaining else set()
        if not judged <= still:
            continue
        channels = _items(data, "feedback_channels")
        left = [c for c in channels if reference(c.get("source"), "evaluators") != evaluator.get("id")
                and not _channel_from(c, dropped)]
        if not left:
            continue
        evaluator_id = evaluator.get("id")
        if isinstance(evaluator_id, str):
            dropped.append(evaluator_id)
    if not dropped:
        return []
    return _remove_evaluators(data, set(dropped))


def _judged(data: dict, evaluator: dict) -> set[str]:
    targets = [t for t in as_list(evaluator.get("runs_after")) if isinstance(t, str)]
    if "*" in targets:
        return {w["id"] for w in _items(data, "workers") if isinstance(w.get("id"), str)}
    return set(targets)


def _channel_from(channel: dict, evaluator_ids: list[str]) -> bool:
    return reference(channel.get("source"), "evaluators") in evaluator_ids


def _remove_evaluators(data: dict, ids: set[str]) -> list[str]:
    out = [f"evaluator {i}" for i in sorted(ids)]
    data["evaluators"] = [e for e in _items(data, "evaluators") if e.get("id") not in ids]
    channels = _items(data, "feedback_channels")
    data["feedback_channels"] = [c for c in channels if not _channel_from(c, list(ids))]
    out += [f"feedback channel {c.get('id')}" for c in channels if _channel_from(c, list(ids))]
    metrics = _items(data, "metrics")
    gone = {m["name"] for m in metrics
            if isinstance(m.get("name"), str) and reference(m.get("source"), "evaluators") in ids}
    data["metrics"] = [m for m in metrics
                       if m.get("name") not in gone and reference(m.get("source"), "evaluators") not in ids]
    out += [f"metric {name}" for name in sorted(gone)]
    termination = as_dict(data.get("termination_conditions"))
    for kind in ("success", "stall"):
        if kind in termination:
            kept = [c for c in _dicts_in(termination[kind]) if c.get("metric") not in gone]
            if len(kept) != len(termination[kind]):
                out.append(f"{kind} conditions on {', '.join(sorted(gone))}")
            if kept:
                termination[kind] = kept
            else:
                del termination[kind]
    return out


def drop_tools(data: dict) -> list[str]:
    """Remove worker tool lists and safety constraint configs (the constraints themselves stay)."""
    return (_pop_everywhere(_items(data, "workers"), "tools", "workers[].tools")
            + _pop_everywhere(_items(data, "safety_constraints"), "config", "safety_constraints[].config")
            + _pop_everywhere([o for w in _items(data, "workers") for o in [as_dict(w.get("outputs"))]],
                              "schema_ref", "outputs.schema_ref"))


STEPS: list[Step] = [
    Step("examples", "input examples: illustration only", drop_examples),
    Step("metadata", "metadata other than taxonomy_level and patterns", drop_metadata_extras),
    Step("extensions", "extensions and keys the standard does not define", drop_extensions),
    Step("notes", "explanatory text no check reads (constraint rule, human instructions)", drop_notes),
    Step("tuning", "optional tuning: timeouts, retries, sampling, feedback caps, targets, severities, soft caps, "
                   "rollback", drop_tuning),
    Step("input-detail", "input constraints and defaults (lengths, pattern, bounds, default, item type)",
         drop_input_detail),
    Step("unused-metrics", "metrics that are not primary and that no condition names", drop_unused_metrics),
    Step("memory-detail", "memory retention, read policy, redaction, write schema and limit", drop_memory_detail),
    Step("prose-sentence", "descriptions, roles, definitions, criteria and the objective cut to their first "
                           "sentence", _shorten(None)),
    Step("optimizer-channels", "feedback channels to the optimizer, when another channel reaches a worker",
         drop_optimizer_channels),
    Step("channel-detail", "the fields and template of feedback channels (channels and conditions stay)",
         drop_channel_detail),
    Step("stall", "stall conditions (the iteration bound still stops the loop)", drop_stall),
    Step("prose-12", "prose cut to 12 words", _shorten(12)),
    Step("tools", "worker tool lists, constraint configs and output schema refs", drop_tools),
    Step("merge-constraints", "safety constraints that differ only in id and workers, merged into one",
         merge_constraints),
    Step("optimizer-detail", "the optimizer's secondary targets, preserved sections and human-gate settings",
         drop_optimizer_detail),
    Step("extra-evaluators", "evaluators whose workers another evaluator also judges, with their channels and "
                             "metrics", drop_extra_evaluators),
    Step("prose-6", "prose cut to 6 words", _shorten(6)),
    Step("prose-3", "prose cut to 3 words", _shorten(3)),
]


def render_drop_table() -> str:
    """Return the Markdown table of the drop priority (first dropped first)."""
    rows = ["| order | step | what goes |", "|---|---|---|"]
    rows += [f"| {n} | `{s.id}` | {s.description} |" for n, s in enumerate(STEPS, start=1)]
    return "\n".join(rows)
