"""Print the lean-specs figures: the trio and the whole library, raw, combined, minified and within a budget.

Usage: python benchmarks/tokens.py [BUDGET]   (default 1,200 tokens)

The same figures as ``loopctl.render.lean_figures.lean_figures`` (the site's lean
page), printed as text beside the seed's published numbers. When the shared
conformance data is next to the repository, the script also runs the same
pipeline on the authors' own enriched trio, which checks our reproduction of
their characters / 4 method against their 3,255, and prints how long each
measurement took.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loopctl.render.lean_figures import BUDGET, SEED, TRIO, format_text, lean_figures, measure

REPO = Path(__file__).resolve().parent.parent
UPSTREAM = REPO.parent / "shared" / "conformance" / "upstream" / "enriched" / "loop-library"


def main(argv: list[str]) -> int:
    """Print the figures for this repository, then the calibration on the authors' trio when available."""
    budget = int(argv[0]) if argv else BUDGET
    started = time.perf_counter()
    figures = lean_figures(REPO, budget)
    print(format_text(figures))
    print(f"\nmeasured in {time.perf_counter() - started:.1f} s")
    if UPSTREAM.is_dir():
        started = time.perf_counter()
        upstream = measure([UPSTREAM / f"{name}.yaml" for name in TRIO], budget, "upstream-trio")
        print("\ncalibration: the same pipeline on the authors' enriched trio")
        print(format_text({**figures, "sets": {"trio": upstream}}))
        estimate = upstream["forms"]["raw"]["estimate"]
        print(f"authors' method reproduced: {estimate:,} against their {SEED['raw']:,} "
              f"({100 * (estimate - SEED['raw']) / SEED['raw']:+.1f}%)")
        print(f"measured in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
