"""Printing diagnostics for ``validate`` and ``results check``: the format, colour, and the exit code.

Both commands share one path: the findings, after the policy, are printed in
the chosen format (``text``, ``json``, ``github``, ``sarif``, ``junit``), and
the exit code follows the ``--fail-on`` threshold, not what is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from loopctl import __version__
from loopctl.cli.console import emit
from loopctl.cli.exit import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from loopctl.diagnostics import Diagnostic, count
from loopctl.junit import format_junit
from loopctl.links import SITE_URL, rule_url
from loopctl.report import format_github, format_json, format_text
from loopctl.rules.registry import all_rules
from loopctl.sarif import format_sarif

FORMATS = ("text", "json", "github", "sarif", "junit")
COLORS = ("auto", "always", "never")


def add_output_options(p) -> None:
    """Add ``--format``, ``--fail-on``, ``--strict`` and ``--color`` to a checking subcommand."""
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text for people (default), json for tools, github for workflow annotations, sarif for "
                        "code scanning, junit for CI test reports")
    p.add_argument("--fail-on", choices=("error", "warning"), default=None,
                   help="lowest severity that makes the exit code 1 (default: error, or fail-on in the config)")
    p.add_argument("--strict", action="store_true", help="treat warnings as failures (the same as --fail-on warning)")
    p.add_argument("--color", choices=COLORS, default="auto",
                   help="colour the text output: auto (only on a terminal, and not when NO_COLOR is set), "
                        "always or never")


def use_color(choice: str, stream, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour text written to ``stream``: ``always``, ``never``, or ``auto`` (a terminal, no NO_COLOR).

    An explicit ``--color always`` wins over ``NO_COLOR``, as no-color.org allows for a user's own request.
    """
    if choice != "auto":
        return choice == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def print_diagnostics(diagnostics: list[Diagnostic], files: list[str], sources: dict[str, str], fmt: str,
                      color: str = "never", fail_on: str = "error") -> int:
    """Print ``diagnostics`` of the checked ``files`` in ``fmt``; return the exit code for ``fail_on``.

    The exit code is 2 when a file could not be read, 1 when there is a finding at or above ``fail_on``,
    else 0.
    """
    checked = len(files)
    if fmt == "json":
        emit(format_json(diagnostics, checked))
    elif fmt == "github":
        emit(format_github(diagnostics, checked))
    elif fmt == "sarif":
        emit(format_sarif(diagnostics, all_rules(), rule_url, __version__, SITE_URL), data=True)
    elif fmt == "junit":
        emit(format_junit(diagnostics, files, strict=fail_on == "warning"))
    else:
        # format_text escapes every piece itself, so its colour codes are written as they are.
        emit(format_text(diagnostics, checked, sources, color=use_color(color, sys.stdout)), data=True)
    errors, warnings = count(diagnostics)
    if any(d.rule == "io.unreadable" for d in diagnostics):
        return EXIT_USAGE
    return EXIT_PROBLEMS if errors or (fail_on == "warning" and warnings) else EXIT_OK
