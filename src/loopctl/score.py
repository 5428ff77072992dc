"""LES 1.0 design-time estimate: eight category scores read from a spec's structure.

This is an estimate, never a measurement: it rewards what the discipline
values (computable evaluators, bounded iterations, stall rules, cost caps,
safety constraints) and explains every point it gives. Each category function
returns a score in [0, 1] and the reasons that produced it. Measured runs are
scored by ``observed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopctl.graph import dependency_edges, layers
from loopctl.model import Item, SpecView, as_dict, as_list, is_number

WEIGHTS = {
    "effectiveness": 0.20,
    "speed": 0.15,
    "cost": 0.12,
    "robustness": 0.13,
    "scalability": 0.10,
    "safety": 0.12,
    "adaptability": 0.10,
    "autonomy": 0.08,
}

QUESTIONS = {
    "effectiveness": "Does the loop reach its goal within budget?",
    "speed": "How fast does an iteration complete?",
    "cost": "What does a unit of goal progress cost?",
    "robustness": "Does quality hold under perturbation?",
    "scalability": "Do quality and cost hold at higher load?",
    "safety": "Are harmful or policy-violating outcomes prevented?",
    "adaptability": "Does it handle out-of-distribution inputs without reconfiguration?",
    "autonomy": "How much human intervention does it need?",
}

BANDS = [
    (90.0, "production-grade"),
    (75.0, "strong"),
    (60.0, "functional"),
    (40.0, "fragile"),
    (0.0, "non-viable"),
]

BAND_MEANINGS = {
    "production-grade": "ready for production use",
    "strong": "sound, with specific gaps to close",
    "functional": "works; structural changes are likely needed",
    "fragile": "high risk of regressions",
    "non-viable": "not fit for use as designed",
}


def band_for(display: float) -> str:
    """Return the interpretation band of a display score (0-100)."""
    for minimum, name in BANDS:
        if display >= minimum:
            return name
    return BANDS[-1][1]


@dataclass
class Category:
    """One category's estimate, its weight, and the reasons behind it."""

    score: float
    weight: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Scorecard:
    """The design-time LES of a spec."""

    les: float
    les_display: float
    band: str
    categories: dict[str, Category]
    estimate: bool = True

    def as_dict(self) -> dict:
        """Return the stable JSON contract of ``score --json``."""
        return {
            "les": self.les,
            "les_display": self.les_display,
            "band": self.band,
            "estimate": self.estimate,
            "categories": {name: {"score": c.score, "weight": c.weight, "reasons": list(c.reasons)}
                           for name, c in self.categories.items()},
        }


class _Tally:
    """Accumulates points with the reason for each, clamped to [0, 1] at the end."""

    def __init__(self, base: float, why: str):
        self.value = base
        self.reasons = [f"{base:.2f} base: {why}"]

    def add(self, points: float, why: str) -> None:
        self.value += points
        self.reasons.append(f"{points:+.2f} {why}")

    def result(self, weight: float) -> Category:
        return Category(round(min(max(self.value, 0.0), 1.0), 2), weight, self.reasons)


def estimate(data: dict[str, Any]) -> Scorecard:
    """Return the design-time LES estimate of a spec (plain data, ideally already validated)."""
    spec = SpecView(data)
    categories = {name: function(spec).result(WEIGHTS[name]) for name, function in _CATEGORY_FUNCTIONS.items()}
    les = round(sum(c.score * c.weight for c in categories.values()), 4)
    display = round(les * 100, 1)
    return Scorecard(round(les, 2), display, band_for(display), categories)


def _evaluator_kinds(spec: SpecView) -> set[str]:
    return {e.get("type") for e in spec.evaluators if isinstance(e.get("type"), str)}


def _primary(spec: SpecView) -> Item | None:
    return next((m for m in spec.metrics if m.get("primary") is True), None)


def _effectiveness(spec: SpecView) -> _Tally:
    t = _Tally(0.25, "every loop starts here")
    primary = _primary(spec)
    if primary is not None and any(c.get("metric") == primary.id for c in spec.conditions("success")):
        t.add(0.15, f"a success condition tests the primary metric '{primary.id}'")
    elif spec.conditions("success"):
        t.add(0.05, "success conditions exist, but none tests the primary metric")
    if primary is not None and is_number(primary.get("target")):
        t.add(0.05, "the primary metric has a target")
    kinds = _evaluator_kinds(spec)
    if "deterministic" in kinds:
        t.add(0.2, "a deterministic evaluator computes a check that cannot be argued with")
    rubrics = [e for e in spec.evaluators if e.get("type") == "llm_rubric"]
    dimensions = max((len(as_list(as_dict(e.get("rubric")).get("dimensions"))) for e in rubrics), default=0)
    if dimensions >= 2:
        t.add(0.1, f"a rubric scores {dimensions} separate dimensions")
    elif dimensions == 1:
        t.add(0.05, "a rubric scores one dimension")
    actionable = [c for c in spec.channels if str(c.get("destination", "")).startswith("workers.")
                  and {"remediation_hints", "failure_codes"} & {f for f in as_list(c.get("fields")) if isinstance(f, str)}]
    if actionable:
        t.add(0.15, "feedback carries failure codes or remediation hints straight to a worker")
    elif any(str(c.get("destination", "")).startswith("workers.") for c in spec.channels):
        t.add(0.08, "feedback reaches a worker, without failure codes or hints")
    if spec.optimizer.get("type") not in (None, "manual"):
        t.add(0.05, f"an automatic optimizer ({spec.optimizer.get('type')}) improves between iterations")
    return t


