"""The lean subcommands: ``minify``, ``expand``, ``combine``, ``tokens`` and ``new``.

Thin handlers: they parse arguments, call the engine and print. The spec or
text a command produces goes to stdout (or ``-o FILE``); reports (renames,
notes, what a budget dropped) go to stderr, so output can be piped.
Exit codes follow the CLI: 0 done, 1 the input has problems or the budget
cannot be met, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_commands(sub) -> None:
    """Register the lean subcommands on the CLI's subparsers."""
    p = sub.add_parser("minify", help="write a spec as LSS-min, a lossless compact JSON form")
    p.add_argument("path", metavar="SPEC")
    p.add_argument("-o", "--output", metavar="FILE")
    _budget_arguments(p)
    p.set_defaults(handler=cmd_minify)

    p = sub.add_parser("expand", help="turn LSS-min back into the spec it came from")
    p.add_argument("path", metavar="FILE")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml")
    p.set_defaults(handler=cmd_expand)

    p = sub.add_parser("combine", help="combine specs into one LSS 1.1 composition, or one flat spec")
    p.add_argument("paths", nargs="+", metavar="SPEC")
    p.add_argument("--mode", choices=("sequential", "parallel", "nested"), default="sequential",
                   help="how the specs run together (nested: the first is the outer loop)")
    p.add_argument("--flat", action="store_true", help="merge into one flat spec instead of a composition")
    p.add_argument("--name", help="loop_name of the result (default: the output file's stem)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write; children are referenced relative to it")
    _budget_arguments(p)
    p.set_defaults(handler=cmd_combine)

    p = sub.add_parser("tokens", help="token counts: cl100k_base BPE (offline) and the characters / 4 estimate")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tokens)

    p = sub.add_parser("new", help="scaffold a valid spec from an English intent, or from a named pattern")
    p.add_argument("intent", nargs="?", help='what the loop should do, e.g. "Fix the failing tests in my repo"')
    p.add_argument("--pattern", metavar="SLUG", help="start from this pattern instead of reading the intent")
    p.add_argument("--name", help="loop_name (default: the output file's stem, else derived from the intent)")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--patterns-dir", metavar="DIR", help="folder of pattern specs (default: patterns/ of the "
                                                          "repository around the current folder, else built-in)")
    p.add_argument("--explain", action="store_true", help="print the evidence behind the choice to stderr")
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    p.set_defaults(handler=cmd_new)


def _budget_arguments(p) -> None:
    p.add_argument("--max-tokens", type=int, metavar="N",
                   help="most faithful form within N tokens; drops by the stated priority and reports it")
    p.add_argument("--count", choices=("tokens", "estimate"), default="tokens",
                   help="what --max-tokens counts: cl100k_base tokens, or the characters / 4 estimate")


def _usage(message: str) -> UsageError:
    return UsageError(message)


def _load(path: str, valid: bool):
    """Return (data, warning rules) of a spec file; print diagnostics and return None when it cannot be used."""
    from loopctl.loader import load_file
    from loopctl.report import format_text
    from loopctl.validate import SpecStore
    if not Path(path).is_file():
        raise _usage(f"no such file: {path}")
    if valid:
        result = SpecStore().validate(path)
        if result.document is None or result.errors:
            sources = {result.document.path: result.document.text} if result.document else {}
            print(format_text(result.diagnostics, 1, sources), file=sys.stderr)
            return None
        return result.document.data, {d.rule for d in result.warnings}
    document, diagnostics = load_file(path)
    if document is None:
        print(format_text(diagnostics, 1, {}), file=sys.stderr)
        return None
    return document.data, set()


def _write(text: str, output: str | None) -> None:
    if not text.endswith("\n"):
        text += "\n"
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _counter(name: str):
    from loopctl.lean import tokens
    return (tokens.count, "tokens") if name == "tokens" else (tokens.estimate, "estimated tokens")


def _fit(data, args, start: str, tolerated: set, where):
    """Apply --max-tokens: return the text to write, or None after printing why the budget cannot be met."""
    from loopctl.lean.budget import BudgetError, fit, format_report
    if args.max_tokens is None:
        return None
    if args.max_tokens < 1:
        raise _usage("--max-tokens must be at least 1")
    counter, unit = _counter(args.count)
    try:
        fitted = fit(data, args.max_tokens, counter, start=start, where=where, tolerated=tolerated, unit=unit)
    except BudgetError as error:
        print(f"loopctl: {error}", file=sys.stderr)
        return False
    print(format_report(fitted, args.max_tokens, unit), file=sys.stderr)
    return fitted.text


