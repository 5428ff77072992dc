"""Expand ``<!-- loop:NAME key=value ... -->`` placeholders into generated Markdown.

A placeholder is an HTML comment alone on its line, outside code. Authors
write them in pages (see the contributors' guide); the build replaces each by
the block it names. An unknown name, an unknown or malformed argument, a
missing spec, or a placeholder that does not stand alone on its line is a
``PlaceholderError`` naming the page and line, so a typo never disappears
silently as an invisible comment.

``expand`` is pure: it reads the site model given in the context and returns
the new Markdown; it records which own-spec blocks a page placed so the spec
page does not append them twice.

A few placeholders give a single figure (``minutes``, ``count``): those may
also stand inside a line, for example in a table cell, and are replaced by
the figure there. Every other placeholder must stand alone on its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from loopctl.diagnostics import Diagnostic
from loopctl.escape import html_text
from loopctl.layout import KINDS
from loopctl.render import catalog, declared_levels, definitions, glossary, paths, reading, reference, spec_page
from loopctl.render.fences import mask_code_spans, split_code
from loopctl.render.rule_table import rule_table
from loopctl.rules.registry import all_rules

_LINE = re.compile(r"^[ \t]*<!--[ \t]*loop:(?P<name>\S*)(?P<args>.*?)-->[ \t]*$")
_MENTION = re.compile(r"<!--[ \t]*loop:")
_INLINE = re.compile(r"<!--[ \t]*loop:(?P<name>\S*)(?P<args>.*?)-->")
_ARG = re.compile(r'^(?P<key>[a-z][a-z-]*)=(?P<value>"[^"]*"|[^\s"]+)$')
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


class PlaceholderError(ValueError):
    """A placeholder that cannot be expanded, with the page and line where it stands."""

    def __init__(self, page: str, line: int, message: str):
        super().__init__(f"{page}:{line}: {message}")
        self.page, self.line, self.message = page, line, message


class SpecEntryView(Protocol):
    """What a placeholder reads of one spec of the site (``site.collect.SpecEntry``)."""

    @property
    def source(self) -> str: ...

    @property
    def valid(self) -> bool: ...

    @property
    def diagnostics(self) -> list[Diagnostic]: ...


class SiteView(Protocol):
    """What a placeholder reads of the site model (``site.collect.SiteModel``), which render may not import."""

    @property
    def root(self) -> Path: ...

    def entry(self, source: str) -> SpecEntryView | None: ...


@dataclass
class Context:
    """What a placeholder may read: the page it is on, the site model, and the page's own spec."""

    page: str                   # site path of the page, e.g. patterns/critique-loop.md
    model: SiteView             # site.collect.SiteModel
    own: SpecEntryView | None = None  # the SpecEntry whose page this is, if any
    placed: set[str] = field(default_factory=set)
    errors: list[PlaceholderError] = field(default_factory=list)
    raise_errors: bool = True   # False: show the error in the page instead (serve mode)
    source: str | None = None   # the page's repository path, named in errors (defaults to ``page``)

    @property
    def where(self) -> str:
        return self.source or self.page


def _level(value: str) -> str:
    if value not in {"1", "2", "3", "4", "5", "6"}:
        raise ValueError(f"level must be 1 to 6, not {value!r}")
    return value


def _kind(value: str) -> str:
    if value not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {value!r}")
    return value


def _format(value: str) -> str:
    if value not in ("table", "list"):
        raise ValueError(f"format must be table or list, not {value!r}")
    return value


def _pattern(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"pattern must be a pattern slug such as reflection-loop, not {value!r}")
    return value


def _path(value: str) -> str:
    return value


def _lean_table(value: str) -> str:
    from loopctl.render.lean_pages import TABLES
    if value not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {value!r}")
    return value


def _term(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"term must be a glossary anchor such as observation or level-3-multi-agent, "
                         f"not {value!r}")
    return value


def _with(value: str) -> str:
    if value != "questions":
        raise ValueError(f"with must be questions, not {value!r}")
    return value


def _key(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"path must be a path key of docs/onboarding-paths.yaml such as builder, not {value!r}")
    return value


# name -> (argument checkers, required arguments); a checker returns the value it accepts or raises ValueError.
SIGNATURES: dict[str, tuple[dict[str, Callable[[str], str]], set[str]]] = {
    "catalog": ({"level": _level, "pattern": _pattern, "kind": _kind, "format": _format}, set()),
    "diagram": ({"spec": _path}, set()),
    "scorecard": ({"spec": _path}, set()),
    "level": ({"spec": _path}, set()),
    "spec": ({"spec": _path}, set()),
    "les-weights": ({}, set()),
    "les-bands": ({}, set()),
    "failure-codes": ({}, set()),
    "rules": ({}, set()),
    "level-rules": ({}, set()),
    "stats": ({}, set()),
    "level-specs": ({"level": _level}, {"level"}),
    "lean-figures": ({}, set()),
    "lean-table": ({"table": _lean_table}, {"table"}),
    "lss-min-example": ({}, set()),
    "define": ({"term": _term}, {"term"}),
    "tuple-table": ({"with": _with}, set()),
    "reading-paths": ({}, set()),
    "reading-path": ({"path": _key}, {"path"}),
    "minutes": ({"page": _path, "folder": _path}, set()),
    "count": ({"kind": _kind}, {"kind"}),
    "declared-levels": ({}, set()),
    "include": ({"file": _path}, {"file"}),
    "explore": ({"kind": _kind}, set()),
    "map": ({}, set()),
    "neighbourhood": ({"pattern": _pattern}, set()),
    "chooser": ({}, set()),
    "field-paths": ({}, set()),
}

