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

from loopctl.render.lean_figures import (
    BUDGET,
    SEED,
    TARGET_LIBRARY_CUT,
    TARGET_TOKENS,
    TRIO,
    format_text,
    lean_figures,
    library_cut,
    measure,
)

REPO = Path(__file__).resolve().parent.parent
UPSTREAM = REPO.parent / "shared" / "conformance" / "upstream" / "enriched" / "loop-library"


def main(argv: list[str]) -> int:
    """Print the figures for this repository, then the calibration on the authors' trio when available."""
    budget = int(argv[0]) if argv else BUDGET
    started = time.perf_counter()
    figures = lean_figures(REPO, budget)
    print(format_text(figures))
    print(f"\nmeasured in {time.perf_counter() - started:.1f} s")
    _targets(figures)
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


def _targets(figures: dict) -> None:
    """Print issue 17's targets beside the figures: the authors' trio, and the library against format 1."""
    print("\nissue 17 targets")
    authors = figures["sets"].get("authors-trio", {}).get("forms", {}).get("minified")
    if authors:
        print(f"  authors' flat trio, LSS-min: {authors['estimate']:,} chars/4 (target <= {SEED['minified']:,}), "
              f"{authors['tokens']:,} cl100k tokens (target <= {TARGET_TOKENS:,})")
    library = figures["sets"]["library"]
    if library.get("baseline"):
        cut, before = library_cut(library), library["baseline"]
        for unit in ("tokens", "estimate"):
            print(f"  library LSS-min {unit}: {library['forms']['minified'][unit]:,} against {before[unit]:,} in "
                  f"format {before['version']} on the same specs ({-100 * cut[unit]:+.1f}%; target "
                  f"-{100 * TARGET_LIBRARY_CUT:.0f}%: {'met' if cut[unit] >= TARGET_LIBRARY_CUT else 'NOT met'})")
    _each_file()


def _each_file() -> None:
    """Print, for information, the sum over library and pattern files minified one by one, in each version."""
    import yaml

    from loopctl.lean import tokens
    from loopctl.lssmin.minify import minify_text
    from loopctl.lssmin.shape import SHAPES

    files = [*sorted((REPO / "loop-library").rglob("*.yaml")), *sorted((REPO / "patterns").rglob("*.yaml"))]
    specs = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]
    print(f"  for information, the {len(specs)} library and pattern files minified one by one (no target):")
    for version in sorted(SHAPES):
        texts = [minify_text(spec, version) for spec in specs]
        print(f"    format {version}: {sum(map(len, texts)):,} characters, "
              f"{sum(tokens.count(text) for text in texts):,} cl100k tokens")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
