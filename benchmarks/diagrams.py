"""Diagram figures: how long drawing a long spec takes, and what a spec page costs a reader on each route.

Usage: python benchmarks/diagrams.py [--chain N] [--build-site DIR] [--browser-site DIR] [--runs R]

1. Engine. A spec with an N-step ``depends_on`` chain (default 3,000) is drawn
   as the detailed and the overview Mermaid source; the time of
   ``graph.layers`` (owned by the graph module) is shown apart from the rest
   of ``render.mermaid``.
2. Reader. The real site is built twice with ``mkdocs build --strict``:
   diagrams drawn at build time (the default) and left to the browser
   (``LOOPCTL_DIAGRAMS=browser``). Each spec page in PAGES is opened R times
   in Debian's Chromium through Playwright, served from 127.0.0.1 with every
   other host refused, files gzip-compressed as static hosts serve them; the
   figures are the bytes transferred (sum of encoded response bodies), the
   same files uncompressed, and the time from DOMContentLoaded until the first
   diagram of the content has a real size (median of the runs). Pass
   ``--build-site`` / ``--browser-site`` to measure folders built already.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

PAGES = ("loop-library/coding-agent/", "loop-library/compositions/code-debug-repair/", "patterns/reflection-loop/",
         "case-studies/alphago-self-play/")
CHROMIUM = "/usr/bin/chromium"
# Records DOMContentLoaded and the first moment a content diagram has a real size (drawn in the HTML or by Mermaid).
WATCH = """(() => {
  window.__dcl = null; window.__drawn = null;
  document.addEventListener('DOMContentLoaded', () => { window.__dcl = performance.now(); });
  const check = () => {
    const hosts = document.querySelectorAll('.md-content .loop-drawn svg, .md-content div.mermaid');
    for (const h of hosts) { const r = h.getBoundingClientRect(); if (r.width > 80 && r.height > 30) { window.__drawn = performance.now(); return; } }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()"""


def chain_spec(length: int) -> dict:
    base = yaml.safe_load((REPO / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    spec = copy.deepcopy(base)
    first = spec["workers"][0]
    spec["workers"] = []
    for index in range(length):
        worker = copy.deepcopy(first)
        worker["id"] = f"step-{index}"
        worker["inputs"] = [{"from": "inputs.text"}] if index == 0 else [{"from": f"workers.step-{index - 1}"}]
        if index:
            worker["depends_on"] = [f"step-{index - 1}"]
        spec["workers"].append(worker)
    for evaluator in spec["evaluators"]:
        evaluator["runs_after"] = [f"step-{length - 1}"]
    return spec


def engine(length: int) -> None:
    from loopctl.graph import dependency_edges, layers
    from loopctl.model import SpecView
    from loopctl.render import mermaid

    spec = chain_spec(length)
    start = time.perf_counter()
    layers(dependency_edges(SpecView(spec)))
    layer_seconds = time.perf_counter() - start
    start = time.perf_counter()
    detailed = mermaid.diagram(spec)
    detailed_seconds = time.perf_counter() - start
    start = time.perf_counter()
    mermaid.overview(spec)
    overview_seconds = time.perf_counter() - start
    own = detailed_seconds + overview_seconds - 2 * layer_seconds
    print(f"{length}-step depends_on chain: graph.layers {layer_seconds:.3f} s per call; detailed diagram "
          f"{detailed_seconds:.3f} s, overview {overview_seconds:.3f} s ({len(detailed):,} characters); "
          f"render.mermaid's own share of both {max(own, 0):.3f} s")


def build(destination: Path, mode: str) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LOOPCTL_DIAGRAMS=mode, PYTHONPATH=str(REPO / "src"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(destination)], cwd=REPO,
                   env=env, check=True, capture_output=True)
    return time.perf_counter() - start


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the browser accepts it, as static hosts do."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
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


def measure(site: Path, runs: int) -> dict[str, tuple[int, int, float]]:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_port}"
    results: dict[str, tuple[int, int, float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            for page_url in PAGES:
                weights, raws, delays = [], [], []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1300, "height": 900}, service_workers="block")
                    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                                  else route.abort())
                    context.add_init_script(WATCH)
                    page = context.new_page()
                    sizes: list[int] = []
                    files: list[str] = []
                    page.on("requestfinished", lambda request, sizes=sizes, files=files: (
                        sizes.append(request.sizes()["responseBodySize"]), files.append(request.url)))
                    page.goto(f"{origin}/{page_url}", wait_until="load")
                    page.wait_for_function("() => window.__drawn !== null && window.__dcl !== null", timeout=60_000)
                    page.wait_for_load_state("networkidle")
                    delays.append(max(0.0, page.evaluate("() => window.__drawn - window.__dcl")))
                    weights.append(sum(sizes))
                    raws.append(sum(_file_size(site, url[len(origin):]) for url in files))
                    context.close()
                results[page_url] = (int(statistics.median(weights)), int(statistics.median(raws)),
                                     statistics.median(delays))
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return results


def _file_size(site: Path, path: str) -> int:
    target = site / path.split("?", 1)[0].lstrip("/")
    target = target / "index.html" if target.is_dir() else target
    return target.stat().st_size if target.is_file() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chain", type=int, default=3000)
    parser.add_argument("--build-site", type=Path)
    parser.add_argument("--browser-site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine(args.chain)
    with tempfile.TemporaryDirectory(prefix="diagram-bench-") as folder:
        sites = {}
        for name, given, mode in (("drawn at build time", args.build_site, "build"),
                                  ("drawn in the browser", args.browser_site, "browser")):
            if given is None:
                given = Path(folder) / mode
                print(f"building the site, diagrams {name}: {build(given, mode):.1f} s")
            sites[name] = given
        print(f"\n| route | page | transferred (gzip) | uncompressed | DOMContentLoaded to diagram "
              f"(median of {args.runs}) |")
        print("|---|---|---|---|---|")
        for name, site in sites.items():
            for page_url, (weight, raw, delay) in measure(site, args.runs).items():
                print(f"| {name} | `{page_url}` | {weight / 1e6:.2f} MB | {raw / 1e6:.2f} MB | {delay:.0f} ms |")


if __name__ == "__main__":
    main()
