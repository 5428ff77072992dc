"""Three ways to print the same diagnostics: text for people, JSON for tools, GitHub annotations for CI."""

from __future__ import annotations

import json

from loopctl.diagnostics import Diagnostic, count


def format_text(diagnostics: list[Diagnostic], files: int, sources: dict[str, str] | None = None) -> str:
    """Render ``file:line:col: severity[rule] message``, the source line with a caret, the hint, and a summary."""
    lines = []
    for d in diagnostics:
        lines.append(f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.rule}] {d.message}")
        source = (sources or {}).get(d.file)
        if source is not None:
            text_lines = source.split("\n")
            if 1 <= d.line <= len(text_lines):
                shown = text_lines[d.line - 1].replace("\t", " ")[:160]
                lines.append(f"    {shown}")
                lines.append("    " + " " * min(max(d.column - 1, 0), 160) + "^")
        lines.append(f"  hint: {d.hint}")
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    """One closing line: files checked, errors and warnings."""
    errors, warnings = count(diagnostics)
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"{files} {noun} checked: no problems"
    return f"{files} {noun} checked: {errors} error{'s' if errors != 1 else ''}, " \
           f"{warnings} warning{'s' if warnings != 1 else ''}"


def format_json(diagnostics: list[Diagnostic], files: int) -> str:
    """Render the stable JSON contract: files, errors, warnings and the diagnostics list."""
    errors, warnings = count(diagnostics)
    payload = {"files": files, "errors": errors, "warnings": warnings,
               "diagnostics": [d.as_dict() for d in diagnostics]}
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: list[Diagnostic], files: int) -> str:
    """Render GitHub Actions workflow commands (``::error file=...``), one per diagnostic, then the summary."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity == "error" else "warning"
        props = f"file={_escape_property(d.file)},line={d.line},col={d.column},title={_escape_property(d.rule)}"
        lines.append(f"::{command} {props}::{_escape_data(d.message + ' (hint: ' + d.hint + ')')}")
    lines.append(summary(diagnostics, files))
    return "\n".join(lines)
