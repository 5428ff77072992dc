"""Views over every spec of the site model: the catalog, specs per level, and live counts.

All functions take the site model and the site path of the page they are
rendered on (links are relative to it) and return Markdown.
"""

from __future__ import annotations

from loopctl.escape import link_target, markdown_inline, markdown_table_cell
from loopctl.layout import KIND_TITLES, KINDS, relative_link
from loopctl.level import LEVEL_NAMES

_KIND_ORDER = {kind: i for i, kind in enumerate(("library", "composition", "pattern", "case-study"))}


def select(model, level: int | None = None, pattern: str | None = None, kind: str | None = None) -> list:
    """Return the specs matching every given filter, ordered by kind, level and name.

    A spec with errors has no computed level and never matches a level filter.
    """
    chosen = []
    for entry in model.entries.values():
        if level is not None and (entry.verdict is None or entry.verdict.level != level):
            continue
        if pattern is not None and pattern not in entry.patterns:
            continue
        if kind is not None and entry.kind != kind:
            continue
        chosen.append(entry)
    return sorted(chosen, key=lambda e: (_KIND_ORDER.get(e.kind, 9), e.verdict.level if e.verdict else 9, e.name))


def render_catalog(model, page: str, level: int | None = None, pattern: str | None = None,
                   kind: str | None = None, format: str = "table") -> str:
    """Return the catalog of the selected specs as a table (default) or a list."""
    entries = select(model, level, pattern, kind)
    if not entries:
        return "*No spec matches this selection yet.*"
    if format == "list":
        return "\n".join(_list_item(e, page) for e in entries)
    lines = ["| spec | kind | level | patterns | composition | workers | evaluators | LES estimate |",
             "|---|---|---|---|---|---|---|---|"]
    for e in entries:
        view = e.view
        les = f"{e.card.les:.2f} ({e.card.band})" if e.card else ""
        lines.append(
            f"| {_link(e, page)} | {KIND_TITLES.get(e.kind, e.kind)} | {_level(e)} | "
            f"{markdown_table_cell(', '.join(e.patterns)) if e.patterns else ''} | "
            f"{markdown_table_cell(e.composition_type) if e.composition_type else ''} | "
            f"{len(view.workers)} | {len(view.evaluators)} | {les} |")
    return "\n".join(lines)


def render_level_specs(model, page: str, level: int) -> str:
    """Return the specs the classifier puts at ``level``, each with the classifier's reasons."""
    entries = select(model, level=level)
    if not entries:
        return f"*No spec in this repository is classified at level {level} yet.*"
    lines = []
    for e in entries:
        declared = ""
        if e.verdict.declared is not None and not e.verdict.agrees:
            declared = f" (declares level {e.verdict.declared})"
        lines.append(f"- {_link(e, page)}, {KIND_TITLES.get(e.kind, e.kind).lower()}{declared}")
        lines += [f"    - {markdown_inline(reason)}" for reason in e.verdict.reasons]
    return "\n".join(lines)


def render_stats(model) -> str:
    """Return live counts: specs by kind, how many are valid, and specs per classified level."""
    entries = list(model.entries.values())
    valid = sum(1 for e in entries if e.valid)
    pattern_slugs = {e.stem for e in entries if e.kind == "pattern"}
    lines = ["| measure | count |", "|---|---|",
             f"| specs | {len(entries)} |",
             f"| valid specs | {valid} |",
             f"| specs with warnings | {sum(1 for e in entries if e.result.warnings)} |"]
    for kind in KINDS:
        lines.append(f"| {KIND_TITLES[kind].lower()} specs | {sum(1 for e in entries if e.kind == kind)} |")
    lines.append(f"| patterns with a spec | {len(pattern_slugs)} |")
    for lvl, name in LEVEL_NAMES.items():
        count = sum(1 for e in entries if e.verdict is not None and e.verdict.level == lvl)
        lines.append(f"| level {lvl} ({name}) | {count} |")
    return "\n".join(lines)


def _link(entry, page: str) -> str:
    return f"[{markdown_inline(entry.name)}]({link_target(relative_link(page, entry.page))})"


def _level(entry) -> str:
    if entry.verdict is None:
        return "invalid spec"
    return f"L{entry.verdict.level} {LEVEL_NAMES[entry.verdict.level]}"


def _list_item(entry, page: str) -> str:
    objective = entry.view.data.get("objective", "")
    summary = f": {markdown_inline(_first_sentence(objective))}" if isinstance(objective, str) and objective else ""
    return f"- {_link(entry, page)} ({_level(entry)}){summary}"


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    sentence = text[: end + 1] if 0 < end < limit else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
