"""Three ways to print the same diagnostics: text for people, JSON for tools, GitHub annotations for CI.

Each diagnostic links to its rule's entry on the published site (``links.rule_url``): a ``see:`` line in
text, ``url`` in JSON.

Every string in a diagnostic may come from a spec or a file name, so each
formatter escapes for where it lands: ``terminal_text`` for the terminal,
``\\uXXXX`` escapes in JSON, and the workflow-command escapes (after
``terminal_text``) for GitHub annotations. No input text can make a
formatter raise, whatever the output encoding.
"""

from __future__ import annotations

import json

from loopctl.diagnostics import Diagnostic, count
from loopctl.escape import json_ascii_safe, terminal_text
from loopctl.links import rule_url

_SHOWN = 160  # characters of a source line shown under a diagnostic
# ANSI styles for text output on a colour terminal (SGR codes): bold, red, yellow, dim, and the reset.
_STYLE = {"location": "1", "error": "1;31", "warning": "1;33", "caret": "1;32", "note": "2"}


def format_text(diagnostics: list[Diagnostic], files: int, sources: dict[str, str] | None = None,
                color: bool = False) -> str:
    """Render ``file:line:col: severity[rule] message``, the source line with a caret, the hint, the rule's
    ``see:`` URL, and a summary. ``color`` adds ANSI styles (for a terminal that shows them).

    Every piece is escaped with ``terminal_text`` before any style is added,
    so the output may be written as it is.
    """
    lines = []
    for d in diagnostics:
        lines += format_diagnostic(d, (sources or {}).get(d.file), color=color, link=True)
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if color else text


def format_diagnostic(d: Diagnostic, source: str | None = None, color: bool = False,
                      link: bool = False) -> list[str]:
    """The text lines of one diagnostic: ``file:line:col: severity[rule] message``, the source line with a
    caret when ``source`` (the file's text) is given, the hint, and with ``link`` a ``see: URL`` line."""
    severity = "error" if d.severity == "error" else "warning"
    lines = [_paint(f"{terminal_text(d.file)}:{d.line}:{d.column}:", "location", color) + " "
             + _paint(f"{terminal_text(d.severity)}[{terminal_text(d.rule)}]", severity, color)
             + f" {terminal_text(d.message)}"]
    if source is not None:
        excerpt = _source_excerpt(source, d.line, d.column)
        if excerpt:
            lines += [excerpt[0], _paint(excerpt[1], "caret", color)]
    if d.hint:
        lines.append(f"  hint: {terminal_text(d.hint)}")
    if link:
        lines.append(_paint(f"  see: {terminal_text(rule_url(d.rule))}", "note", color))
    return lines


def _source_excerpt(source: str, line: int, column: int) -> list[str]:
    """The source line (escaped) and a caret under ``column``; nothing when the line is not in the text."""
    text_lines = source.split("\n")
    if not 1 <= line <= len(text_lines):
        return []
    raw = text_lines[line - 1].rstrip("\r")
    start = max(column - 1 - _SHOWN // 2, 0)  # a long line (one-line JSON) is shown around the column
    lead = "..." if start else ""
    before = lead + terminal_text(raw[start: max(column - 1, 0)])
    shown = (lead + terminal_text(raw[start:]))[:len(before) + _SHOWN // 2 + 1] if start else terminal_text(raw)
    # The caret goes under the escaped text, so an escape earlier in the line does not shift it.
    return [f"    {shown[:_SHOWN + 4]}", "    " + " " * min(len(before), _SHOWN + 4) + "^"]


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    """One closing line: files checked, errors and warnings."""
    errors, warnings = count(diagnostics)
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"{files} {noun} checked: no problems"
    return f"{files} {noun} checked: {errors} error{'s' if errors != 1 else ''}, " \
           f"{warnings} warning{'s' if warnings != 1 else ''}"


def format_json(diagnostics: list[Diagnostic], files: int) -> str:
    """Render the stable JSON contract: files, errors, warnings and the diagnostics list.

    Non-ASCII text stays readable; control characters, bidirectional
    overrides and lone surrogates are ``\\uXXXX`` escapes, so the output is
    valid JSON that any stream can carry.
    """
    errors, warnings = count(diagnostics)
    payload = {"files": files, "errors": errors, "warnings": warnings,
               "diagnostics": [d.as_dict() | {"url": rule_url(d.rule)} for d in diagnostics]}
    return json_ascii_safe(json.dumps(payload, indent=2, ensure_ascii=False))


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (``%``, CR and LF), after ``terminal_text``."""
    return terminal_text(text, multiline=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value: the data escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: list[Diagnostic], files: int) -> str:
    """Render GitHub Actions workflow commands (``::error file=...``), one per diagnostic, then the summary."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity == "error" else "warning"
        props = (f"file={escape_property(d.file)},line={int(d.line)},col={int(d.column)},"
                 f"endLine={int(d.end_line)},endColumn={int(d.end_column)},title={escape_property(d.rule)}")
        hint = f" (hint: {d.hint})" if d.hint else ""
        lines.append(f"::{command} {props}::{escape_data(d.message + hint)}")
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)