def cmd_minify(args) -> int:
    """Print (or write) the LSS-min form of a spec; with --max-tokens, the most faithful form within N."""
    from loopctl.lean.minify import MinifyError, minify_text
    loaded = _load(args.path, valid=args.max_tokens is not None)
    if loaded is None:
        return EXIT_PROBLEMS
    data, warned = loaded
    where = Path(args.output).resolve().parent if args.output else Path(args.path).resolve().parent
    text = _fit(data, args, "min", warned, where)
    if text is False:
        return EXIT_PROBLEMS
    if text is None:
        try:
            text = minify_text(data)
        except MinifyError as error:
            print(f"loopctl: {args.path}: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
    _write(text, args.output)
    return EXIT_OK


def cmd_expand(args) -> int:
    """Print (or write) the spec that an LSS-min file stands for."""
    from loopctl.lean.dump import dump_yaml
    from loopctl.lean.expand import ExpandError, expand_text
    try:
        text = Path(args.path).read_text(encoding="utf-8")
    except OSError as error:
        raise _usage(f"cannot read {args.path}: {error.strerror or error}") from None
    try:
        data = expand_text(text)
    except ExpandError as error:
        print(f"loopctl: {args.path}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    out = json.dumps(data, indent=2, ensure_ascii=False) if args.format == "json" else dump_yaml(data)
    _write(out, args.output)
    return EXIT_OK


def cmd_combine(args) -> int:
    """Combine specs into one composition (or flat spec); print the result, renames and notes."""
    from loopctl.lean.dump import dump_yaml
    from loopctl.lean.combine import CombineError, combine, load_sources
    for path in args.paths:
        if not Path(path).is_file():
            raise _usage(f"no such file: {path}")
    if len(args.paths) < 2:
        raise _usage("combine needs at least two specs")
    try:
        sources = load_sources(args.paths)
        combined = combine(sources, args.mode, args.flat, args.name, args.output)
    except CombineError as error:
        print(f"loopctl: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for spec, changes in combined.renames.items():
        for old, new in changes.items():
            print(f"renamed in {spec}: {old} -> {new}", file=sys.stderr)
    for note in combined.notes:
        print(f"note: {note}", file=sys.stderr)
    where = Path(args.output).resolve().parent if args.output else Path.cwd()
    tolerated = {rule for s in sources for rule in s.warnings}
    text = _fit(combined.data, args, "yaml", tolerated, where)
    if text is False:
        return EXIT_PROBLEMS
    _write(text if text is not None else dump_yaml(combined.data), args.output)
    return EXIT_OK


def cmd_tokens(args) -> int:
    """Print token counts of files: cl100k_base tokens, characters / 4, and the authors' spec estimate."""
    from loopctl.lean.count import count_file, format_counts
    rows = []
    for path in args.paths:
        if not Path(path).is_file():
            raise _usage(f"no such file: {path}")
        rows.append(count_file(path))
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], indent=2))
    else:
        print(format_counts(rows))
    return EXIT_OK


def cmd_new(args) -> int:
    """Scaffold a spec that passes validate --strict, from an intent or a named pattern."""
    from loopctl.lean.dump import dump_yaml
    from loopctl.scaffold import ScaffoldError, scaffold
    if not args.intent and not args.pattern:
        raise _usage('new needs an intent ("...") or --pattern SLUG')
    if args.output and Path(args.output).exists() and not args.force:
        raise _usage(f"{args.output} exists; choose another file or pass --force to overwrite it")
    name = args.name or (Path(args.output).stem if args.output else None)
    try:
        result = scaffold(args.intent, pattern=args.pattern, name=name, patterns_dir=args.patterns_dir)
    except ScaffoldError as error:
        raise _usage(str(error)) from None
    if args.explain:
        print(result.explanation(), file=sys.stderr)
    _write(dump_yaml(result.data), args.output)
    if args.output:
        print(f"wrote {args.output}: {result.summary()}", file=sys.stderr)
    return EXIT_OK
