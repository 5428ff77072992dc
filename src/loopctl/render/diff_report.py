"""Three ways to print a ``SpecDiff``: text for a terminal, Markdown for a pull request, JSON for tools."""

from __future__ import annotations

import json

from loopctl.diff import BREAKING_RULES, SpecDiff, Summary
from loopctl.escape import markdown_table_cell, terminal_text


def _summary_line(label: str, summary: Summary | None) -> str:
    if summary is None:
        return f"{label}: not analysed"
    return f"{label}: LES {summary.les_display:.1f} ({summary.band}), level {summary.level}"


def format_text(diff: SpecDiff, old_name: str, new_name: str) -> str:
    """One line per change, breaking ones marked with the rule's reason, then both versions' LES and level."""
    lines = [f"{terminal_text(old_name)} -> {terminal_text(new_name)}"]
    for change in diff.changes:
        mark = "BREAKING" if change.breaking else "compatible"
        lines.append(f"  {mark:10} {change.section}: {change.kind} {terminal_text(change.subject)}: "
                     f"{terminal_text(change.detail)}")
        if change.breaking:
            lines.append(f"             why: {BREAKING_RULES[change.rule]}")
    if not diff.changes:
        lines.append("  no changes")
    lines.append(_summary_line("before", diff.before))
    lines.append(_summary_line("after", diff.after))
    lines.append(f"{len(diff.breaking)} breaking, {len(diff.changes) - len(diff.breaking)} compatible")
    return "\n".join(lines)


def format_markdown(diff: SpecDiff, old_name: str, new_name: str) -> str:
    """A Markdown table of the changes (every cell escaped) and a before/after summary table."""
    rows = [f"### {markdown_table_cell(old_name)} → {markdown_table_cell(new_name)}", "",
            "| | part | change | what | why it is breaking |", "|---|---|---|---|---|"]
    for change in diff.changes:
        rows.append(f"| {'⚠️ breaking' if change.breaking else 'compatible'} | `{change.section}` | {change.kind} | "
                    f"{markdown_table_cell(change.subject)}: {markdown_table_cell(change.detail)} | "
                    f"{markdown_table_cell(BREAKING_RULES.get(change.rule, ''))} |")
    if not diff.changes:
        rows.append("| | | | no changes | |")
    rows += ["", "| version | LES | band | level |", "|---|---|---|---|"]
    for label, summary in (("before", diff.before), ("after", diff.after)):
        if summary is not None:
            rows.append(f"| {label} | {summary.les_display:.1f} | {summary.band} | {summary.level} |")
    return "\n".join(rows)


def format_json(diff: SpecDiff, old_name: str, new_name: str) -> str:
    """The JSON contract: ``{"old", "new", "breaking", "compatible", "before", "after", "changes"}``."""
    return json.dumps({"old": old_name, "new": new_name, **diff.as_dict()}, indent=2, ensure_ascii=True)
