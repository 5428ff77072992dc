"""Time `loopctl validate` against `check-jsonschema` (given our schema) on the same generated specs.

Usage: python benchmarks/validate.py [N]   (default 1,000 specs)

Both tools run once, as a person or CI would run them, over the same files;
the script prints wall-clock seconds, files per second and the ratio. loopctl
does more work (semantic rules, positions, hints), so the ratio is the price of
that work, not a like-for-like race.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def generate(folder: Path, count: int) -> list[Path]:
    """Write ``count`` distinct valid specs derived from the test fixture and return their paths."""
    base = yaml.safe_load((REPO / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8"))
    paths = []
    for index in range(count):
        spec = copy.deepcopy(base)
        spec["loop_name"] = f"generated-loop-{index}"
        spec["objective"] = f"Generated objective number {index} for the validation benchmark."
        for extra in range(index % 4):
            worker = copy.deepcopy(spec["workers"][0])
            worker["id"] = f"helper_{extra}"
            worker["cost_budget_usd"] = 0.01
            spec["workers"].append(worker)
        path = folder / f"spec-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str]) -> tuple[float, int]:
    """Run a command once and return (seconds, exit code)."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    """Generate the specs, run both tools, print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    folder = Path(tempfile.mkdtemp(prefix="loopctl-bench-"))
    try:
        paths = generate(folder, count)
        schema = REPO / "src" / "loopctl" / "schemas" / "lss-1.0.json"
        ours, our_code = timed([str(BIN / "loopctl"), "validate", "--format", "json", str(folder)])
        checker = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
        print(f"specs: {count}")
        print(f"loopctl validate:   {ours:7.2f} s  ({count / ours:8.1f} files/s, exit {our_code})")
        if checker is None:
            print("check-jsonschema: not installed (pip install check-jsonschema)")
            return 0
        theirs, their_code = timed([checker, "--schemafile", str(schema), *map(str, paths)])
        print(f"check-jsonschema:   {theirs:7.2f} s  ({count / theirs:8.1f} files/s, exit {their_code})")
        print(f"ratio loopctl / check-jsonschema: {ours / theirs:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
