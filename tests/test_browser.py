"""The built site in a real browser: diagrams draw, search finds patterns, the palette switches, nothing leaves.

Debian's Chromium is driven through Playwright over the site built once for
the session (``conftest_site.built_site``) and served from 127.0.0.1. Every
visit records the browser console, page errors, dialogs and every request; a
request to any other host is recorded and aborted, and each test ends by
asserting that all of these lists are empty. Material draws each Mermaid
diagram into a closed shadow root of a ``div.mermaid`` (a diagram drawn at build
time is inline SVG in a ``div.loop-drawn``), so a diagram counts as drawn when
that element exists and has a real size; one test opens the shadow
roots (instrumentation) to compare label and node colours. The server hands
out sitemap.xml with the deployed address replaced by its own, as ``mkdocs
serve`` does, so that Material's instant navigation works as when deployed.
These tests never skip: without Chromium they fail.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import pytest
import yaml

from browsing import SEARCH_LISTS, SEARCH_PAGES, TIMEOUT_MS, Browse, Server, configured_site_url
from conftest_site import REPO, Site, mkdocs_build, spec_sources, spec_url, throwaway_project
from loopctl import level

pytestmark = [pytest.mark.browser, pytest.mark.site]

SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"
# Only `make screenshots` sets this: every other run writes its screenshots to a temporary folder, so that
# running the tests never changes a tracked file.
UPDATE_SCREENSHOTS = "LOOPCTL_UPDATE_SCREENSHOTS"
SCREENSHOT_LIMIT = 400 * 1024
SCREENSHOT_PAGE = "loop-library/coding-agent/"

# For every node of every drawn diagram: its classes, its label's text, the label's colour, the node's fill,
# and the page background behind the diagram (fills and text may be translucent).
NODE_COLOURS = """() => {
  const probe = document.createElement('div');
  probe.style.backgroundColor = 'var(--md-default-bg-color)';
  document.querySelector('.md-content').appendChild(probe);
  const background = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const out = [];
  for (const host of document.querySelectorAll('.md-content div.mermaid, .md-content div.loop-drawn')) {
    // Diagrams drawn in the browser live in a shadow root; those drawn at build time are inline SVG.
    const root = host.shadowRoot || host;
    for (const node of root.querySelectorAll('g.node')) {
      const shape = node.querySelector('rect, path, polygon, circle, ellipse');
      const texts = Array.from(node.querySelectorAll('.nodeLabel *, .nodeLabel, text, text tspan'))
        .filter(el => Array.from(el.childNodes).some(c => c.nodeType === 3 && c.textContent.trim()));
      if (!shape || !texts.length) continue;
      out.push({cls: node.getAttribute('class'), text: texts[0].textContent.trim().slice(0, 40),
                fg: texts[0] instanceof SVGElement ? getComputedStyle(texts[0]).fill : getComputedStyle(texts[0]).color, fill: getComputedStyle(shape).fill, bg: background});
    }
  }
  return out;
}"""
MIN_CONTRAST = 3.0          # WCAG's floor for large text and graphics; body text asks for 4.5



def diagram_count(site: Site, url: str) -> int:
    """How many diagrams the page's HTML holds: Mermaid blocks for the browser and drawings made at build time."""
    return sum(1 for node in site.article(url).iter()
               if (node.tag == "pre" and "mermaid" in node.classes()) or "loop-drawn" in node.classes())


# --------------------------------------------------------------------------- spec pages


@pytest.mark.parametrize("source", spec_sources())
def test_spec_page_draws_its_diagram(site, browse, source):
    url = spec_url(source)
    expected = diagram_count(site, url)
    assert expected >= 1, f"{url}: the page's HTML holds no Mermaid block"
    browse.visit(url)
    sizes = browse.wait_for_diagrams(expected)
    assert len(sizes) == expected, f"{url}: {len(sizes)} diagram(s) drawn, {expected} in the HTML"
    assert browse.page.locator(".md-content svg.les-chart").first.is_visible(), f"{url}: scorecard not visible"
    browse.assert_clean()


def test_every_other_page_loads_cleanly_and_draws_its_diagrams(site, browse):
    specs = {spec_url(s) for s in spec_sources()}
    problems = []
    for url in sorted(set(site.pages) - specs):
        browse.visit(url)
        expected = diagram_count(site, url)
        if expected:
            browse.wait_for_diagrams(expected)
        if browse.page.title() == "":
            problems.append(f"{url}: empty title")
    assert not problems, "\n".join(problems)
    browse.assert_clean()


# --------------------------------------------------------------------------- search, palette, navigation


