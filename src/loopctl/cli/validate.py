"""``loopctl validate`` and ``loopctl config``: check specs under the project's policy, and show that policy."""

from __future__ import annotations

import argparse
import functools
import os
from pathlib import Path

from loopctl.cli.arguments import add_input_options, positive_int, read_spec
from loopctl.cli.console import dumps_json, emit
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, UsageError
from loopctl.cli.output import add_output_options, print_diagnostics
from loopctl.cli.settings import effective_settings
from loopctl.diagnostics import Diagnostic
from loopctl.inputs import STDIN
from loopctl.loader import LoadLimits
from loopctl.policy import apply_policy
from loopctl.recognise import is_lss_text
from loopctl.validate import SpecStore, discover, validate_paths

VALIDATE_EXAMPLES = """examples:
  loopctl validate loop-library/                 every spec under a folder
  loopctl validate spec.yaml --format json       findings as JSON for a tool
  loopctl validate . --format sarif > out.sarif  for GitHub code scanning
  loopctl validate . --fail-on warning --color never
  loopctl validate --only-lss $(git ls-files '*.yaml')   skip YAML files that are not specs
  cat spec.yaml | loopctl validate -            standard input"""

CONFIG_EXAMPLES = """examples:
  loopctl config          the effective settings and where each came from
  loopctl config --json   the same as JSON"""


def add_commands(sub) -> None:
    """Register ``validate`` and ``config`` on an argparse subparsers object."""
    p = sub.add_parser("validate", help="check specs against the LSS schema and the semantic rules",
                       description="Check specs against the LSS schema and the semantic rules, honouring inline "
                                   "suppressions and the configuration file (loopctl.toml or [tool.loopctl]).",
                       epilog=VALIDATE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH", help="spec files or folders (searched recursively); - reads "
                                                           "standard input")
    add_output_options(p)
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files and folders matching GLOB while searching folders (repeatable; replaces the "
                        "config's exclude)")
    p.add_argument("--only-lss", action="store_true",
                   help="skip YAML and JSON files that are not LSS specs (for hooks that see every file)")
    add_input_options(p, configurable=True)
    p.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                   help="validate large folders in N processes (default: the machine's cores); the output "
                        "order does not change")
    p.add_argument("--list-rules", action="store_true", help="print every rule id with its summary")
    p.set_defaults(handler=cmd_validate)

    c = sub.add_parser("config", help="print the effective settings and where each came from",
                       description="Print the settings validate and results check use: the nearest loopctl.toml "
                                   "or pyproject.toml [tool.loopctl] at or above the working folder, over the "
                                   "defaults.", epilog=CONFIG_EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("--json", action="store_true", help="print the settings as JSON")
    c.set_defaults(handler=cmd_config)


def cmd_validate(args) -> int:
    """Validate files and folders under the project's policy; print the findings in the chosen format."""
    if args.list_rules:
        from loopctl.rules.registry import all_rules
        for r in all_rules():
            failure = f" ({r.failure_code})" if r.failure_code else ""
            emit(f"{r.id:32} {r.severity:8} {r.summary}{failure}")
        return EXIT_OK
    if not args.paths:
        raise UsageError("validate needs at least one PATH (a spec file or a folder)")
    settings, problems, sources = effective_settings(args)
    named = [p for p in args.paths if p != STDIN]
    found = discover(named, exclude=settings.exclude)
    if found.missing:
        raise UsageError(f"no such file or folder: {', '.join(found.missing)}")
    if found.irregular:
        raise UsageError("not a regular file: " + ", ".join(f"{p} (it is {k})" for p, k in found.irregular))
    reads_stdin = STDIN in args.paths
    if not found.files and not reads_stdin:
        raise UsageError(f"no *.yaml, *.yml or *.json files under {', '.join(args.paths)}")
    limits = LoadLimits(max_bytes=settings.max_bytes)
    files = [f for f in found.files if _is_lss(f, limits)] if args.only_lss else found.files
    store_factory = functools.partial(SpecStore, limits, root=settings.root)
    diagnostics: list[Diagnostic] = list(problems)
    # Documents are dropped as each file is checked, so memory stays flat in the number of files.
    results = validate_paths(store_factory, files, args.jobs)
    if reads_stdin:
        results.append(read_spec(STDIN, store_factory()))
    for result in results:
        diagnostics += apply_policy(result.diagnostics, result.display, result.text, result.did_load,
                                    settings.rules)
        sources.update(result.sources)
    code = print_diagnostics(diagnostics, [r.display for r in results], sources, args.format, args.color,
                             settings.fail_on)
    return max(code, EXIT_PROBLEMS) if problems else code


def _is_lss(path: Path, limits: LoadLimits) -> bool:
    """True when the file is an LSS spec; a file that cannot be read is kept, so validate reports why."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError:
        return True
    return is_lss_text(raw.decode("utf-8", errors="replace"), path.suffix.lower() == ".json", limits)


def cmd_config(args) -> int:
    """Print the effective settings with their origins; a broken configuration file is reported (exit 1)."""
    settings, problems, sources = effective_settings(argparse.Namespace())
    if problems:
        print_diagnostics(problems, sorted({d.file for d in problems}), sources, "text")
        return EXIT_PROBLEMS
    shown = settings.as_dict()
    if args.json:
        emit(dumps_json(shown))
        return EXIT_OK
    for key, entry in shown.items():
        value = entry["value"]
        if isinstance(value, dict):
            value = ", ".join(f"{k} = {v}" for k, v in value.items()) or "(none)"
        elif isinstance(value, list):
            value = ", ".join(value) or "(none)"
        emit(f"{key:10} {value if value is not None else '(none)'}   [from {entry['from']}]")
    return EXIT_OK
