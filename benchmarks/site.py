"""Time `mkdocs build --strict` of the real site and of the site plus N generated library specs, and the
share of that time spent in the project's hooks.

Usage: python benchmarks/site.py [N]   (default 1,000 generated specs)

Method. Each build runs MkDocs in-process (``mkdocs.commands.build.build``
on the config loaded from ``mkdocs.yml`` with ``strict=True``), in a fresh
Python process per build so that no cache carries over. Before the build,
every event handler that MkDocs registered from the ``hooks:`` scripts of
``mkdocs.yml`` is wrapped with a ``time.perf_counter`` timer; "hooks" is the
sum of those handlers' own wall time, which includes everything they call
in ``loopctl`` (validation, level, score, diagrams, link rewriting,
placeholder expansion, spec pages, reference pages). The breakdown times the
engine functions the hooks reach (``SpecStore.validate``, the analysis in
``loopctl.site.collect``, ``SiteBuild.files`` and ``SiteBuild.page_markdown``);
a line reads "n/a" when the engine no longer has that function. Everything
else (Markdown, the theme's templates, search index, Mermaid plugin, file
copies) is MkDocs' share. Nothing in the repository is modified: the
generated build works on a temporary copy of the content layout.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "docs", "manifesto", "patterns", "case-studies", "loop-library")
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


def measure(project: Path, destination: Path) -> dict:
    """Build ``project`` into ``destination`` in this process and return the timings as a dict."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from loopctl.site import build as site_build, collect as site_collect
    from loopctl.validate import SpecStore

    timer = _Timer()
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
    for event, handlers in config.plugins.events.items():
        for index, handler in enumerate(handlers):
            if getattr(handler, "__module__", None) in hook_modules:
                handlers[index] = timer.wrap("hooks", handler)
                wrapped += 1
    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start
    pages = sum(1 for _ in destination.rglob("index.html"))
    return {"total": total, "hooks": timer.seconds.get("hooks", 0.0), "handlers": wrapped, "pages": pages,
            "parts": {label: (timer.seconds.get(label, 0.0) if ok else None) for label, ok in found.items()}}


# --------------------------------------------------------------------------- generated library (parent process)


def copy_project(target: Path) -> Path:
    """Copy the site project (config, hooks, theme overrides, docs and content folders) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    (target / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return target


def generate(folder: Path, count: int) -> None:
    """Write ``count`` valid library specs derived from the test fixture, spread over levels and patterns."""
    from loopctl.level import classify

    base = yaml.safe_load((REPO / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        spec = copy.deepcopy(base)
        name = f"generated-loop-{index:04d}"
        spec["loop_name"] = name
        spec["objective"] = f"Generated objective number {index} for the site build benchmark."
        for extra in range(index % 4):       # extra independent workers: some specs are multi-agent
            worker = copy.deepcopy(spec["workers"][0])
            worker["id"] = f"helper_{extra}"
            worker["cost_budget_usd"] = 0.01
            spec["workers"].append(worker)
        spec["metadata"] = {"patterns": [PATTERNS[index % len(PATTERNS)]], "tags": ["generated"]}
        spec["metadata"]["taxonomy_level"] = classify(spec).level
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def run_child(project: Path, destination: Path) -> dict:
    """Measure one build in a fresh interpreter; raise with its output when the build fails."""
    done = subprocess.run([sys.executable, __file__, "--measure", str(project), str(destination)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise SystemExit(f"build of {project} failed (exit {done.returncode}):\n{tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(label: str, values: list[str]) -> str:
    return f"{label:<50}" + "".join(f"{v:>26}" for v in values)


def _share(part: float | None, total: float) -> str:
    return "n/a" if part is None else f"{part:7.2f} s {100 * part / total:5.1f}%"


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    scratch = Path(tempfile.mkdtemp(prefix="loopctl-site-bench-"))
    try:
        real = run_child(REPO, scratch / "real-site")
        project = copy_project(scratch / "project")
        generate(project / "loop-library" / "generated", count)
        grown = run_child(project, scratch / "grown-site")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    columns = ["real site", f"+ {count:,} generated specs"]
    print("mkdocs build --strict, in-process, one fresh interpreter per build (see the module docstring)")
    print(_row("", columns))
    print(_row("pages", [str(real["pages"]), str(grown["pages"])]))
    print(_row("total build", [f"{real['total']:7.2f} s       ", f"{grown['total']:7.2f} s       "]))
    print(_row("project hooks (all handlers, share of total)", [_share(real["hooks"], real["total"]),
                                                                _share(grown["hooks"], grown["total"])]))
    labels = {"validation": "  validation (SpecStore.validate)",
              "analysis": "  analysis (level, score, diagram)",
              "files": "  published files (reference pages, schemas)",
              "pages": "  page Markdown (links, placeholders, spec pages)"}
    for key, label in labels.items():
        print(_row(label, [_share(real["parts"][key], real["total"]), _share(grown["parts"][key], grown["total"])]))
    rest = [r["total"] - r["hooks"] for r in (real, grown)]
    print(_row("MkDocs, theme and plugins (the rest)", [_share(rest[0], real["total"]),
                                                         _share(rest[1], grown["total"])]))
    print(f"hook handlers timed: {real['handlers']} (events registered from mkdocs.yml `hooks:`)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())))
        sys.exit(0)
    sys.exit(main())