@pytest.mark.parametrize("query, target", [
    ("reflection loop", "patterns/reflection-loop/"),
    ("verification loop", "patterns/verification-loop/"),
    ("human-in-the-loop", "patterns/human-in-the-loop/"),
])
def test_search_finds_the_pattern_page(browse, query, target):
    browse.visit("")
    box = browse.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)     # Material searches on key events, not on a programmatic fill
    browse.page.wait_for_function(SEARCH_LISTS, arg="/" + target, timeout=TIMEOUT_MS)
    found = browse.page.evaluate(SEARCH_PAGES)
    assert "/" + target in found[:5], f"search for {query!r}: {target} is not among the first pages {found[:5]}"
    browse.click_link_to("/" + target, ".md-search-result")
    browse.page.wait_for_url(f"**/{target}*", timeout=TIMEOUT_MS)
    browse.wait_for_diagrams(1)
    browse.assert_clean()


def _toggle_palette(browse: Browse, to: str) -> None:
    browse.page.locator('form[data-md-component="palette"] label:not([hidden])').first.click()
    browse.page.wait_for_function("scheme => document.body.getAttribute('data-md-color-scheme') === scheme",
                                  arg=to, timeout=TIMEOUT_MS)


def test_palette_toggle_switches_scheme_and_diagrams_survive(site, browse):
    url = SCREENSHOT_PAGE
    expected = diagram_count(site, url)
    browse.visit(url)
    before = browse.wait_for_diagrams(expected)
    assert browse.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "default"
    _toggle_palette(browse, "slate")
    dark = browse.wait_for_diagrams(expected)
    _toggle_palette(browse, "default")
    light = browse.wait_for_diagrams(expected)
    assert len(before) == len(dark) == len(light) == expected
    browse.assert_clean()


def test_instant_navigation_to_a_diagram_stays_on_localhost(site, browse):
    with_diagram = {url for url in site.pages if diagram_count(site, url)}
    start, href = _plain_page_linking_a_diagram(site, with_diagram)
    browse.visit(start)
    assert browse.page.evaluate("() => typeof window.mermaid === 'object'"), "the Mermaid stand-in is missing"
    browse.page.evaluate("() => { window.__sameDocument = true; }")
    target = site.page_of(site.resolve(start, href)[0])
    browse.click_link_to("/" + target)
    browse.page.wait_for_url(browse.server.url(target) + "*", timeout=TIMEOUT_MS)
    browse.wait_for_diagrams(diagram_count(site, target))
    if "navigation.instant" in (REPO / "mkdocs.yml").read_text(encoding="utf-8"):
        assert browse.page.evaluate("() => window.__sameDocument === true"), \
            "navigation.instant is configured but the click reloaded the document"
    # Back to the page without a diagram, and on to a second diagram page.
    browse.page.go_back(wait_until="networkidle")
    browse.page.wait_for_url(browse.server.url(start) + "*", timeout=TIMEOUT_MS)
    others = [link for link in site.links(start, site.article(start))
              if site.page_of(link.path) in with_diagram and site.page_of(link.path) != target]
    if others:
        second = site.page_of(others[0].path)
        browse.click_link_to("/" + second)
        browse.page.wait_for_url(browse.server.url(second) + "*", timeout=TIMEOUT_MS)
        browse.wait_for_diagrams(diagram_count(site, second))
    library = [url for url in browse.requests if url.endswith("/mermaid.min.js")]
    assert all(browse.is_local(url) for url in library), f"Mermaid requests: {library}"
    # Diagrams drawn at build time need no Mermaid; it is fetched (locally) only for diagrams left to the browser.
    left_to_browser = any(node.tag == "pre" and "mermaid" in node.classes()
                          for page in (target, *([second] if others else [])) for node in site.article(page).iter())
    assert bool(library) == left_to_browser, f"Mermaid requests: {library}"
    browse.assert_clean()


def _plain_page_linking_a_diagram(site: Site, with_diagram: set[str]) -> tuple[str, str]:
    """A page without diagrams whose content links to a page with one (start-here first): (page, href)."""
    candidates = ["start-here/", *sorted(site.pages)]
    for url in candidates:
        if url not in site.pages or url in with_diagram:
            continue
        for link in site.links(url, site.article(url)):
            if site.page_of(link.path) in with_diagram and not link.fragment:
                return url, link.href
    pytest.fail("no page without a diagram links to a page with one")


# --------------------------------------------------------------------------- screenshots


def screenshot_folder(tmp_path: Path) -> Path:
    """Where the screenshot test writes: the README's folder under `make screenshots`, else ``tmp_path``."""
    return SCREENSHOTS if os.environ.get(UPDATE_SCREENSHOTS) == "1" else tmp_path


