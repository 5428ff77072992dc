"""Reference integrity: every name a spec uses points at something the spec defines."""

from loopctl.model import OPTIMIZER, as_dict, as_list, reference
from loopctl.rules import ERROR, WARNING, Finding, choices, rule


def _dangling(pointer: str, what: str, value: str, known: set[str], kind: str) -> Finding:
    listing = choices(known, near=_tail(value)) if known else "none are defined"
    return Finding(pointer, f"{what} names {value}, which does not exist",
                   f"define it in {kind}, or use one of: {listing}")


def _tail(value) -> str | None:
    """The bare name inside a quoted or dotted reference ('ghost', workers.ghost -> ghost)."""
    return value.strip("'").rsplit(".", 1)[-1] if isinstance(value, str) else None


@rule("lss.dangling-ref", ERROR,
      "Every reference to a worker or evaluator names one that exists.",
      "A feedback channel to a missing worker carries feedback nowhere; an evaluator that runs after a missing "
      "worker never runs. The schema only checks the form workers.<id>; this rule checks the id.",
      "feedback_channels: [{id: f, source: evaluators.judge, destination: workers.ghost, ...}]")
def dangling_references(ctx):
    spec = ctx.spec
    workers, evaluators = spec.worker_ids, spec.evaluator_ids
    for w in spec.workers:
        for dep_index, dep in enumerate(as_list(w.get("depends_on"))):
            if isinstance(dep, str) and dep not in workers:
                yield _dangling(f"{w.pointer}/depends_on/{dep_index}", f"worker '{w.id}' depends_on", f"'{dep}'",
                                workers, "workers")
        for index, source in spec.input_bindings(w):
            target = reference(source, "workers")
            if target is not None and target not in workers:
                yield _dangling(f"{w.pointer}/inputs/{index}/from", f"worker '{w.id}' input", source,
                                workers, "workers")
    for e in spec.evaluators:
        for index, target in enumerate(as_list(e.get("runs_after"))):
            if isinstance(target, str) and target != "*" and target not in workers:
                yield _dangling(f"{e.pointer}/runs_after/{index}", f"evaluator '{e.id}' runs_after", f"'{target}'",
                                workers, "workers")
    for c in spec.channels:
        source = c.get("source")
        for prefix, known in (("workers", workers), ("evaluators", evaluators)):
            target = reference(source, prefix)
            if target is not None and target not in known:
                yield _dangling(f"{c.pointer}/source", f"feedback channel '{c.id}' source", source, known, prefix)
        target = reference(c.get("destination"), "workers")
        if target is not None and target not in workers:
            yield _dangling(f"{c.pointer}/destination", f"feedback channel '{c.id}' destination",
                            c.get("destination"), workers, "workers")
    config = spec.optimizer_config
    target = reference(config.get("refinement_target"), "workers")
    if target is not None and target not in workers:
        yield _dangling(f"/{OPTIMIZER}/config/refinement_target", "the optimizer's refinement_target",
                        config.get("refinement_target"), workers, "workers")
    for index, value in enumerate(as_list(config.get("secondary_targets"))):
        target = reference(value, "workers")
        if target is not None and target not in workers:
            yield _dangling(f"/{OPTIMIZER}/config/secondary_targets/{index}", "the optimizer's secondary_targets",
                            value, workers, "workers")
    writers = as_list(as_dict(spec.section("memory").get("write_policy")).get("allowed_writers"))
    for index, writer in enumerate(writers):
        if isinstance(writer, str) and writer not in workers and reference(writer, "workers") not in workers:
            yield _dangling(f"/memory/write_policy/allowed_writers/{index}", "memory.write_policy.allowed_writers",
                            f"'{writer}'", workers, "workers")
    for m in spec.metrics:
        source = m.get("source")
        for prefix, known in (("workers", workers), ("evaluators", evaluators)):
            target = reference(source, prefix)
            if target is not None and target not in known:
                yield _dangling(f"{m.pointer}/source", f"metric '{m.id}' source", source, known, prefix)


@rule("lss.unknown-metric", ERROR,
      "Every metric named in a success or stall condition is defined in metrics.",
      "A termination condition on an undefined metric can never fire, so the loop cannot stop the way its "
      "author intended.",
      "termination_conditions: {success: [{metric: qualty, operator: gte, value: 0.8}]}")
def unknown_metrics(ctx):
    names = ctx.spec.metric_names
    for kind in ("success", "stall"):
        for c in ctx.spec.conditions(kind):
            metric = c.get("metric")
            if isinstance(metric, str) and metric not in names:
                listing = choices(names, near=metric) or "none are defined"
                yield Finding(f"{c.pointer}/metric", f"{kind} condition names metric '{metric}', which is not defined",
                              f"define it in metrics, or use one of: {listing}")


@rule("lss.input-ref", WARNING,
      "A worker input inputs.<name> names an input declared in inputs.schema.",
      "A worker that reads an undeclared input receives nothing at run time.",
      "workers: [{id: w, inputs: [{from: inputs.tsak}], ...}]")
def input_references(ctx):
    declared = set(as_dict(ctx.spec.section("inputs").get("schema")).keys())
    if not declared:
        return
    for w in ctx.spec.workers:
        for index, source in ctx.spec.input_bindings(w):
            name = reference(source, "inputs")
            if name is not None and name not in declared:
                yield Finding(f"{w.pointer}/inputs/{index}/from",
                              f"worker '{w.id}' reads {source}, but inputs.schema declares no '{name}'",
                              f"declare '{name}' in inputs.schema, or use one of: {choices(declared, near=name)}")
