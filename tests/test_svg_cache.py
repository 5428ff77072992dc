"""Diagrams are drawn to SVG at build time in one browser session, cached by source hash, and left to the
browser when no renderer is available."""

import xml.etree.ElementTree as ET

import pytest

from conftest import REPO
from loopctl.render import svg_cache
from loopctl.render.fences import fence_mermaid_custom, titled
from loopctl.render.svg_cache import DiagramRenderer, diagram_key

SOURCE = 'flowchart TD\n    w0["planner"]:::worker\n    w0 --> e0{{"judge"}}\n'


@pytest.fixture
def fake_root(tmp_path):
    library = tmp_path / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    library.parent.mkdir(parents=True)
    library.write_text("/* not used when every drawing is cached */", encoding="utf-8")
    (tmp_path / "node_modules" / "mermaid" / "package.json").write_text('{"version": "0.0.0"}', encoding="utf-8")
    return tmp_path


def no_browser(*args, **kwargs):
    raise AssertionError("a browser was started although the drawing was cached")


def test_cached_drawing_is_returned_without_a_browser(fake_root, monkeypatch):
    monkeypatch.setattr(svg_cache._Session, "start", no_browser)
    renderer = DiagramRenderer(fake_root)
    renderer.cache.mkdir(parents=True)
    (renderer.cache / f"{diagram_key(SOURCE, '0.0.0')}.svg").write_text("<svg>cached</svg>", encoding="utf-8")
    assert renderer.svg(SOURCE) == "<svg>cached</svg>" and renderer.hits == 1


def test_browser_mode_draws_nothing_at_build_time(fake_root, monkeypatch):
    monkeypatch.setenv(svg_cache.MODE_VARIABLE, "browser")
    monkeypatch.setattr(svg_cache._Session, "start", no_browser)
    assert DiagramRenderer(fake_root).svg(SOURCE) is None


def test_missing_mermaid_leaves_diagrams_to_the_browser(tmp_path, monkeypatch):
    monkeypatch.setattr(svg_cache._Session, "start", no_browser)
    assert DiagramRenderer(tmp_path).svg(SOURCE) is None


def test_no_usable_browser_leaves_diagrams_to_the_browser(fake_root, monkeypatch):
    monkeypatch.setattr(svg_cache._Session, "start", classmethod(lambda _cls, _library: None))
    renderer = DiagramRenderer(fake_root)
    assert renderer.svg(SOURCE) is None and renderer.svg(SOURCE + "\n") is None and not renderer.enabled


def test_cache_key_follows_source_and_mermaid_version_but_not_trailing_blanks():
    assert diagram_key(SOURCE, "1") == diagram_key(SOURCE.replace("\n", "  \n") + "\n\n", "1")
    assert diagram_key(SOURCE, "1") != diagram_key(SOURCE + "    w0 --> w1\n", "1")
    assert diagram_key(SOURCE, "1") != diagram_key(SOURCE, "2")


def test_fence_is_the_cached_svg_when_the_build_draws(fake_root, monkeypatch):
    monkeypatch.setattr(svg_cache._Session, "start", no_browser)
    renderer = DiagramRenderer(fake_root)
    renderer.cache.mkdir(parents=True)
    (renderer.cache / f"{diagram_key(SOURCE, '0.0.0')}.svg").write_text("<svg>drawn</svg>", encoding="utf-8")
    svg_cache.activate(renderer)
    try:
        out = fence_mermaid_custom(SOURCE, "mermaid", "mermaid", {}, None)
        assert "<svg" not in out and out.startswith('<div class="loop-drawn"><!-- loop-drawing:')
        page = f"<p>before</p>{out}<!-- loop-drawing:{'0' * 64} -->"
        assert svg_cache.fill_drawings(page) == (f'<p>before</p><div class="loop-drawn">{titled("<svg>drawn</svg>")}'
                                                 f"</div><!-- loop-drawing:{'0' * 64} -->")   # unknown: left alone
    finally:
        svg_cache.activate(None)


def test_fence_keeps_the_escaped_source_when_no_renderer_is_active():
    svg_cache.activate(None)
    out = fence_mermaid_custom('flowchart TD\n a["<b>"]\n', "mermaid", "mermaid", {}, None)
    assert out.startswith('<pre class="mermaid"><code>') and "&lt;b&gt;" in out


@pytest.mark.browser
def test_one_session_draws_every_missing_diagram_sanitized_and_caches_them(tmp_path, monkeypatch):
    starts = []
    original = svg_cache._Session.start.__func__
    monkeypatch.setattr(svg_cache._Session, "start",
                        classmethod(lambda cls, library: starts.append(1) or original(cls, library)))
    hostile = 'flowchart TD\n    w0["#lt;img src=x onerror=alert(1)#gt;"]\n    w0 --> w1["b"]\n'
    renderer = DiagramRenderer(REPO, cache=tmp_path)
    try:
        first, second = renderer.svg(SOURCE), renderer.svg(hostile)
        broken = renderer.svg("flowchart TD\n    w0[[[[\n")
    finally:
        renderer.close()
    assert len(starts) == 1 and renderer.drawn == 2
    assert first.startswith("<svg") and "planner" in first and "mermaid" not in first
    for drawing in (first, second):
        elements = list(ET.fromstring(drawing).iter())
        assert not [e.tag for e in elements if e.tag.endswith(("foreignObject", "script", "}a"))]
        assert not [name for e in elements for name in e.attrib if name.lower().startswith("on")]
    assert "<img" not in second and "<img src=x onerror=alert(1)>" in "".join(ET.fromstring(second).itertext())
    assert broken is None and renderer.failures
    again = DiagramRenderer(REPO, cache=tmp_path)
    monkeypatch.setattr(svg_cache._Session, "start", no_browser)
    assert again.svg(SOURCE) == first