def test_screenshots_go_to_a_temporary_folder_unless_make_screenshots_asks(tmp_path, monkeypatch):
    monkeypatch.delenv(UPDATE_SCREENSHOTS, raising=False)
    assert screenshot_folder(tmp_path) == tmp_path
    monkeypatch.setenv(UPDATE_SCREENSHOTS, "1")
    assert screenshot_folder(tmp_path) == SCREENSHOTS


def test_spec_page_screenshots_in_both_palettes(site, chromium, server, tmp_path):
    """Write spec-page-{light,dark}.png (the diagram and the scorecard of a spec page) to a temporary folder,
    or to docs/assets/screenshots/ under `make screenshots`."""
    url = SCREENSHOT_PAGE
    expected = diagram_count(site, url)
    folder = screenshot_folder(tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    browse = Browse(chromium, server, scale=2)
    try:
        browse.visit(url)
        for scheme, name in (("default", "light"), ("slate", "dark")):
            if scheme != "default":
                _toggle_palette(browse, scheme)
            browse.wait_for_diagrams(expected)
            browse.page.evaluate("() => window.scrollTo(0, 0)")
            clip = browse.page.evaluate("""() => {
              const start = document.querySelector('.md-content h2#loop-diagram');
              // The diagram and its controls: with the parts table and the scorecard the picture is too tall.
              const end = document.querySelector('.md-content .loop-diagram-full')
                || document.querySelector('.md-content figure.les-scorecard');
              const article = document.querySelector('.md-content article');
              if (!start || !end || !article) return null;
              const a = article.getBoundingClientRect(), s = start.getBoundingClientRect(),
                    e = end.getBoundingClientRect();
              return {x: a.left - 16, y: s.top + window.scrollY - 16, width: a.width + 32,
                      height: e.bottom - s.top + 32};
            }""")
            assert clip, f"{url}: no 'Loop diagram' heading or no scorecard figure to frame"
            path = folder / f"spec-page-{name}.png"
            browse.page.screenshot(path=str(path), clip=clip, full_page=True, animations="disabled")
            assert path.stat().st_size <= SCREENSHOT_LIMIT, f"{path.name} is {path.stat().st_size} bytes"
            assert clip["height"] > 300, f"{path.name}: the framed part is only {clip['height']} px high"
        browse.assert_clean()
    finally:
        browse.close()


def _rgba(css: str) -> tuple[float, float, float, float]:
    """Parse ``rgb(...)``/``rgba(...)``/``#rrggbb`` into 0..1 channels and alpha."""
    css = css.strip()
    if css.startswith("#") and len(css) in (4, 7):
        digits = css[1:] if len(css) == 7 else "".join(c * 2 for c in css[1:])
        return (*tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)), 1.0)
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    if len(numbers) < 3:
        raise ValueError(f"unreadable colour {css!r}")
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    return numbers[0] / 255, numbers[1] / 255, numbers[2] / 255, alpha


def _over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b, a = _rgba(top)
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), below, strict=False))


def _contrast(one: tuple[float, float, float], two: tuple[float, float, float]) -> float:
    def luminance(rgb):
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_node_labels_contrast_with_their_fill(site, chromium, server, scheme):
    """Labels stay readable on their node's fill in both palettes (once, the classDef fills kept Material's
    light dark-palette label colour: contrast 1.2)."""
    browse = Browse(chromium, server, color_scheme=scheme, open_shadow_roots=True)
    try:
        url = "patterns/reflection-loop/"
        browse.visit(url)
        browse.wait_for_diagrams(diagram_count(site, url))
        nodes = browse.page.evaluate(NODE_COLOURS)
        assert nodes, f"{url}: no node labels found in the drawn diagram"
        poor = []
        for node in nodes:
            page = _rgba(node["bg"])[:3]
            fill = _over(node["fill"], page)
            ratio = _contrast(_over(node["fg"], fill), fill)
            if ratio < MIN_CONTRAST:
                poor.append(f"{node['cls']} {node['text']!r}: {node['fg']} on {node['fill']} = {ratio:.2f}")
        assert not poor, f"{url} ({scheme}): node labels below contrast {MIN_CONTRAST}:\n" + "\n".join(poor)
        browse.assert_clean()
    finally:
        browse.close()


# --------------------------------------------------------------------------- hostile spec

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_LINKS = '[click me](javascript:window.__pwned=1) <a href="javascript:window.__pwned=1">x</a>'
INIT = '%%{init: {"securityLevel":"loose"}}%%'
CLICK = 'click w1 call alert(1)\nclick w1 href "javascript:window.__pwned=1"'
TEMPLATE = "{{ config.site_name }} {% raw %} {{ 7*7 }} {: onclick=\"window.__pwned=1\" }"
PIPES = "a | b || c |"
HOSTILE = " ".join([SCRIPT, IMG, JS_LINKS, INIT, "\n" + CLICK + "\n", TEMPLATE, PIPES])


