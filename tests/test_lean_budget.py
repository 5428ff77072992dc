"""--max-tokens: the most faithful form within the budget, valid, every stage kept, every drop reported."""

import json

import pytest

from conftest import REPO
from loopctl.lean import tokens
from loopctl.lean.budget import BudgetError, fit
from loopctl.lean.combine import combine, load_sources
from loopctl.lean.drops import STEPS, shorten_text
from loopctl.lean.dump import dump_yaml, problems
from loopctl.lssmin.expand import expand_text
from loopctl.lssmin.minify import FORMAT_VERSION, minify_text
from loopctl.model import SpecView, reference
from loopctl.validate import SpecStore


def _flat(names):
    paths = [REPO / "patterns" / f"{n}.yaml" for n in names]
    return combine(load_sources(paths), "sequential", flat=True, name="budget-loop").data


@pytest.fixture(scope="module")
def flat_spec():
    return _flat(["critique-loop", "research-loop", "verification-loop"])


def _judged(spec: SpecView) -> set[str]:
    return {w for e in spec.evaluators for w in spec.runs_after(e)}


def test_a_generous_budget_keeps_the_spec_as_written(flat_spec):
    fitted = fit(flat_spec, 10**6)
    assert fitted.form == "yaml" and fitted.lossless
    assert fitted.text == dump_yaml(flat_spec)


def test_a_budget_below_the_yaml_but_above_lss_min_gives_lossless_lss_min(flat_spec):
    budget = tokens.count(minify_text(flat_spec))
    assert budget < tokens.count(dump_yaml(flat_spec))
    fitted = fit(flat_spec, budget)
    assert fitted.form == "lss-min" and fitted.lossless
    assert expand_text(fitted.text) == flat_spec


@pytest.mark.parametrize("share", [0.8, 0.6, 0.45])
def test_a_tight_budget_drops_by_priority_and_keeps_a_valid_spec_with_every_stage(tmp_path, flat_spec, share):
    budget = int(tokens.count(minify_text(flat_spec)) * share)
    fitted = fit(flat_spec, budget)
    assert fitted.size <= budget and tokens.count(fitted.text) == fitted.size
    assert fitted.dropped, "something had to go"
    order = [s.id for s in STEPS]
    taken = [step for step, _ in fitted.dropped]
    assert taken == sorted(taken, key=order.index)  # the stated priority, in order
    data = expand_text(fitted.text)
    path = tmp_path / f"{data['loop_name']}.yaml"
    path.write_text(dump_yaml(data))
    result = SpecStore().validate(path)
    assert result.errors == [] and result.warnings == [], result.diagnostics
    before, after = SpecView(flat_spec), SpecView(data)
    assert [w.id for w in after.workers] == [w.id for w in before.workers]
    assert _judged(after) == _judged(before)
    assert len([m for m in after.metrics if m.get("primary") is True]) == 1
    assert after.max_iterations == before.max_iterations


def test_every_drop_is_reported_with_what_it_took(flat_spec):
    budget = int(tokens.count(minify_text(flat_spec)) * 0.6)
    fitted = fit(flat_spec, budget)
    for step, taken in fitted.dropped:
        assert taken and all(isinstance(t, str) and t for t in taken), step


def test_an_unreachable_budget_fails_clearly_with_the_smallest_size(flat_spec):
    with pytest.raises(BudgetError) as caught:
        fit(flat_spec, 50)
    assert caught.value.smallest > 50
    assert "unreachable" in str(caught.value) and f"{caught.value.smallest:,}" in str(caught.value)
    closest = caught.value.closest
    assert [w["id"] for w in closest.data["workers"]] == [w["id"] for w in flat_spec["workers"]]


def test_the_estimate_can_be_the_unit(flat_spec):
    budget = tokens.estimate(minify_text(flat_spec)) - 50
    fitted = fit(flat_spec, budget, counter=tokens.estimate, unit="estimated tokens")
    assert tokens.estimate(fitted.text) <= budget


def test_drops_leave_no_dangling_reference(flat_spec):
    import copy
    data = copy.deepcopy(flat_spec)
    for step in STEPS:
        step.apply(data)
        found = [d for d in problems(data) if d.rule in ("lss.dangling-ref", "lss.unknown-metric", "fail.open_loop")]
        assert found == [], (step.id, found)
    spec = SpecView(data)
    workers = spec.worker_ids
    for channel in spec.channels:
        target = reference(channel.get("destination"), "workers")
        assert target is None or target in workers


def test_shortening_keeps_a_minimum_length():
    assert shorten_text("Plan it. Then do it.", None) == "Plan it."
    assert shorten_text("one two three four", 2) == "one two"
    assert shorten_text("Tiny goal here and more words", 1, minimum=10) == "Tiny goal here and more words"


def test_budgeted_output_is_json_that_names_its_format(flat_spec):
    fitted = fit(flat_spec, int(tokens.count(minify_text(flat_spec)) * 0.7))
    assert json.loads(fitted.text)["~v"] == FORMAT_VERSION
