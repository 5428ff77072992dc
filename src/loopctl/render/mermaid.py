"""Mermaid flowcharts of a loop's real structure, with every label escaped.

Two drawings of one spec: ``diagram`` is the detailed chart (inputs, memory,
workers with their roles, evaluators, every feedback channel with its fields,
optimizer, termination) and ``overview`` the one meant to be read where it
stands (one node per worker, evaluator, feedback group and exit).

Node ids are generated here and never taken from the spec: a worker is
``w<index>`` and an evaluator ``e<index>`` (its position in the spec) in both
drawings, so that ``node_targets`` can map a drawn node back to the page
section that explains it. Labels are always double-quoted and pass through
``label``, which wraps long text onto several lines (never cuts it) and turns
every character Mermaid or HTML could act on into a Mermaid entity code. A
spec therefore cannot add nodes, links, ``click`` handlers or ``%%{init}%%``
directives to a diagram.

Every pass is linear in the size of the spec: entries are looked up through
dictionaries built once, and nothing recurses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from loopctl.escape import mermaid_text
from loopctl.graph import dependency_edges, layers
from loopctl.model import OPTIMIZER, Item, SpecView, as_dict, as_list, reference

ChildLoader = Callable[[str], dict | None]

_OPS = {"gte": "≥", "lte": "≤", "eq": "=", "gt": ">", "lt": "<"}
LINE_BREAK = "<br>"     # the only markup a label ever holds; Mermaid turns it into a new line
WRAP = 32               # characters per label line
_CLASSES = (
    # Dark text on light fills: at least 7:1 in both palettes, since the fill travels with the text.
    "classDef worker fill:#e3f2fd,stroke:#1565c0,color:#0d47a1",
    "classDef evaluator fill:#fff3e0,stroke:#ef6c00,color:#8a3200",
    "classDef control fill:#f3e5f5,stroke:#6a1b9a,color:#4a148c",
)


def label(text, width: int = WRAP) -> str:
    """Return spec text made safe for a double-quoted Mermaid label, wrapped at about ``width`` characters.

    The whole text is kept: words are moved to new lines (``<br>``), and a
    word longer than a line is split across lines. Every character Mermaid
    or HTML could act on becomes an entity code.
    """
    lines = wrap(" ".join(str(text).split()), width)
    return LINE_BREAK.join(mermaid_text(line) for line in lines)


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters at spaces; over-long words are cut into pieces."""
    width = max(1, width)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def direction(spec: SpecView, groups: list[list[str]] | None = None) -> str:
    """``LR`` for long, narrow dependency chains (they would run off the bottom), otherwise ``TD``.

    ``groups`` are the worker layers when the caller has them already.
    """
    groups = layers(dependency_edges(spec)) if groups is None else groups
    depth, breadth = len(groups), max((len(g) for g in groups), default=0)
    return "LR" if depth >= 4 and depth > 2 * breadth else "TD"


def node_targets(data: dict) -> dict[str, dict[str, str]]:
    """Return, for each worker and evaluator node id, the page anchor that explains it and its full text.

    ``{"w0": {"anchor": "worker-plan", "text": "plan: Break the task into steps"}, ...}``
    Anchors come from ``anchor_id``; texts are plain (escape them where they land).
    """
    spec = SpecView(data)
    targets: dict[str, dict[str, str]] = {}
    for worker in spec.workers:
        if worker.id:
            role = worker.get("role")
            text = worker.id + (f": {role}" if isinstance(role, str) else "")
            targets[f"w{worker.index}"] = {"anchor": anchor_id("worker", worker.id), "text": text}
    for evaluator in spec.evaluators:
        if evaluator.id:
            text = f"{evaluator.id} ({evaluator.get('type')})"
            targets[f"e{evaluator.index}"] = {"anchor": anchor_id("evaluator", evaluator.id), "text": text}
    return targets