def hostile_spec() -> dict:
    """A valid spec whose free-text fields (and one input name) carry markup, script, Mermaid directives
    and template syntax; short labels start with each threat so the diagram's truncation keeps it."""
    spec = yaml.safe_load((REPO / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    spec["loop_name"] = "hostile-loop"
    spec["objective"] = "Hostile objective " + HOSTILE
    spec["inputs"]["schema"]["text"]["description"] = HOSTILE
    spec["inputs"]["schema"][IMG + " | {{ x }}"] = {"type": "string", "description": HOSTILE}
    spec["workers"][0]["role"] = HOSTILE
    for index, text in enumerate([INIT, CLICK, JS_LINKS, TEMPLATE + PIPES]):
        worker = copy.deepcopy(spec["workers"][0])
        worker.update(id=f"w{index}", role=text, cost_budget_usd=0.01)
        spec["workers"].append(worker)
    spec["evaluators"][1]["rubric"]["dimensions"][0]["criteria"] = HOSTILE
    spec["metrics"][0]["definition"] = HOSTILE
    spec["safety_constraints"][0]["config"] = {"note": HOSTILE}
    spec["metadata"] = {"patterns": ["reflection-loop"], "tags": [SCRIPT, IMG, INIT, TEMPLATE, PIPES],
                        "les_estimate": 0.5}
    spec["metadata"]["taxonomy_level"] = level.classify(spec).level
    return spec


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = throwaway_project(tmp_path_factory.mktemp("hostile") / "project")
    library = project / "loop-library"
    library.mkdir()
    (library / "hostile-loop.yaml").write_text(yaml.safe_dump(hostile_spec(), sort_keys=False, allow_unicode=True),
                                               encoding="utf-8")
    clean = yaml.safe_load((REPO / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    clean["loop_name"] = "clean-loop"
    (library / "clean-loop.yaml").write_text(yaml.safe_dump(clean, sort_keys=False), encoding="utf-8")
    (project / "docs" / "index.md").write_text(
        "# Throwaway site\n\n[Hostile](loop-library/hostile-loop.md), [clean](loop-library/clean-loop.md), "
        "[plain](plain.md).\n\n<!-- loop:catalog -->\n\n<!-- loop:level-specs level=3 -->\n\n"
        "<!-- loop:scorecard spec=loop-library/hostile-loop.yaml -->\n\n<!-- loop:stats -->\n", encoding="utf-8")
    (project / "docs" / "plain.md").write_text(
        "# Plain page\n\nNo spec content here. [Home](index.md), [clean](loop-library/clean-loop.md).\n",
        encoding="utf-8")
    mkdocs_build(project, project / "site")
    served = Server(project / "site", configured_site_url())
    yield Site(project / "site"), served
    served.close()


def test_hostile_spec_changes_nothing_in_window(chromium, hostile_site):
    site, server = hostile_site
    browse = Browse(chromium, server)
    try:
        pairs = [("loop-library/hostile-loop/", "loop-library/clean-loop/"), ("", "plain/")]
        for hostile, clean in pairs:
            keys = {}
            for url in (clean, hostile):
                browse.visit(url)
                count = diagram_count(site, url)
                if count:
                    browse.wait_for_diagrams(count)
                keys[url] = browse.window_keys()
                assert browse.page.evaluate("() => window.__pwned") is None, f"{url}: window.__pwned was set"
                handlers = browse.page.evaluate("""() => Array.from(document.querySelectorAll('.md-content *'))
                    .flatMap(el => Array.from(el.attributes).filter(a => a.name.startsWith('on'))
                    .map(a => el.tagName + ' ' + a.name))""")
                assert not handlers, f"{url}: event-handler attributes in the content: {handlers}"
                scripts = browse.page.evaluate("() => document.querySelectorAll('.md-content script').length")
                assert scripts == 0, f"{url}: {scripts} <script> element(s) inside the content"
                javascript = browse.page.evaluate(
                    "() => Array.from(document.querySelectorAll('[href], [src]')).map(e => e.getAttribute('href') "
                    "|| e.getAttribute('src')).filter(v => /^\\s*javascript:/i.test(v))")
                assert not javascript, f"{url}: javascript: URLs in the page: {javascript}"
            added = keys[hostile] - keys[clean]
            assert not added, f"{hostile} adds window properties that {clean} does not have: {sorted(added)}"
        # The hostile text is shown, as text, where the spec's objective is summarised.
        browse.visit("loop-library/hostile-loop/")
        shown = browse.page.locator(".md-content").inner_text()
        assert SCRIPT in shown and "{{ 7*7 }}" in shown and "a | b || c |" in shown, \
            "the hostile objective is not shown literally on its page"
        browse.assert_clean()
    finally:
        browse.close()
