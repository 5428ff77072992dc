"""The map of the library: patterns, library specs, compositions and case studies as one graph, drawn as SVG.

``library_graph(model)`` derives the graph from the site model only: a spec
uses each pattern in its ``metadata.patterns``; a composition includes each
child it resolves; a pattern spec that lists other patterns relates to them.
``layered_layout`` places the nodes in four columns (case studies, patterns,
library specs, compositions) and orders each column by its neighbours, and
``map_svg`` draws the result: every node a link, every label escaped, a
``<title>`` and ``<desc>`` for assistive technology. ``neighbourhood`` keeps
one pattern and what touches it, for the pattern's own page. All pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loopctl.escape import html_attribute, html_text
from loopctl.layout import KIND_TITLES
from loopctl.render.explore_table import href

# Column of each node kind, left to right: case studies and library specs point at patterns in the
# middle, compositions point at the library specs they include.
COLUMNS = ("case-study", "pattern", "library", "composition")
COLUMN_TITLES = {"case-study": "Case studies", "pattern": "Patterns", "library": "Loop library",
                 "composition": "Compositions"}
NODE_W, NODE_H, ROW, GAP_X, MARGIN, HEADER = 210, 26, 34, 90, 16, 30
_MAX_LABEL = 28


@dataclass(frozen=True)
class Node:
    """One node: a stable id (``kind:name``), its kind, its label and the site page it links to."""

    id: str
    kind: str
    label: str
    page: str


@dataclass
class Graph:
    """Nodes by id and edges as (from id, to id, relation) triples."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)

    def add_edge(self, source: str, target: str, relation: str) -> None:
        """Add an edge once; edges to unknown nodes or to the node itself are ignored."""
        edge = (source, target, relation)
        if source != target and source in self.nodes and target in self.nodes and edge not in self.edges:
            self.edges.append(edge)


def library_graph(model) -> Graph:
    """Return the graph of every valid spec of the model and every pattern named by one."""
    graph = Graph()
    entries = sorted((e for e in model.entries.values() if e.valid), key=lambda e: (e.kind, e.source))
    for entry in entries:
        node_id = _id(entry)
        graph.nodes[node_id] = Node(node_id, entry.kind, entry.stem if entry.kind == "pattern" else entry.name,
                                    entry.page)
    for entry in entries:
        for slug in entry.patterns:
            page = model.pattern_page(slug)
            if f"pattern:{slug}" not in graph.nodes and page is not None:
                graph.nodes[f"pattern:{slug}"] = Node(f"pattern:{slug}", "pattern", slug, page)
    for entry in entries:
        for slug in entry.patterns:
            relation = "relates to" if entry.kind == "pattern" else "uses"
            graph.add_edge(_id(entry), f"pattern:{slug}", relation)
        for child in entry.children:
            child_entry = model.entry(child.source) if child.source else None
            if child_entry is not None:
                graph.add_edge(_id(entry), _id(child_entry), "includes")
    return graph


def neighbourhood(graph: Graph, node_id: str) -> Graph:
    """Return the node ``node_id`` with every node one edge away and the edges among them."""
    keep = {node_id} | {a for a, b, _ in graph.edges if b == node_id} | {b for a, b, _ in graph.edges if a == node_id}
    small = Graph({k: v for k, v in graph.nodes.items() if k in keep})
    for a, b, relation in graph.edges:
        small.add_edge(a, b, relation)
    return small


def layered_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """Return the top-left corner of each node: one column per kind, patterns ordered by name and
    every other column by the mean row of its neighbours (fewer crossings)."""
    columns: dict[str, list[Node]] = {kind: [] for kind in COLUMNS}
    for node in graph.nodes.values():
        columns.setdefault(node.kind, []).append(node)
    order: dict[str, float] = {}
    columns["pattern"].sort(key=lambda n: n.label)
    order.update({n.id: i for i, n in enumerate(columns["pattern"])})
    for kind in ("case-study", "library", "composition"):
        columns[kind].sort(key=lambda n: (_mean(graph, n.id, order), n.label))
        order.update({n.id: i for i, n in enumerate(columns[kind])})
    used = [kind for kind in columns if columns[kind]]
    positions: dict[str, tuple[float, float]] = {}
    for x_index, kind in enumerate(used):
        for y_index, node in enumerate(columns[kind]):
            positions[node.id] = (MARGIN + x_index * (NODE_W + GAP_X), MARGIN + HEADER + y_index * ROW)
    return positions


