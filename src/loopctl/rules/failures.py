"""Failure-taxonomy lints: structural signs of the failure codes F1, F2, F4, F8, F10 and F12."""

from loopctl.graph import dependency_edges, find_cycle
from loopctl.model import OPTIMIZER, is_number, model_key, reference
from loopctl.rules import ERROR, WARNING, Finding, choices, declared, rule


@rule("fail.tau_omission", ERROR,
      "The loop has an iteration bound: a failure condition of type max_iterations whose value is a finite "
      "whole number of at least 1.",
      "Without a bound a loop may never stop; cost caps stop spending but not the loop's attempts. "
      "Unbounded loops are not valid LES subjects.",
      "termination_conditions: {failure: [{type: cost_exceeded, action: halt}]}  # no max_iterations",
      failure_code="F4")
def iteration_bound(ctx):
    if ctx.spec.max_iterations is not None:
        return
    stated = [c for c in ctx.spec.conditions("failure") if c.get("type") == "max_iterations" and "value" in c.data]
    if stated:
        for c in stated:
            written = ctx.document.implicit_scalars.get(f"{c.pointer}/value") or _shown(c.get("value"))
            yield Finding(f"{c.pointer}/value", f"max_iterations {written[:24]} cannot bound the loop",
                          "the bound must be a finite whole number of iterations, at least 1, e.g. value: 10")
        return
    yield Finding("/termination_conditions", "the loop has no iteration bound",
                  "add a failure condition {type: max_iterations, value: N, action: halt}", on_key=True)


def _cycle_text(cycle: list[str]) -> str:
    if len(cycle) <= 12:
        return " -> ".join(cycle)
    return " -> ".join(cycle[:5]) + f" -> ... ({len(cycle) - 10} more) -> " + " -> ".join(cycle[-5:])


