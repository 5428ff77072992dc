"""The diagram part of a spec page: the overview, the detailed diagram on demand, and the parts table.

``diagram_markup`` returns Markdown: a hidden element carrying the node map
(node id -> link to the section that explains the node, and the node's full
text), the overview as a Mermaid fence, and the detailed diagram as a second
fence inside a collapsed block. The page's script (``loop-diagrams.js``)
reads the map after the drawings exist, links the nodes and adds the full
text as a tooltip, and adds the "Full diagram" view. ``parts_table``
returns the table of workers and evaluators whose rows carry the
``worker-<id>`` / ``evaluator-<id>`` anchors the nodes link to, with every
label's full text. Every spec string is escaped where it lands.
"""

from __future__ import annotations

import json
import posixpath
import re

from loopctl.escape import code_fence, html_attribute, html_text
from loopctl.model import SpecView
from loopctl.render.mermaid import anchor_id, node_targets, overview

DETAIL_TITLE = "Detailed diagram"
# Tooltips are plain text; controls and bidirectional overrides would reorder or hide what they show.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def diagram_markup(entry, page: str = "") -> str:
    """The overview, the node map and the collapsed detailed diagram of ``entry``, for the page ``page``.

    Node links point at this page's anchors when ``page`` is the spec's own
    page, and at the spec's page otherwise.
    """
    data = entry.view.data
    base = "" if not page or page == entry.page else _relative_url(page, entry.page)
    targets = {node: {"href": f"{base}#{target['anchor']}", "text": _INVISIBLE.sub("", target["text"])}
               for node, target in node_targets(data).items()}
    detailed = entry.diagram
    parts = [f'<div class="loop-diagram-map" hidden data-nodes="{html_attribute(json.dumps(targets))}"></div>',
             code_fence(overview(data), "mermaid")]
    if detailed:
        fence = code_fence(detailed, "mermaid")
        parts.append(f'??? abstract "{DETAIL_TITLE}"\n\n' + "\n".join("    " + line if line else line
                                                                    for line in fence.splitlines()))
    return "\n\n".join(parts)


def parts_table(entry) -> str:
    """An HTML table of the workers and evaluators, each row with the anchor its diagram node links to."""
    spec = SpecView(entry.view.data)
    rows = []
    for worker in spec.workers:
        if not worker.id:
            continue
        after = ", ".join(spec.depends_on(worker))
        rows.append(_row(anchor_id("worker", worker.id), "worker", worker.id, worker.get("role"),
                         f"after {after}" if after else ""))
    for evaluator in spec.evaluators:
        if not evaluator.id:
            continue
        judged = ", ".join(dict.fromkeys(spec.runs_after(evaluator)))
        rows.append(_row(anchor_id("evaluator", evaluator.id), "evaluator", evaluator.id,
                         evaluator.get("type"), f"judges {judged}" if judged else ""))
    if not rows:
        return ""
    return ('<table class="loop-parts"><thead><tr><th>part</th><th>id</th><th>what it does</th>'
            "<th>runs</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _row(anchor: str, kind: str, ident: str, what, order: str) -> str:
    text = what if isinstance(what, str) else ""
    return (f'<tr id="{html_attribute(anchor)}"><td>{kind}</td><td><code>{html_text(ident)}</code></td>'
            f"<td>{html_text(text)}</td><td>{html_text(order)}</td></tr>")


def _page_url(md_path: str) -> str:
    stem = md_path[:-3] if md_path.endswith(".md") else md_path
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return stem + "/"


def _relative_url(from_page: str, to_page: str) -> str:
    start, target = _page_url(from_page) or ".", _page_url(to_page) or "."
    return posixpath.relpath(target, start).rstrip("/") + "/"