def _speed(spec: SpecView) -> _Tally:
    t = _Tally(0.85, "a single model call per iteration is fast")
    depth = len(layers(dependency_edges(spec)))
    if depth > 1:
        t.add(-0.08 * (depth - 1), f"{depth} sequential worker stages per iteration")
    widest = max((len(layer) for layer in layers(dependency_edges(spec))), default=1)
    if widest > 1:
        t.add(0.05, f"up to {widest} workers run side by side")
    humans = [e for e in spec.evaluators if e.get("type") == "human"]
    if humans:
        t.add(-0.2, f"{len(humans)} human evaluator(s) make iterations wait for people")
    timeouts = [w.get("timeout_seconds") for w in spec.workers if is_number(w.get("timeout_seconds"))]
    if timeouts and max(timeouts) > 300:
        t.add(-0.1, f"a worker may run for {max(timeouts)} s")
    elif timeouts and len(timeouts) == len(spec.workers):
        t.add(0.05, "every worker has a timeout")
    if len(spec.evaluators) > 3:
        t.add(-0.05, f"{len(spec.evaluators)} evaluators run after the workers")
    return t


def _cost(spec: SpecView) -> _Tally:
    t = _Tally(0.3, "per-iteration and cumulative caps are required by LSS")
    limits = spec.cost_limits
    if is_number(limits.get("token_soft_cap")):
        t.add(0.1, "a token soft cap triggers economy before money runs out")
    if as_dict(limits.get("on_approach")):
        t.add(0.1, "the loop acts before it reaches a cap (on_approach)")
    action = as_dict(limits.get("on_exceed")).get("action")
    if action == "halt":
        t.add(0.1, "exceeding a cap halts the loop")
    elif action == "throttle":
        t.add(0.05, "exceeding a cap throttles the loop")
    budgets = [w for w in spec.workers if is_number(w.get("cost_budget_usd"))]
    if budgets and len(budgets) == len(spec.workers):
        t.add(0.1, "every worker has its own budget")
    per_iteration, cumulative = limits.get("per_iteration_usd"), limits.get("cumulative_usd")
    bound = spec.max_iterations
    if is_number(per_iteration) and is_number(cumulative) and bound is not None:
        if per_iteration * bound <= cumulative + 1e-9:
            t.add(0.1, "caps are consistent with the iteration bound")
        else:
            t.add(-0.1, "the cumulative cap is smaller than per-iteration cap x bound (F8)")
    if spec.conditions("stall"):
        t.add(0.15, "a stall rule stops paying for iterations that no longer improve")
    return t


def _robustness(spec: SpecView) -> _Tally:
    t = _Tally(0.25, "no perturbation data at design time")
    if any(is_number(w.get("retries")) and w.get("retries") > 0 for w in spec.workers):
        t.add(0.1, "workers retry failed calls")
    if any(is_number(w.get("timeout_seconds")) for w in spec.workers):
        t.add(0.05, "workers have timeouts")
    kinds = _evaluator_kinds(spec)
    if len(kinds) >= 2:
        t.add(0.15, f"{len(kinds)} kinds of evaluator cross-check each other ({', '.join(sorted(kinds))})")
    rollback = as_dict(spec.optimizer.get("rollback"))
    if is_number(rollback.get("on_metric_drop")):
        t.add(0.1, "optimizer changes roll back when the metric drops")
    if any(c.get("type") == "evaluator_error" for c in spec.conditions("failure")):
        t.add(0.1, "evaluator errors are a handled failure condition")
    primary = _primary(spec)
    if primary is not None and is_number(primary.get("regression_threshold")):
        t.add(0.1, "the primary metric has a regression threshold")
    if spec.conditions("stall"):
        t.add(0.05, "oscillation is caught by a stall rule")
    return t


