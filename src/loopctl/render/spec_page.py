"""The page of one spec, and the blocks it is made of (also used by placeholders on other pages).

A spec page is the companion prose (when there is one) followed by the
generated parts: summary, level with reasons, diagram, LES scorecard,
validation outcome, the full YAML and links to related pages. A block the
author already placed with a placeholder is not appended a second time. A
spec with errors gets its title, one error box (each problem linked to its
line of the YAML) and the YAML, and nothing computed.
Every string taken from a spec passes through ``loopctl.escape``.

Each block takes the site path of the page it appears on, so that links
(raw file, related pages) are relative to that page.
"""

from __future__ import annotations

import re

from loopctl.diagnostics import Diagnostic
from loopctl.escape import code_fence, html_text, link_target, markdown_inline, markdown_table_cell
from loopctl.layout import KIND_TITLES, relative_link
from loopctl.level import LEVEL_NAMES
from loopctl.render.diagram_section import diagram_markup, parts_table
from loopctl.render.scorecard import scorecard_svg
from loopctl.score import QUESTIONS

# Blocks that can be placed by a placeholder on the spec's own page, in the order they are appended.
BLOCKS = ("level", "diagram", "scorecard", "spec")

_SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
SOURCE_ID = "spec-source"  # id of the YAML block on a spec's own page


def render_spec_page(entry, model, prose: str | None = None, placed: set[str] | frozenset = frozenset()) -> str:
    """Return the Markdown of a spec's page: ``prose`` (already expanded) then the generated parts.

    ``placed`` names the blocks (``level``, ``diagram``, ``scorecard``,
    ``spec``) that the prose already contains. Without prose the page starts
    with the spec's name as its title.
    """
    if not entry.valid:
        return _invalid_page(entry, prose, placed)
    page = entry.page
    parts: list[str] = []
    if prose and prose.strip():
        parts.append(prose.rstrip("\n"))
    else:
        parts.append(f"# {markdown_inline(entry.name)}")
    parts.append("## Specification at a glance")
    parts.append(summary_block(entry, model, page))
    if "level" not in placed:
        parts.append(f"## Taxonomy level {entry.verdict.level}: {LEVEL_NAMES[entry.verdict.level]}")
        parts.append(level_block(entry, page))
    if "diagram" not in placed:
        parts.append("## Loop diagram")
        parts.append(diagram_block(entry, page))
    parts.extend(_parts_section(entry))
    if "scorecard" not in placed:
        parts.append("## LES scorecard (design-time estimate)")
        parts.append(scorecard_block(entry, page))
    parts.append("## Validation")
    parts.append(validation_block(entry))
    if "spec" not in placed:
        parts.append("## Full spec")
        parts.append(spec_block(entry, page))
    related = related_block(entry, model, page)
    if related:
        parts.append("## Related pages")
        parts.append(related)
    return "\n\n".join(parts) + "\n"


def _invalid_page(entry, prose: str | None, placed) -> str:
    """The page of a spec with errors: its title, then the one error box, then the prose and the YAML.

    The box comes once, at the top; blocks the prose places for this spec say only that they are not
    computed (``omitted_block``). Each diagnostic in the spec's own file links to its line of the YAML.
    """
    title, rest = _split_title(prose or "")
    parts = [title or f"# {markdown_inline(entry.name)}",
             problems_block(entry.diagnostics, f"{entry.source} is not a valid LSS spec", own_file=entry.source,
                            lines=len(entry.text.splitlines()))]
    if rest.strip():
        parts.append(rest.strip("\n"))
    parts.append("## Specification at a glance")
    parts.append("Nothing is computed for a spec with errors: the problems are listed at the top of this page.")
    if "spec" not in placed:
        parts.append("## Full spec")
        parts.append(spec_block(entry, entry.page))
    return "\n\n".join(parts) + "\n"


def _split_title(prose: str) -> tuple[str, str]:
    """Split prose into its leading ``# Title`` line (or "") and the rest."""
    stripped = prose.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if re.match(r"^# \S", first):
        return first, rest
    return "", prose


def omitted_block(name: str) -> str:
    """What a diagram, level or scorecard placeholder shows on the page of its own spec when it has errors."""
    what = {"diagram": "diagram", "level": "taxonomy level", "scorecard": "LES scorecard"}.get(name, name)
    return f"*No {what}: this spec has errors, listed at the top of the page.*"


