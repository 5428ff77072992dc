"""The ``loopctl`` parser and its core subcommands: validate, schema, score, level and diagram.

A thin layer: each handler parses its arguments, calls the engine and prints
what it returns through ``console.emit``. Exit codes are defined in
``loopctl.cli.exit``; the lean and results subcommands live beside this module.
"""

from __future__ import annotations

import argparse
import json
import sys

from loopctl import __version__
from loopctl.cli.arguments import add_input_options, read_spec, usable
from loopctl.cli.completion import add_command as add_completion_command
from loopctl.cli.console import dumps_json, emit, never_fail_to_encode
from loopctl.cli.diff import add_command as add_diff_command
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError
from loopctl.cli.lean import add_commands as add_lean_commands
from loopctl.cli.results import add_commands as add_results_commands
from loopctl.cli.validate import add_commands as add_validate_commands
from loopctl.escape import terminal_text
from loopctl.inputs import InputRefused, read_input
from loopctl.loader import LoadLimits
from loopctl.report import format_text
from loopctl.validate import SpecStore


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
    parser = argparse.ArgumentParser(prog="loopctl", description="Validate, score, classify and draw LSS loop specs.",
                                     epilog="examples:\n  loopctl validate loop-library/\n  loopctl score spec.yaml\n"
                                            "  loopctl COMMAND --help", formatter_class=RAW)
    parser.add_argument("--version", action="version", version=f"loopctl {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    add_validate_commands(sub)

    p = sub.add_parser("schema", help="print the LSS JSON Schema", formatter_class=RAW,
                       epilog=_examples("loopctl schema", "loopctl schema --lss 1.0 > lss-1.0.json"))
    p.add_argument("--lss", choices=("1.0", "1.1"), default="1.1", help="the LSS version (default 1.1)")
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("score", help="LES design-time estimate of a spec, or LES of an observed run", formatter_class=RAW,
                       epilog=_examples("loopctl score loop-library/coding-agent.yaml",
                                        "loopctl score spec.yaml --json", "loopctl score --observed run.json"))
    p.add_argument("path", nargs="?", metavar="PATH", help="a spec file, or - for standard input")
    p.add_argument("--observed", metavar="RUN.json", help="compute LES from observed run metrics instead")
    p.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    add_input_options(p)
    p.set_defaults(handler=cmd_score)

    p = sub.add_parser("level", help="taxonomy level 1-6 of a spec, with the reasons", formatter_class=RAW,
                       epilog=_examples("loopctl level loop-library/coding-agent.yaml", "loopctl level spec.yaml --json"))
    p.add_argument("path", metavar="PATH", help="a spec file, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the level and reasons as JSON")
    add_input_options(p)
    p.set_defaults(handler=cmd_level)

    p = sub.add_parser("diagram", help="Mermaid flowchart of a spec", formatter_class=RAW,
                       epilog=_examples("loopctl diagram loop-library/coding-agent.yaml > loop.mmd"))
    p.add_argument("path", metavar="PATH", help="a spec file, or - for standard input")
    add_input_options(p)
    p.set_defaults(handler=cmd_diagram)

    add_lean_commands(sub)
    add_results_commands(sub)
    add_diff_command(sub)
    add_completion_command(sub, parser)
    return parser


RAW = argparse.RawDescriptionHelpFormatter


def _examples(*lines: str) -> str:
    """An ``examples:`` epilog, one command a line."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


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
    if not usable(result):
        return None
    assert result.document is not None
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
        assert problem is not None  # read_input returns a diagnostic whenever it returns no input
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
