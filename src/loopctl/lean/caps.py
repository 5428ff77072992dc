"""How termination conditions and cost caps of several specs merge: the stated rules.

Flat merge (all stages run inside one iteration of one loop):

- iteration bound: the largest of the children's ``max_iterations`` (no stage
  gets fewer attempts than it had alone);
- success: every child's success condition is kept (the merged loop succeeds
  when all hold); stall conditions are kept too; duplicates are removed;
- other failure conditions: one per type, with the strictest action
  (halt > escalate_human > retry_iteration) and the smallest ``consecutive``;
- ``per_iteration_usd``: the sum of the children's (every stage runs each iteration);
- ``cumulative_usd``: the larger of the children's sum and per-iteration x bound,
  so the budget arithmetic holds;
- ``token_soft_cap``: the sum, kept only when every child has one;
- ``on_exceed`` and ``on_approach``: the strictest action (halt > throttle > warn), the lowest threshold.

Composition (each child runs to completion inside one iteration of the composition),
following the standard's cost bounds: sequential and parallel C <= C_o + sum(C_i),
nested C <= C_out + R x C_in per outer iteration:

- iteration bound: the smallest of the children's (the pipeline is re-run no
  more often than its most tightly bounded child iterates);
- ``per_iteration_usd``: own workers' budgets + each child's ``cumulative_usd``
  (sequential, parallel); own workers + outer bound x (outer per-iteration +
  each inner child's min(bound x per-iteration, cumulative)) (nested);
- ``cumulative_usd``: per-iteration x bound.
"""

from __future__ import annotations

from loopctl.lssmin.factor import canon
from loopctl.model import SpecView, as_dict, is_number

FAILURE_ACTIONS = ["halt", "escalate_human", "retry_iteration"]
COST_ACTIONS = ["halt", "throttle", "warn"]


def strictest(actions, order: list[str]) -> str | None:
    """Return the strictest action present, by ``order`` (strictest first), or None."""
    present = [a for a in actions if a in order]
    return min(present, key=order.index) if present else None


def bound(spec: dict) -> float | None:
    """Return a spec's iteration bound (its smallest max_iterations value)."""
    return SpecView(spec).max_iterations


def money(value: float) -> float:
    """Round a money amount to cents' hundredths, removing float noise from sums."""
    return round(value + 0.0, 4)


def flat_termination(specs: list[dict]) -> dict:
    """Return the termination conditions of a flat merge of already-renamed specs."""
    success, stall = [], []
    failures: dict[object, list[dict]] = {}
    limit = max((b for b in map(bound, specs) if b is not None), default=None)
    for spec in specs:
        view = SpecView(spec)
        success += [dict(c.data) for c in view.conditions("success")]
        stall += [dict(c.data) for c in view.conditions("stall")]
        for c in view.conditions("failure"):
            failures.setdefault(c.get("type"), []).append(c.data)
    out: dict = {}
    if success:
        out["success"] = _unique(success)
    merged = []
    for kind, items in failures.items():
        item: dict[str, object] = {"type": kind}
        action = strictest([i.get("action") for i in items], FAILURE_ACTIONS)
        if kind == "max_iterations" and limit is not None:
            item["value"] = limit
        if action:
            item["action"] = action
        counts = [n for n in (i.get("consecutive") for i in items) if isinstance(n, int)]
        if counts:
            item["consecutive"] = min(counts)
        merged.append(item)
    out["failure"] = merged
    if stall:
        out["stall"] = _unique(stall)
    return out


def flat_costs(specs: list[dict]) -> dict:
    """Return the cost_limits of a flat merge."""
    caps = [SpecView(s).cost_limits for s in specs]
    per_iteration = money(sum(_number(c.get("per_iteration_usd")) for c in caps))
    limit = max((b for b in map(bound, specs) if b is not None), default=1)
    cumulative = money(max(sum(_number(c.get("cumulative_usd")) for c in caps), per_iteration * limit))
    out = {"per_iteration_usd": per_iteration, "cumulative_usd": cumulative}
    return {**out, **_shared_caps(caps, sum_tokens=True)}


def composition_costs(own_budget: float, children: list[dict], mode: str, iterations: int) -> dict:
    """Return the cost_limits of a composition whose children are ``children`` (outer first when nested)."""
    caps = [SpecView(c).cost_limits for c in children]
    if mode == "nested":
        outer, inner = children[0], children[1:]
        outer_caps = caps[0]
        inner_cost = sum(min(_number(bound(c)) * _number(SpecView(c).cost_limits.get("per_iteration_usd")),
                             _number(SpecView(c).cost_limits.get("cumulative_usd"))) for c in inner)
        run = _number(bound(outer)) * (_number(outer_caps.get("per_iteration_usd")) + inner_cost)
        run = min(run, _number(outer_caps.get("cumulative_usd")) + _number(bound(outer)) * inner_cost)
    else:
        run = sum(_number(c.get("cumulative_usd")) for c in caps)
    per_iteration = money(own_budget + run)
    out = {"per_iteration_usd": per_iteration, "cumulative_usd": money(per_iteration * iterations)}
    return {**out, **_shared_caps(caps, sum_tokens=False)}


def _shared_caps(caps: list[dict], sum_tokens: bool) -> dict:
    out: dict = {}
    tokens = [c.get("token_soft_cap") for c in caps]
    if sum_tokens and tokens and all(isinstance(t, int) and not isinstance(t, bool) for t in tokens):
        out["token_soft_cap"] = sum(tokens)
    approach = [as_dict(c.get("on_approach")) for c in caps if as_dict(c.get("on_approach"))]
    if approach:
        item: dict[str, object] = {}
        thresholds = [t for t in (a.get("threshold_percent") for a in approach) if is_number(t)]
        if thresholds:
            item["threshold_percent"] = min(thresholds)
        action = strictest([a.get("action") for a in approach], COST_ACTIONS)
        if action:
            item["action"] = action
        out["on_approach"] = item
    action = strictest([as_dict(c.get("on_exceed")).get("action") for c in caps], COST_ACTIONS)
    out["on_exceed"] = {"action": action or "halt"}
    prices = [c.get("price_table_ref") for c in caps if isinstance(c.get("price_table_ref"), str)]
    if prices:
        out["price_table_ref"] = prices[0]
    return out


def failure_types(specs: list[dict]) -> list[dict]:
    """Return one failure condition per type found in ``specs`` (max_iterations excluded), strictest action."""
    found: dict[str, list] = {}
    for spec in specs:
        for c in SpecView(spec).conditions("failure"):
            if c.get("type") != "max_iterations" and isinstance(c.get("type"), str):
                found.setdefault(c.get("type"), []).append(c.get("action"))
    return [{"type": kind, "action": strictest(actions, FAILURE_ACTIONS) or "halt"} for kind, actions in found.items()]


def _number(value) -> float:
    return value if is_number(value) else 0.0


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        key = canon(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out