def summary_block(entry, model, page: str) -> str:
    """A two-column table: name, version, objective, kind, level, patterns, conformance, LES, size."""
    view = entry.view
    kind = KIND_TITLES.get(entry.kind, entry.kind)
    if entry.composition_type:
        kind += f" ({markdown_table_cell(entry.composition_type)})"
    card = entry.card
    les = (f"{card.les:.2f} ({card.les_display:.1f}/100, {card.band}), design-time estimate"
           if card is not None else "not computed")
    claimed = view.metadata.get("les_estimate")
    if isinstance(claimed, (int, float)) and not isinstance(claimed, bool):
        les += f"; the author's own estimate: {markdown_table_cell(claimed)}"
    evaluator_kinds = sorted({str(e.get("type")) for e in view.evaluators})
    rows = [
        ("Name", markdown_table_cell(entry.name)),
        ("Version", markdown_table_cell(view.data.get("version", ""))),
        ("Objective", markdown_table_cell(view.data.get("objective", ""))),
        ("Kind", kind),
        ("Taxonomy level", level_summary(entry.verdict) if entry.verdict else "not computed"),
        ("Patterns", pattern_links(entry.patterns, model, page) or "none declared"),
        ("Conformance", conformance(entry)),
        ("LES", les),
        ("Workers", str(len(view.workers))),
        ("Evaluators", f"{len(view.evaluators)} ({markdown_table_cell(', '.join(evaluator_kinds))})"
         if view.evaluators else "0"),
        ("Raw file", f"[{markdown_inline(_file_name(entry))}]({_href(page, entry.source)})"),
    ]
    lines = ["| property | value |", "|---|---|"] + [f"| {key} | {value} |" for key, value in rows]
    return "\n".join(lines)


def level_summary(verdict) -> str:
    """``L3 multi-agent`` plus whether the declared level agrees."""
    text = f"L{verdict.level} {LEVEL_NAMES[verdict.level]}"
    if verdict.declared is None:
        return text + " (no level declared in metadata)"
    if verdict.agrees:
        return text + f" (declared {verdict.declared}: agrees)"
    return text + f" (declared {verdict.declared}: **disagrees**)"


def level_block(entry, page: str = "") -> str:  # noqa: ARG001  (the spec blocks share (entry, page))
    """The classifier's level, its reasons, and the declared level's agreement."""
    verdict = entry.verdict
    if verdict is None:
        return problems_block(entry.diagnostics, f"{entry.source} has errors: no level is computed")
    lines = [f"The classifier places **{markdown_inline(entry.name)}** at "
             f"**level {verdict.level} ({LEVEL_NAMES[verdict.level]})** because:", ""]
    lines += [f"- {markdown_inline(reason)}" for reason in verdict.reasons]
    lines.append("")
    if verdict.declared is None:
        lines.append("The spec does not declare `metadata.taxonomy_level`.")
    elif verdict.agrees:
        lines.append(f"The declared `metadata.taxonomy_level` ({verdict.declared}) agrees.")
    else:
        lines += ['!!! warning "Declared level disagrees"',
                  f"    The spec declares level {verdict.declared}; the classifier's rules give "
                  f"{verdict.level}."]
    return "\n".join(lines)


def diagram_block(entry, page: str = "") -> str:
    """The spec's overview diagram, its detailed diagram on demand and the node links (``render.diagram_section``)."""
    if entry.diagram is None:
        return problems_block(entry.diagnostics, f"{entry.source} has errors: no diagram is drawn")
    return diagram_markup(entry, page)


def _parts_section(entry) -> list[str]:
    """The "Workers and evaluators" section: the anchors the diagram's nodes link to."""
    table = parts_table(entry)
    return ["## Workers and evaluators", table] if table else []


def scorecard_block(entry, page: str = "") -> str:
    """The LES design-time estimate: a labelled SVG chart and a table of categories, weights and reasons."""
    card = entry.card
    if card is None:
        return problems_block(entry.diagnostics, f"{entry.source} has errors: no scorecard is computed")
    lines = [
        '!!! info "Design-time estimate"',
        "    These scores are read from the structure of the spec (evaluators, bounds, caps, guards, "
        "feedback), not measured from runs. Measured LES comes from observed runs; see the "
        f"[LES reference]({_href(page, 'reference/les.md')}).",
        "",
        f'<figure class="les-scorecard">{scorecard_svg(card, entry.name)}</figure>',
        "",
        "| category | weight | score | weighted | why this score |",
        "|---|---|---|---|---|",
    ]
    for name, c in card.categories.items():
        why = "<br>".join(markdown_table_cell(r) for r in c.reasons)
        question = markdown_table_cell(QUESTIONS.get(name, ""))
        lines.append(f"| **{name}**<br>*{question}* | {c.weight:.2f} | {c.score:.2f} | {c.score * c.weight:.3f} | "
                     f"{why} |")
    lines.append(f"| **LES** ({card.band}) | 1.00 | **{card.les:.2f}** | {card.les_display:.1f}/100 | "
                 "sum of the weighted scores |")
    return "\n".join(lines)


def validation_block(entry) -> str:
    """The validation outcome: valid or not, and every warning with its place and hint."""
    warnings = entry.result.warnings
    head = (f"`loopctl validate` finds no error in this spec (checked against LSS {entry.lss_version})"
            if entry.valid else "`loopctl validate` finds errors in this spec")
    if not warnings:
        return head + " and no warning."
    return head + ", with warnings:\n\n" + "\n".join(diagnostic_item(d) for d in warnings)


def diagnostic_item(d: Diagnostic) -> str:
    """One diagnostic as a Markdown list item: place, severity, rule, message, hint."""
    return (f"- {markdown_inline(f'{d.file}:{d.line}:{d.column}')} {d.severity} "
            f"[{markdown_inline(d.rule)}]: {markdown_inline(d.message)} (hint: {markdown_inline(d.hint)})")


