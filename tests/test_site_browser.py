"""In Chromium: diagrams render from the site's own Mermaid, only where needed, across instant navigation.

A throwaway site is built once and served from a local HTTP server. Every
request to another host is blocked and recorded; the tests assert there are
none, so Material's fallback to a CDN copy of Mermaid can never go unnoticed.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest_site import mkdocs_build
from loopctl.render.svg_cache import MODE_VARIABLE
from test_site_build import make_project

pytestmark = [pytest.mark.browser, pytest.mark.site]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
RENDER_TIMEOUT_MS = 30_000


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """Serve a throwaway site at http://127.0.0.1:<port>/loop-engineering/, the path of its site_url.

    Material's instant navigation only intercepts links listed in the sitemap,
    so the site is built with its site_url pointing at this server.
    """
    folder = tmp_path_factory.mktemp("browser")
    project = make_project(folder / "project")
    root = folder / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=root))
    url = f"http://127.0.0.1:{server.server_address[1]}/loop-engineering/"
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {url}", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    # These tests cover the route where the reader's browser draws: no diagram is drawn at build time.
    previous = os.environ.get(MODE_VARIABLE)
    os.environ[MODE_VARIABLE] = "browser"
    try:
        mkdocs_build(project, root / "loop-engineering")
    finally:
        if previous is None:
            os.environ.pop(MODE_VARIABLE, None)
        else:
            os.environ[MODE_VARIABLE] = previous
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def in_browser():
    """Run functions of a Chromium browser on one worker thread that owns its own Playwright.

    Other browser tests of the session keep their own Playwright on the main
    thread; the sync API allows one per thread, so this module uses its own.
    """
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (make setup installs it)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    worker = ThreadPoolExecutor(max_workers=1)
    state = {}

    def start():
        state["playwright"] = playwright_api.sync_playwright().start()
        state["browser"] = state["playwright"].chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

    def stop():
        state["browser"].close()
        state["playwright"].stop()

    worker.submit(start).result()
    yield lambda function: worker.submit(function, state["browser"]).result()
    worker.submit(stop).result()
    worker.shutdown()


def visit(browser, base_url: str, path: str, color_scheme: str = "light"):
    """Open a page in a fresh context; return (context, page, local requests, blocked requests)."""
    context = browser.new_context(color_scheme=color_scheme)
    local, blocked = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(base_url):
            local.append(url[len(base_url):])
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(base_url + path)
    return context, page, local, blocked


def mermaid_library_loads(local: list[str]) -> int:
    return sum(1 for url in local if url.endswith("assets/javascripts/mermaid.min.js"))


def test_diagram_renders_from_the_local_library(in_browser, base_url):
    def check(browser):
        context, page, local, blocked = visit(browser, base_url, "loop-library/alpha/")
        page.wait_for_selector("div.mermaid", timeout=RENDER_TIMEOUT_MS)
        result = page.locator("pre.mermaid").count(), mermaid_library_loads(local), list(blocked)
        context.close()
        return result

    undrawn, loads, blocked = in_browser(check)
    assert (undrawn, loads, blocked) == (0, 1, [])


def test_page_without_diagram_never_loads_mermaid(in_browser, base_url):
    def check(browser):
        context, page, local, blocked = visit(browser, base_url, "")
        page.wait_for_load_state("networkidle")
        result = page.evaluate("window.mermaid && window.mermaid.lazyLoader"), mermaid_library_loads(local), blocked
        context.close()
        return result

    assert in_browser(check) == (True, 0, [])


def test_instant_navigation_renders_the_next_page_diagram(in_browser, base_url):
    def check(browser):
        context, page, local, blocked = visit(browser, base_url, "")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.__sameDocument = true")
        page.click("article a[href*='loop-library']")
        page.wait_for_url("**/loop-library/")
        page.click("article a[href*='alpha']")
        page.wait_for_url("**/loop-library/alpha/")
        page.wait_for_selector("div.mermaid", timeout=RENDER_TIMEOUT_MS)
        result = page.evaluate("window.__sameDocument"), mermaid_library_loads(local), blocked
        context.close()
        return result

    same_document, loads, blocked = in_browser(check)
    assert same_document is True  # instant navigation, no full reload
    assert loads == 1 and blocked == []


def test_dark_palette_renders_diagrams_too(in_browser, base_url):
    def check(browser):
        context, page, _local, blocked = visit(browser, base_url, "loop-library/beta/", color_scheme="dark")
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        page.wait_for_selector("div.mermaid", timeout=RENDER_TIMEOUT_MS)
        context.close()
        return scheme, blocked

    assert in_browser(check) == ("slate", [])
