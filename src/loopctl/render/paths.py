"""Onboarding paths and reading times as Markdown: the summary table, one path's list, inline figures."""

from __future__ import annotations

from loopctl.escape import markdown_inline, markdown_table_cell
from loopctl.layout import relative_link
from loopctl.render.reading import ReadingPath, format_minutes

ONBOARDING_PAGE = "onboarding.md"


def paths_table(paths: dict[str, ReadingPath], page: str) -> str:
    """Return the table of every path: its name (linked to its section), who it is for, its total time."""
    link = relative_link(page, ONBOARDING_PAGE)
    rows = ["| path | for | time |", "|---|---|---|"]
    for path in paths.values():
        anchor = "" if page == ONBOARDING_PAGE else link
        rows.append(f"| [{markdown_table_cell(path.title)}]({anchor}#{path.key}) | "
                    f"{markdown_table_cell(path.audience)} | {format_minutes(path.minutes)} |")
    return "\n".join(rows)


def path_list(path: ReadingPath, page: str) -> str:
    """Return one path as its total and an ordered list of linked pages, each with its reading time."""
    lines = [f"**Total:** {format_minutes(path.minutes)} ({len(path.steps)} pages).", ""]
    for number, step in enumerate(path.steps, 1):
        note = f" ({markdown_inline(step.note)})" if step.note else ""
        lines.append(f"{number}. [{markdown_inline(step.label)}]({relative_link(page, step.page)}){note} "
                     f"— {format_minutes(step.minutes)}")
    return "\n".join(lines)
