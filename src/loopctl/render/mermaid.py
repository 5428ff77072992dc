"""Mermaid flowcharts of a loop's real structure, with every label escaped.

Node ids are generated here (``w0``, ``e1``...) and never taken from the spec;
labels are always double-quoted and pass through ``label``, which turns every
character Mermaid or HTML could act on into a Mermaid entity code. A spec
therefore cannot add nodes, links, ``click`` handlers or ``%%{init}%%``
directives to a diagram.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from loopctl.graph import dependency_edges, layers
from loopctl.model import SpecView, as_dict, as_list, reference

ChildLoader = Callable[[str], dict | None]

_ENTITIES = {
    "&": "#amp;", "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "{": "#123;", "}": "#125;",
    "|": "#124;", "%": "#37;", "`": "#96;", "[": "#91;", "]": "#93;", ";": "#59;", "\\": "#92;",
}
_OPS = {"gte": "≥", "lte": "≤", "eq": "=", "gt": ">", "lt": "<"}


def label(text, limit: int = 60) -> str:
    """Return spec text made safe for a double-quoted Mermaid label (one line, entities for specials)."""
    raw = " ".join(str(text).split())
    if len(raw) > limit:
        raw = raw[: limit - 1] + "…"
    return "".join(_ENTITIES.get(ch, ch) for ch in raw)


class _Chart:
    """Collects lines and hands out safe node ids."""

    def __init__(self):
        self.lines: list[str] = []
        self.counter = 0

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def add(self, line: str, indent: int = 1) -> None:
        self.lines.append("    " * indent + line)


def diagram(data: dict, child_loader: ChildLoader | None = None) -> str:
    """Return a Mermaid ``flowchart TD`` of a spec; compositions draw their children as subgraphs."""
    chart = _Chart()
    chart.lines.append("flowchart TD")
    _draw_loop(chart, SpecView(data), prefix="", indent=1)
    composition = SpecView(data).composition
    if composition:
        _draw_composition(chart, composition, child_loader)
    chart.add("classDef worker fill:#e3f2fd,stroke:#1565c0,color:#0d47a1")
    chart.add("classDef evaluator fill:#fff3e0,stroke:#ef6c00,color:#e65100")
    chart.add("classDef control fill:#f3e5f5,stroke:#6a1b9a,color:#4a148c")
    return "\n".join(chart.lines) + "\n"


def _draw_loop(chart: _Chart, spec: SpecView, prefix: str, indent: int, compact: bool = False) -> dict[str, str]:
    """Draw one loop's nodes and edges; return the map from spec names to node ids."""
    ids: dict[str, str] = {}
    inputs = as_dict(spec.section("inputs").get("schema"))
    if inputs and len(inputs) > 3 and not compact:
        # Side-by-side input nodes make wide charts that shrink to unreadable; fold them into one.
        node = chart.new_id("i")
        for name in inputs:
            ids[f"inputs.{name}"] = node
        chart.add(f'{node}(["{label("inputs: " + ", ".join(map(str, inputs)), 120)}"])', indent)
    elif inputs and not compact:
        box = chart.new_id("in")
        chart.add(f'subgraph {box}["Inputs"]', indent)
        for name in inputs:
            node = chart.new_id("i")
            ids[f"inputs.{name}"] = node
            chart.add(f'{node}(["{label(name)}"])', indent + 1)
        chart.add("end", indent)
    for layer in layers(dependency_edges(spec)):
        for worker_id in layer:
            worker = next(w for w in spec.workers if w.id == worker_id)
            node = chart.new_id("w")
            ids[f"workers.{worker_id}"] = node
            role = f": {worker.get('role')}" if isinstance(worker.get("role"), str) and not compact else ""
            chart.add(f'{node}["{label(worker_id + role)}"]:::worker', indent)
    memory_node = None
    for worker in spec.workers:
        target = ids.get(f"workers.{worker.id}")
        linked = set()
        for _, source in spec.input_bindings(worker):
            if source.startswith("inputs.") and not compact:
                origin = ids.get("inputs." + source.split(".")[1])
            elif source.startswith("memory.") and not compact:
                if memory_node is None:
                    memory_node = chart.new_id("m")
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
    for evaluator in spec.evaluators:
        node = chart.new_id("e")
        ids[f"evaluators.{evaluator.id}"] = node
        chart.add(f'{node}{{{{"{label(evaluator.id + " (" + str(evaluator.get("type")) + ")")}"}}}}:::evaluator',
                  indent)
        for worker_id in spec.runs_after(evaluator):
            origin = ids.get(f"workers.{worker_id}")
            if origin:
                chart.add(f"{origin} --> {node}", indent)
    if compact:
        return ids
    optimizer = spec.optimizer
    if optimizer:
        node = chart.new_id("o")
        ids["optimization_strategy"] = node
        text = f"optimizer: {optimizer.get('type')}, up to {optimizer.get('max_steps')} steps"
        chart.add(f'{node}[/"{label(text, 80)}"/]:::control', indent)
        target = ids.get(f"workers.{reference(spec.optimizer_config.get('refinement_target'), 'workers')}")
        if target:
            chart.add(f'{node} -. "refines" .-> {target}', indent)
    for channel in spec.channels:
        source = ids.get(str(channel.get("source")))
        destination = str(channel.get("destination", ""))
        target = ids.get("optimization_strategy") if destination.startswith("optimization_strategy") \
            else ids.get(destination)
        if source and target:
            fields = ", ".join(str(f) for f in as_list(channel.get("fields"))[:3])
            text = channel.id + (f": {fields}" if fields else "")
            chart.add(f'{source} -. "{label(text, 70)}" .-> {target}', indent)
    stops = _termination_text(spec)
    if stops:
        node = chart.new_id("t")
        chart.add(f'{node}(["{label(stops, 140)}"]):::control', indent)
        primary = next((m for m in spec.metrics if m.get("primary") is True), None)
        origin = ids.get(str(primary.get("source"))) if primary is not None else None
        for evaluator in ([origin] if origin else [ids[f"evaluators.{e.id}"] for e in spec.evaluators[:1]]):
            chart.add(f"{evaluator} --> {node}", indent)
    return ids


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
    drawn: dict[str, dict[str, str]] = {}

    def draw_child(child: dict, indent: int, close: bool = True) -> None:
        box = chart.new_id("c")
        boxes[str(child.get("id"))] = box
        data = child_loader(child["ref"]) if child_loader and isinstance(child.get("ref"), str) else None
        name = SpecView(data).name if data else Path(str(child.get("ref", ""))).stem
        role = child.get("role", "stage")
        title = label(f"{child.get('id')} ({role}): {name}", 80)
        chart.add(f'subgraph {box}["{title}"]', indent)
        if data:
            drawn[str(child.get("id"))] = _draw_loop(chart, SpecView(data), prefix=box, indent=indent + 1,
                                                     compact=True)
        else:
            node = chart.new_id("x")
            chart.add(f'{node}["{label(child.get("ref", "?"))}"]', indent + 1)
        if close:
            chart.add("end", indent)

    if kind == "nested":
        outer = [c for c in children if c.get("role") == "outer"]
        inner = [c for c in children if c.get("role") != "outer"]
        for child in outer[:1]:
            draw_child(child, 1, close=False)
            for nested in inner:
                draw_child(nested, 2)
            chart.add("end", 1)
        if not outer:
            for child in inner:
                draw_child(child, 1)
    else:
        for child in children:
            draw_child(child, 1)
    if kind == "parallel":
        fan = chart.new_id("f")
        merge = as_dict(composition.get("merge"))
        text = f"merge: {merge.get('strategy')}"
        if merge.get("preserve_dissent") is True:
            text += ", dissent preserved"
        if merge.get("min_branches_pass") is not None:
            text += f", at least {merge.get('min_branches_pass')} must pass"
        merged = chart.new_id("g")
        chart.add(f'{fan}(["fan out"]):::control', 1)
        chart.add(f'{merged}(["{label(text, 90)}"]):::control', 1)
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
            chart.add(f'{boxes[source]} -- "{label(text, 70)}" --> {boxes[target]}', 1)
    if kind == "sequential" and not adapters:
        for before, after in zip(children, children[1:]):
            a, b = boxes.get(str(before.get("id"))), boxes.get(str(after.get("id")))
            if a and b:
                chart.add(f"{a} --> {b}", 1)


def _adapter_end(path) -> str | None:
    parts = path.split(".") if isinstance(path, str) else []
    return parts[1] if len(parts) >= 2 and parts[0] == "children" else None


def _adapter_field(path) -> str:
    parts = path.split(".") if isinstance(path, str) else []
    return ".".join(parts[2:]) or "?"


def child_loader(store, document) -> ChildLoader:
    """Return a loader that resolves composition children through a ``SpecStore``."""
    from loopctl.level import child_loader as level_child_loader
    return level_child_loader(store, document)
