"""Argument types and options shared by the subcommands, and reading the one spec a command names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loopctl.cli.console import emit
from loopctl.cli.exit import UsageError
from loopctl.escape import terminal_text
from loopctl.inputs import STDIN, STDIN_NAME, file_kind, read_input
from loopctl.loader import LoadLimits
from loopctl.report import format_text
from loopctl.schema import is_loop_name
from loopctl.validate import Result, SpecStore


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
    if not is_loop_name(text):
        raise argparse.ArgumentTypeError(f"{terminal_text(text)!r} is not kebab-case of 3 to 64 characters "
                                         f"(a-z, 0-9, -), e.g. my-review-loop")
    return text


def existing_folder(text: str) -> str:
    """argparse type: a folder that exists (for --root); else a usage error."""
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{terminal_text(text)!r} is not a folder")
    return text


def add_input_options(p, root: bool = True, configurable: bool = False) -> None:
    """Add the options every command that reads a spec shares: --max-bytes and (optionally) --root.

    ``configurable`` leaves --max-bytes unset by default, so the configuration file's value applies.
    """
    p.add_argument("--max-bytes", type=positive_int, default=None if configurable else LoadLimits.max_bytes,
                   metavar="N", help="largest input accepted, in bytes (default 1 MiB"
                                     + (", or max-bytes in the config)" if configurable else ")"))
    if root:
        p.add_argument("--root", metavar="DIR", type=existing_folder,
                       help="project folder that composition refs must stay inside")


def read_spec(path: str, store: SpecStore) -> Result:
    """Validate one named spec (``-``: standard input) through ``store``; a missing or irregular path is a usage error."""
    if path == STDIN:
        read, problem = read_input(STDIN, store.limits.max_bytes)
        if read is None:
            assert problem is not None  # read_input returns a diagnostic whenever it returns no input
            return Result(Path.cwd() / STDIN_NAME, None, [problem], None, STDIN_NAME)
        return store.validate_text(read.text, read.path, read.display)
    try:
        kind = file_kind(Path(path))
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    if kind == "missing":
        raise UsageError(f"no such file: {path}")
    if kind != "file":
        raise UsageError(f"not a regular file: {path} (it is {kind})")
    return store.validate(path)


def usable(result: Result, require_valid: bool = True) -> bool:
    """True when a command can go on with ``result``: it loaded and (with ``require_valid``) has no error.

    Otherwise its diagnostics are printed to standard error, as ``validate`` prints them: the one place the
    analysis, lean and diff commands report an input they cannot use.
    """
    if result.document is not None and not (require_valid and result.errors):
        return True
    emit(format_text(result.diagnostics, 1, result.sources), sys.stderr)
    return False
