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
    end_line: int = 0    # 0: the same as ``line``
    end_column: int = 0  # just past the last character; 0: the same as ``column``

    def __post_init__(self) -> None:
        # A finding whose end is unknown ends where it starts; the record is frozen, so set it once here.
        if self.end_line < self.line:
            object.__setattr__(self, "end_line", self.line)
        if self.end_line == self.line and self.end_column < self.column:
            object.__setattr__(self, "end_column", self.column)

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


def token_end(line_text: str, column: int, flow: bool = False) -> int:
    """Return the column just past the token that starts at ``column`` (1-based) of ``line_text``.

    A quoted scalar ends after its closing quote; a key ends before its colon;
    a plain scalar ends before a trailing comment (and, in flow text such as
    JSON, before ``,``, ``]`` or ``}``). A column past the text ends where it starts.
    """
    rest = line_text[column - 1:] if column >= 1 else ""
    if not rest.strip():
        return column
    if rest[0] in "\"'":
        index = 1
        while index < len(rest):
            if rest[0] == '"' and rest[index] == "\\":
                index += 2
                continue
            if rest[index] == rest[0]:
                return column + index + 1
            index += 1
        return column + len(rest.rstrip())
    stops = [": ", " #"] + ([",", "]", "}"] if flow else [])
    length = len(rest.rstrip())
    if rest.rstrip().endswith(":"):
        length -= 1
    for stop in stops:
        found = rest.find(stop)
        if 0 < found < length:
            length = found
    return column + max(len(rest[:length].rstrip()), 1)


def with_ends(diagnostics: list[Diagnostic], sources: dict[str, str]) -> list[Diagnostic]:
    """Return the diagnostics with their end computed from the file's text (``sources`` by file name).

    A diagnostic that already has an end beyond its start, or whose text is unknown, is kept as it is.
    """
    from dataclasses import replace
    out = []
    for d in diagnostics:
        text = sources.get(d.file)
        lines = text.split("\n") if text is not None else []
        if (d.end_line, d.end_column) != (d.line, d.column) or not 1 <= d.line <= len(lines):
            out.append(d)
            continue
        end = token_end(lines[d.line - 1].rstrip("\r"), d.column, flow=d.file.lower().endswith(".json"))
        out.append(replace(d, end_column=end))
    return out
