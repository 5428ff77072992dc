"""Figures of the site build and of the live preview, each beside its target (issue 12), measured in one run.

Usage: python benchmarks/site.py [N] [--repeat R]   (default 1,000 extra specs, 3 builds of each site)

Builds. Each build runs MkDocs in-process (``mkdocs.commands.build.build``
on the config loaded from ``mkdocs.yml`` with ``strict=True``) in a fresh
Python process, so no in-memory cache carries over (the block cache of
``loopctl.site.block_cache`` under ``build/site-cache/`` does, as it does
between two real builds; its hits are printed). Every event handler that
MkDocs registered from the ``hooks:`` scripts is wrapped with a timer;
"hooks" is their own wall time, which includes everything they call in
``loopctl``. CPU is the process's user + system time (``time.process_time``).
The grown site is a temporary copy of the project (its tracked files) plus N library specs that
are copies of the real library specs under new names (real specs, not a
small fixture), spread over the real patterns. Medians of R builds.

One build of each site runs first and is not counted (a warm-up, as a
working checkout has built once): its caches are what later builds find,
among them the model it saved (``loopctl.site.model_cache``), so the counted
builds validate only what changed, which is nothing. One more build of the
real site ignores the saved model, as the first build after a change of
loopctl's code does; its figures are printed for information.

Preview. ``mkdocs serve --dirty`` (what ``make serve`` runs) on a temporary
copy of the real site, with the caches of the warm-up: the time until the first page is served (a full
build), then the time from saving an edit of ``loop-library/coding-agent.yaml``
(its page has companion prose) until the page shows it, both wall and CPU of
the server process (from ``/proc``), R edits, medians. Nothing in the
repository is modified except the block cache.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BUILT = ("build/playground",)   # made by `make setup`, not tracked, needed by the build
# Caches a working checkout has after one build (drawn diagrams, costly blocks); the preview starts warm.
CACHES = (".cache/diagrams", "build/site-cache")
PATTERNS = ("reflection-loop", "critique-loop", "planning-loop", "verification-loop", "research-loop",
            "simulation-loop", "debate-loop", "exploration-loop", "optimization-loop", "memory-augmented-loop",
            "human-in-the-loop", "safety-constrained-loop", "multi-agent-coordination", "recursive-improvement-loop")


# --------------------------------------------------------------------------- one measured build (child process)


class _Timer:
    """Accumulates wall time per label; re-entrant calls of one label count once (the outermost)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._depth: dict[str, int] = {}

    def wrap(self, label: str, function):
        def timed(*args, **kwargs):
            outermost = self._depth.get(label, 0) == 0
            self._depth[label] = self._depth.get(label, 0) + 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[label] -= 1
                if outermost:
                    self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
                    self.calls[label] = self.calls.get(label, 0) + 1
        timed.__wrapped__ = function
        for attribute in ("mkdocs_priority", "__module__", "__name__"):
            if hasattr(function, attribute):
                setattr(timed, attribute, getattr(function, attribute))
        return timed


def _patch(timer: _Timer, owner, name: str, label: str) -> bool:
    function = getattr(owner, name, None)
    if function is None:
        return False
    setattr(owner, name, timer.wrap(label, function))
    return True


