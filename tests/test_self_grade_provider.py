"""F2 self-grade: a judge from the same provider as the worker it judges is flagged, another provider is not."""

from loopctl.validate import SpecStore


def self_grade(write_spec, spec):
    result = SpecStore().validate(write_spec(spec))
    return [d for d in result.diagnostics if d.rule == "fail.self_grade"]


def test_a_sibling_model_of_the_same_provider_is_a_self_grade_warning(write_spec, minimal_spec):
    minimal_spec["evaluators"][1]["model"] = {"provider": "anthropic", "name": "claude-opus-4-1"}
    found = self_grade(write_spec, minimal_spec)
    assert len(found) == 1 and found[0].severity == "warning"
    assert "same provider (anthropic)" in found[0].message and "another provider" in found[0].hint


def test_the_identical_model_is_named_as_the_same_model(write_spec, minimal_spec):
    minimal_spec["evaluators"][1]["model"] = dict(minimal_spec["workers"][0]["model"])
    found = self_grade(write_spec, minimal_spec)
    assert len(found) == 1 and "the same model as" in found[0].message


def test_a_judge_from_another_provider_passes(write_spec, minimal_spec):
    minimal_spec["evaluators"][1]["model"] = {"provider": "openai", "name": "gpt-4.1-mini"}
    assert self_grade(write_spec, minimal_spec) == []
