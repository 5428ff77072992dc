"""The ``loopctl`` command line: a thin layer that parses arguments and prints what the engine returns.

Exit codes: 0 success, 1 the input has problems (errors, or warnings with
--strict), 2 usage errors or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loopctl import __version__
from loopctl.diagnostics import Diagnostic, count
from loopctl.loader import LoadLimits
from loopctl.report import format_github, format_json, format_text
from loopctl.validate import SpecStore, discover

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or an unreadable input: exit code 2."""


def main(argv: list[str] | None = None) -> int:
    """Run loopctl with ``argv`` (default: the process arguments) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"loopctl: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="loopctl", description="Validate, score, classify and draw LSS loop specs.")
    parser.add_argument("--version", action="version", version=f"loopctl {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("validate", help="check specs against the LSS schema and the semantic rules")
    p.add_argument("paths", nargs="*", metavar="PATH", help="spec files or folders (searched recursively)")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--strict", action="store_true", help="treat warnings as failures")
    p.add_argument("--root", help="folder that composition refs may be relative to")
    p.add_argument("--max-bytes", type=int, default=LoadLimits.max_bytes, help="largest file accepted")
    p.add_argument("--list-rules", action="store_true", help="print every rule id with its summary")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help="print the LSS JSON Schema")
    p.add_argument("--lss", choices=("1.0", "1.1"), default="1.1")
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("score", help="LES design-time estimate of a spec, or LES of an observed run")
    p.add_argument("path", nargs="?", metavar="PATH")
    p.add_argument("--observed", metavar="RUN.json", help="compute LES from observed run metrics instead")
    p.add_argument("--json", action="store_true")
    p.add_argument("--root")
    p.set_defaults(handler=cmd_score)

    p = sub.add_parser("level", help="taxonomy level 1-6 of a spec, with the reasons")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--json", action="store_true")
    p.add_argument("--root")
    p.set_defaults(handler=cmd_level)

    p = sub.add_parser("diagram", help="Mermaid flowchart of a spec")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--root")
    p.set_defaults(handler=cmd_diagram)

    _add_lean_commands(sub)
    from loopctl.results.commands import add_commands as add_results_commands
    add_results_commands(sub)
    return parser


def _add_lean_commands(sub) -> None:
    try:
        from loopctl.lean.commands import add_commands
    except ImportError:
        return
    add_commands(sub)


def cmd_validate(args) -> int:
    """Validate files and folders; print diagnostics in the chosen format."""
    if args.list_rules:
        from loopctl.rules import all_rules
        for r in all_rules():
            code = f" ({r.failure_code})" if r.failure_code else ""
            print(f"{r.id:32} {r.severity:8} {r.summary}{code}")
        return EXIT_OK
    if not args.paths:
        raise UsageError("validate needs at least one PATH (a spec file or a folder)")
    files, missing = discover(args.paths)
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if not files:
        raise UsageError(f"no *.yaml, *.yml or *.json files under {', '.join(args.paths)}")
    store = SpecStore(LoadLimits(max_bytes=args.max_bytes), root=args.root)
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    unreadable = False
    for path in files:
        result = store.validate(path)
        diagnostics += result.diagnostics
        unreadable |= any(d.rule == "io.unreadable" for d in result.diagnostics)
        if result.document is not None:
            sources[result.document.path] = result.document.text
    if args.format == "json":
        print(format_json(diagnostics, len(files)))
    elif args.format == "github":
        print(format_github(diagnostics, len(files)))
    else:
        print(format_text(diagnostics, len(files), sources))
    errors, warnings = count(diagnostics)
    if unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if errors or (args.strict and warnings) else EXIT_OK


def cmd_schema(args) -> int:
    """Print the packaged JSON Schema of an LSS version."""
    from loopctl.schema import schema_text
    sys.stdout.write(schema_text(args.lss))
    if not schema_text(args.lss).endswith("\n"):
        sys.stdout.write("\n")
    return EXIT_OK


def load_valid(path: str, root: str | None = None):
    """Validate one spec for an analysis command; return (document, store) or print the errors and return None."""
    if not Path(path).is_file():
        raise UsageError(f"no such file: {path}")
    store = SpecStore(root=root)
    result = store.validate(path)
    if result.errors:
        sources = {result.document.path: result.document.text} if result.document else {}
        print(format_text(result.diagnostics, 1, sources), file=sys.stderr)
        return None
    return result.document, store


def cmd_score(args) -> int:
    """Print the LES design-time estimate of a spec, or the LES of an observed run."""
    from loopctl import observed, score
    if args.observed:
        try:
            run = json.loads(Path(args.observed).read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot read {args.observed}: {exc.strerror or exc}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            print(f"{args.observed}:1:1: error[run.json] not valid JSON: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        outcome = observed.score_run(run)
        if outcome.problems:
            for problem in outcome.problems:
                print(f"{args.observed}:1:1: error[run.input] {problem}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(json.dumps(outcome.as_dict(), indent=2) if args.json else observed.format_text(outcome))
        return EXIT_OK
    if not args.path:
        raise UsageError("score needs a spec PATH, or --observed RUN.json")
    loaded = load_valid(args.path, args.root)
    if loaded is None:
        return EXIT_PROBLEMS
    card = score.estimate(loaded[0].data)
    print(json.dumps(card.as_dict(), indent=2) if args.json else score.format_text(card))
    return EXIT_OK


def cmd_level(args) -> int:
    """Print the taxonomy level of a spec with the reasons, and whether it agrees with the declared level."""
    from loopctl import level
    loaded = load_valid(args.path, args.root)
    if loaded is None:
        return EXIT_PROBLEMS
    document, store = loaded
    verdict = level.classify(document.data, level.child_loader(store, document))
    print(json.dumps(verdict.as_dict(), indent=2) if args.json else level.format_text(verdict))
    return EXIT_OK


def cmd_diagram(args) -> int:
    """Print the Mermaid flowchart of a spec."""
    from loopctl.render import mermaid
    loaded = load_valid(args.path, args.root)
    if loaded is None:
        return EXIT_PROBLEMS
    document, store = loaded
    print(mermaid.diagram(document.data, mermaid.child_loader(store, document)))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
