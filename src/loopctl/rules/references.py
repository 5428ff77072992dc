"""Reference integrity: every name a spec uses points at something the spec defines."""

from loopctl.model import OPTIMIZER, as_dict, as_list, reference
from loopctl.rules import ERROR, WARNING, Finding, choices, declared, rule

# How a reference is written: a bare id ("fix"), a prefixed reference ("workers.fix"), or either.
BARE, PREFIXED, EITHER = "bare", "prefixed", "either"


def reference_sites(spec):
    """Yield ``(pointer, what, value, form, kinds)`` for every place a spec names a worker or an evaluator.

    ``kinds`` are the collections (``workers``, ``evaluators``) the value may point into; ``form`` says
    how the reference is written there.
    """
    for w in spec.workers:
        for index, dep in enumerate(as_list(w.get("depends_on"))):
            yield f"{w.pointer}/depends_on/{index}", f"worker '{w.id}' depends_on", dep, BARE, ("workers",)
        for index, source in spec.input_bindings(w):
            yield f"{w.pointer}/inputs/{index}/from", f"worker '{w.id}' input", source, PREFIXED, ("workers",)
    for e in spec.evaluators:
        for index, target in enumerate(as_list(e.get("runs_after"))):
            if target != "*":
                yield (f"{e.pointer}/runs_after/{index}", f"evaluator '{e.id}' runs_after", target, BARE,
                       ("workers",))
    for c in spec.channels:
        yield (f"{c.pointer}/source", f"feedback channel '{c.id}' source", c.get("source"), PREFIXED,
               ("workers", "evaluators"))
        yield (f"{c.pointer}/destination", f"feedback channel '{c.id}' destination", c.get("destination"),
               PREFIXED, ("workers",))
    config = spec.optimizer_config
    yield (f"/{OPTIMIZER}/config/refinement_target", "the optimizer's refinement_target",
           config.get("refinement_target"), PREFIXED, ("workers",))
    for index, value in enumerate(as_list(config.get("secondary_targets"))):
        yield (f"/{OPTIMIZER}/config/secondary_targets/{index}", "the optimizer's secondary_targets", value,
               PREFIXED, ("workers",))
    writers = as_list(as_dict(spec.section("memory").get("write_policy")).get("allowed_writers"))
    for index, writer in enumerate(writers):
        yield (f"/memory/write_policy/allowed_writers/{index}", "memory.write_policy.allowed_writers", writer,
               EITHER, ("workers",))
    for m in spec.metrics:
        yield f"{m.pointer}/source", f"metric '{m.id}' source", m.get("source"), PREFIXED, ("workers", "evaluators")


def _is_dangling(value: str, form: str, kind: str, known: set[str]) -> bool:
    if form == BARE:
        return value not in known
    target = reference(value, kind)
    if form == EITHER:
        return value not in known and target not in known
    return target is not None and target not in known


def _tail(value) -> str | None:
    """The bare name inside a quoted or dotted reference ('ghost', workers.ghost -> ghost)."""
    return value.strip("'").rsplit(".", 1)[-1] if isinstance(value, str) else None


@rule("lss.dangling-ref", ERROR,
      "Every reference to a worker or evaluator names one that exists.",
      "A feedback channel to a missing worker carries feedback nowhere; an evaluator that runs after a missing "
      "worker never runs. The schema only checks the form workers.<id>; this rule checks the id.",
      "evaluators: [{id: length, runs_after: [ghost]}]")
def dangling_references(ctx):
    known = {"workers": ctx.spec.worker_ids, "evaluators": ctx.spec.evaluator_ids}
    for pointer, what, value, form, kinds in reference_sites(ctx.spec):
        if not isinstance(value, str):
            continue
        for kind in kinds:
            if _is_dangling(value, form, kind, known[kind]):
                shown = value if form == PREFIXED else f"'{value}'"
                listing = choices(known[kind], near=_tail(value)) if known[kind] else "none are defined"
                yield Finding(pointer, f"{what} names {shown}, which does not exist",
                              f"define it in {kind}, or use one of: {listing}")


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
      "workers: [{id: writer, inputs: [{from: inputs.txet}]}]")
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


RULES = declared(dangling_references, unknown_metrics, input_references)