def anchor_id(kind: str, ident: str) -> str:
    """The HTML id of a worker's or evaluator's section: ``worker-<id>``; characters outside ``[a-z0-9_-]`` become ``-``."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "-" for ch in str(ident).lower())
    return f"{kind}-{safe}"


class _Chart:
    """Collects lines and hands out safe node ids for the nodes that are not workers or evaluators."""

    def __init__(self):
        self.lines: list[str] = []
        self.counter = 0

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def add(self, line: str, indent: int = 1) -> None:
        self.lines.append("    " * indent + line)

    def text(self) -> str:
        for line in _CLASSES:
            self.add(line)
        return "\n".join(self.lines) + "\n"


# --------------------------------------------------------------------------- detailed


def diagram(data: dict, child_loader: ChildLoader | None = None) -> str:
    """Return the detailed Mermaid flowchart of a spec; compositions draw their children as subgraphs."""
    spec = SpecView(data)
    groups = layers(dependency_edges(spec))
    chart = _Chart()
    chart.lines.append(f"flowchart {direction(spec, groups)}")
    _draw_loop(chart, spec, prefix="", indent=1, groups=groups)
    if spec.composition:
        _draw_composition(chart, spec.composition, child_loader)
    return chart.text()


def _ordered_workers(spec: SpecView, groups: list[list[str]]) -> list[Item]:
    """Workers in ``depends_on`` order (layer by layer), each once."""
    by_id: dict[str, Item] = {}
    for worker in spec.workers:
        by_id.setdefault(worker.id, worker)
    return [by_id[w] for layer in groups for w in layer if w in by_id]


def _draw_loop(chart: _Chart, spec: SpecView, prefix: str, indent: int, compact: bool = False,
               groups: list[list[str]] | None = None) -> dict[str, str]:
    """Draw one loop's nodes and edges; return the map from spec names to node ids.

    ``compact`` (a composition's child) draws only workers and evaluators with their edges.
    """
    groups = layers(dependency_edges(spec)) if groups is None else groups
    ids: dict[str, str] = {}
    if not compact:
        _draw_inputs(chart, spec, prefix, indent, ids)
    _draw_workers(chart, spec, prefix, indent, ids, groups, with_roles=not compact)
    _draw_worker_edges(chart, spec, prefix, indent, ids, with_sources=not compact)
    _draw_evaluators(chart, spec, prefix, indent, ids)
    if not compact:
        _draw_control(chart, spec, prefix, indent, ids)
        _draw_exit(chart, spec, ids, prefix, indent)
    return ids


def _draw_inputs(chart: _Chart, spec: SpecView, prefix: str, indent: int, ids: dict[str, str]) -> None:
    inputs = as_dict(spec.section("inputs").get("schema"))
    if len(inputs) > 3:
        # Side-by-side input nodes make wide charts; fold them into one node.
        node = chart.new_id(prefix + "i")
        for name in inputs:
            ids[f"inputs.{name}"] = node
        chart.add(f'{node}(["{label("inputs: " + ", ".join(map(str, inputs)))}"])', indent)
    elif inputs:
        box = chart.new_id(prefix + "in")
        chart.add(f'subgraph {box}["Inputs"]', indent)
        for name in inputs:
            node = chart.new_id(prefix + "i")
            ids[f"inputs.{name}"] = node
            chart.add(f'{node}(["{label(name)}"])', indent + 1)
        chart.add("end", indent)


def _draw_workers(chart: _Chart, spec: SpecView, prefix: str, indent: int, ids: dict[str, str],
                  groups: list[list[str]], with_roles: bool) -> None:
    for worker in _ordered_workers(spec, groups):
        node = f"{prefix}w{worker.index}"
        ids[f"workers.{worker.id}"] = node
        role = f": {worker.get('role')}" if isinstance(worker.get("role"), str) and with_roles else ""
        chart.add(f'{node}["{label(worker.id + role)}"]:::worker', indent)


def _draw_worker_edges(chart: _Chart, spec: SpecView, prefix: str, indent: int, ids: dict[str, str],
                       with_sources: bool) -> None:
    """An edge into each worker from what it reads (inputs, memory, workers) and from what it depends on."""
    memory_node = None
    for worker in spec.workers:
        target = ids.get(f"workers.{worker.id}")
        linked = set()
        for _, source in spec.input_bindings(worker):
            if source.startswith("inputs.") and with_sources:
                origin = ids.get("inputs." + source.split(".")[1])
            elif source.startswith("memory.") and with_sources:
                if memory_node is None:
                    memory_node = chart.new_id(prefix + "m")
                    kind = spec.section("memory").get("type", "memory")
                    chart.add(f'{memory_node}[("{label("memory: " + str(kind))}")]', indent)
                origin = memory_node
            else:
                origin = ids.get(f"workers.{reference(source, 'workers')}")
            if origin and target and origin not in linked:
                chart.add(f"{origin} --> {target}", indent)
                linked.add(origin)
        for dependency in spec.depends_on(worker):
            origin = ids.get(f"workers.{dependency}")
            if origin and target and origin not in linked:
                chart.add(f"{origin} --> {target}", indent)
                linked.add(origin)


def _draw_evaluators(chart: _Chart, spec: SpecView, prefix: str, indent: int, ids: dict[str, str]) -> None:
    for evaluator in spec.evaluators:
        node = f"{prefix}e{evaluator.index}"
        ids[f"evaluators.{evaluator.id}"] = node
        chart.add(f'{node}{{{{"{label(evaluator.id + " (" + str(evaluator.get("type")) + ")")}"}}}}:::evaluator',
                  indent)
        for worker_id in dict.fromkeys(spec.runs_after(evaluator)):
            origin = ids.get(f"workers.{worker_id}")
            if origin:
                chart.add(f"{origin} --> {node}", indent)


def _draw_control(chart: _Chart, spec: SpecView, prefix: str, indent: int, ids: dict[str, str]) -> None:
    """The optimizer (with the worker it refines) and the feedback channels as labelled back-edges."""
    optimizer = spec.optimizer
    if optimizer:
        node = chart.new_id(prefix + "o")
        ids[OPTIMIZER] = node
        text = f"optimizer: {optimizer.get('type')}, up to {optimizer.get('max_steps')} steps"
        chart.add(f'{node}[/"{label(text)}"/]:::control', indent)
        target = ids.get(f"workers.{reference(spec.optimizer_config.get('refinement_target'), 'workers')}")
        if target:
            chart.add(f'{node} -. "refines" .-> {target}', indent)
    for channel in spec.channels:
        start, end = _channel_ends(channel, ids)
        if start and end:
            fields = ", ".join(str(f) for f in as_list(channel.get("fields")))
            text = channel.id + (f": {fields}" if fields else "")
            chart.add(f'{start} -. "{label(text)}" .-> {end}', indent)


def _channel_ends(channel: Item, ids: dict[str, str]) -> tuple[str | None, str | None]:
    source = ids.get(str(channel.get("source")))
    destination = str(channel.get("destination", ""))
    target = ids.get(OPTIMIZER) if destination.startswith(OPTIMIZER) else ids.get(destination)
    return source, target


def _draw_exit(chart: _Chart, spec: SpecView, ids: dict[str, str], prefix: str, indent: int) -> None:
    stops = _termination_text(spec)
    if not stops:
        return
    node = chart.new_id(prefix + "t")
    chart.add(f'{node}(["{label(stops)}"]):::control', indent)
    primary = next((m for m in spec.metrics if m.get("primary") is True), None)
    origin = ids.get(str(primary.get("source"))) if primary is not None else None
    if origin is None:
        first = next(iter(spec.evaluators), None)
        origin = ids.get(f"evaluators.{first.id}") if first is not None else None
    if origin:
        chart.add(f"{origin} --> {node}", indent)


def _termination_text(spec: SpecView) -> str:
    parts = []
    for c in spec.conditions("success"):
        parts.append(f"success: {c.get('metric')} {_OPS.get(str(c.get('operator')), c.get('operator'))} {c.get('value')}")
    if spec.max_iterations is not None:
        parts.append(f"max {spec.max_iterations:g} iterations")
    for c in spec.conditions("stall"):
        parts.append(f"stall: {c.get('metric')} < +{c.get('min_improvement')} over {c.get('window_iterations')}")
    return "stop when " + "; ".join(parts) if parts else ""


def _draw_composition(chart: _Chart, composition: dict, child_loader: ChildLoader | None) -> None:
    kind = composition.get("type")
    children = [c for c in as_list(composition.get("children")) if isinstance(c, dict)]
    boxes: dict[str, str] = {}

    def open_child(child: dict, indent: int) -> None:
        box = chart.new_id("c")
        boxes[str(child.get("id"))] = box
        data = child_loader(child["ref"]) if child_loader and isinstance(child.get("ref"), str) else None
        name = SpecView(data).name if data else Path(str(child.get("ref", ""))).stem
        title = label(f"{child.get('id')} ({child.get('role', 'stage')}): {name}", 2 * WRAP)
        chart.add(f'subgraph {box}["{title}"]', indent)
        if data:
            _draw_loop(chart, SpecView(data), prefix=box, indent=indent + 1, compact=True)
        else:
            chart.add(f'{chart.new_id("x")}["{label(child.get("ref", "?"))}"]', indent + 1)

    # Nested compositions draw the inner children inside the outer one's box; no recursion is needed
    # because a composition's children are one level deep.
    outer = [c for c in children if c.get("role") == "outer"][:1] if kind == "nested" else []
    if outer:
        open_child(outer[0], 1)
        for child in children:
            if child.get("role") != "outer":
                open_child(child, 2)
                chart.add("end", 2)
        chart.add("end", 1)
    else:
        for child in children:
            open_child(child, 1)
            chart.add("end", 1)
    _draw_links_between_children(chart, composition, children, boxes)


def _draw_links_between_children(chart: _Chart, composition: dict, children: list[dict],
                                 boxes: dict[str, str]) -> None:
    kind = composition.get("type")
    if kind == "parallel":
        fan, merged = chart.new_id("f"), chart.new_id("g")
        chart.add(f'{fan}(["fan out"]):::control', 1)
        chart.add(f'{merged}(["{label(_merge_text(composition))}"]):::control', 1)
        for child in children:
            box = boxes.get(str(child.get("id")))
            if box:
                chart.add(f"{fan} --> {box}", 1)
                chart.add(f"{box} --> {merged}", 1)
    adapters = [a for a in as_list(composition.get("adapters")) if isinstance(a, dict)]
    for adapter in adapters:
        source, target = _adapter_end(adapter.get("from")), _adapter_end(adapter.get("to"))
        if source in boxes and target in boxes and source != target:
            text = f"{_adapter_field(adapter.get('from'))} → {_adapter_field(adapter.get('to'))}"
            chart.add(f'{boxes[source]} -- "{label(text)}" --> {boxes[target]}', 1)
    if kind == "sequential" and not adapters:
        for before, after in itertools.pairwise(children):
            a, b = boxes.get(str(before.get("id"))), boxes.get(str(after.get("id")))
            if a and b:
                chart.add(f"{a} --> {b}", 1)


def _merge_text(composition: dict) -> str:
    merge = as_dict(composition.get("merge"))
    text = f"merge: {merge.get('strategy')}"
    if merge.get("preserve_dissent") is True:
        text += ", dissent preserved"
    if merge.get("min_branches_pass") is not None:
        text += f", at least {merge.get('min_branches_pass')} must pass"
    return text


def _adapter_end(path) -> str | None:
    parts = path.split(".") if isinstance(path, str) else []
    return parts[1] if len(parts) >= 2 and parts[0] == "children" else None


def _adapter_field(path) -> str:
    parts = path.split(".") if isinstance(path, str) else []
    return ".".join(parts[2:]) or "?"


# --------------------------------------------------------------------------- overview


def overview(data: dict, child_loader: ChildLoader | None = None) -> str:
    """Return the overview flowchart: one node per worker, evaluator, feedback group and exit.

    Workers and evaluators are drawn by id (their full text is in the page's
    tables and on hover); the feedback channels that reach one destination
    are one node naming them all. A composition is drawn as one
    node per child with its hand-overs.
    """
    spec = SpecView(data)
    groups = layers(dependency_edges(spec))
    chart = _Chart()
    chart.lines.append(f"flowchart {direction(spec, groups)}")
    if spec.composition:
        _overview_composition(chart, spec.composition, child_loader)
        return chart.text()
    ids: dict[str, str] = {}
    for worker in _ordered_workers(spec, groups):
        node = f"w{worker.index}"
        ids[f"workers.{worker.id}"] = node
        chart.add(f'{node}["{label(worker.id)}"]:::worker')
    for worker in spec.workers:
        target = ids.get(f"workers.{worker.id}")
        origins = [ids.get(f"workers.{reference(s, 'workers')}") for _, s in spec.input_bindings(worker)
                   if s.startswith("workers.")]
        origins += [ids.get(f"workers.{d}") for d in spec.depends_on(worker)]
        for origin in dict.fromkeys(o for o in origins if o):
            if target:
                chart.add(f"{origin} --> {target}")
    for evaluator in spec.evaluators:
        node = f"e{evaluator.index}"
        ids[f"evaluators.{evaluator.id}"] = node
        chart.add(f'{node}{{{{"{label(evaluator.id)}"}}}}:::evaluator')
        for worker_id in dict.fromkeys(spec.runs_after(evaluator)):
            worker_node = ids.get(f"workers.{worker_id}")
            if worker_node:
                chart.add(f"{worker_node} --> {node}")
    if spec.optimizer:
        node = chart.new_id("o")
        ids[OPTIMIZER] = node
        chart.add(f'{node}[/"{label("optimizer: " + str(spec.optimizer.get("type")))}"/]:::control')
        target = ids.get(f"workers.{reference(spec.optimizer_config.get('refinement_target'), 'workers')}")
        if target:
            chart.add(f"{node} -.-> {target}")
    # One feedback node per destination: the reader sees where corrections land, and the names of the
    # channels that carry them, without one edge label per channel.
    feedback: dict[str, tuple[list[str], list[str]]] = {}
    for channel in spec.channels:
        source, target = _channel_ends(channel, ids)
        if source and target:
            sources, names = feedback.setdefault(target, ([], []))
            sources.append(source)
            names.append(channel.id or "feedback")
    for target, (sources, names) in feedback.items():
        node = chart.new_id("fb")
        chart.add(f'{node}(["{label("feedback: " + ", ".join(names))}"])')
        for source in dict.fromkeys(sources):
            chart.add(f"{source} -.-> {node}")
        chart.add(f"{node} -.-> {target}")
    _draw_exit(chart, spec, ids, "", 1)
    return chart.text()


def _overview_composition(chart: _Chart, composition: dict, child_loader: ChildLoader | None) -> None:
    children = [c for c in as_list(composition.get("children")) if isinstance(c, dict)]
    boxes: dict[str, str] = {}
    for child in children:
        box = chart.new_id("c")
        boxes[str(child.get("id"))] = box
        data = child_loader(child["ref"]) if child_loader and isinstance(child.get("ref"), str) else None
        name = SpecView(data).name if data else Path(str(child.get("ref", ""))).stem
        text = label(f"{child.get('id')} ({child.get('role', 'stage')}): {name}")
        chart.add(f'{box}["{text}"]:::worker')
    if composition.get("type") == "nested":
        outer = next((boxes[str(c.get("id"))] for c in children if c.get("role") == "outer"), None)
        for child in children:
            box = boxes[str(child.get("id"))]
            if outer and box != outer:
                chart.add(f'{outer} -. "runs" .-> {box}')
    _draw_links_between_children(chart, composition, children, boxes)


def child_loader(store, document) -> ChildLoader:
    """Return a loader that resolves composition children through a ``SpecStore``."""
    from loopctl.level import child_loader as level_child_loader
    return level_child_loader(store, document)
