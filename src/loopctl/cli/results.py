"""``loopctl results check|rank``: the command line of observed results, registered by ``add_commands``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from loopctl import results as _results  # noqa: F401  (registers the results.* rules for --list-rules)
from loopctl.cli.arguments import positive_int
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from loopctl.cli.output import add_output_options, print_diagnostics
from loopctl.cli.settings import effective_settings
from loopctl.loader import LoadLimits
from loopctl.policy import apply_policy
from loopctl.report import format_text

RAW = argparse.RawDescriptionHelpFormatter


def add_commands(sub) -> None:
    """Add the ``results`` command with its ``check`` and ``rank`` subcommands to an argparse subparsers object."""
    p = sub.add_parser("results", help="check observed benchmark results, recompute their LES and rank them",
                       formatter_class=RAW, epilog="examples:\n  loopctl results check FILE...\n"
                                                   "  loopctl results rank FILE... --json")
    inner = p.add_subparsers(metavar="ACTION", help="check FILE... [--format text|json|github] [--strict] "
                             "[--root DIR]: schema and results.* rules; rank FILE... [--json] [--root DIR]: LES "
                             "recomputed from the runs, ranked as the benchmark does")
    c = inner.add_parser("check", help="schema and results.* rules, with located diagnostics",
                         formatter_class=RAW, epilog="examples:\n"
                         "  loopctl results check loop-library/results/loopbench.results.json\n"
                         "  loopctl results check loop-library/results/*.results.json --format sarif")
    c.add_argument("paths", nargs="+", metavar="FILE", help="results files (*.results.json)")
    add_output_options(c)
    c.add_argument("--root", help="repository root whose loop-library/ specs relative spec paths name (default: "
                                  "root in the config, else .)")
    c.add_argument("--max-bytes", type=positive_int, default=None, metavar="N",
                   help="largest file accepted, in bytes (default 1 MiB, or max-bytes in the config)")
    c.set_defaults(handler=cmd_check)
    r = inner.add_parser("rank", help="recompute LES from the runs and rank as the benchmark does",
                         formatter_class=RAW, epilog="examples:\n"
                         "  loopctl results rank loop-library/results/loopbench.results.json\n"
                         "  loopctl results rank loop-library/results/*.results.json --json")
    r.add_argument("paths", nargs="+", metavar="FILE", help="results files (*.results.json)")
    r.add_argument("--json", action="store_true", help="print the ranking as JSON")
    r.add_argument("--root", help="repository root for loop-library/ specs (default: .)")
    r.set_defaults(handler=cmd_rank)
    p.set_defaults(handler=lambda _args: (p.print_help(), EXIT_USAGE)[1])


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
    """Check results files under the project's policy (suppressions do not apply: JSON has no comments);
    print diagnostics as ``validate`` does; exit 0, 1 (problems) or 2 (unreadable)."""
    settings, problems, sources = effective_settings(args)
    root = str(settings.root) if settings.root else None
    outcomes = _check_all(args.paths, root, LoadLimits(max_bytes=settings.max_bytes))
    diagnostics = list(problems)
    names = []
    for doc, _, found in outcomes:
        name = doc.path if doc is not None else (found[0].file if found else "")
        names.append(name)
        diagnostics += apply_policy(found, name, doc.text if doc is not None else None, doc is not None,
                                    settings.rules)
    sources.update({doc.path: doc.text for doc, _, _ in outcomes if doc is not None})
    code = print_diagnostics(diagnostics, names, sources, args.format, args.color, settings.fail_on)
    return max(code, EXIT_PROBLEMS) if problems else code


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
