"""Every example and checklist on the taxonomy pages, built as a small spec, gets the level the page states.

Each test quotes the claim it checks from the page (so deleting or rewording
the claim fails the test) and runs the classifier on a spec that embodies it,
so the prose and ``loopctl level`` cannot drift apart. Every spec here also
passes ``validate --strict``: an example that is not a valid spec proves nothing.
"""

from __future__ import annotations

import copy

import pytest

from conftest import REPO
from loopctl.level import classify
from loopctl.validate import SpecStore

TAXONOMY = REPO / "docs" / "taxonomy"


def page(name: str) -> str:
    return " ".join((TAXONOMY / name).read_text(encoding="utf-8").split())


def worker(wid, depends=(), tools=None):
    item = {"id": wid, "role": f"The {wid}", "model": {"provider": "anthropic", "name": "claude-sonnet-4-5"},
            "inputs": [{"from": "inputs.text"}], "outputs": {"name": wid, "format": "text"},
            "cost_budget_usd": 0.01}
    if depends:
        item["depends_on"] = list(depends)
    if tools:
        item["tools"] = tools
    return item


def channel(cid, source, destination):
    return {"id": cid, "source": source, "destination": destination, "format": "structured",
            "fields": ["failure_codes", "remediation_hints"]}


@pytest.fixture
def spec(minimal_spec):
    """The minimal spec with its feedback going to the optimizer only: the level-1 starting point."""
    s = copy.deepcopy(minimal_spec)
    s["feedback_channels"] = [channel("judge_to_optimizer", "evaluators.judge", "optimization_strategy")]
    return s


def level_of(write_spec, data) -> int:
    result = SpecStore().validate(write_spec(data))
    assert result.diagnostics == [], [f"{d.rule}: {d.message}" for d in result.diagnostics]
    return classify(data).level


def test_level_1_checklist_spec_is_level_1(write_spec, spec):
    assert "none reaches `workers.<id>`: a channel to a worker would make the loop level 2" in page("level-1.md")
    spec["workers"] = [worker("redactor"), worker("classifier", ["redactor"]), worker("router", ["classifier"])]
    spec["evaluators"][0]["runs_after"] = spec["evaluators"][1]["runs_after"] = ["router"]
    spec["optimization_strategy"]["config"]["refinement_target"] = "workers.classifier"
    spec["safety_constraints"][0]["applies_to"] = ["redactor"]
    assert level_of(write_spec, spec) == 1


def test_level_1_checklist_channel_to_a_worker_makes_level_2(write_spec, spec):
    spec["feedback_channels"].append(channel("judge_to_writer", "evaluators.judge", "workers.writer"))
    assert level_of(write_spec, spec) == 2


def test_level_2_feedback_to_a_reflector_is_still_level_2(write_spec, spec):
    assert "or a reflector whose lesson the producer reads next" in page("index.md")
    spec["workers"] = [worker("writer"), worker("reflector", ["writer"])]
    spec["feedback_channels"] = [channel("judge_to_reflector", "evaluators.judge", "workers.reflector")]
    assert level_of(write_spec, spec) == 2


def test_level_3_produce_then_verify_with_a_verifier_worker_is_level_3(write_spec, spec):
    assert "that sends its findings back to the coder (a worker-to-worker channel)" in page("level-3.md")
    spec["workers"] = [worker("writer"), worker("verifier", ["writer"], tools=["run_tests"])]
    spec["feedback_channels"].append(channel("verifier_to_writer", "workers.verifier", "workers.writer"))
    assert level_of(write_spec, spec) == 3


def test_level_3_produce_then_verify_with_a_verifier_evaluator_is_level_2(write_spec, spec):
    assert "A verifier modelled as an evaluator keeps the loop at level 2." in page("level-3.md")
    spec["feedback_channels"].append(channel("judge_to_writer", "evaluators.judge", "workers.writer"))
    assert level_of(write_spec, spec) == 2


def test_level_3_a_plain_chain_is_not_level_3(write_spec, spec):
    assert "nothing flows back, is **not** level 3 by itself" in page("level-3.md")
    spec["workers"] = [worker("planner"), worker("writer", ["planner"]), worker("reviewer", ["writer"])]
    assert level_of(write_spec, spec) < 3


def test_level_4_prompt_variants_in_a_search_space_are_level_4(write_spec, spec):
    assert "prompt variants enumerated in a `search_space` are [level 4](level-4.md)" in page("level-5.md")
    spec["optimization_strategy"] = {"type": "parameter_search", "max_steps": 4, "config": {
        "refinement_target": "workers.writer", "search_space": {"prompt_variant": ["terse", "detailed"]}}}
    assert level_of(write_spec, spec) == 4


def test_level_5_prompt_refinement_is_below_level_4(write_spec, spec):
    assert "prompt rewriting by `prompt_refinement` is level 1 or 2" in page("level-5.md")
    assert spec["optimization_strategy"]["type"] == "prompt_refinement"
    assert level_of(write_spec, spec) == 1


def test_level_5_structural_change_of_workers_is_level_5(write_spec, spec):
    spec["optimization_strategy"] = {"type": "structural", "max_steps": 3, "config": {
        "refinement_target": "workers.writer", "search_space": {"workers": ["add_verifier", "split_writer"]}}}
    assert level_of(write_spec, spec) == 5


def test_memory_alone_is_level_2_not_level_5(write_spec, spec):
    assert "reaches 5 only with a structural optimizer" in page("index.md")
    spec["memory"] = {"type": "persistent", "backend": "vector", "retention": {"unit": "day", "value": 90},
                      "write_policy": {"allowed_writers": ["writer"]}}
    spec["optimization_strategy"] = {"type": "memory_update", "max_steps": 3,
                                     "config": {"refinement_target": "workers.writer"}}
    spec["feedback_channels"].append(channel("judge_to_writer", "evaluators.judge", "workers.writer"))
    assert level_of(write_spec, spec) == 2


def test_memory_with_a_structural_optimizer_is_level_5(write_spec, spec):
    spec["memory"] = {"type": "persistent", "backend": "vector", "retention": {"unit": "day", "value": 90},
                      "write_policy": {"allowed_writers": ["writer"]}}
    spec["optimization_strategy"] = {"type": "structural", "max_steps": 3, "config": {
        "refinement_target": "workers.writer", "search_space": {"workers.writer.tools": ["keep_skill", "drop_skill"]}}}
    assert level_of(write_spec, spec) == 5


def test_level_6_structural_search_over_evaluators_is_level_6(write_spec, spec):
    spec["optimization_strategy"] = {"type": "structural", "max_steps": 3, "config": {
        "refinement_target": "workers.writer", "search_space": {"evaluators.judge.rubric": ["strict", "lenient"]}}}
    assert level_of(write_spec, spec) == 6
