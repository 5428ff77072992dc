"""Serving a built site on 127.0.0.1 and browsing it with a context that records what a reader's browser does.

``Server`` serves a site folder on a free port (with sitemap.xml rewritten to
its own address, as ``mkdocs serve`` does, so Material's instant navigation
works as when deployed); ``Browse`` is one browser context and page that
records console errors, page errors, dialogs and every request, aborts any
request to another host, and ends a test with ``assert_clean``. The
``site``, ``server`` and ``browse`` fixtures of ``conftest`` use them; the
browser test modules share the constants below.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest_site import REPO

TIMEOUT_MS = 30_000
MIN_DIAGRAM = (80, 30)      # width, height in CSS pixels: an undrawn host measures 0; the flattest real diagram ~50

# True when every diagram host the page should have exists and every visible one has a real size.
DIAGRAMS_DRAWN = """([expected, minWidth, minHeight]) => {
  const hosts = Array.from(document.querySelectorAll('.md-content div.mermaid, .md-content div.loop-drawn'));
  if (hosts.length < expected) return false;
  return hosts.every(h => {
    if (!h.checkVisibility()) return true;
    const r = h.getBoundingClientRect();
    return r.width >= minWidth && r.height >= minHeight;
  });
}"""
# Test instrumentation only: Material draws diagrams into closed shadow roots, which no script can read.
# Forcing them open changes nothing else and lets a test read the colours inside a drawn diagram.
OPEN_SHADOW_ROOTS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, Object.assign({}, init, {mode: 'open'})); };
})()"""
# Result pages of Material's search, in order, as URL paths (one entry per page).
SEARCH_PAGES = """() => [...new Set(Array.from(document.querySelectorAll('.md-search-result a.md-search-result__link'))
  .map(a => new URL(a.href, location.href).pathname))]"""
SEARCH_LISTS = """path => Array.from(document.querySelectorAll('.md-search-result a.md-search-result__link'))
  .some(a => new URL(a.href, location.href).pathname === path)"""
DIAGRAM_SIZES = """() => Array.from(document.querySelectorAll('.md-content div.mermaid, .md-content div.loop-drawn'))
  .map(h => { const r = h.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; })"""


# --------------------------------------------------------------------------- serving and browsing


def configured_site_url() -> str | None:
    """``site_url`` of mkdocs.yml (read as text: the file holds python tags)."""
    found = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else None


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder quietly; serves sitemap.xml with the deployed address replaced by this server's.

    Material's instant navigation only intercepts links listed in sitemap.xml,
    whose addresses start with ``site_url``; ``mkdocs serve`` rewrites them to
    the local address in the same way, so the site behaves as when deployed.
    """

    site_url: str | None = None
    origin: str = ""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.site_url and urlsplit(self.path).path.endswith("/sitemap.xml"):
            path = Path(self.translate_path(urlsplit(self.path).path))
            if path.is_file():
                body = path.read_bytes().replace(self.site_url.encode(), (self.origin + "/").encode())
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs (a page left mid-load): not a failure of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Server:
    """A built site served from 127.0.0.1 on a free port, in a daemon thread."""

    def __init__(self, root: Path, site_url: str | None = None):
        handler = type("Handler", (_Handler,), {})
        self.httpd = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        handler.site_url, handler.origin = site_url, self.origin
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"{self.origin}/{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


class Browse:
    """One browser context and page that records console errors, page errors, dialogs and every request."""

    def __init__(self, browser, server: Server, color_scheme: str = "light", scale: float = 1,
                 open_shadow_roots: bool = False):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme,
                                           device_scale_factor=scale, service_workers="block")
        if open_shadow_roots:
            self.context.add_init_script(OPEN_SHADOW_ROOTS)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.set_default_navigation_timeout(TIMEOUT_MS)
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: page error: {error}"))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"{self.page.url}: console error: {message.text}")

    def _dialog(self, dialog):
        self.dialogs.append(f"{self.page.url}: {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.server.origin

    def visit(self, path: str) -> None:
        self.page.goto(self.server.url(path), wait_until="networkidle")

    def wait_for_diagrams(self, expected: int) -> list[list[int]]:
        """Wait until ``expected`` diagrams are drawn; return their sizes. Fails with the sizes seen."""
        try:
            self.page.wait_for_function(DIAGRAMS_DRAWN, arg=[expected, *MIN_DIAGRAM], timeout=TIMEOUT_MS)
        except PlaywrightTimeout:
            pytest.fail(f"{self.page.url}: expected {expected} drawn diagram(s) within {TIMEOUT_MS} ms, found "
                        f"sizes {self.page.evaluate(DIAGRAM_SIZES)}; console: {self.errors}", pytrace=False)
        return self.page.evaluate(DIAGRAM_SIZES)

    def click_link_to(self, path: str, scope: str = ".md-content") -> None:
        """Click the first link under ``scope`` whose URL path is ``path`` (Material rewrites hrefs to absolute
        URLs, so links are matched on the URL the browser resolves, not on the attribute)."""
        from playwright.sync_api import Error as PlaywrightError
        for attempt in range(3):
            handle = self.page.wait_for_function(
                "([scope, path]) => Array.from(document.querySelectorAll(scope + ' a'))"
                ".find(a => new URL(a.href, location.href).pathname === path) || null",
                arg=[scope, path], timeout=TIMEOUT_MS)
            try:
                handle.as_element().click(timeout=TIMEOUT_MS)
                return
            except PlaywrightError:
                # Search results are re-rendered while the index loads; a link can detach between find and click.
                if attempt == 2:
                    raise

    def window_keys(self) -> set[str]:
        return set(self.page.evaluate("() => Object.keys(window)"))

    def assert_clean(self) -> None:
        """No console error, no page error, no dialog, no request to another host: the end of every test."""
        assert not self.foreign, "requests to other hosts:\n" + "\n".join(self.foreign)
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)
        assert not self.dialogs, "dialogs opened:\n" + "\n".join(self.dialogs)
        stray = [url for url in self.requests if not self.is_local(url)]
        assert not stray, "requests that left localhost:\n" + "\n".join(stray)

    def close(self) -> None:
        self.context.close()