def _shown(value) -> str:
    text = repr(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else type(value).__name__
    return text if len(text) <= 24 else text[:21] + "..."


@rule("fail.resource_bleed", WARNING,
      "Cost caps are consistent: per-iteration cap x iteration bound fits the cumulative cap, and worker "
      "budgets fit the per-iteration cap.",
      "When the caps disagree the loop is stopped by money before it reaches its own bound, or a single "
      "iteration is allowed to spend more than the iteration cap permits.",
      "cost_limits: {per_iteration_usd: 0.2, cumulative_usd: 0.5}  # with max_iterations 5",
      failure_code="F8")
def cost_arithmetic(ctx):
    spec = ctx.spec
    limits = spec.cost_limits
    per_iteration, cumulative = limits.get("per_iteration_usd"), limits.get("cumulative_usd")
    for key, cap in (("per_iteration_usd", per_iteration), ("cumulative_usd", cumulative)):
        if isinstance(cap, (int, float)) and not isinstance(cap, bool) and not is_number(cap):
            written = ctx.document.implicit_scalars.get(f"/cost_limits/{key}") or _shown(cap)
            yield Finding(f"/cost_limits/{key}", f"{key} {written[:24]} is not a finite cap, so it limits nothing",
                          f"write {key} as an ordinary amount in USD, e.g. {key}: 5", severity=ERROR)
    bound = spec.max_iterations
    if is_number(per_iteration) and is_number(cumulative) and bound is not None:
        worst = float(per_iteration) * float(bound)  # floats: huge ints would overflow when formatted
        if worst > cumulative + 1e-9:
            yield Finding("/cost_limits/cumulative_usd",
                          f"per_iteration_usd {per_iteration:g} x max_iterations {bound:g} = {worst:g} USD exceeds "
                          f"cumulative_usd {cumulative:g}",
                          f"raise cumulative_usd to at least {worst:g}, lower per_iteration_usd, or lower the bound")
    budgets = [float(w.get("cost_budget_usd")) for w in spec.workers if is_number(w.get("cost_budget_usd"))]
    total = sum(budgets)
    if budgets and is_number(per_iteration) and total > per_iteration + 1e-9:
        yield Finding("/cost_limits/per_iteration_usd",
                      f"worker budgets add up to {total:g} USD, over per_iteration_usd {per_iteration:g}",
                      "lower the workers' cost_budget_usd or raise per_iteration_usd")


@rule("fail.self_grade", WARNING,
      "An LLM rubric evaluator does not judge a worker whose model comes from the same provider.",
      "A model grading its own output, or a sibling model of the same family, shares its blind spots and tends "
      "to approve it. The provider is the part of the model family a spec states, so a judge must come from "
      "another provider; otherwise use a deterministic check or a person.",
      "evaluators: [{id: judge, model: {provider: anthropic, name: claude-opus-4-1}}]  # judges an Anthropic writer",
      failure_code="F2")
def self_grading(ctx):
    spec = ctx.spec
    models = {w.id: model_key(w.get("model")) for w in spec.workers}
    for e in spec.evaluators:
        if e.get("type") != "llm_rubric":
            continue
        judge = model_key(e.get("model"))
        if judge is None:
            continue
        judged = [w for w in spec.runs_after(e) if (model := models.get(w)) is not None and model[0] == judge[0]]
        if not judged:
            continue
        identical = sorted(w for w in judged if models[w] == judge)
        what = "the same model as" if identical else f"a model from the same provider ({judge[0]}) as"
        yield Finding(f"{e.pointer}/model",
                      f"evaluator '{e.id}' uses {judge[0]}/{judge[1]}, {what} the worker(s) it judges: "
                      f"{choices(judged)}",
                      "judge with a model from another provider, or add a deterministic or human evaluator")


@rule("fail.open_loop", ERROR,
      "At least one feedback channel comes from an existing evaluator or worker and reaches an existing worker "
      "or the optimizer.",
      "Without a working feedback path the loop repeats without learning anything from its evaluations.",
      "feedback_channels: [{id: judge_to_writer, destination: workers.ghost}]",
      failure_code="F1")
def open_loop(ctx):
    spec = ctx.spec
    if not spec.channels:
        return  # the schema already reports the empty list
    for c in spec.channels:
        source, destination = c.get("source"), c.get("destination")
        source_ok = (reference(source, "evaluators") in spec.evaluator_ids
                     or reference(source, "workers") in spec.worker_ids)
        destination_ok = (isinstance(destination, str) and destination.split(".")[0] == OPTIMIZER) \
            or reference(destination, "workers") in spec.worker_ids
        if source_ok and destination_ok:
            return
    yield Finding("/feedback_channels", "no feedback channel connects an existing source to a worker or the optimizer",
                  "route at least one evaluator's findings to workers.<id> or optimization_strategy", on_key=True)


@rule("fail.safety_bypass", ERROR,
      "Every safety constraint applies to workers that exist.",
      "A guard that names a missing worker guards nothing, and the worker it was meant for runs unguarded.",
      "safety_constraints: [{id: pii, applies_to: [writter]}]",
      failure_code="F12")
def unknown_guarded_worker(ctx):
    workers = ctx.spec.worker_ids
    for s in ctx.spec.constraints:
        applies = s.get("applies_to")
        for index, target in enumerate(applies if isinstance(applies, list) else []):
            if isinstance(target, str) and target != "*" and target not in workers:
                yield Finding(f"{s.pointer}/applies_to/{index}",
                              f"safety constraint '{s.id}' applies to '{target}', which is not a worker",
                              f"use one of: {choices(workers, near=target) or 'no workers are defined'}, or \"*\"")


@rule("fail.orchestration_deadlock", ERROR,
      "The workers' depends_on graph has no cycle.",
      "Workers that wait on each other never start: the iteration deadlocks.",
      "workers: [{id: writer, depends_on: [writer]}]",
      failure_code="F10")
def dependency_cycle(ctx):
    cycle = find_cycle(dependency_edges(ctx.spec))
    if cycle:
        first = next(w for w in ctx.spec.workers if w.id == cycle[0])
        yield Finding(f"{first.pointer}/depends_on", f"workers wait on each other: {_cycle_text(cycle)}",
                      "remove one depends_on edge of the cycle so the workers can be ordered")


RULES = declared(iteration_bound, cost_arithmetic, self_grading, open_loop, unknown_guarded_worker,
                 dependency_cycle)
