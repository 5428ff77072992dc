"""The Mermaid fence formatter: Material's markup with the diagram source and attributes escaped."""

from __future__ import annotations

from loopctl.render.fences import fence_mermaid_custom


def test_mermaid_fence_escapes_markup_in_the_diagram_source():
    html = fence_mermaid_custom('a --> b["<x> & y"]', "mermaid", "mermaid", {}, None)
    assert html == '<pre class="mermaid"><code>a --&gt; b["&lt;x&gt; &amp; y"]</code></pre>'


def test_mermaid_fence_escapes_the_id_and_keeps_extra_classes_before_its_own():
    html = fence_mermaid_custom("graph TD", "mermaid", "mermaid", {}, None, classes=["wide"],
                                id_value='d" onload="x')
    assert html.startswith('<pre id="d&quot; onload=&quot;x" class="wide mermaid"><code>')