def map_svg(graph: Graph, page: str, title: str, description: str, ident: str = "loop-map") -> str:
    """Return the graph as an SVG whose nodes link to their pages (relative to site page ``page``)."""
    positions = layered_layout(graph)
    kinds = [kind for kind in COLUMNS if any(n.kind == kind for n in graph.nodes.values())]
    width = MARGIN * 2 + max(1, len(kinds)) * NODE_W + max(0, len(kinds) - 1) * GAP_X
    rows = max([sum(1 for n in graph.nodes.values() if n.kind == kind) for kind in kinds] or [1])
    height = MARGIN * 2 + HEADER + rows * ROW
    ident = html_attribute(ident)
    # Links use xlink:href: Material rewrites the href of every <a href> on the page, which an SVG link
    # refuses (its href is read-only), and Chromium follows xlink:href as it follows href.
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="loop-map" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" aria-labelledby="{ident}-title {ident}-desc">',
           f'<title id="{ident}-title">{html_text(title)}</title>',
           f'<desc id="{ident}-desc">{html_text(description)}</desc>']
    for index, kind in enumerate(kinds):
        x: float = MARGIN + index * (NODE_W + GAP_X)
        out.append(f'<text class="loop-map__heading" x="{x}" y="{MARGIN + 14}">'
                   f"{html_text(COLUMN_TITLES[kind])}</text>")
    out.append('<g class="loop-map__edges" aria-hidden="true">')
    for source, target, relation in graph.edges:
        out.append(_edge(positions[source], positions[target], relation))
    out.append("</g>")
    for node in sorted(graph.nodes.values(), key=lambda n: positions[n.id]):
        x, y = positions[node.id]
        label = node.label if len(node.label) <= _MAX_LABEL else node.label[: _MAX_LABEL - 1] + "…"
        link_text = f"{KIND_TITLES.get(node.kind, node.kind)}: {node.label}"
        out.append(
            f'<a xlink:href="{html_attribute(href(page, node.page))}" class="loop-map__node loop-map__node--{node.kind}" '
            f'aria-label="{html_attribute(link_text)}">'
            f"<title>{html_text(link_text)}</title>"
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5"/>'
            f'<text x="{x + 8}" y="{y + NODE_H / 2 + 4:g}">{html_text(label)}</text></a>')
    out.append("</svg>")
    return "\n".join(out)


def describe(graph: Graph) -> str:
    """Return a one-paragraph text description of the graph: node counts by kind and the edge count."""
    counts = [f"{sum(1 for n in graph.nodes.values() if n.kind == kind)} {KIND_TITLES[kind].lower()} nodes"
              for kind in COLUMNS if any(n.kind == kind for n in graph.nodes.values())]
    return (", ".join(counts) + f"; {len(graph.edges)} edges (uses a pattern, includes a spec, relates to a "
            "pattern). Every node is a link to its page; the lists below the map give the same relations as text.")


def relations_list(graph: Graph, page: str) -> str:
    """Return the edges as a Markdown-free HTML list grouped by source node, the map's text equivalent."""
    by_source: dict[str, list[tuple[str, str]]] = {}
    for source, target, relation in graph.edges:
        by_source.setdefault(source, []).append((relation, target))
    items = []
    for source in sorted(by_source, key=lambda s: (COLUMNS.index(graph.nodes[s].kind), graph.nodes[s].label)):
        node = graph.nodes[source]
        parts = [f"{html_text(relation)} {_anchor(graph.nodes[t], page)}" for relation, t in by_source[source]]
        items.append(f"<li>{_anchor(node, page)} ({html_text(KIND_TITLES[node.kind].lower())}): "
                     f"{'; '.join(parts)}</li>")
    return '<ul class="loop-map__relations">\n' + "\n".join(items) + "\n</ul>"


def _anchor(node: Node, page: str) -> str:
    return f'<a href="{html_attribute(href(page, node.page))}">{html_text(node.label)}</a>'


def _edge(start: tuple[float, float], end: tuple[float, float], relation: str) -> str:
    (x1, y1), (x2, y2) = start, end
    y1, y2 = y1 + NODE_H / 2, y2 + NODE_H / 2
    if x1 == x2:  # same column (pattern to pattern): an arc to the left of the column
        bend = x1 - 40 - abs(y2 - y1) / 6
        return f'<path class="loop-map__edge loop-map__edge--same" d="M{x1:g},{y1:g} Q{bend:g},{(y1 + y2) / 2:g} {x2:g},{y2:g}"/>'
    if x1 > x2:
        x1, x2, y1, y2 = x2 + NODE_W, x1, y2, y1
    else:
        x1 += NODE_W
    middle = (x1 + x2) / 2
    return (f'<path class="loop-map__edge" data-relation="{html_attribute(relation)}" '
            f'd="M{x1:g},{y1:g} C{middle:g},{y1:g} {middle:g},{y2:g} {x2:g},{y2:g}"/>')


def _mean(graph: Graph, node_id: str, order: dict[str, float]) -> float:
    rows = [order[b] for a, b, _ in graph.edges if a == node_id and b in order]
    rows += [order[a] for a, b, _ in graph.edges if b == node_id and a in order]
    return sum(rows) / len(rows) if rows else float("inf")


def _id(entry) -> str:
    return f"pattern:{entry.stem}" if entry.kind == "pattern" else f"{entry.kind}:{entry.source}"