# Placeholders that give one figure and may stand inside a line.
INLINE = {"minutes", "count"}

_EXPLORE = {"explore", "map", "neighbourhood", "chooser", "field-paths"}
_SPEC_BLOCKS = {"diagram": spec_page.diagram_block, "scorecard": spec_page.scorecard_block,
                "level": spec_page.level_block, "spec": spec_page.spec_block}


def expand(markdown: str, context: Context) -> str:
    """Return ``markdown`` with every placeholder replaced by its generated block.

    Raises ``PlaceholderError`` for the first bad placeholder, unless
    ``context.raise_errors`` is False: then each bad placeholder becomes an
    error admonition in the page and the error is appended to ``context.errors``.
    """
    out: list[str] = []
    line_number = 1
    for is_code, text in split_code(markdown):
        if is_code:
            out.append(text)
        else:
            for line in text.splitlines(keepends=True):
                out.append(_expand_line(line, line_number, context))
                line_number += 1
            continue
        line_number += text.count("\n")
    return "".join(out)


def _expand_line(line: str, number: int, context: Context) -> str:
    masked, _ = mask_code_spans(line)
    if not _MENTION.search(masked):
        return line
    ending = "\n" if line.endswith("\n") else ""
    try:
        match = _LINE.match(line.rstrip("\r\n"))
        if match is None:
            return _expand_inline(line, number, context)
        block = _render(match.group("name"), _arguments(match.group("args"), context, number),
                        context, number)
    except PlaceholderError as error:
        if context.raise_errors:
            raise
        context.errors.append(error)
        block = (f'<div class="admonition failure loop-problems"><p class="admonition-title">'
                 f"Placeholder error</p><p>{html_text(str(error))}</p></div>")
    # Blank lines around the block keep it from merging with neighbouring paragraphs; the block takes
    # the placeholder's indentation so that it stays inside an admonition or a content tab.
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    block = "\n".join(indent + row if row.strip() else "" for row in block.split("\n"))
    return f"\n{block}\n{ending}"


def _expand_inline(line: str, number: int, context: Context) -> str:
    """Replace the one-figure placeholders inside a line; any other placeholder there is an error."""
    masked, restore = mask_code_spans(line)
    found = list(_INLINE.finditer(masked))
    if len(found) != len(_MENTION.findall(masked)) or any(m.group("name") not in INLINE for m in found):
        raise PlaceholderError(context.where, number,
                               "a loop: placeholder must be an HTML comment alone on its line, "
                               "for example <!-- loop:catalog level=3 -->; only "
                               f"{', '.join(sorted(INLINE))} may stand inside a line")
    # Offsets are those of the masked line, so cut the masked line and put the code spans back after.
    out, start = [], 0
    for m in found:
        out.append(masked[start:m.start()])
        out.append(_render(m.group("name"), _arguments(m.group("args"), context, number), context, number))
        start = m.end()
    out.append(masked[start:])
    return restore("".join(out))


def _arguments(text: str, context: Context, number: int) -> dict[str, str]:
    arguments: dict[str, str] = {}
    for token in text.split():
        found = _ARG.match(token)
        if found is None:
            raise PlaceholderError(context.where, number, f"malformed argument {token!r}: write key=value")
        key, value = found.group("key"), found.group("value").strip('"')
        if key in arguments:
            raise PlaceholderError(context.where, number, f"argument {key!r} is given twice")
        arguments[key] = value
    return arguments


