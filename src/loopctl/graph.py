"""The worker dependency graph: topological layers and cycles."""

from __future__ import annotations

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
                return path[path.index(step):] + [step]
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                stack.append(iter(edges.get(step, [])))
    return None


def layers(edges: dict[str, list[str]]) -> list[list[str]]:
    """Return workers grouped by depth: layer 0 depends on nothing, layer n on earlier layers only.

    Workers caught in a cycle are placed in a final layer so that drawings stay complete.
    """
    depth: dict[str, int] = {}
    remaining = dict(edges)
    while remaining:
        ready = [w for w, deps in remaining.items() if all(d in depth for d in deps)]
        if not ready:
            level = max(depth.values(), default=-1) + 1
            for w in remaining:
                depth[w] = level
            break
        for w in ready:
            depth[w] = max((depth[d] + 1 for d in remaining[w]), default=0)
            del remaining[w]
    result: list[list[str]] = []
    for w in edges:
        while len(result) <= depth[w]:
            result.append([])
        result[depth[w]].append(w)
    return result


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
