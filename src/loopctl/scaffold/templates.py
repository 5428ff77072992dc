"""Built-in templates: a valid starting spec for each of the fourteen patterns, with no repository needed.

``pip install`` users have no ``patterns/`` folder, so ``loopctl new`` falls
back to these. One builder turns a pattern's ``Traits`` (its workers, how
they are judged, where feedback goes, how the loop improves) into a complete
spec that passes ``validate --strict`` and that the classifier places at the
pattern's typical level. Workers run on one model family and LLM judges on
another, so no evaluator grades its own model's output; worker budgets,
the per-iteration cap and the cumulative cap are kept consistent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WORKER_MODEL = {"provider": "anthropic", "name": "claude-sonnet-4-5", "temperature": 0.2}
JUDGE_MODEL = {"provider": "openai", "name": "gpt-4.1", "temperature": 0}
MAX_ITERATIONS = 6
WORKER_BUDGET = 0.10


@dataclass(frozen=True)
class Traits:
    """What distinguishes one pattern's loop: workers (id, role, format, depends_on), judge, feedback, optimizer."""

    objective: str
    workers: list[tuple[str, str, str, list[str]]]
    judge: str = "deterministic"            # deterministic | llm_rubric | human
    judged: str = ""                         # worker judged (default: the last one)
    feedback_to: str = ""                    # worker receiving the judge's feedback (default: the first one)
    optimizer: str = "prompt_refinement"
    search_space: dict = field(default_factory=dict)
    memory: str = "session"
    constraints: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, type, scope, action
    extra_channels: list[tuple[str, str, str]] = field(default_factory=list)    # id, source, destination
    tags: list[str] = field(default_factory=list)


TRAITS: dict[str, Traits] = {
    "reflection-loop": Traits(
        "Complete a task whose result a check can decide, learning one written lesson from each failed attempt.",
        [("actor", "Attempt the task, reading the lessons from earlier attempts", "code", []),
         ("reflector", "Explain why the attempt failed and state one lesson for the next attempt", "json", ["actor"])],
        judged="actor", feedback_to="reflector", optimizer="memory_update", tags=["reflection"]),
    "critique-loop": Traits(
        "Produce a piece of work and revise it against a critic's rubric until it meets the bar.",
        [("writer", "Produce or revise the work, addressing every point of the latest critique", "markdown", [])],
        judge="llm_rubric", tags=["critique"]),
    "planning-loop": Traits(
        "Turn a goal into an ordered plan, execute it step by step, and re-plan when a step fails its check.",
        [("planner", "Break the goal into ordered steps with a done-check for each", "json", []),
         ("executor", "Carry out the next step of the plan and report its result", "json", ["planner"])],
        feedback_to="planner", tags=["planning"]),
    "verification-loop": Traits(
        "Generate a result and accept it only when an independent, computable check passes.",
        [("generator", "Produce a candidate result that satisfies the stated requirements", "text", [])],
        tags=["verification"]),
    "research-loop": Traits(
        "Answer a question from gathered sources, with every claim traceable to a citation.",
        [("searcher", "Find and record sources relevant to the question", "json", []),
         ("synthesizer", "Write an answer in which each claim cites a gathered source", "markdown", ["searcher"])],
        feedback_to="synthesizer", tags=["research"]),
    "simulation-loop": Traits(
        "Try candidate actions in a simulator first and adopt only those that meet the target there.",
        [("designer", "Propose a candidate action or design for the simulator to test", "json", []),
         ("analyst", "Read the simulation results and recommend the next candidate", "json", ["designer"])],
        feedback_to="designer", tags=["simulation"]),
    "debate-loop": Traits(
        "Reach a decision by having two agents argue opposing positions and a judge weigh them.",
        [("proponent", "Argue for the proposition with evidence", "markdown", []),
         ("opponent", "Argue against the proposition with evidence", "markdown", []),
         ("moderator", "Summarise both cases and state the open points", "markdown", ["proponent", "opponent"])],
        judge="llm_rubric", feedback_to="proponent", tags=["debate"]),
    "exploration-loop": Traits(
        "Search a space of candidates, keep the promising ones and spend more effort near them.",
        [("generator", "Propose diverse candidates, favouring regions where earlier ones scored well", "json", [])],
        optimizer="parameter_search", search_space={"workers.generator.model.temperature": [0.4, 0.8, 1.2]},
        tags=["exploration"]),
    "optimization-loop": Traits(
        "Tune a system's parameters against one measured objective until it stops improving.",
        [("tuner", "Propose the next parameter setting from the results so far", "json", [])],
        optimizer="parameter_search", search_space={"workers.tuner.model.temperature": [0.0, 0.3, 0.7]},
        tags=["optimization"]),
    "memory-augmented-loop": Traits(
        "Do a recurring task better over time by recalling what earlier runs learned.",
        [("assistant", "Do the task using the relevant memories, and note what is worth remembering", "markdown", [])],
        memory="persistent", tags=["memory"]),
    "human-in-the-loop": Traits(
        "Prepare work that a person approves or corrects before it takes effect.",
        [("drafter", "Prepare the work for review, addressing the reviewer's corrections", "markdown", [])],
        judge="human", constraints=[("human-approval", "human_gate", "pre_output", "escalate_human")],
        tags=["human-review"]),
    "safety-constrained-loop": Traits(
        "Do the task while hard constraints block unsafe inputs, tools and outputs.",
        [("actor", "Do the task within the allowed tools and data", "text", [])],
        constraints=[("tool-allowlist", "tool_allowlist", "pre_worker", "halt"),
                     ("output-secrets", "secret_scan", "pre_output", "halt"),
                     ("output-pii", "pii_detect", "pre_output", "strip")],
        tags=["safety"]),
    "multi-agent-coordination": Traits(
        "Split a task between specialist agents and integrate their results into one answer.",
        [("coordinator", "Split the task into parts and assign each to a specialist", "json", []),
         ("specialist_a", "Complete the first assigned part", "markdown", ["coordinator"]),
         ("specialist_b", "Complete the second assigned part", "markdown", ["coordinator"]),
         ("integrator", "Merge the specialists' parts into one consistent result", "markdown",
          ["specialist_a", "specialist_b"])],
        feedback_to="coordinator", tags=["multi-agent"]),
    "recursive-improvement-loop": Traits(
        "Improve the loop itself: propose changes to its own workers and keep those that raise the score.",
        [("worker", "Do the task with the current configuration", "text", []),
         ("architect", "Propose one change to the loop's workers and explain the expected gain", "json", ["worker"])],
        feedback_to="architect", optimizer="structural",
        search_space={"workers.worker.role": "rewrite", "workers.worker.tools": "add_or_remove"},
        tags=["self-improvement"]),
}


