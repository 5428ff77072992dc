"""Mermaid diagrams drawn to SVG at build time, cached by the hash of their source.

A site build asks ``DiagramRenderer.svg(source)`` for each Mermaid block. A
cached drawing (``<cache>/<hash>.svg``) is returned at once; a missing one is
drawn by the pinned Mermaid package in headless Chromium, driven by
Playwright. The browser is started on the first miss and serves every other
miss of the build (one session per build, closed by ``close``). Each drawing
passes ``svg_sanitize`` before it is cached. When no renderer is available
(no Playwright, no Chromium, no Mermaid, or ``LOOPCTL_DIAGRAMS=browser``),
``svg`` returns None and the page keeps the Mermaid source for the
reader's browser to draw.

The hash covers the source, the Mermaid version and ``CONFIG``, so a change
to any of them draws the diagram again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from loopctl.render.svg_sanitize import UnsafeSvg, sanitize_svg

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MERMAID = "node_modules/mermaid/dist/mermaid.min.js"
# SVG text labels (no HTML in foreignObject) at Mermaid's natural size: the page shows them at 16 px
# and lets narrow screens scroll rather than shrinking the drawing.
CONFIG = {
    "startOnLoad": False, "securityLevel": "strict", "theme": "default", "htmlLabels": False,
    "fontFamily": "Arial, Helvetica, sans-serif",
    "flowchart": {"htmlLabels": False, "useMaxWidth": False, "wrappingWidth": 400, "nodeSpacing": 30,
                  "rankSpacing": 40, "padding": 8},
}
MODE_VARIABLE = "LOOPCTL_DIAGRAMS"   # "browser": never draw at build time
CACHE_VARIABLE = "LOOPCTL_DIAGRAM_CACHE"   # another cache folder (tests share one across throwaway sites)
_RENDER = """async ([id, source]) => {
  const {svg} = await window.mermaid.render(id, source);
  for (const leftover of [document.getElementById(id), document.getElementById('d' + id)]) leftover?.remove();
  return svg;
}"""


def diagram_key(source: str, mermaid_version: str) -> str:
    """The cache key of a diagram: SHA-256 of the source, the Mermaid version and the drawing options."""
    digest = hashlib.sha256()
    for part in (mermaid_version, json.dumps(CONFIG, sort_keys=True), normalize(source)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def normalize(source: str) -> str:
    """The diagram source as it is hashed: trailing blanks and surrounding empty lines dropped."""
    return "\n".join(line.rstrip() for line in source.strip("\n").splitlines())


def svg_id(key: str) -> str:
    """The element id a drawing gets (Mermaid scopes its styles under it), unique per source."""
    return f"loopd-{key[:16]}"


class DiagramRenderer:
    """Draws Mermaid sources to sanitized SVG with one browser session, caching the results in ``cache``."""

    def __init__(self, root: str | Path, cache: str | Path | None = None):
        self.root = Path(root)
        self.cache = Path(cache or os.environ.get(CACHE_VARIABLE) or self.root / ".cache" / "diagrams")
        self.library = self.root / MERMAID
        self.version = _mermaid_version(self.root)
        self.enabled = os.environ.get(MODE_VARIABLE, "build") != "browser" and self.library.is_file()
        self.drawn = 0
        self.hits = 0
        self.failures: list[str] = []
        self.drawings: dict[str, str] = {}   # marker digest -> the drawing it stands for, this build
        self._session: _Session | None = None

    def marker(self, drawing: str) -> str:
        """Return the HTML comment that stands for ``drawing`` in a page until ``fill_drawings`` puts it in."""
        digest = hashlib.sha256(drawing.encode("utf-8", "surrogatepass")).hexdigest()
        self.drawings[digest] = drawing
        return f"<!-- loop-drawing:{digest} -->"

    def svg(self, source: str) -> str | None:
        """Return the sanitized SVG of ``source``, or None when it cannot be drawn here."""
        if not self.enabled:
            return None
        key = diagram_key(source, self.version)
        cached = self.cache / f"{key}.svg"
        if cached.is_file():
            self.hits += 1
            return cached.read_text(encoding="utf-8")
        session = self._started()
        if session is None:
            return None
        try:
            drawn = session.draw(svg_id(key), normalize(source))
            svg = sanitize_svg(drawn).replace("mermaid", "loopd")
        except UnsafeSvg as error:
            self.failures.append(str(error))
            return None
        except Exception as error:
            self.failures.append(str(error).splitlines()[0] if str(error) else type(error).__name__)
            return None
        self.cache.mkdir(parents=True, exist_ok=True)
        cached.write_text(svg, encoding="utf-8")
        self.drawn += 1
        return svg

    def _started(self) -> _Session | None:
        if self._session is None:
            self._session = _Session.start(self.library)
            if self._session is None:
                self.enabled = False
        return self._session

    def close(self) -> None:
        """End the browser session, if one was started."""
        if self._session:
            self._session.stop()
        self._session = None


class _Session:
    """Playwright, Chromium and one blank page with Mermaid loaded; every request is refused.

    Playwright's sync API allows one running instance per thread, and the caller (a test, or a tool that
    embeds the build) may already run one: the session lives on a thread of its own, and every call to
    the browser goes through that thread.
    """

    def __init__(self, worker: ThreadPoolExecutor, playwright, browser, page):
        self.worker, self.playwright, self.browser, self.page = worker, playwright, browser, page

    @classmethod
    def start(cls, library: Path) -> _Session | None:
        if not Path(CHROMIUM).is_file():
            return None
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            return None

        def launch():
            playwright = sync_playwright().start()
            try:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())
                page.set_content("<!doctype html><html><body></body></html>")
                page.add_script_tag(path=str(library))
                page.evaluate("config => window.mermaid.initialize(config)", CONFIG)
            except Exception:
                playwright.stop()
                return None
            return playwright, browser, page

        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loop-diagrams")
        started = worker.submit(launch).result()
        if started is None:
            worker.shutdown()
            return None
        return cls(worker, *started)

    def draw(self, element_id: str, source: str) -> str:
        """Draw one Mermaid source in the session's page and return the SVG text."""
        return self.worker.submit(self.page.evaluate, _RENDER, [element_id, source]).result()

    def stop(self) -> None:
        def close() -> None:
            try:
                self.browser.close()
            finally:
                self.playwright.stop()
        try:
            self.worker.submit(close).result()
        finally:
            self.worker.shutdown()


def _mermaid_version(root: Path) -> str:
    try:
        return str(json.loads((root / "node_modules/mermaid/package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


_active: DiagramRenderer | None = None


def activate(renderer: DiagramRenderer | None) -> None:
    """Make ``renderer`` the one the Markdown fence formatter uses for this build (None: draw in the browser)."""
    global _active
    if _active is not None and _active is not renderer:
        _active.close()
    _active = renderer


def active() -> DiagramRenderer | None:
    """The renderer of the current build, if any."""
    return _active


_MARKER = re.compile(r"<!-- loop-drawing:(?P<digest>[0-9a-f]{64}) -->")


def fill_drawings(html: str, renderer: DiagramRenderer | None = None) -> str:
    """Replace each drawing marker in a rendered page by its drawing (unknown markers stay comments).

    Drawings are inserted into the finished HTML, after Markdown and the search index have read the
    page: an inline SVG is a few hundred kilobytes that neither needs to parse.
    """
    renderer = renderer or _active
    if renderer is None or "loop-drawing:" not in html:
        return html
    return _MARKER.sub(lambda match: renderer.drawings.get(match.group("digest"), match.group(0)), html)