def _scalability(spec: SpecView) -> _Tally:
    t = _Tally(0.5, "neutral until measured at higher load")
    count = len(spec.workers)
    if count > 4:
        t.add(-0.05 * (count - 4), f"{count} workers to coordinate")
    widest = max((len(layer) for layer in layers(dependency_edges(spec))), default=1)
    if widest > 1:
        t.add(0.1, "independent workers can be spread over more capacity")
    memory = spec.section("memory")
    if memory.get("type") == "persistent" and memory.get("backend"):
        t.add(0.1, f"persistent memory has a backend ({memory.get('backend')})")
    policy = as_dict(memory.get("write_policy"))
    if is_number(policy.get("max_entries")) or as_dict(memory.get("retention")):
        t.add(0.1, "memory growth is bounded (retention or max_entries)")
    if any(e.get("type") == "human" for e in spec.evaluators):
        t.add(-0.15, "human review does not scale with load")
    if spec.composition:
        t.add(0.05, "the loop is composed of separately scalable child loops")
    return t


def _safety(spec: SpecView) -> _Tally:
    constraints = spec.constraints
    if not constraints:
        t = _Tally(0.1, "no safety constraints: nothing is prevented by design")
    else:
        t = _Tally(0.15, "safety constraints are declared")
        types = {c.get("type") for c in constraints if isinstance(c.get("type"), str)}
        t.add(min(0.1 * len(types), 0.3), f"{len(types)} kind(s) of guard: {', '.join(sorted(types))}")
        scopes = {c.get("scope") for c in constraints if isinstance(c.get("scope"), str)}
        if "pre_worker" in scopes and scopes & {"post_worker", "pre_output"}:
            t.add(0.1, "guards run both before workers and before output leaves")
        if any(c.get("action") in ("halt", "quarantine") for c in constraints):
            t.add(0.1, "violations halt or quarantine rather than only warn")
        if any(c.get("on_error") == "halt" for c in constraints):
            t.add(0.05, "a failing guard halts (fails closed)")
    if any(c.get("type") == "safety_violation" for c in spec.conditions("failure")):
        t.add(0.1, "a safety violation ends the loop")
    if any(e.get("type") == "human" for e in spec.evaluators) or any(
            c.get("type") == "human_gate" for c in constraints):
        t.add(0.05, "a person gates high-stakes output")
    if as_dict(spec.optimizer.get("rollback")).get("on_safety_failure") is True:
        t.add(0.05, "optimizer changes roll back after a safety failure")
    return t


_ADAPTATION = {"prompt_refinement": 0.15, "parameter_search": 0.2, "memory_update": 0.15, "structural": 0.25,
               "manual": 0.0}


def _adaptability(spec: SpecView) -> _Tally:
    t = _Tally(0.3, "a fixed design handles what it was built for")
    kind = spec.optimizer.get("type")
    if isinstance(kind, str) and _ADAPTATION.get(kind):
        t.add(_ADAPTATION[kind], f"the optimizer adapts by {kind.replace('_', ' ')}")
    memory = spec.section("memory").get("type")
    if memory in ("session", "persistent"):
        t.add(0.1, f"{memory} memory carries lessons between iterations")
    inputs = as_dict(spec.section("inputs").get("schema"))
    if len(inputs) >= 3:
        t.add(0.1, f"{len(inputs)} declared inputs let the loop be steered without reconfiguration")
    fields = set()
    for c in spec.channels:
        fields |= {f for f in as_list(c.get("fields")) if isinstance(f, str)}
    if len(fields) >= 3:
        t.add(0.1, f"feedback carries {len(fields)} kinds of information")
    return t


def _autonomy(spec: SpecView) -> _Tally:
    t = _Tally(0.9, "nothing in the iteration waits for a person")
    humans = [e for e in spec.evaluators if e.get("type") == "human"]
    if humans:
        t.add(-min(0.25 * len(humans), 0.5), f"{len(humans)} human evaluator(s) in every iteration")
    if any(c.get("format") == "human_queue" for c in spec.channels):
        t.add(-0.1, "feedback is routed to a human queue")
    escalations = [c for c in spec.conditions("failure") if c.get("action") == "escalate_human"]
    escalations += [c for c in spec.constraints if c.get("action") == "escalate_human"]
    if escalations:
        t.add(-0.1, f"{len(escalations)} condition(s) escalate to a person")
    if spec.optimizer.get("type") == "manual":
        t.add(-0.15, "improvement is manual")
    return t


_CATEGORY_FUNCTIONS = {
    "effectiveness": _effectiveness,
    "speed": _speed,
    "cost": _cost,
    "robustness": _robustness,
    "scalability": _scalability,
    "safety": _safety,
    "adaptability": _adaptability,
    "autonomy": _autonomy,
}


def format_text(card: Scorecard) -> str:
    """Render a scorecard for people, labelled as a design-time estimate."""
    lines = [f"LES {card.les:.2f} ({card.les_display:.1f}/100, {card.band}) - design-time estimate from the spec, "
             "not a measurement"]
    for name, c in card.categories.items():
        lines.append(f"  {name:14} {c.score:.2f} x {c.weight:.2f}")
        lines += [f"      {reason}" for reason in c.reasons]
    return "\n".join(lines)
