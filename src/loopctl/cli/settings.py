"""The effective settings of a checking command: the configuration file, then the command line over it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from loopctl.config import Settings, find_config, load_settings
from loopctl.diagnostics import Diagnostic
from loopctl.rules.registry import all_rules


def effective_settings(args) -> tuple[Settings, list[Diagnostic], dict[str, str]]:
    """Return the settings for ``args`` (options given on the command line win), the configuration file's
    problems, and its text by name (for source excerpts)."""
    start = Path.cwd()
    settings, problems = load_settings(start, {r.id for r in all_rules()})
    if getattr(args, "root", None):
        settings = settings.with_option("root", Path(args.root).resolve())
    if getattr(args, "max_bytes", None) is not None:
        settings = settings.with_option("max-bytes", args.max_bytes)
    if getattr(args, "exclude", None):
        settings = settings.with_option("exclude", tuple(args.exclude))
    fail_on = "warning" if getattr(args, "strict", False) else getattr(args, "fail_on", None)
    if fail_on:
        settings = settings.with_option("fail-on", fail_on)
    found = find_config(start)
    sources = {}
    if found is not None and problems:
        # An unreadable file loses only its source excerpt; the problems still carry their positions.
        with contextlib.suppress(OSError, UnicodeDecodeError):
            sources[str(found)] = found.read_text(encoding="utf-8")
    return settings, problems, sources