def build_template(slug: str) -> dict[str, Any]:
    """Return the built-in spec of a pattern; refuses an unknown slug with ``KeyError``."""
    t = TRAITS[slug]
    ids = [w[0] for w in t.workers]
    judged = t.judged or ids[-1]
    target = t.feedback_to or ids[0]
    workers = []
    for wid, role, fmt, deps in t.workers:
        worker = {"id": wid, "role": role, "model": dict(WORKER_MODEL),
                  "inputs": [{"from": "inputs.task"}] + [{"from": f"workers.{d}"} for d in deps]
                  + ([{"from": "memory.notes"}] if t.memory == "persistent" else []),
                  "outputs": {"name": f"{wid}_output", "format": fmt}, "cost_budget_usd": WORKER_BUDGET}
        if deps:
            worker["depends_on"] = list(deps)
        workers.append(worker)
    per_iteration = round(WORKER_BUDGET * len(workers) + 0.05, 2)
    spec = {
        "loop_name": slug,
        "version": "1.0.0",
        "objective": t.objective,
        "inputs": {"schema": {"task": {"type": "string", "description": "What the loop should achieve, with "
                                       "the criteria that decide success", "required": True}}},
        "memory": _memory(t, ids),
        "workers": workers,
        "evaluators": [_judge(t, judged)],
        "feedback_channels": [{"id": "judge_to_" + target, "source": "evaluators.judge",
                               "destination": f"workers.{target}", "format": "structured",
                               "fields": ["failure_codes", "remediation_hints"]},
                              {"id": "judge_to_optimizer", "source": "evaluators.judge",
                               "destination": "optimization_strategy", "format": "structured",
                               "fields": ["score", "summary"]}],
        "optimization_strategy": _optimizer(t, target),
        "termination_conditions": {
            "success": [{"metric": "quality", "operator": "gte", "value": 0.9 if t.judge != "deterministic" else 1.0}],
            "failure": [{"type": "max_iterations", "value": MAX_ITERATIONS, "action": "halt"},
                        {"type": "cost_exceeded", "action": "halt"}],
            "stall": [{"metric": "quality", "window_iterations": 3, "min_improvement": 0.01, "action": "halt"}],
        },
        "metrics": [{"name": "quality", "primary": True, "definition": "Score of the latest result from the judge",
                     "source": "evaluators.judge", "unit": "ratio", "target": 1.0},
                    {"name": "run_cost", "definition": "Spend of the run so far", "source": "telemetry.cost_usd",
                     "unit": "usd"}],
        "safety_constraints": [{"id": cid, "type": kind, "scope": scope, "applies_to": list(ids), "action": action}
                               for cid, kind, scope, action in t.constraints]
        or [{"id": "input-injection", "type": "injection_detect", "scope": "pre_worker", "applies_to": list(ids),
             "action": "quarantine"}],
        "cost_limits": {"per_iteration_usd": per_iteration,
                        "cumulative_usd": round(per_iteration * MAX_ITERATIONS, 2), "on_exceed": {"action": "halt"}},
        "metadata": {"taxonomy_level": 2, "patterns": [slug], "tags": ["built-in", *t.tags]},
    }
    return spec


def _memory(t: Traits, ids: list[str]) -> dict[str, Any]:
    if t.memory == "persistent":
        return {"type": "persistent", "backend": "vector", "write_policy": {"allowed_writers": [ids[-1]]}}
    return {"type": t.memory}


def _judge(t: Traits, judged: str) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "judge", "type": t.judge, "runs_after": [judged]}
    if t.judge == "llm_rubric":
        base["rubric"] = {"dimensions": [{"name": "meets_criteria", "weight": 1.0, "scale": [0, 1],
                                          "criteria": "The result meets every criterion stated in the task"}],
                          "pass_threshold": 0.9}
        base["model"] = dict(JUDGE_MODEL)
    elif t.judge == "human":
        base["timeout_seconds"] = 86400
        base["queue"] = "reviewers"
    else:
        base["implementation"] = "checks.task_criteria.run"
    return base


def _optimizer(t: Traits, target: str) -> dict[str, Any]:
    config: dict[str, Any] = {"refinement_target": f"workers.{target}"}
    if t.search_space:
        config["search_space"] = dict(t.search_space)
    return {"type": t.optimizer, "max_steps": MAX_ITERATIONS, "config": config}
