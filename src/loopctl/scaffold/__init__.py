"""``loopctl new``: scaffold a spec that passes ``validate --strict``, deterministically and offline.

The map of this package:

- ``cues``: the evidence table (weighted cues, negative cues, domains, markers).
- ``intent``: reads an intent into patterns, composition, modifiers and domain.
- ``templates``: built-in starting specs for the fourteen patterns.
- ``source``: the repository's ``patterns/<slug>.yaml`` when present, else the built-in template.
- ``build``: assembles and validates the scaffold.

``scaffold`` is the entry point used by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loopctl.escape import strip_terminal_unsafe
from loopctl.scaffold.build import assemble, loop_name_for, objective_for
from loopctl.scaffold.cues import CATALOG
from loopctl.scaffold.intent import Reading, read
from loopctl.schema import is_loop_name

PATTERNS = [slug for slug, _ in CATALOG]


def clean_text(text: str) -> str:
    """Return ``text`` with control characters, bidirectional marks and line breaks as spaces, spaces collapsed."""
    return " ".join(strip_terminal_unsafe(text).replace("\ufeff", " ").split())


class ScaffoldError(ValueError):
    """The request cannot be scaffolded (unknown pattern, an intent too short, a bad name)."""


@dataclass
class Scaffold:
    """A scaffolded spec with the reading that chose it and notes on how it was built."""

    data: dict[str, Any]
    reading: Reading | None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return one line: patterns, composition and level."""
        meta = self.data.get("metadata", {})
        mode = f", {self.reading.composition}" if self.reading and self.reading.composition else ""
        return f"{' + '.join(meta.get('patterns', [])[:3])}{mode}, level {meta.get('taxonomy_level')}"

    def explanation(self) -> str:
        """Return the evidence behind the choice and the build notes."""
        lines = [self.reading.explain()] if self.reading else []
        return "\n".join(lines + [f"note: {n}" for n in self.notes])


def scaffold(intent: str | None = None, pattern: str | None = None, name: str | None = None,
             patterns_dir: str | Path | None = None) -> Scaffold:
    """Return a strictly valid spec for an intent, or for a named pattern (``pattern`` wins over the intent).

    The intent is cleaned first (``clean_text``): no control character or
    bidirectional override reaches the spec. A ``name`` must already be
    kebab-case; it is refused, never cleaned.
    """
    if intent is not None:
        intent = clean_text(intent)
    if intent is not None and len(" ".join(intent.split())) < 10:
        raise ScaffoldError("describe the intent in at least 10 characters (it becomes the spec's objective)")
    if pattern is not None and pattern not in PATTERNS:
        raise ScaffoldError(f"unknown pattern {pattern!r}; known: {', '.join(PATTERNS)}")
    if pattern is None and intent is None:
        raise ScaffoldError("give an intent or a pattern")
    reading = read(intent) if intent else None
    stages, mode, modifiers, domain = _plan(pattern, reading)
    loop_name = name or loop_name_for(intent, stages[0])
    if not isinstance(loop_name, str) or not is_loop_name(loop_name):
        raise ScaffoldError(f"loop name {loop_name!r} is not kebab-case of 3 to 64 characters (a-z, 0-9, -)")
    try:
        data, notes = assemble(stages, mode, loop_name, objective_for(intent) if intent else None, modifiers,
                               domain, patterns_dir)
    except ValueError as error:
        raise ScaffoldError(str(error)) from None
    return Scaffold(data, reading, notes)


def _plan(pattern: str | None, reading: Reading | None) -> tuple[list[str], str | None, list[str], str]:
    """Return (stage patterns, composition, modifiers, domain): a named pattern alone, else the intent's reading."""
    if pattern:
        return [pattern], None, [], reading.domain if reading else "general"
    if reading is None:
        raise ScaffoldError("give an intent or a pattern")
    return reading.stages, reading.composition, reading.modifiers, reading.domain

