"""The lean subcommands: ``minify``, ``expand``, ``combine``, ``tokens`` and ``new``.

Thin handlers: they parse arguments, call the engine and print. The spec or
text a command produces goes to stdout (or ``-o FILE``); reports (renames,
notes, what a budget dropped) go to stderr, so output can be piped.
Exit codes follow the CLI: 0 done, 1 the input has problems or the budget
cannot be met, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_commands(sub) -> None:
    """Register the lean subcommands on the CLI's subparsers."""
    from loopctl.cli.arguments import add_input_options, loop_name
    p = sub.add_parser("minify", help="write a spec as LSS-min, a lossless compact JSON form", formatter_class=RAW,
                       epilog=_examples("loopctl minify loop-library/coding-agent.yaml -o coding-agent.min.json",
                                        "loopctl minify spec.yaml --max-tokens 400"))
    p.add_argument("path", metavar="SPEC", help="a spec file (or LSS-min), or - for standard input")
    p.add_argument("-o", "--output", metavar="FILE", help="write LSS-min to FILE instead of standard output")
    _budget_arguments(p)
    add_input_options(p)
    p.set_defaults(handler=cmd_minify)

    p = sub.add_parser("expand", help="turn LSS-min back into the spec it came from", formatter_class=RAW,
                       epilog=_examples("loopctl expand coding-agent.min.json -o coding-agent.yaml",
                                        "loopctl expand coding-agent.min.json --format json"))
    p.add_argument("path", metavar="FILE", help="an LSS-min file, or - for standard input")
    p.add_argument("-o", "--output", metavar="FILE", help="write the spec to FILE instead of standard output")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml", help="the spec's format (default yaml)")
    add_input_options(p)
    p.set_defaults(handler=cmd_expand)

    p = sub.add_parser("combine", help="combine specs into one LSS 1.1 composition, or one flat spec",
                       formatter_class=RAW,
                       epilog=_examples("loopctl combine plan.yaml build.yaml --mode sequential -o pipeline.yaml",
                                        "loopctl combine a.yaml b.yaml --flat --name merged-loop -o merged.yaml"))
    p.add_argument("paths", nargs="+", metavar="SPEC", help="the specs to combine, in order")
    p.add_argument("--mode", choices=("sequential", "parallel", "nested"), default="sequential",
                   help="how the specs run together (nested: the first is the outer loop)")
    p.add_argument("--flat", action="store_true", help="merge into one flat spec instead of a composition")
    p.add_argument("--name", type=loop_name, help="loop_name of the result (default: the output file's stem)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write (missing folders are created); children "
                                                         "are referenced relative to it")
    _budget_arguments(p)
    add_input_options(p)
    p.set_defaults(handler=cmd_combine)

    p = sub.add_parser("tokens", help="token counts: cl100k_base BPE (offline) and the characters / 4 estimate",
                       formatter_class=RAW, epilog=_examples("loopctl tokens loop-library/*.yaml",
                                                             "loopctl tokens spec.yaml spec.min.json --json"))
    p.add_argument("paths", nargs="+", metavar="FILE", help="files, or - for standard input")
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_input_options(p, root=False)
    p.set_defaults(handler=cmd_tokens)

    p = sub.add_parser("new", help="scaffold a valid spec from an English intent, or from a named pattern",
                       formatter_class=RAW,
                       epilog=_examples('loopctl new "Fix the failing tests in my repo" -o fix-tests.yaml',
                                        "loopctl new --pattern critique-loop --name review-loop --explain"))
    p.add_argument("intent", nargs="?", help='what the loop should do, e.g. "Fix the failing tests in my repo"')
    p.add_argument("--pattern", metavar="SLUG", help="start from this pattern instead of reading the intent")
    p.add_argument("--name", type=loop_name,
                   help="loop_name (default: the output file's stem, else derived from the intent)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the spec to FILE instead of standard output")
    p.add_argument("--patterns-dir", metavar="DIR", help="folder of pattern specs (default: patterns/ of the "
                                                          "repository around the current folder, else built-in)")
    p.add_argument("--explain", action="store_true", help="print the evidence behind the choice to stderr")
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    p.set_defaults(handler=cmd_new)


RAW = argparse.RawDescriptionHelpFormatter


