"""The classifier can return every level, explains itself, and compares with the declared level."""

import copy

from loopctl.level import RULES, classify


def worker(wid, depends=()):
    return {"id": wid, "role": "r", "model": {"provider": "p", "name": "m"}, "inputs": [{"from": "inputs.text"}],
            "outputs": {"name": wid, "format": "text"}, "depends_on": list(depends)}


def base(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    spec["feedback_channels"][0]["destination"] = "optimization_strategy"
    return spec


def test_level_1_when_feedback_only_reaches_the_optimizer(minimal_spec):
    verdict = classify(base(minimal_spec))
    assert verdict.level == 1 and verdict.reasons[0].startswith("L1")


def test_level_2_when_an_evaluator_feeds_a_worker(minimal_spec):
    verdict = classify(minimal_spec)
    assert verdict.level == 2 and "judge_to_writer" in verdict.reasons[0]


def test_a_chain_of_workers_is_not_multi_agent(minimal_spec):
    spec = base(minimal_spec)
    spec["workers"] = [worker("a"), worker("b", ["a"]), worker("c", ["b"])]
    assert classify(spec).level == 1


def test_level_3_with_independent_workers(minimal_spec):
    spec = base(minimal_spec)
    spec["workers"] = [worker("a"), worker("b"), worker("c", ["a", "b"])]
    verdict = classify(spec)
    assert verdict.level == 3 and "'a' and 'b'" in verdict.reasons[0]


def test_level_4_with_parameter_search(minimal_spec):
    spec = base(minimal_spec)
    spec["optimization_strategy"] = {"type": "parameter_search", "max_steps": 4,
                                     "config": {"search_space": {"temperature": [0.1, 0.9]}}}
    assert classify(spec).level == 4


def test_parameter_search_without_a_space_is_not_evolutionary(minimal_spec):
    spec = base(minimal_spec)
    spec["optimization_strategy"] = {"type": "parameter_search", "max_steps": 4}
    assert classify(spec).level == 1


def test_level_5_with_structural_optimization(minimal_spec):
    spec = base(minimal_spec)
    spec["optimization_strategy"] = {"type": "structural", "max_steps": 2}
    assert classify(spec).level == 5


def test_level_6_when_the_loop_tunes_its_own_judging(minimal_spec):
    spec = base(minimal_spec)
    spec["optimization_strategy"] = {"type": "structural", "max_steps": 2,
                                     "config": {"search_space": {"evaluators.judge.pass_threshold": [0.7, 0.9]}}}
    verdict = classify(spec)
    assert verdict.level == 6 and len(verdict.reasons) == 2


def test_level_6_for_a_nested_composition_with_a_self_modifying_inner_loop(minimal_spec):
    inner = base(minimal_spec)
    inner["optimization_strategy"] = {"type": "structural", "max_steps": 2}
    spec = base(minimal_spec)
    spec["composition"] = {"type": "nested", "children": [{"id": "o", "ref": "outer.yaml", "role": "outer"},
                                                          {"id": "i", "ref": "inner.yaml", "role": "inner"}]}
    loader = {"outer.yaml": base(minimal_spec), "inner.yaml": inner}.get
    assert classify(spec, loader).level == 6
    assert classify(spec).level == 3


def test_declared_level_agreement(minimal_spec):
    minimal_spec["metadata"] = {"taxonomy_level": 3}
    verdict = classify(minimal_spec)
    assert verdict.declared == 3 and verdict.agrees is False
    assert verdict.as_dict()["declared"] == 3


def test_rules_document_all_six_levels():
    assert [r.level for r in RULES] == [1, 2, 3, 4, 5, 6]