def _render(name: str, raw: dict[str, str], context: Context, number: int) -> str:
    if name not in SIGNATURES:
        raise PlaceholderError(context.where, number,
                               f"unknown placeholder loop:{name}; known: {', '.join(sorted(SIGNATURES))}")
    parsers, required = SIGNATURES[name]
    arguments: dict[str, str] = {}
    for key, value in raw.items():
        if key not in parsers:
            allowed = ", ".join(sorted(parsers)) or "none"
            raise PlaceholderError(context.where, number,
                                   f"loop:{name} does not take {key}=; its arguments: {allowed}")
        try:
            arguments[key] = parsers[key](value)
        except ValueError as error:
            raise PlaceholderError(context.where, number, f"loop:{name}: {error}") from None
    missing = required - set(arguments)
    if missing:
        raise PlaceholderError(context.where, number, f"loop:{name} needs {', '.join(sorted(missing))}=")
    model, page = context.model, context.page
    if name in _SPEC_BLOCKS:
        entry = _spec(arguments.get("spec"), context, number, name)
        if entry is context.own:
            context.placed.add(name)
        if not entry.valid and name != "spec":
            # On the spec's own page the one error box is at the top; elsewhere this block is the only one.
            if entry is context.own:
                return spec_page.omitted_block(name)
            return spec_page.problems_block(entry.diagnostics, f"{entry.source} is not a valid LSS spec")
        return _SPEC_BLOCKS[name](entry, page)
    if name == "catalog":
        level = arguments.get("level")
        return catalog.render_catalog(model, page, level=int(level) if level is not None else None,
                                      pattern=arguments.get("pattern"), kind=arguments.get("kind"),
                                      format=arguments.get("format", "table"))
    if name == "level-specs":
        return catalog.render_level_specs(model, page, int(arguments["level"]))
    if name == "stats":
        return catalog.render_stats(model)
    if name == "les-weights":
        return reference.les_weights_table()
    if name == "les-bands":
        return reference.les_bands_table()
    if name == "level-rules":
        return reference.level_rules_table()
    if name == "failure-codes":
        return reference.failure_codes_table(all_rules())
    if name == "lean-table":
        from loopctl.render.lean_pages import TABLES
        return TABLES[arguments["table"]]()
    if name == "lss-min-example":
        from loopctl.render.lean_pages import lss_min_example
        return lss_min_example()
    if name in _SITE_BLOCKS:
        try:
            return _SITE_BLOCKS[name](context, arguments)
        except (KeyError, ValueError) as error:
            message = error.args[0] if error.args else str(error)
            raise PlaceholderError(context.where, number, f"loop:{name}: {message}") from None
    if name in _EXPLORE:
        from loopctl.render import explore_blocks
        try:
            return explore_blocks.render(name, model, page, context.own, **arguments)
        except ValueError as error:
            raise PlaceholderError(context.where, number, f"loop:{name}: {error}") from None
    if name == "lean-figures":
        from loopctl.render.lean_figures import lean_figures, render_lean_page
        return render_lean_page(lean_figures(model.root))
    return rule_table().rstrip("\n")


def _spec(path: str | None, context: Context, number: int, name: str) -> SpecEntryView:
    if path is None:
        if context.own is None:
            raise PlaceholderError(context.where, number,
                                   f"loop:{name} without spec= is only allowed on a spec's own page; "
                                   f"write spec=<path from the repository root>")
        return context.own
    entry = context.model.entry(path)
    if entry is None:
        raise PlaceholderError(context.where, number, f"loop:{name}: no spec at {path!r} (a path from the "
                                                     f"repository root, such as loop-library/coding-agent.yaml)")
    return entry


def _define(context: Context, arguments: dict[str, str]) -> str:
    return definitions.define_block(glossary.load_glossary(context.model.root), arguments["term"], context.page)


def _tuple_table(context: Context, arguments: dict[str, str]) -> str:
    return definitions.tuple_table(glossary.load_glossary(context.model.root), context.page,
                                   questions="with" in arguments)


def _reading_path(context: Context, arguments: dict[str, str]) -> str:
    known = reading.load_paths(context.model.root)
    if arguments["path"] not in known:
        raise KeyError(f"no path {arguments['path']!r} in {reading.PATHS_SOURCE}; known: {', '.join(known)}")
    return paths.path_list(known[arguments["path"]], context.page)


def _minutes(context: Context, arguments: dict[str, str]) -> str:
    if len(arguments) != 1:
        raise ValueError("give exactly one of page= (one page) or folder= (the pages of a folder, summed)")
    root = context.model.root
    pages = [arguments["page"]] if "page" in arguments else reading.folder_pages(root, arguments["folder"])
    return reading.format_minutes(sum(reading.page_minutes(root, p) for p in pages))


def _count(context: Context, arguments: dict[str, str]) -> str:
    return str(len(catalog.select(context.model, kind=arguments["kind"])))


def _include(context: Context, arguments: dict[str, str]) -> str:
    from loopctl.render.include import include_markdown
    return include_markdown(context.model.root, arguments["file"], context.page)


_SITE_BLOCKS: dict[str, Callable[[Context, dict[str, str]], str]] = {
    "define": _define,
    "tuple-table": _tuple_table,
    # Every site block takes (context, arguments), whether it reads the arguments or not.
    "reading-paths": lambda c, _a: paths.paths_table(reading.load_paths(c.model.root), c.page),
    "reading-path": _reading_path,
    "minutes": _minutes,
    "count": _count,
    "declared-levels": lambda c, _a: declared_levels.declared_levels_table(
        declared_levels.declared_levels(c.model.root), c.page),
    "include": _include,
}
