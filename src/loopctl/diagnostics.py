"""The one record every check produces, and the ordering used to report it.

A ``Diagnostic`` is data: rules return lists of them and formatters (in
``report``) decide how to print them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """A located finding: where, how bad, which rule, what is wrong and how to fix it."""

    file: str
    line: int
    column: int
    severity: str
    rule: str
    message: str
    hint: str
    pointer: str = ""

    def as_dict(self) -> dict:
        """Return the diagnostic as the JSON contract's plain dictionary."""
        return asdict(self)

    @property
    def is_error(self) -> bool:
        """True when the diagnostic makes a spec invalid."""
        return self.severity == ERROR


def sort_key(diagnostic: Diagnostic) -> tuple:
    """Order diagnostics by file, then position, then rule id."""
    return (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.rule, diagnostic.message)


def count(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """Return (errors, warnings) in a list of diagnostics."""
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    return errors, len(diagnostics) - errors


def visible(text: str, limit: int = 60) -> str:
    """Return spec text fit to quote in a message: controls, bidi and format characters shown as escapes.

    Formatters escape their output too; quoting the offending text this way keeps a message readable
    (and harmless) whichever formatter prints it. Longer text is cut to ``limit`` characters.
    """
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") else c
                   for c in shown)
