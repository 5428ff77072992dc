"""Validation speed and memory: `loopctl validate` beside check-jsonschema and the libyaml parse floor.

Usage: python benchmarks/validate.py [--specs N] [--memory-specs M] [--runs R]
       (defaults: 1,000 specs, 5,000 for the memory figure, 3 runs)

The corpus is copies of the real library and pattern specs (the single-file
ones; compositions need their children beside them), cycled to N files. Each
tool runs as a whole process, as a person or CI would run it; the figures are
the medians over R runs of that process's CPU seconds (user + system, from
``wait4``) and wall seconds, and its peak resident memory. The machine is
shared and noisy, so only the ratios within one run mean much:

- loopctl / check-jsonschema (target at most 0.25): check-jsonschema gets our
  LSS 1.0 schema and checks far less (no positions, hints or semantic rules);
- loopctl / floor (target at most 3): the floor is a loop that only reads
  every file and parses it with libyaml (``yaml.CSafeLoader``);
- peak memory of ``loopctl validate`` over M specs (target at most 100 MiB),
  and of ``validate_paths``, the library call that keeps diagnostics rather
  than documents (the figure the command line reaches once it calls it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MIB = 1024 * 1024

FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob('*.yaml')):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

LIBRARY_CALL = """
import sys
from pathlib import Path
from loopctl.validate import SpecStore, validate_paths
paths = sorted(Path(sys.argv[1]).glob('*.yaml'))
results = validate_paths(SpecStore, paths, jobs=int(sys.argv[2]))
sys.exit(1 if any(r.errors for r in results) else 0)
"""


def real_specs() -> list[Path]:
    """The library's and the patterns' single-file specs (composition parents need their children)."""
    found = sorted((REPO / "loop-library").glob("*.yaml")) + sorted((REPO / "patterns").glob("*.yaml"))
    return [p for p in found if "composition:" not in p.read_text(encoding="utf-8")]


def build_corpus(folder: Path, count: int) -> int:
    """Copy the real specs into ``folder`` until it holds ``count`` files; return their total size in bytes."""
    sources = real_specs()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(count):
        source = sources[index % len(sources)]
        target = folder / f"{index:05d}-{source.name}"
        shutil.copyfile(source, target)
        total += target.stat().st_size
    return total


def measure(command: list[str]) -> tuple[float, float, float, int]:
    """Run ``command`` once; return (CPU seconds, wall seconds, peak MiB, exit code) of that process alone."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux; a pool's workers are not counted (each is reported by its own process).
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss * 1024 / MIB, process.returncode


def medians(command: list[str], runs: int) -> dict:
    """Medians of CPU, wall and peak memory over ``runs`` runs of ``command``."""
    samples = [measure(command) for _ in range(runs)]
    return {"cpu": statistics.median(s[0] for s in samples), "wall": statistics.median(s[1] for s in samples),
            "mib": statistics.median(s[2] for s in samples), "exit": samples[-1][3]}


def line(name: str, figures: dict, count: int) -> None:
    """Print one tool's figures."""
    print(f"{name:30} cpu {figures['cpu']:7.2f} s  wall {figures['wall']:7.2f} s  "
          f"{count / max(figures['cpu'], 1e-9):7.0f} files/cpu-s  peak {figures['mib']:6.1f} MiB  "
          f"exit {figures['exit']}")


def verdict(value: float, target: float) -> str:
    """'met' or 'NOT met' for a figure whose target is an upper bound."""
    return "met" if value <= target else "NOT met"


def main() -> int:
    """Build the corpora, run every tool, print the figures and the ratios beside their targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--memory-specs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="loopctl-bench-"))
    try:
        speed, memory = work / "speed", work / "memory"
        size = build_corpus(speed, args.specs)
        build_corpus(memory, args.memory_specs)
        print(f"specs: {args.specs} copies of {len(real_specs())} real specs ({size / args.specs / 1024:.1f} KiB "
              f"each on average); medians of {args.runs} run(s); {os.cpu_count()} cores")
        loopctl = [python, "-m", "loopctl", "validate", "--format", "json"]
        ours = medians([*loopctl, str(speed)], args.runs)
        floor = medians([python, "-c", FLOOR, str(speed)], args.runs)
        line("loopctl validate", ours, args.specs)
        line("floor (read + libyaml parse)", floor, args.specs)
        checker = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
        theirs = None
        if checker is None:
            print("check-jsonschema: not installed (pip install check-jsonschema)")
        else:
            schema = REPO / "src" / "loopctl" / "schemas" / "lss-1.0.json"
            files = sorted(str(p) for p in speed.glob("*.yaml"))
            theirs = medians([checker, "--schemafile", str(schema), *files], args.runs)
            line("check-jsonschema", theirs, args.specs)
        jobs = os.cpu_count() or 1
        if jobs > 1:
            spread = medians([python, "-c", LIBRARY_CALL, str(speed), str(jobs)], args.runs)
            line(f"validate_paths jobs={jobs}", spread, args.specs)
        big_cli = medians([*loopctl, str(memory)], 1)
        big_lib = medians([python, "-c", LIBRARY_CALL, str(memory), "1"], 1)
        line(f"loopctl validate, {args.memory_specs}", big_cli, args.memory_specs)
        line(f"validate_paths, {args.memory_specs}", big_lib, args.memory_specs)
        print()
        print("figure                                  value   target")
        if theirs is not None:
            ratio = ours["cpu"] / theirs["cpu"]
            print(f"CPU loopctl / check-jsonschema        {ratio:7.2f}x  <= 0.25x  {verdict(ratio, 0.25)}")
        ratio = ours["cpu"] / floor["cpu"]
        print(f"CPU loopctl / libyaml floor           {ratio:7.2f}x  <= 3x     {verdict(ratio, 3)}")
        print(f"peak MiB, loopctl validate, {args.memory_specs:5}    {big_cli['mib']:7.1f}   <= 100    "
              f"{verdict(big_cli['mib'], 100)}")
        print(f"peak MiB, validate_paths, {args.memory_specs:5}      {big_lib['mib']:7.1f}   <= 100    "
              f"{verdict(big_lib['mib'], 100)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
