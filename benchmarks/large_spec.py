"""Time and peak memory of `level` and `diagram` on a spec whose workers form one long `depends_on` chain.

Usage: python benchmarks/large_spec.py [LENGTH]   (default 3,000 workers, about 430 KB of YAML)

Method. The spec is generated from tests/fixtures/minimal.yaml by repeating
its worker LENGTH times, each depending on the previous one, and written to a
temporary file. Each figure runs the command's engine function in this
process: ``loopctl.level.classify`` and ``loopctl.render.mermaid.diagram``
on the loaded data, then the whole command (``loopctl level`` and ``loopctl
diagram``, loading and validation included) through ``loopctl.cli.main``.
Time is wall time (``time.perf_counter``); memory is the peak of Python
allocations during the call (``tracemalloc``), which slows the call itself a
little, so time is measured in a separate run without tracing.
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from loopctl import level  # noqa: E402
from loopctl.cli import main  # noqa: E402

try:
    from loopctl.render import mermaid
except ImportError:  # the diagram renderer is optional for this figure
    mermaid = None


def chain_spec(length: int) -> dict:
    spec = yaml.safe_load((REPO / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    template = spec["workers"][0]
    spec["workers"] = []
    for i in range(length):
        worker = copy.deepcopy(template)
        worker["id"] = f"w{i}"
        worker["depends_on"] = [f"w{i - 1}"] if i else []
        spec["workers"].append(worker)
    for evaluator in spec.get("evaluators", []):
        evaluator["runs_after"] = [f"w{length - 1}"]
    for channel in spec.get("feedback_channels", []):
        channel["destination"] = "workers.w0"
    return spec


def measure(call) -> tuple[float, float]:
    """Return (seconds, peak MiB) of one call: timed untraced, then traced for memory."""
    start = time.perf_counter()
    call()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak / 2**20


def quiet(argv: list[str]):
    """Return a call that runs one ``loopctl`` command with its output discarded."""
    def run():
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(argv)
    return run


def report() -> None:
    length = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    data = chain_spec(length)
    with tempfile.TemporaryDirectory(prefix="loop-large-") as folder:
        path = Path(folder) / "chain.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        size = path.stat().st_size
        print(f"large spec: {length} workers in one depends_on chain, {size / 1024:.0f} KB of YAML")
        rows = [("level (classifier only)", lambda: level.classify(data))]
        if mermaid is not None:
            rows.append(("diagram (renderer only)", lambda: mermaid.diagram(data)))
        rows.append(("loopctl level (whole command)", quiet(["level", str(path)])))
        if mermaid is not None:
            rows.append(("loopctl diagram (whole command)", quiet(["diagram", str(path)])))
        for name, call in rows:
            seconds, peak = measure(call)
            print(f"  {name:34} {seconds:8.3f} s  {peak:8.1f} MiB peak")


if __name__ == "__main__":
    report()
