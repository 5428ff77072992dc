"""In Chromium: a hostile submitter name on the leaderboard stays inert text, and the tables sort.

A throwaway site with the published entries, a hostile results file (markup
in every field a contributor writes) and a rejected one (a javascript: spec
path) is built and served locally; requests to any other host are blocked.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from conftest_site import mkdocs_build, throwaway_project
from results_fixtures import HOSTILE_NAME, hostile, published, rejected, write_results

pytestmark = [pytest.mark.browser, pytest.mark.site]

TIMEOUT_MS = 30_000
PAGES = ("leaderboard/", "leaderboard/hostile-1/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = throwaway_project(tmp_path_factory.mktemp("results-browser") / "project")
    (project / "docs" / "index.md").write_text("# Home\n\n[Leaderboard](leaderboard/index.md)\n", encoding="utf-8")
    write_results(project, {"loopbench.results.json": published(), "hostile.results.json": hostile(),
                            "rejected.results.json": rejected()})
    mkdocs_build(project, project / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def _open(browser, base: str, path: str):
    context = browser.new_context()
    blocked = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(base):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base + path, wait_until="load")
    return context, page, blocked


@pytest.mark.parametrize("path", PAGES)
def test_hostile_submitter_name_stays_inert_text(browser, served, path):
    context, page, blocked = _open(browser, served, path)
    try:
        page.wait_for_selector(".md-content table")
        assert page.evaluate("() => window.__pwned") is None
        content = ".md-content"
        assert page.evaluate(f"() => document.querySelectorAll('{content} script, {content} img, "
                             f"{content} iframe').length") == 0
        handlers = page.evaluate(f"""() => Array.from(document.querySelectorAll('{content} *'))
            .flatMap(el => Array.from(el.attributes).filter(a => a.name.startsWith('on')).map(a => a.name))""")
        assert handlers == []
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('[href]')).map(e => e.getAttribute('href'))")
        assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
        # The name is shown as exactly the characters the submitter wrote.
        assert HOSTILE_NAME in page.inner_text(content)
        assert blocked == []
    finally:
        context.close()


def test_ranking_table_sorts_by_a_clicked_column(browser, served):
    context, page, _ = _open(browser, served, "leaderboard/")
    try:
        table = page.locator(".loop-sortable table").first
        table.wait_for()
        header = table.locator("thead th", has_text="recomputed")
        column = "Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[6].textContent))"
        header.click()
        ascending = table.evaluate(f"t => {column}")
        assert ascending == sorted(ascending)
        header.click()
        descending = table.evaluate(f"t => {column}")
        assert descending == sorted(descending, reverse=True)
        assert header.get_attribute("aria-sort") == "descending"
    finally:
        context.close()