def spec_block(entry, page: str = "") -> str:
    """The full YAML in a code block with a copy button, and a download link to the raw file."""
    name = _file_name(entry)
    title = f' title="{name}"' if _SAFE_FILE_NAME.match(name) else ""
    language = "json" if entry.source.endswith(".json") else "yaml"
    # On the spec's own page the block has an id, so that every line has the anchor line_anchor() names.
    anchor = f" #{SOURCE_ID}" if page == entry.page else ""
    link = _href(page, entry.source)
    return (f"[Download {markdown_inline(name)}]({link}){{ .md-button download }}\n\n"
            + code_fence(entry.text, f"{{.{language}{anchor}{title}}}"))


def line_anchor(line: int) -> str:
    """The fragment of a line of the YAML shown on a spec's own page (set by the code highlighter)."""
    return f"__codelineno-{SOURCE_ID}-{line}"


def related_block(entry, model, page: str) -> str:
    """Links to the spec's patterns, the case studies and specs that share them, children and parents."""
    lines = []
    if entry.children:
        lines.append("**Children of this composition:**")
        lines.append("")
        for child in entry.children:
            target = model.entries.get(child.source) if child.source else None
            text = (f"[{markdown_inline(target.name)}]({_href(page, target.page)})" if target
                    else markdown_inline(child.ref) + " (not found)")
            lines.append(f"- {markdown_inline(child.id)} ({markdown_inline(child.role)}): {text}")
        lines.append("")
    if entry.parents:
        lines.append("**Used in compositions:** " + ", ".join(
            f"[{markdown_inline(model.entries[p].name)}]({_href(page, model.entries[p].page)})"
            for p in entry.parents))
        lines.append("")
    if entry.patterns:
        lines.append("**Patterns:** " + pattern_links(entry.patterns, model, page))
        lines.append("")
    if entry.kind == "pattern":
        slug = entry.stem
        uses = [e for e in model.using_pattern(slug) if e.source != entry.source]
        groups = [("Case studies using this pattern", [e for e in uses if e.kind == "case-study"]),
                  ("Library specs using this pattern", [e for e in uses if e.kind in ("library", "composition")])]
    else:
        seen = {entry.source}
        cases = []
        for slug in entry.patterns:
            for e in model.using_pattern(slug, "case-study"):
                if e.source not in seen:
                    seen.add(e.source)
                    cases.append(e)
        groups = [("Case studies sharing these patterns", cases)] if entry.kind != "case-study" else []
    for title, group in groups:
        if group:
            lines.append(f"**{title}:** " + ", ".join(
                f"[{markdown_inline(e.name)}]({_href(page, e.page)})" for e in group))
            lines.append("")
    return "\n".join(lines).strip()


def pattern_links(slugs: list[str], model, page: str) -> str:
    """Comma-separated pattern names, linked when the pattern has a page."""
    out = []
    for slug in slugs:
        target = model.pattern_page(slug)
        out.append(f"[{markdown_inline(slug)}]({_href(page, target)})" if target
                   else markdown_inline(slug))
    return ", ".join(out)


def conformance(entry) -> str:
    """What the spec shows of the LSS conformance levels (runtime evidence is out of its reach)."""
    if not entry.valid:
        return "not LSS-Parseable: the spec has errors"
    parts = [f"LSS-Parseable (LSS {entry.lss_version} schema)", "semantic rules pass"]
    if entry.view.constraints:
        parts.append(f"{len(entry.view.constraints)} safety constraint(s), a prerequisite of LSS-Production")
    else:
        parts.append("no safety constraints, so LSS-Production is out of reach")
    return "; ".join(parts)


def problems_block(diagnostics: list[Diagnostic], title: str, own_file: str | None = None,
                   lines: int | None = None) -> str:
    """An error admonition listing diagnostics (raw HTML, every string escaped).

    With ``own_file`` (the spec shown on this page) and ``lines`` (how many lines it has), each diagnostic
    in that file links to its line of the YAML below.
    """
    items = []
    for d in diagnostics:
        place = f"<code>{html_text(f'{d.file}:{d.line}:{d.column}')}</code>"
        if own_file is not None and d.file == own_file and 1 <= d.line <= (lines or 0):
            place = f'<a href="#{line_anchor(d.line)}">{place}</a>'
        items.append(f"<li>{place} {html_text(d.severity)} <strong>{html_text(d.rule)}</strong>: "
                     f"{html_text(d.message)}<br><em>hint:</em> {html_text(d.hint)}</li>")
    return (f'<div class="admonition failure loop-problems">'
            f'<p class="admonition-title">{html_text(title)}</p>'
            f"<ul>{''.join(items)}</ul></div>")


def _href(page: str, target: str) -> str:
    """The link from ``page`` to the site path ``target``, encoded as a link target."""
    return link_target(relative_link(page, target))


def _file_name(entry) -> str:
    return entry.source.rsplit("/", 1)[-1]
