"""Diagrams as a reader meets them in Chromium: legible where they stand, explorable in full, linked to the
page, light, offline, and inert whatever the spec says.

The site is built once per session (``conftest_site.built_site``); its
diagrams are drawn at build time, so each one is inline SVG in the page
(``div.loop-drawn``). Serving, browsing and the record of every request come
from ``browsing``. Font sizes are measured as the browser paints them:
the computed font size times the scale of the text's screen transform.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browsing import TIMEOUT_MS, Browse, Server, configured_site_url
from conftest_site import mkdocs_build, spec_sources, spec_url, throwaway_project
from test_browser import hostile_spec

pytestmark = [pytest.mark.browser, pytest.mark.site]

VIEWPORTS = {"desktop": (1300, 900), "phone": (390, 844)}
MIN_LABEL_PX = 12
MIN_CONTRAST = 4.5
MAX_PAGE_BYTES = 1_500_000   # over the wire, compressed as static hosts serve it (the search index is most of it)
REPRESENTATIVE = ["loop-library/coding-agent/", "loop-library/compositions/code-debug-repair/",
                  "patterns/reflection-loop/", "case-studies/alphago-self-play/"]

# Painted size (CSS px) of every label of every visible build-time drawing in the content.
LABEL_SIZES = """() => Array.from(document.querySelectorAll('.md-content .loop-drawn'))
  .filter(d => d.checkVisibility())
  .flatMap(d => Array.from(d.querySelectorAll('text')))
  .filter(t => t.textContent.trim())
  .map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1); })"""
# For each node and edge label: its text colour and the colour it is painted on (the node's shape, the edge
# label's box, or the drawing's card), as computed RGBA strings.
LABEL_COLOURS = """() => {
  const out = [];
  for (const card of document.querySelectorAll('.md-content .loop-drawn')) {
    if (!card.checkVisibility()) continue;
    const cardBg = getComputedStyle(card).backgroundColor;
    for (const text of card.querySelectorAll('g.node text, g.edgeLabel text, g.cluster-label text')) {
      if (!text.textContent.trim()) continue;
      const group = text.closest('g.node, g.edgeLabel, g.cluster');
      const shape = group && group.querySelector('rect, path, polygon, circle, ellipse');
      const fill = shape ? getComputedStyle(shape).fill : 'none';
      const label = text.querySelector('tspan tspan') || text;
      out.push({text: text.textContent.trim().slice(0, 40), fg: getComputedStyle(label).fill,
                bg: (fill && fill !== 'none' && !fill.startsWith('url')) ? fill : cardBg, card: cardBg});
    }
  }
  return out;
}"""


# --------------------------------------------------------------------------- fixtures


def browse_at(chromium, server, viewport: str = "desktop", scheme: str = "light") -> Browse:
    session = Browse(chromium, server, color_scheme=scheme)
    width, height = VIEWPORTS[viewport]
    session.page.set_viewport_size({"width": width, "height": height})
    return session


# --------------------------------------------------------------------------- colour arithmetic


def _rgba(text: str) -> tuple[float, float, float, float]:
    inside = text[text.index("(") + 1: text.rindex(")")].replace("/", ",")
    parts = [float(p) for p in inside.replace(" ", ",").split(",") if p]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _over(colour: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = _rgba(colour)
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), below, strict=False))


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --------------------------------------------------------------------------- legible


def median_label_px(session: Browse, url: str) -> float | None:
    session.visit(url)
    sizes = session.page.evaluate(LABEL_SIZES)
    return statistics.median(sizes) if sizes else None


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("url", REPRESENTATIVE)
def test_median_diagram_label_is_at_least_12_px(chromium, server, url, viewport):
    session = browse_at(chromium, server, viewport)
    try:
        median = median_label_px(session, url)
        assert median is not None, f"{url}: no build-time drawing with labels is visible"
        assert median >= MIN_LABEL_PX, f"{url} at {viewport}: median label {median:.1f} px"
        session.assert_clean()
    finally:
        session.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_spec_page_diagram_is_legible(chromium, server, viewport):
    session = browse_at(chromium, server, viewport)
    try:
        small = []
        for source in spec_sources():
            url = spec_url(source)
            median = median_label_px(session, url)
            if median is None or median < MIN_LABEL_PX:
                small.append(f"{url}: {median}")
        assert not small, f"pages at {viewport} whose median label is under {MIN_LABEL_PX} px:\n" + "\n".join(small)
        session.assert_clean()
    finally:
        session.close()


def test_wide_overview_scrolls_sideways_on_a_phone_instead_of_shrinking(chromium, server):
    session = browse_at(chromium, server, "phone")
    try:
        session.visit("loop-library/coding-agent/")
        card = session.page.evaluate("""() => { const d = document.querySelector('.md-content .loop-drawn');
            return {overflow: getComputedStyle(d).overflowX, scroll: d.scrollWidth, client: d.clientWidth,
                    right: d.getBoundingClientRect().right, viewport: innerWidth}; }""")
        assert card["overflow"] == "auto" and card["scroll"] > card["client"], card
        assert card["right"] <= card["viewport"] + 1, f"the diagram's frame is wider than the screen: {card}"
        session.assert_clean()
    finally:
        session.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_labels_meet_wcag_aa_contrast_in_both_palettes(chromium, server, scheme):
    session = browse_at(chromium, server, scheme=scheme)
    try:
        poor, seen = [], 0
        for url in REPRESENTATIVE:
            session.visit(url)
            for label in session.page.evaluate(LABEL_COLOURS):
                seen += 1
                card = _rgba(label["card"])[:3]
                below = _over(label["bg"], card)
                ratio = contrast(_over(label["fg"], below), below)
                if ratio < MIN_CONTRAST:
                    poor.append(f"{url} {label['text']!r}: {label['fg']} on {label['bg']} = {ratio:.2f}")
        assert seen > 20, f"only {seen} labels measured"
        assert not poor, f"labels under {MIN_CONTRAST}:1 ({scheme}):\n" + "\n".join(poor)
        session.assert_clean()
    finally:
        session.close()


# --------------------------------------------------------------------------- explorable


SCALE = "() => { const d = document.querySelector('dialog.loop-full'); return d && d.loopZoom ? d.loopZoom.getScale() : null; }"


def test_full_view_opens_zooms_by_keyboard_and_closes_with_escape(chromium, server):
    session = browse_at(chromium, server)
    try:
        session.visit("loop-library/coding-agent/")
        session.page.click(".md-content .loop-diagram-full")
        session.page.wait_for_selector("dialog.loop-full[open][data-ready]", timeout=TIMEOUT_MS)
        drawn = session.page.evaluate("""() => { const svg = document.querySelector('dialog.loop-full svg');
            return {nodes: svg.querySelectorAll('g.node').length, width: svg.getBoundingClientRect().width,
                    natural: parseFloat(svg.getAttribute('width'))}; }""")
        assert drawn["nodes"] > 10 and abs(drawn["width"] - drawn["natural"]) < 1, drawn
        start = session.page.evaluate(SCALE)
        session.page.keyboard.press("+")
        session.page.keyboard.press("+")
        zoomed = session.page.evaluate(SCALE)
        session.page.keyboard.press("-")
        assert zoomed > start and session.page.evaluate(SCALE) < zoomed
        session.page.keyboard.press("0")
        assert session.page.evaluate(SCALE) == start
        session.page.keyboard.press("Escape")
        session.page.wait_for_selector("dialog.loop-full", state="detached", timeout=TIMEOUT_MS)
        assert session.page.evaluate("() => document.activeElement.classList.contains('loop-diagram-full')")
        session.assert_clean()
    finally:
        session.close()


def test_full_view_zooms_with_the_mouse_wheel_and_its_buttons(chromium, server):
    session = browse_at(chromium, server)
    try:
        session.visit("patterns/reflection-loop/")
        session.page.click(".md-content .loop-diagram-full")
        session.page.wait_for_selector("dialog.loop-full[open][data-ready]", timeout=TIMEOUT_MS)
        start = session.page.evaluate(SCALE)
        session.page.mouse.move(650, 450)
        session.page.mouse.wheel(0, -300)
        session.page.wait_for_function(f"start => ({SCALE})() > start", arg=start, timeout=TIMEOUT_MS)
        session.page.click("dialog.loop-full button[aria-label='Reset the view']")
        assert session.page.evaluate(SCALE) == start
        session.page.click("dialog.loop-full button[aria-label='Close the full diagram']")
        session.page.wait_for_selector("dialog.loop-full", state="detached", timeout=TIMEOUT_MS)
        session.assert_clean()
    finally:
        session.close()


def test_overview_node_link_lands_on_its_section(chromium, server):
    session = browse_at(chromium, server)
    try:
        session.visit("loop-library/coding-agent/")
        link = session.page.locator(".md-content .loop-drawn a.loop-node-link[href='#worker-implementer']").first
        assert link.get_attribute("aria-label").startswith("implementer: ")
        link.click()
        session.page.wait_for_function("() => location.hash === '#worker-implementer'", timeout=TIMEOUT_MS)
        row = session.page.locator("#worker-implementer")
        assert row.evaluate("el => el.tagName") == "TR"
        # The page may scroll smoothly: wait until the row has come to rest below the sticky header.
        session.page.wait_for_function("""() => { const r = document.getElementById('worker-implementer').getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            return r.top >= header - 1 && r.bottom <= innerHeight; }""", timeout=TIMEOUT_MS)
        session.assert_clean()
    finally:
        session.close()


def test_full_view_node_link_closes_the_view_and_lands_on_its_section(chromium, server):
    session = browse_at(chromium, server)
    try:
        session.visit("loop-library/coding-agent/")
        session.page.click(".md-content .loop-diagram-full")
        session.page.wait_for_selector("dialog.loop-full[open][data-ready]", timeout=TIMEOUT_MS)
        session.page.locator("dialog.loop-full a.loop-node-link[href='#evaluator-test_suite']").first.dispatch_event(
            "click")
        session.page.wait_for_selector("dialog.loop-full", state="detached", timeout=TIMEOUT_MS)
        assert session.page.evaluate("() => location.hash") == "#evaluator-test_suite"
        session.assert_clean()
    finally:
        session.close()


def test_every_worker_and_evaluator_node_links_to_an_anchor_on_the_page(chromium, server):
    session = browse_at(chromium, server)
    try:
        broken = []
        for source in spec_sources():
            url = spec_url(source)
            session.visit(url)
            missing = session.page.evaluate("""() => Array.from(document.querySelectorAll('.md-content a.loop-node-link'))
                .map(a => a.getAttribute('href')).filter(h => h.startsWith('#') && !document.getElementById(h.slice(1)))""")
            broken += [f"{url}{href}" for href in missing]
        assert not broken, "node links without a target:\n" + "\n".join(broken)
        session.assert_clean()
    finally:
        session.close()


# --------------------------------------------------------------------------- fast and light


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, as static hosts do."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(urlsplit(self.path).path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def gzip_server(site):
    served = Server(site.root)
    served.httpd.RequestHandlerClass = functools.partial(_GzipHandler, directory=str(site.root))
    yield served
    served.close()


def test_spec_page_is_light_offline_and_draws_without_mermaid(chromium, gzip_server):
    session = browse_at(chromium, gzip_server)
    try:
        sizes: list[int] = []
        session.page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
        session.page.goto(gzip_server.url("loop-library/coding-agent/"), wait_until="domcontentloaded")
        # Drawn into the HTML itself: the overview has its size as soon as the document is parsed.
        width = session.page.evaluate("() => document.querySelector('.md-content .loop-drawn svg').getBoundingClientRect().width")
        assert width > 100
        session.page.wait_for_load_state("networkidle")
        assert not [url for url in session.requests if url.endswith("mermaid.min.js")]
        assert sum(sizes) <= MAX_PAGE_BYTES, f"the page transferred {sum(sizes)} bytes"
        session.assert_clean()
    finally:
        session.close()


def test_page_without_diagrams_is_not_touched_by_the_mermaid_plugin(site):
    html = site.html("glossary/")
    assert "mermaid" not in html


# --------------------------------------------------------------------------- hostile


@pytest.fixture(scope="module")
def hostile_diagram_site(tmp_path_factory):
    project = throwaway_project(tmp_path_factory.mktemp("hostile-diagrams") / "project")
    library = project / "loop-library"
    library.mkdir()
    (library / "hostile-loop.yaml").write_text(yaml.safe_dump(hostile_spec(), sort_keys=False, allow_unicode=True),
                                               encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Throwaway\n\n[Hostile](loop-library/hostile-loop.md)\n",
                                               encoding="utf-8")
    mkdocs_build(project, project / "site")
    served = Server(project / "site", configured_site_url())
    yield served
    served.close()


INERT = """() => {
  const scope = Array.from(document.querySelectorAll('.md-content, dialog.loop-full'));
  const all = scope.flatMap(s => [s, ...s.querySelectorAll('*')]);
  return {
    handlers: all.flatMap(el => Array.from(el.attributes).filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)),
    scripts: all.filter(el => el.localName === 'script' || el.localName === 'foreignObject' || el.localName === 'img').length,
    links: all.filter(el => el.localName === 'a').map(a => a.getAttribute('href') || '').filter(h => /^\\s*javascript:/i.test(h)),
    pwned: window.__pwned === undefined ? null : window.__pwned,
  };
}"""


def test_hostile_spec_labels_stay_inert_in_overview_and_full_view(chromium, hostile_diagram_site):
    session = Browse(chromium, hostile_diagram_site)
    try:
        session.visit("loop-library/hostile-loop/")
        drawn = session.page.evaluate("() => document.querySelectorAll('.md-content .loop-drawn svg').length")
        assert drawn >= 1, "the hostile spec's diagram was not drawn at build time"
        assert session.page.evaluate(INERT) == {"handlers": [], "scripts": 0, "links": [], "pwned": None}
        tooltip = session.page.evaluate("""() => Array.from(document.querySelectorAll('.md-content a.loop-node-link title'))
            .map(t => t.textContent).join(' ')""")
        assert "<script>window.__pwned=1</script>" in tooltip, "the hostile text is shown as text"
        session.page.click(".md-content .loop-diagram-full")
        session.page.wait_for_selector("dialog.loop-full[open][data-ready]", timeout=TIMEOUT_MS)
        assert session.page.evaluate(INERT) == {"handlers": [], "scripts": 0, "links": [], "pwned": None}
        session.page.keyboard.press("Escape")
        session.assert_clean()
    finally:
        session.close()
