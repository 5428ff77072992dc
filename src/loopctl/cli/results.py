"""``loopctl results check|rank``: the command line of observed results, registered by ``add_commands``."""

from __future__ import annotations

import json
from pathlib import Path

from loopctl.diagnostics import count
from loopctl.loader import LoadLimits
from loopctl.report import format_github, format_json, format_text

from loopctl import results as _results  # noqa: F401  (registers the results.* rules for --list-rules)
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def add_commands(sub) -> None:
    """Add the ``results`` command with its ``check`` and ``rank`` subcommands to an argparse subparsers object."""
    p = sub.add_parser("results", help="check observed benchmark results, recompute their LES and rank them")
    inner = p.add_subparsers(metavar="ACTION", help="check FILE... [--format text|json|github] [--strict] "
                             "[--root DIR]: schema and results.* rules; rank FILE... [--json] [--root DIR]: LES "
                             "recomputed from the runs, ranked as the benchmark does")
    c = inner.add_parser("check", help="schema and results.* rules, with located diagnostics")
    c.add_argument("paths", nargs="+", metavar="FILE")
    c.add_argument("--format", choices=("text", "json", "github"), default="text")
    c.add_argument("--strict", action="store_true", help="treat warnings as failures")
    c.add_argument("--root", help="repository root whose loop-library/ specs relative spec paths name (default: .)")
    c.add_argument("--max-bytes", type=int, default=LoadLimits.max_bytes, help="largest file accepted")
    c.set_defaults(handler=cmd_check)
    r = inner.add_parser("rank", help="recompute LES from the runs and rank as the benchmark does")
    r.add_argument("paths", nargs="+", metavar="FILE")
    r.add_argument("--json", action="store_true")
    r.add_argument("--root", help="repository root for loop-library/ specs (default: .)")
    r.set_defaults(handler=cmd_rank)
    p.set_defaults(handler=lambda args: (p.print_help(), EXIT_USAGE)[1])


def _check_all(paths: list[str], root: str | None, limits: LoadLimits):
    from loopctl.results.check import check_file
    base = Path.cwd()
    outcomes = []
    for raw in paths:
        path = Path(raw)
        try:
            display = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            display = str(path)
        outcomes.append(check_file(path, Path(root or "."), limits, display=display))
    return outcomes


def cmd_check(args) -> int:
    """Check results files; print diagnostics as ``validate`` does; exit 0, 1 (problems) or 2 (unreadable)."""
    outcomes = _check_all(args.paths, args.root, LoadLimits(max_bytes=args.max_bytes))
    diagnostics = [d for _, _, found in outcomes for d in found]
    sources = {doc.path: doc.text for doc, _, _ in outcomes if doc is not None}
    if args.format == "json":
        print(format_json(diagnostics, len(outcomes)))
    elif args.format == "github":
        print(format_github(diagnostics, len(outcomes)))
    else:
        print(format_text(diagnostics, len(outcomes), sources))
    if any(d.rule == "io.unreadable" for d in diagnostics):
        return EXIT_USAGE
    errors, warnings = count(diagnostics)
    return EXIT_PROBLEMS if errors or (args.strict and warnings) else EXIT_OK


def cmd_rank(args) -> int:
    """Rank the submissions of results files; refuse (exit 1, with the diagnostics) files that have errors."""
    from loopctl.results.rank import rank
    outcomes = _check_all(args.paths, args.root, LoadLimits())
    broken = [d for _, model, found in outcomes if model is None for d in found if d.is_error]
    if broken:
        sources = {doc.path: doc.text for doc, _, _ in outcomes if doc is not None}
        print(format_text(broken, len(outcomes), sources))
        return EXIT_USAGE if any(d.rule == "io.unreadable" for d in broken) else EXIT_PROBLEMS
    rows = rank([model for _, model, _ in outcomes])
    if args.json:
        print(json.dumps({"rows": [row.as_json() for row in rows]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{'rank':>4}  {'published':>9}  {'recomputed':>10}  {'suites':>6}  submitter")
    for row in rows:
        shown = "-" if row.rank is None else str(row.rank)
        flag = "  (partial)" if row.submission.partial else ""
        print(f"{shown:>4}  {row.published:9.4f}  {row.recomputed:10.4f}  {len(row.suites):6}  "
              f"{_plain(row.submission.submitter)}{flag}")
    if not any(row.rank for row in rows):
        print("no submission covers all four suites: none enters the generalist ranking")
    return EXIT_OK


def _plain(text: str) -> str:
    # Terminal output: drop control characters so a submitter name cannot move the cursor or recolour.
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:80]
