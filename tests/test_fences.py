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


def test_a_drawn_diagram_gets_a_title_and_a_description_it_is_labelled_by():
    from loopctl.render.fences import titled
    out = titled('<svg id="loopd-1" viewBox="0 0 1 1"><g/></svg>')
    assert out.startswith('<svg id="loopd-1" viewBox="0 0 1 1" aria-labelledby="loopd-1-title loopd-1-desc">'
                          '<title id="loopd-1-title">')
    assert '<desc id="loopd-1-desc">' in out and out.endswith("<g/></svg>")
    assert titled(out) == out
