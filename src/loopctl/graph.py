"""The worker dependency graph: topological layers, cycles, and independent workers.

Every function here is linear in the size of the graph (workers plus
``depends_on`` entries), apart from sorting ids for a deterministic answer,
and none recurses: a spec with a chain of thousands of workers is an ordinary
input, not a stack overflow. ``edges`` maps a worker id to the ids it depends
on; ids that are not keys of ``edges`` are dependencies that never resolve.
"""

from __future__ import annotations

import heapq
from collections import deque

from loopctl.model import SpecView


def dependency_edges(spec: SpecView) -> dict[str, list[str]]:
    """Return worker id -> ids it depends on, restricted to workers that exist."""
    ids = spec.worker_ids
    return {w.id: [d for d in spec.depends_on(w) if d in ids] for w in spec.workers if w.id}


def find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """Return one dependency cycle as a closed path [a, b, ..., a], or None when the graph is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in sorted(edges):
        if state.get(start):
            continue
        path, stack = [start], [iter(edges.get(start, []))]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step):], step]
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                stack.append(iter(edges.get(step, [])))
    return None


def depths(edges: dict[str, list[str]]) -> dict[str, int]:
    """Return the depth of every worker whose dependencies all resolve: 0 for no dependency, else one more
    than its deepest dependency. Workers in a cycle, downstream of one, or waiting on an unknown id are absent.
    """
    waiting = {w: len(deps) for w, deps in edges.items()}
    dependents: dict[str, list[str]] = {}
    for w, deps in edges.items():
        for d in deps:
            dependents.setdefault(d, []).append(w)
    depth: dict[str, int] = {}
    ready = deque(w for w, count in waiting.items() if count == 0)
    while ready:
        w = ready.popleft()
        depth[w] = max((depth[d] + 1 for d in edges[w]), default=0)
        for follower in dependents.get(w, ()):
            waiting[follower] -= 1
            if waiting[follower] == 0:
                ready.append(follower)
    return depth


def layers(edges: dict[str, list[str]]) -> list[list[str]]:
    """Return workers grouped by depth: layer 0 depends on nothing, layer n on earlier layers only.

    Workers caught in a cycle are placed in a final layer so that drawings stay complete. Within a
    layer, workers keep the order of ``edges``.
    """
    depth = depths(edges)
    last = max(depth.values(), default=-1) + 1
    result: list[list[str]] = []
    for w in edges:
        d = depth.get(w, last)
        while len(result) <= d:
            result.append([])
        result[d].append(w)
    return result


def components(edges: dict[str, list[str]]) -> list[list[str]]:
    """Return the strongly connected components of the graph (workers that reach each other), each sorted.

    An iterative form of Tarjan's algorithm: linear, with no recursion. Ids that are not keys of
    ``edges`` are ignored.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(edges[start]))]
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in edges:
                    continue
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(edges[step])))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                found.append(sorted(members))
    return found


def independent_pair(edges: dict[str, list[str]]) -> tuple[str, str] | None:
    """Return two workers of which neither depends on the other, directly or transitively, or None when every
    pair is ordered (the workers form one chain; workers in one cycle reach each other and count as ordered).

    Kahn's algorithm over the components, always taking the smallest ready one: two components ready
    at the same time are independent, and when that never happens the order is total.
    """
    groups = components(edges)
    group_of = {w: i for i, members in enumerate(groups) for w in members}
    needs: list[set[int]] = [set() for _ in groups]
    for w, deps in edges.items():
        for d in deps:
            if d in group_of and group_of[d] != group_of[w]:
                needs[group_of[w]].add(group_of[d])
    waiting = [len(n) for n in needs]
    followers: list[list[int]] = [[] for _ in groups]
    for g, wanted in enumerate(needs):
        for needed in wanted:
            followers[needed].append(g)
    ready = [(groups[g][0], g) for g in range(len(groups)) if waiting[g] == 0]
    heapq.heapify(ready)
    while ready:
        if len(ready) >= 2:
            first, second = heapq.nsmallest(2, ready)
            return first[0], second[0]
        _, g = heapq.heappop(ready)
        for follower in followers[g]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, (groups[follower][0], follower))
    return None


def reachable(edges: dict[str, list[str]], start: str) -> set[str]:
    """Return every worker that ``start`` depends on, directly or transitively."""
    seen: set[str] = set()
    todo = list(edges.get(start, []))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, []))
    return seen
