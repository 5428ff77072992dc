"""LSS 1.1 composition: a spec that references its children and wires them with adapters.

The composition is a loop of its own, so it carries all thirteen required
fields: one ``orchestrator`` worker that routes work between the children, a
deterministic ``stages_gate`` evaluator that passes when every child met its
own success conditions, feedback from the gate to the orchestrator and to the
optimizer, and one primary metric, ``stages_passed``. Its iteration bound and
cost caps follow ``caps``. Children are referenced by paths relative to the
output file; roles follow the mode (stage, branch, outer/inner); adapters hand
each child's last output worker to the next child's main input (sequential)
or the outer child's to each inner child (nested); parallel children get a
``merge`` block (synthesize, a majority must pass, dissent preserved).
"""

from __future__ import annotations

from collections import Counter

from loopctl.lean import caps
from loopctl.lean.flatten import last_worker
from loopctl.model import as_dict, as_list

ORCHESTRATOR = "orchestrator"
GATE = "stages_gate"
ORCHESTRATOR_BUDGET = 0.05


def roles(count: int, mode: str) -> list[str]:
    """Return the child roles of a composition mode: all stage, all branch, or one outer then inner."""
    if mode == "nested":
        return ["outer"] + ["inner"] * (count - 1)
    return ["branch" if mode == "parallel" else "stage"] * count


def main_input(spec: dict) -> str | None:
    """Return the input an adapter should feed: ``task`` when declared, else the first required, else the first."""
    schema = as_dict(as_dict(spec.get("inputs")).get("schema"))
    if "task" in schema:
        return "task"
    required = [k for k, v in schema.items() if as_dict(v).get("required") is True]
    return required[0] if required else next(iter(schema), None)


def adapters(children: list[dict], ids: list[str], mode: str) -> list[dict]:
    """Return the adapters wiring the children for a mode (none for parallel)."""
    pairs = []
    if mode == "sequential":
        pairs = list(zip(range(len(ids) - 1), range(1, len(ids)), strict=False))
    elif mode == "nested":
        pairs = [(0, i) for i in range(1, len(ids))]
    out = []
    for a, b in pairs:
        sink, target = last_worker(as_list(children[a].get("workers"))), main_input(children[b])
        if sink and target:
            out.append({"from": f"children.{ids[a]}.outputs.{sink}", "to": f"children.{ids[b]}.inputs.{target}"})
    return out


def compose(children: list[dict], ids: list[str], refs: list[str], mode: str, loop_name: str) -> dict:
    """Return the composition spec for already-validated ``children`` (outer first when nested)."""
    entry = [0] if mode != "parallel" else list(range(len(children)))
    schema: dict = {}
    for index in entry:
        for name, field in as_dict(as_dict(children[index].get("inputs")).get("schema")).items():
            schema.setdefault(name, field)
    limit = min(int(b) for b in map(caps.bound, children) if b is not None)
    composition: dict = {
        "type": mode,
        "children": [{"id": i, "ref": r, "role": role} for i, r, role in zip(ids, refs, roles(len(ids), mode), strict=False)],
    }
    wiring = adapters(children, ids, mode)
    if wiring:
        composition["adapters"] = wiring
    if mode == "parallel":
        composition["merge"] = {"strategy": "synthesize", "min_branches_pass": len(ids) // 2 + 1,
                                "preserve_dissent": True}
    names = [str(c.get("loop_name")) for c in children]
    patterns: list[str] = []
    for child in children:
        patterns += [p for p in as_list(as_dict(child.get("metadata")).get("patterns")) if p not in patterns]
    failures = caps.failure_types(children)
    return {
        "loop_name": loop_name,
        "version": "1.0.0",
        "objective": f"Run {_joined(names)} as a {mode} composition and succeed when every child loop meets its "
                     f"own success conditions.",
        "inputs": {"schema": schema},
        "memory": {"type": "ephemeral"},
        "workers": [{
            "id": ORCHESTRATOR,
            "role": f"Route the task through the {mode} composition of {_joined(names)} and collect each "
                    f"child's result",
            "model": _common_model(children),
            "inputs": [{"from": f"inputs.{name}"} for name in schema],
            "outputs": {"name": "composition_result", "format": "json"},
            "cost_budget_usd": ORCHESTRATOR_BUDGET,
        }],
        "evaluators": [{"id": GATE, "type": "deterministic", "runs_after": [ORCHESTRATOR],
                        "implementation": "composition.checks.stages_passed", "aggregation": "veto"}],
        "feedback_channels": [
            {"id": "gate_to_orchestrator", "source": f"evaluators.{GATE}", "destination": f"workers.{ORCHESTRATOR}",
             "format": "structured", "fields": ["failure_codes", "summary"], "when": "passed == false"},
            {"id": "gate_to_optimizer", "source": f"evaluators.{GATE}", "destination": "optimization_strategy",
             "format": "structured", "fields": ["score", "summary"]},
        ],
        "optimization_strategy": {"type": "prompt_refinement", "max_steps": limit,
                                  "config": {"refinement_target": f"workers.{ORCHESTRATOR}"}},
        "termination_conditions": {
            "success": [{"metric": "stages_passed", "operator": "gte", "value": 1.0}],
            "failure": [{"type": "max_iterations", "value": limit, "action": "halt"}, *failures],
            "stall": [{"metric": "stages_passed", "window_iterations": 2, "min_improvement": 0.01,
                       "action": "halt"}],
        },
        "metrics": [
            {"name": "stages_passed", "primary": True, "definition": "Share of child loops that met their own "
             "success conditions in this iteration", "source": f"evaluators.{GATE}", "unit": "ratio",
             "target": 1.0},
            {"name": "run_cost", "definition": "Spend of the whole composition, children included",
             "source": "telemetry.cost_usd", "unit": "usd"},
        ],
        "safety_constraints": [{"id": "handoff-schema", "type": "schema_enforce", "scope": "pre_worker",
                                "applies_to": [ORCHESTRATOR], "action": "halt",
                                "rule": "Data handed between child loops must match the receiving child's inputs"}],
        "cost_limits": caps.composition_costs(ORCHESTRATOR_BUDGET, children, mode, limit),
        "composition": composition,
        "metadata": _metadata(patterns, mode),
    }


def _metadata(patterns: list[str], mode: str) -> dict:
    out: dict = {"taxonomy_level": 3}
    if patterns:
        out["patterns"] = patterns
    out["tags"] = ["composition", mode]
    return out


def _joined(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _common_model(children: list[dict]) -> dict:
    models = [as_dict(w.get("model")) for c in children for w in as_list(c.get("workers")) if isinstance(w, dict)]
    keyed = [(m.get("provider"), m.get("name")) for m in models if m.get("provider") and m.get("name")]
    provider, name = Counter(keyed).most_common(1)[0][0] if keyed else ("openai", "gpt-4.1-mini")
    return {"provider": provider, "name": name, "temperature": 0}