def measure(project: Path, destination: Path, saved_model: bool = True) -> dict:
    """Build ``project`` into ``destination`` in this process and return the timings as a dict.

    With ``saved_model=False`` the build ignores (and keeps) the model a previous build saved, as after a
    change of the code: every spec is validated and analysed.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from loopctl.site import block_cache, model_cache
    from loopctl.site import build as site_build
    from loopctl.site import collect as site_collect
    from loopctl.validate import SpecStore

    timer = _Timer()
    if not saved_model:
        model_cache.load = lambda _root: None
        model_cache.save = lambda *_arguments: False
    found = {
        "validation": _patch(timer, SpecStore, "validate", "validation"),
        "analysis": _patch(timer, site_collect, "_analyse", "analysis"),
        "files": _patch(timer, site_build.SiteBuild, "files", "files"),
        "pages": _patch(timer, site_build.SiteBuild, "page_markdown", "pages"),
    }
    os.chdir(project)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(destination), strict=True)
    hook_modules = set(config["hooks"])
    wrapped = 0
    for _event, handlers in config.plugins.events.items():
        for index, handler in enumerate(handlers):
            if getattr(handler, "__module__", None) in hook_modules:
                handlers[index] = timer.wrap("hooks", handler)
                wrapped += 1
    start, cpu = time.perf_counter(), time.process_time()
    build(config)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    pages = sum(1 for _ in destination.rglob("index.html"))
    return {"total": total, "cpu": cpu, "hooks": timer.seconds.get("hooks", 0.0), "handlers": wrapped,
            "pages": pages, "cache": dict(block_cache.stats),
            "parts": {label: (timer.seconds.get(label, 0.0) if ok else None) for label, ok in found.items()}}


# --------------------------------------------------------------------------- generated library (parent process)


def copy_project(target: Path, caches: bool = False) -> Path:
    """Copy the project as git tracks it (plus the built playground bundle, and with ``caches`` the build caches)
    to ``target``; node_modules is linked."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for built in BUILT + (CACHES if caches else ()):
        if (REPO / built).is_dir():
            shutil.copytree(REPO / built, target / built)
    (target / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return target


def generate(folder: Path, count: int) -> None:
    """Write ``count`` valid library specs: copies of the real library specs (not compositions) under new names."""
    from loopctl.level import classify

    bases = []
    for path in sorted((REPO / "loop-library").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(spec, dict) and not spec.get("composition"):
            bases.append(spec)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        spec = copy.deepcopy(bases[index % len(bases)])
        name = f"generated-loop-{index:04d}"
        spec["loop_name"] = name
        spec["objective"] = f"{spec.get('objective', '')} (copy {index} for the site build benchmark)"
        metadata = spec.setdefault("metadata", {})
        metadata["patterns"] = [PATTERNS[index % len(PATTERNS)]]
        metadata["taxonomy_level"] = classify(spec).level
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def run_child(project: Path, destination: Path, saved_model: bool = True) -> dict:
    """Measure one build in a fresh interpreter; raise with its output when the build fails."""
    done = subprocess.run([sys.executable, __file__, "--measure", str(project), str(destination)]
                          + ([] if saved_model else ["--no-saved-model"]), capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise SystemExit(f"build of {project} failed (exit {done.returncode}):\n{tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(label: str, values: list[str]) -> str:
    return f"{label:<50}" + "".join(f"{v:>26}" for v in values)


def _share(part: float | None, total: float) -> str:
    return "n/a" if part is None else f"{part:7.2f} s {100 * part / total:5.1f}%"


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _verdict(value: float, target: float) -> str:
    return f"{value:.2f}x  (target at most {target:.2f}x: {'met' if value <= target else 'NOT met'})"


# --------------------------------------------------------------------------- the live preview


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(url: str, predicate, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while not predicate(_fetch(url)):
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not reach the expected state within {timeout} s")
        time.sleep(0.05)


def preview(project: Path, repeat: int) -> dict:
    """Serve ``project`` with ``mkdocs serve --dirty``; time the first build and each edit of one spec."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    spec = project / "loop-library" / "coding-agent.yaml"
    original = spec.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/loop-engineering/loop-library/coding-agent/"
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    edits = []
    try:
        _wait(url, lambda body: "specification-at-a-glance" in body)
        full = {"wall": time.perf_counter() - start, "cpu": _cpu_of(server.pid)}
        for index in range(repeat):
            marker = f"edited for the preview benchmark {index}"
            time.sleep(1.0)   # let the watcher settle after the previous rebuild
            cpu, start = _cpu_of(server.pid), time.perf_counter()
            spec.write_text(f"{original.rstrip()}\n# {marker}\n", encoding="utf-8")   # the page shows the YAML
            _wait(url, lambda body, marker=marker: marker in body)
            edits.append({"wall": time.perf_counter() - start, "cpu": _cpu_of(server.pid) - cpu})
    finally:
        server.terminate()
        server.wait(timeout=60)
        spec.write_text(original, encoding="utf-8")
    return {"full": full, "edits": edits}


# --------------------------------------------------------------------------- report


def main() -> int:
    arguments = list(sys.argv[1:])
    repeat = 3
    if "--repeat" in arguments:
        at = arguments.index("--repeat")
        repeat = int(arguments[at + 1])
        del arguments[at:at + 2]
    count = int(arguments[0]) if arguments else 1000
    scratch = Path(tempfile.mkdtemp(prefix="loopctl-site-bench-"))
    try:
        run_child(REPO, scratch / "warm-up")   # not counted: fills the caches a working checkout has
        real = [run_child(REPO, scratch / f"real-site-{i}") for i in range(repeat)]
        unsaved = run_child(REPO, scratch / "real-site-unsaved", saved_model=False)
        served = preview(copy_project(scratch / "served", caches=True), repeat)
        project = copy_project(scratch / "project")
        generate(project / "loop-library" / "generated", count)
        run_child(project, scratch / "grown-warm-up")   # not counted either: the same state as the real site's
        grown = [run_child(project, scratch / f"grown-site-{i}") for i in range(repeat)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"mkdocs build --strict, in-process, one fresh interpreter per build, medians of {repeat} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; see the module docstring)")
    columns = ["real site", f"+ {count:,} real-spec copies"]
    print(_row("", columns))
    pages = [real[0]["pages"], grown[0]["pages"]]
    print(_row("pages", [str(p) for p in pages]))
    for key, label in (("total", "wall, whole build"), ("cpu", "CPU, whole build")):
        print(_row(label, [f"{_median(r, key):7.2f} s       " for r in (real, grown)]))
    print(_row("project hooks (all handlers, share of wall)", [_share(_median(r, "hooks"), _median(r, "total"))
                                                                for r in (real, grown)]))
    labels = {"validation": "  validation (SpecStore.validate)",
              "analysis": "  analysis (level, score, diagram)",
              "files": "  published files (reference pages, schemas)",
              "pages": "  page Markdown (links, placeholders, spec pages)"}
    for key, label in labels.items():
        values = []
        for runs in (real, grown):
            parts = [r["parts"][key] for r in runs]
            values.append(_share(None if None in parts else statistics.median(parts), _median(runs, "total")))
        print(_row(label, values))
    print(_row("cached blocks (computed / from disk)", [f"{r[-1]['cache']['computed']} / {r[-1]['cache']['disk']}"
                                                        for r in (real, grown)]))
    hooks_share = _median(real, "hooks") / _median(real, "total")
    print(f"hooks share of the real site's build: {100 * hooks_share:.1f}%  (target at most 10%: "
          f"{'met' if hooks_share <= 0.10 else 'NOT met'})")
    print(f"  without the saved model (the first build after a change of loopctl's code): hooks "
          f"{unsaved['hooks']:.2f} s of {unsaved['total']:.2f} s, {100 * unsaved['hooks'] / unsaved['total']:.1f}% "
          f"(validation {unsaved['parts']['validation']:.2f} s; information, no target)")
    per_page = [_median(r, "cpu") / p for r, p in zip((real, grown), pages, strict=False)]
    print(f"CPU per page: real {1000 * per_page[0]:.0f} ms, grown {1000 * per_page[1]:.0f} ms; grown / real "
          + _verdict(per_page[1] / per_page[0], 1.3))
    full, edits = served["full"], served["edits"]
    wall, cpu = statistics.median(e["wall"] for e in edits), statistics.median(e["cpu"] for e in edits)
    print(f"live preview (mkdocs serve --dirty): first build {full['wall']:.2f} s wall, {full['cpu']:.2f} s CPU; "
          f"an edit of loop-library/coding-agent.yaml reaches its page in {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"(medians of {len(edits)})")
    print("  edit / full build, wall " + _verdict(wall / full["wall"], 0.2))
    print("  edit / full build, CPU  " + _verdict(cpu / full["cpu"], 0.2))
    return 0


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve(),
                                 saved_model="--no-saved-model" not in sys.argv[4:])))
        sys.exit(0)
    sys.exit(main())
