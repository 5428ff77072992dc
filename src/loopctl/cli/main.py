"""The ``loopctl`` parser and its core subcommands: validate, schema, score, level and diagram.

A thin layer: each handler parses its arguments, calls the engine and prints
what it returns through ``console.emit``. Exit codes are defined in
``loopctl.cli.exit``; the lean and results subcommands live beside this module.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from loopctl import __version__
from loopctl.cli.arguments import add_input_options, positive_int, read_spec
from loopctl.cli.console import dumps_json, emit, never_fail_to_encode
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError
from loopctl.cli.lean import add_commands as add_lean_commands
from loopctl.cli.results import add_commands as add_results_commands
from loopctl.diagnostics import Diagnostic, count
from loopctl.inputs import STDIN, STDIN_NAME, InputRefused, read_input
from loopctl.loader import LoadLimits
from loopctl.escape import terminal_text
from loopctl.report import format_github, format_json, format_text
from loopctl.validate import Result, SpecStore, discover


def main(argv: list[str] | None = None) -> int:
    """Run loopctl with ``argv`` (default: the process arguments) and return the exit code."""
    never_fail_to_encode()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        emit(f"loopctl: {exc}", sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="loopctl", description="Validate, score, classify and draw LSS loop specs.")
    parser.add_argument("--version", action="version", version=f"loopctl {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("validate", help="check specs against the LSS schema and the semantic rules")
    p.add_argument("paths", nargs="*", metavar="PATH", help="spec files or folders (searched recursively); - reads "
                                                           "standard input")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--strict", action="store_true", help="treat warnings as failures")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files and folders matching GLOB while searching folders (repeatable)")
    add_input_options(p)
    p.add_argument("--list-rules", action="store_true", help="print every rule id with its summary")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="print the LSS JSON Schema")
    p.add_argument("--lss", choices=("1.0", "1.1"), default="1.1")
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("score", help="LES design-time estimate of a spec, or LES of an observed run")
    p.add_argument("path", nargs="?", metavar="PATH", help="a spec file, or - for standard input")
    p.add_argument("--observed", metavar="RUN.json", help="compute LES from observed run metrics instead")
    p.add_argument("--json", action="store_true")
    add_input_options(p)
    p.set_defaults(handler=cmd_score)

    p = sub.add_parser("level", help="taxonomy level 1-6 of a spec, with the reasons")
    p.add_argument("path", metavar="PATH", help="a spec file, or - for standard input")
    p.add_argument("--json", action="store_true")
    add_input_options(p)
    p.set_defaults(handler=cmd_level)

    p = sub.add_parser("diagram", help="Mermaid flowchart of a spec")
    p.add_argument("path", metavar="PATH", help="a spec file, or - for standard input")
    add_input_options(p)
    p.set_defaults(handler=cmd_diagram)

    add_lean_commands(sub)
    add_results_commands(sub)
    return parser


def cmd_validate(args) -> int:
    """Validate files and folders; print diagnostics in the chosen format."""
    if args.list_rules:
        from loopctl.rules.registry import all_rules
        for r in all_rules():
            code = f" ({r.failure_code})" if r.failure_code else ""
            emit(f"{r.id:32} {r.severity:8} {r.summary}{code}")
        return EXIT_OK
    if not args.paths:
        raise UsageError("validate needs at least one PATH (a spec file or a folder)")
    named = [p for p in args.paths if p != STDIN]
    found = discover(named, exclude=args.exclude)
    if found.missing:
        raise UsageError(f"no such file or folder: {', '.join(found.missing)}")
    if found.irregular:
        raise UsageError("not a regular file: " + ", ".join(f"{p} (it is {k})" for p, k in found.irregular))
    reads_stdin = STDIN in args.paths
    if not found.files and not reads_stdin:
        raise UsageError(f"no *.yaml, *.yml or *.json files under {', '.join(args.paths)}")
    store = SpecStore(LoadLimits(max_bytes=args.max_bytes), root=args.root)
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    unreadable = False
    results = [store.validate(path) for path in found.files] + ([read_spec(STDIN, store)] if reads_stdin else [])
    for result in results:
        diagnostics += result.diagnostics
        unreadable |= any(d.rule == "io.unreadable" for d in result.diagnostics)
        sources.update(result.sources)
    checked = len(results)
    if args.format == "json":
        emit(format_json(diagnostics, checked))
    elif args.format == "github":
        emit(format_github(diagnostics, checked))
    else:
        emit(format_text(diagnostics, checked, sources))
    errors, warnings = count(diagnostics)
    if unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if errors or (args.strict and warnings) else EXIT_OK


def cmd_schema(args) -> int:
    """Print the packaged JSON Schema of an LSS version."""
    from loopctl.schema import schema_text
    text = schema_text(args.lss)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def load_valid(path: str, root: str | None = None, max_bytes: int = LoadLimits.max_bytes):
    """Validate one spec for an analysis command; return (document, store) or print the errors and return None."""
    store = SpecStore(LoadLimits(max_bytes=max_bytes), root=root)
    result = read_spec(path, store)
    if result.document is None or result.errors:
        emit(format_text(result.diagnostics, 1, result.sources), sys.stderr)
        return None
    return result.document, store


def cmd_score(args) -> int:
    """Print the LES design-time estimate of a spec, or the LES of an observed run."""
    from loopctl import observed, score
    if args.observed:
        return _score_observed(args, observed)
    if not args.path:
        raise UsageError("score needs a spec PATH, or --observed RUN.json")
    loaded = load_valid(args.path, args.root, args.max_bytes)
    if loaded is None:
        return EXIT_PROBLEMS
    card = score.estimate(loaded[0].data)
    emit(dumps_json(card.as_dict()) if args.json else score.format_text(card))
    return EXIT_OK


def _score_observed(args, observed) -> int:
    try:
        read, problem = read_input(args.observed, args.max_bytes)
    except InputRefused as error:
        raise UsageError(str(error)) from None
    if read is None:
        emit(format_text([problem], 1), sys.stderr)
        return EXIT_PROBLEMS
    try:
        run = json.loads(read.text)
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        emit(f"{read.display}:{line}:{column}: error[run.json] not valid JSON: {exc}", sys.stderr)
        return EXIT_PROBLEMS
    outcome = observed.score_run(run)
    if outcome.problems:
        for problem in outcome.problems:
            emit(f"{read.display}:1:1: error[run.input] {terminal_text(problem)}", sys.stderr)
        return EXIT_PROBLEMS
    emit(dumps_json(outcome.as_dict()) if args.json else observed.format_text(outcome))
    return EXIT_OK


def cmd_level(args) -> int:
    """Print the taxonomy level of a spec with the reasons, and whether it agrees with the declared level."""
    from loopctl import level
    loaded = load_valid(args.path, args.root, args.max_bytes)
    if loaded is None:
        return EXIT_PROBLEMS
    document, store = loaded
    verdict = level.classify(document.data, level.child_loader(store, document))
    emit(dumps_json(verdict.as_dict()) if args.json else level.format_text(verdict))
    return EXIT_OK


def cmd_diagram(args) -> int:
    """Print the Mermaid flowchart of a spec."""
    from loopctl.render import mermaid
    loaded = load_valid(args.path, args.root, args.max_bytes)
    if loaded is None:
        return EXIT_PROBLEMS
    document, store = loaded
    emit(mermaid.diagram(document.data, mermaid.child_loader(store, document)))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