def _examples(*lines: str) -> str:
    """An ``examples:`` epilog, one command a line."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _budget_arguments(p) -> None:
    from loopctl.cli.arguments import positive_int
    p.add_argument("--max-tokens", type=positive_int, metavar="N",
                   help="most faithful form within N tokens; drops by the stated priority and reports it")
    p.add_argument("--count", choices=("tokens", "estimate"), default="tokens",
                   help="what --max-tokens counts: cl100k_base tokens, or the characters / 4 estimate")


def _usage(message: str) -> UsageError:
    return UsageError(message)


def _say(text: str) -> None:
    from loopctl.cli.console import emit
    emit(text, sys.stderr)


def _load(path: str, valid: bool, args):
    """Return (data, warning rules) of a spec (or LSS-min) input; print diagnostics and return None when unusable."""
    from loopctl.cli.arguments import read_spec, usable
    from loopctl.loader import LoadLimits
    from loopctl.validate import SpecStore
    store = SpecStore(LoadLimits(max_bytes=args.max_bytes), root=getattr(args, "root", None))
    result = read_spec(path, store)
    if not usable(result, require_valid=valid):
        return None
    assert result.document is not None
    return result.document.data, {d.rule for d in result.warnings}


def _write(text: str, output: str | None) -> None:
    from loopctl.cli.console import emit
    if not text.endswith("\n"):
        text += "\n"
    if output:
        target = Path(output)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            raise _usage(f"cannot write {output}: {error.strerror or error}") from None
    else:
        emit(text[:-1], data=True)


def _counter(name: str):
    from loopctl.lean import tokens
    return (tokens.count, "tokens") if name == "tokens" else (tokens.estimate, "estimated tokens")


def _fit(data, args, start: str, tolerated: set, where):
    """Apply --max-tokens: return the text to write, or None after printing why the budget cannot be met."""
    from loopctl.lean.budget import BudgetError, fit, format_report
    if args.max_tokens is None:
        return None
    counter, unit = _counter(args.count)
    try:
        fitted = fit(data, args.max_tokens, counter, start=start, where=where, tolerated=tolerated, unit=unit)
    except BudgetError as error:
        _say(f"loopctl: {error}")
        return False
    _say(format_report(fitted, args.max_tokens, unit))
    return fitted.text


def cmd_minify(args) -> int:
    """Print (or write) the LSS-min form of a spec; with --max-tokens, the most faithful form within N."""
    from loopctl.lssmin.minify import MinifyError, minify_text
    loaded = _load(args.path, args.max_tokens is not None, args)
    if loaded is None:
        return EXIT_PROBLEMS
    data, warned = loaded
    source = Path.cwd() / "stdin.yaml" if args.path == "-" else Path(args.path)
    where = Path(args.output).resolve().parent if args.output else source.resolve().parent
    text = _fit(data, args, "min", warned, where)
    if text is False:
        return EXIT_PROBLEMS
    if text is None:
        try:
            text = minify_text(data)
        except MinifyError as error:
            _say(f"loopctl: {args.path}: {error}")
            return EXIT_PROBLEMS
    _write(text, args.output)
    return EXIT_OK


def cmd_expand(args) -> int:
    """Print (or write) the spec that an LSS-min file stands for; malformed LSS-min is a located diagnostic.

    The expanded spec is validated (as if saved where the LSS-min file is);
    when it has errors they are printed, located in the LSS-min file, and
    nothing is written.
    """
    from loopctl.diagnostics import ERROR, Diagnostic
    from loopctl.inputs import InputRefused, read_input
    from loopctl.lean.dump import dump_yaml
    from loopctl.loader import LoadLimits
    from loopctl.lssmin.expand import ExpandError, expand_text
    from loopctl.report import format_text
    from loopctl.validate import SpecStore
    try:
        read, problem = read_input(args.path, args.max_bytes)
    except InputRefused as error:
        raise _usage(str(error)) from None
    if read is None:
        assert problem is not None  # read_input returns a diagnostic whenever it returns no input
        _say(format_text([problem], 1))
        return EXIT_PROBLEMS
    try:
        data = expand_text(read.text)
    except ExpandError as error:
        found = Diagnostic(read.display, error.line, error.column, ERROR, "lean.malformed", error.message,
                           error.hint, error.pointer)
        if error.pointer:
            from loopctl.loader import load_text
            packed, _ = load_text(read.text, read.display)
            if packed is not None:
                line, column = packed.locate(error.pointer)
                found = Diagnostic(read.display, line, column, ERROR, found.rule, found.message, found.hint,
                                   found.pointer)
        _say(format_text([found], 1, {read.display: read.text}))
        return EXIT_PROBLEMS
    result = SpecStore(LoadLimits(max_bytes=args.max_bytes), root=args.root).validate_text(
        read.text, read.path, read.display)
    if result.errors:
        _say(format_text(result.diagnostics, 1, result.sources))
        return EXIT_PROBLEMS
    out = json.dumps(data, indent=2, ensure_ascii=False) if args.format == "json" else dump_yaml(data)
    if args.format == "json":
        from loopctl.escape import json_ascii_safe
        out = json_ascii_safe(out)
    _write(out, args.output)
    return EXIT_OK


def cmd_combine(args) -> int:
    """Combine specs into one composition (or flat spec); print the result, renames and notes."""
    from loopctl.inputs import file_kind
    from loopctl.lean.combine import CombineError, combine, load_sources
    from loopctl.lean.dump import dump_yaml
    for path in args.paths:
        kind = file_kind(Path(path))
        if kind != "file":
            raise _usage(f"no such file: {path}" if kind == "missing" else f"not a regular file: {path} (it is {kind})")
    if len(args.paths) < 2:
        raise _usage("combine needs at least two specs")
    if args.output and args.name is None and not _kebab_stem(args.output):
        raise _usage(f"the output file's name {Path(args.output).stem!r} is not a usable loop_name "
                     f"(kebab-case of 3 to 64 characters); pass --name")
    try:
        sources = load_sources(args.paths, root=args.root, max_bytes=args.max_bytes)
        combined = combine(sources, args.mode, args.flat, args.name, args.output, root=args.root)
    except CombineError as error:
        _say(f"loopctl: {error}")
        return EXIT_PROBLEMS
    for spec, changes in combined.renames.items():
        for old, new in changes.items():
            _say(f"renamed in {spec}: {old} -> {new}")
    for note in combined.notes:
        _say(f"note: {note}")
    where = Path(args.output).resolve().parent if args.output else Path.cwd()
    tolerated = {rule for s in sources for rule in s.warnings}
    text = _fit(combined.data, args, "yaml", tolerated, where)
    if text is False:
        return EXIT_PROBLEMS
    _write(text if text is not None else dump_yaml(combined.data), args.output)
    return EXIT_OK


def cmd_tokens(args) -> int:
    """Print token counts of files: cl100k_base tokens, characters / 4, and the authors' spec estimate.

    Each input is checked against --max-bytes before it is read and must be
    UTF-8 text; a refused input is a located diagnostic and the exit code is 1.
    """
    from loopctl.cli.console import dumps_json, emit
    from loopctl.inputs import InputRefused, read_input
    from loopctl.lean.count import count_text, format_counts
    from loopctl.report import format_text
    rows, refused = [], []
    for path in args.paths:
        try:
            read, problem = read_input(path, args.max_bytes)
        except InputRefused as error:
            raise _usage(str(error)) from None
        if read is None:
            assert problem is not None  # read_input returns a diagnostic whenever it returns no input
            refused.append(problem)
        else:
            rows.append(count_text(read.display, read.text, args.max_bytes))
    if refused:
        _say(format_text(refused, len(args.paths)))
    if rows:
        emit(dumps_json([r.as_dict() for r in rows]) if args.json else format_counts(rows))
    return EXIT_PROBLEMS if refused else EXIT_OK


def cmd_new(args) -> int:
    """Scaffold a spec that passes validate --strict, from an intent or a named pattern."""
    from loopctl.lean.dump import dump_yaml
    from loopctl.scaffold import ScaffoldError, scaffold
    if not args.intent and not args.pattern:
        raise _usage('new needs an intent ("...") or --pattern SLUG')
    if args.output and Path(args.output).exists() and not args.force:
        raise _usage(f"{args.output} exists; choose another file or pass --force to overwrite it")
    name = args.name or (Path(args.output).stem if args.output else None)
    if name is not None and args.name is None and not _kebab_stem(args.output):
        raise _usage(f"the output file's name {name!r} is not a usable loop_name (kebab-case of 3 to 64 "
                     f"characters); pass --name")
    try:
        result = scaffold(args.intent, pattern=args.pattern, name=name, patterns_dir=args.patterns_dir)
    except ScaffoldError as error:
        raise _usage(str(error)) from None
    if args.explain:
        _say(result.explanation())
    from loopctl.scaffold.build import with_modeline
    _write(with_modeline(dump_yaml(result.data), result.data), args.output)
    if args.output:
        _say(f"wrote {args.output}: {result.summary()}")
    return EXIT_OK


def _kebab_stem(output: str | None) -> bool:
    from loopctl.schema import is_loop_name
    return output is not None and is_loop_name(Path(output).stem)
