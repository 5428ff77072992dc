"""The dependency graph answers in linear time without recursion, and agrees with the obvious definitions."""

from __future__ import annotations

import copy
import sys
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from loopctl.graph import components, depths, find_cycle, independent_pair, layers, reachable
from loopctl.level import classify

CHAIN = 3000


def chain_spec(minimal_spec: dict, length: int = CHAIN) -> dict:
    """A valid spec whose workers form one ``depends_on`` chain w0 <- w1 <- ... of ``length`` workers."""
    spec = copy.deepcopy(minimal_spec)
    template = spec["workers"][0]
    workers = []
    for i in range(length):
        worker = copy.deepcopy(template)
        worker["id"] = f"w{i}"
        worker["depends_on"] = [f"w{i - 1}"] if i else []
        workers.append(worker)
    spec["workers"] = workers
    spec["feedback_channels"][0]["destination"] = "optimization_strategy"
    for evaluator in spec.get("evaluators", []):
        evaluator["runs_after"] = [f"w{length - 1}"]
    return spec


def naive_layers(edges):
    depth, remaining = {}, dict(edges)
    while remaining:
        ready = [w for w, deps in remaining.items() if all(d in depth for d in deps)]
        if not ready:
            last = max(depth.values(), default=-1) + 1
            depth.update(dict.fromkeys(remaining, last))
            break
        for w in ready:
            depth[w] = max((depth[d] + 1 for d in remaining[w]), default=0)
            del remaining[w]
    out = []
    for w in edges:
        while len(out) <= depth[w]:
            out.append([])
        out[depth[w]].append(w)
    return out


def is_independent(edges, a, b):
    return b not in reachable(edges, a) and a not in reachable(edges, b)


graphs = st.integers(min_value=0, max_value=7).flatmap(lambda n: st.fixed_dictionaries(
    {f"n{i}": st.lists(st.sampled_from([f"n{j}" for j in range(n)] + ["ghost"]), max_size=3)
     for i in range(n)}))


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_layers_are_the_longest_path_depths_with_cycles_last(edges):
    assert layers(edges) == naive_layers(edges)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_independent_pair_exists_exactly_when_some_two_workers_are_unordered(edges):
    ids = sorted(edges)
    any_unordered = any(is_independent(edges, a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    pair = independent_pair(edges)
    assert (pair is not None) == any_unordered
    if pair is not None:
        assert pair[0] != pair[1] and is_independent(edges, *pair)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_components_group_exactly_the_workers_that_reach_each_other(edges):
    groups = components(edges)
    assert sorted(w for g in groups for w in g) == sorted(edges)
    group_of = {w: i for i, g in enumerate(groups) for w in g}
    for a in edges:
        for b in edges:
            mutual = a == b or (b in reachable(edges, a) and a in reachable(edges, b))
            assert (group_of[a] == group_of[b]) == mutual


def test_a_chain_has_no_independent_pair_and_one_worker_per_layer():
    edges = {f"w{i}": [f"w{i - 1}"] if i else [] for i in range(CHAIN)}
    assert independent_pair(edges) is None
    assert len(layers(edges)) == CHAIN and depths(edges)[f"w{CHAIN - 1}"] == CHAIN - 1
    assert find_cycle(edges) is None


def test_two_workers_waiting_on_the_same_one_are_independent():
    assert independent_pair({"a": [], "b": ["a"], "c": ["a"]}) == ("b", "c")


def test_a_long_cycle_is_found_without_recursion():
    edges = {f"w{i}": [f"w{(i + 1) % CHAIN}"] for i in range(CHAIN)}
    assert len(find_cycle(edges)) == CHAIN + 1
    assert independent_pair(edges) is None and len(components(edges)) == 1
    assert layers(edges) == [list(edges)]


def test_a_3000_worker_chain_classifies_without_recursion_error_in_bounded_memory(minimal_spec):
    spec = chain_spec(minimal_spec)
    # A recursive walk over 3,000 workers would need far more frames than this; the iterative one needs none.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        tracemalloc.start()
        verdict = classify(spec)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        sys.setrecursionlimit(limit)
    assert verdict.level == 1
    assert peak < 20 * 1024 * 1024, f"classifying a {CHAIN}-worker chain peaked at {peak} bytes"


def test_a_3000_worker_chain_with_one_side_branch_is_multi_agent(minimal_spec):
    spec = chain_spec(minimal_spec)
    side = copy.deepcopy(spec["workers"][0])
    side["id"], side["depends_on"] = "side", []
    spec["workers"].append(side)
    verdict = classify(spec)
    assert verdict.level == 3 and "'side' and 'w0'" in verdict.reasons[0]
