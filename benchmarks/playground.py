"""Figures of the playground page in Debian's Chromium: cold first result, re-analysis after an edit, bytes.

Usage: python benchmarks/playground.py [SITE_DIR]   (default: build the site into a temporary folder)

Method. The built site is served from 127.0.0.1 by the standard library's
HTTP server; Chromium (``/usr/bin/chromium``, headless, through Playwright)
opens ``/playground/`` in a new browser context each time, so the HTTP cache
and the compiled WebAssembly cache start empty ("cold"). Requests to any
other host are aborted and counted (the figure must be 0).

- *First result*: ``performance.now()`` (milliseconds since navigation
  start) when ``document.body.dataset.playgroundState`` first becomes
  ``ready``, that is when the default library spec's diagnostics, level,
  scorecard, LSS-min and drawn diagram are all on the page. Median and
  maximum of ``RUNS`` cold loads.
- *Re-analysis*: in one warm page, ``EDITS`` edits of the coding-agent
  spec (its objective changes each time); each is timed from the edit to
  ``ready`` with the pause-in-typing delay skipped (the page's
  ``analyseNow``), so it is the worker's Python analysis plus drawing the
  results and the diagram. Median and maximum.
- *Bytes*: the sum of response body sizes of every request of one cold
  load, with the largest files named.

Targets from issue 13: first result within 10 s, re-analysis within 500 ms.
"""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RUNS = 3
EDITS = 10
TIMEOUT_MS = 120_000

# mode "text": the objective changes (the diagram stays, so it is not redrawn);
# mode "diagram": the iteration bound changes, which the diagram's termination node shows (redrawn).
EDIT_AND_TIME = r"""async ([n, mode]) => {
  const p = window.loopPlayground, view = p.editor;
  const before = Number(document.body.dataset.playgroundRuns);
  const old = view.state.doc.toString();
  const text = mode === 'text'
    ? old.replace(/^objective: .*$/m, 'objective: Edited objective number ' + n)
    : old.replace(/(type: max_iterations\n\s+value: )\d+/, '$1' + (20 + n));
  const start = performance.now();
  view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});
  p.analyseNow();
  await new Promise((resolve) => {
    const check = () => (document.body.dataset.playgroundState === 'ready'
      && Number(document.body.dataset.playgroundRuns) > before) ? resolve() : setTimeout(check, 2);
    check();
  });
  return performance.now() - start;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def build_site(destination: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(destination)],
                   cwd=REPO, check=True)


def cold_load(browser, origin: str) -> dict:
    context = browser.new_context(service_workers="block")
    sizes: dict[str, int] = {}
    foreign: list[str] = []

    def route(r):
        if urlsplit(r.request.url).netloc == urlsplit(origin).netloc:
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    def finished(request):
        try:
            sizes[request.url] = request.sizes()["responseBodySize"]
        except PlaywrightError:  # a request the page abandoned has no sizes; it moved no body
            sizes[request.url] = 0
    context.route("**/*", route)
    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(origin + "/playground/")
    page.wait_for_function("document.body.dataset.playgroundState === 'ready'", timeout=TIMEOUT_MS)
    first_ms = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    edits = [page.evaluate(EDIT_AND_TIME, [n, "text"]) for n in range(EDITS)]
    redraws = [page.evaluate(EDIT_AND_TIME, [n, "diagram"]) for n in range(EDITS)]
    stages = page.evaluate("window.loopPlayground.timings")
    context.close()
    return {"first_ms": first_ms, "edits": edits, "redraws": redraws, "stages": stages, "sizes": sizes,
            "foreign": foreign}


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="playground-bench-") as scratch:
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(scratch) / "site"
        if len(sys.argv) <= 1:
            build_site(site)
        handler = functools.partial(_Quiet, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{httpd.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                loads = [cold_load(browser, origin) for _ in range(RUNS)]
                browser.close()
        finally:
            httpd.shutdown()
    firsts = [load["first_ms"] for load in loads]
    edits = [ms for load in loads for ms in load["edits"]]
    redraws = [ms for load in loads for ms in load["redraws"]]
    stages = loads[0]["stages"]
    sizes = loads[0]["sizes"]
    total = sum(sizes.values())
    print(f"Playground in Chromium ({RUNS} cold loads, {2 * len(edits)} edits of loop-library/coding-agent.yaml; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"  first result, cold cache:  median {statistics.median(firsts) / 1000:.2f} s, "
          f"max {max(firsts) / 1000:.2f} s   (target 10 s)")
    print(f"    in the worker (first load): Pyodide ready at {stages['pyodide'] / 1000:.2f} s, "
          f"loopctl imported at {stages['imported'] / 1000:.2f} s")
    print(f"  re-analysis after an edit: median {statistics.median(edits):.0f} ms, max {max(edits):.0f} ms   "
          "(target 500 ms)")
    print(f"  re-analysis that redraws the diagram: median {statistics.median(redraws):.0f} ms, "
          f"max {max(redraws):.0f} ms")
    print(f"  bytes transferred, one cold load: {total / 1e6:.1f} MB in {len(sizes)} requests; largest:")
    for url, size in sorted(sizes.items(), key=lambda item: -item[1])[:6]:
        print(f"    {size / 1e6:6.2f} MB  {urlsplit(url).path}")
    print(f"  requests to other hosts: {sum(len(load['foreign']) for load in loads)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
