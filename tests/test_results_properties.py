"""Property tests: the loader and results check never raise, whatever JSON they are given."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from loopctl.loader import load_text
from loopctl.results.check import check_document

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30)
PUBLISHED = json.loads((REPO / "loop-library/results/loopbench.results.json").read_text(encoding="utf-8"))
FIELDS = ["g_0", "g_final", "g_target", "seed", "iterations", "cost_usd", "elapsed_s", "goal_trace", "success",
          "task_instance_id", "safety_violations"]


def _check(text: str) -> None:
    document, _ = load_text(text, "fuzz.results.json")
    if document is not None:
        check_document(document, REPO)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_results_check_never_raises_on_arbitrary_json(value):
    _check(json.dumps({"version": "0.2.0", "entries": value}))
    _check(json.dumps(value))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), JSON)
def test_results_check_never_raises_on_a_run_with_any_field_value(field, value):
    data = copy.deepcopy(PUBLISHED)
    data["entries"] = data["entries"][:1]
    data["entries"][0]["results"][0]["runs"][0][field] = value
    _check(json.dumps(data))
