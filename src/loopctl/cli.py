"""The ``loopctl`` command line: a thin layer that parses arguments and prints what the engine returns.

Exit codes: 0 success, 1 the input has problems (errors, or warnings with
--strict), 2 usage errors or unreadable input.

Everything printed passes through ``emit``, which escapes what a terminal
could act on (``render.escape.terminal_text``) and never fails to encode,
whatever the encoding of the stream.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from loopctl import __version__
from loopctl.diagnostics import Diagnostic, count
from loopctl.inputs import STDIN, STDIN_NAME, InputRefused, read_input
from loopctl.loader import LoadLimits
from loopctl.render.escape import terminal_text
from loopctl.report import format_github, format_json, format_text
from loopctl.validate import Result, SpecStore, discover

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_KEBAB = re.compile(r"^[a-z][a-z0-9-]{2,63}$")


class UsageError(Exception):
    """A problem with the command line or an unreadable input: exit code 2."""


def main(argv: list[str] | None = None) -> int:
    """Run loopctl with ``argv`` (default: the process arguments) and return the exit code."""
    _never_fail_to_encode()
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


def _never_fail_to_encode() -> None:
    # A lone surrogate or any character the stream's encoding lacks is written as an escape, not raised.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass  # a replaced stream (a test's capture) that cannot be reconfigured; emit escapes anyway


def emit(text: str, stream=None, data: bool = False) -> None:
    """Print ``text`` (one or more lines) with terminal escaping, never raising on an unencodable character.

    ``data=True`` is for a spec or LSS-min written to stdout: its writer has
    already escaped what a terminal could act on, and the text must stay
    byte-for-byte what a file would hold.
    """
    stream = stream if stream is not None else sys.stdout
    safe = text if data else terminal_text(text, multiline=True)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        safe.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        safe = safe.encode(encoding if encoding else "ascii", errors="backslashreplace").decode(encoding)
    stream.write(safe + "\n")


def positive_int(text: str) -> int:
    """argparse type: an integer of at least 1 (a bad value is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {terminal_text(text)!s}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def loop_name(text: str) -> str:
    """argparse type: a loop name in kebab-case of 3 to 64 characters (a-z, 0-9, -); else a usage error."""
    if not _KEBAB.match(text):
        raise argparse.ArgumentTypeError(f"{terminal_text(text)!r} is not kebab-case of 3 to 64 characters "
                                         f"(a-z, 0-9, -), e.g. my-review-loop")
    return text


def existing_folder(text: str) -> str:
    """argparse type: a folder that exists (for --root); else a usage error."""
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{terminal_text(text)!r} is not a folder")
    return text


def add_input_options(p, root: bool = True) -> None:
    """Add the options every command that reads a spec shares: --max-bytes and (optionally) --root."""
    p.add_argument("--max-bytes", type=positive_int, default=LoadLimits.max_bytes, metavar="N",
                   help="largest input accepted, in bytes (default 1 MiB)")
    if root:
        p.add_argument("--root", metavar="DIR", type=existing_folder,
                       help="project folder that composition refs must stay inside")


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

    _add_lean_commands(sub)
    return parser


def _add_lean_commands(sub) -> None:
    try:
        from loopctl.lean.commands import add_commands
    except ImportError:
        return
    add_commands(sub)


def read_spec(path: str, store: SpecStore) -> Result:
    """Validate one named spec (``-``: standard input) through ``store``; a missing or irregular path is a usage error."""
    if path == STDIN:
        read, problem = read_input(STDIN, store.limits.max_bytes)
        if read is None:
            return Result(Path.cwd() / STDIN_NAME, None, [problem], None, STDIN_NAME)
        return store.validate_text(read.text, read.path, read.display)
    try:
        from loopctl.inputs import file_kind
        kind = file_kind(Path(path))
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    if kind == "missing":
        raise UsageError(f"no such file: {path}")
    if kind != "file":
        raise UsageError(f"not a regular file: {path} (it is {kind})")
    return store.validate(path)


def cmd_validate(args) -> int:
    """Validate files and folders; print diagnostics in the chosen format."""
    if args.list_rules:
        from loopctl.rules import all_rules
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


def dumps_json(payload) -> str:
    """Indented JSON whose distrusted characters are ``\\uXXXX`` escapes (see ``report.format_json``)."""
    from loopctl.render.escape import json_ascii_safe
    return json_ascii_safe(json.dumps(payload, indent=2, ensure_ascii=False))


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
