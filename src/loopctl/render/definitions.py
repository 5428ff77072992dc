"""Glossary definitions placed on other pages: one term, or the whole loop tuple as a table.

The text comes from the glossary entries (``loopctl.render.glossary``); this
module only rewrites the entries' links so that they work from the page the
definition lands on, and lays the text out. An unknown term is a
``KeyError`` naming the closest known terms; the placeholder turns it into a
located error.
"""

from __future__ import annotations

import difflib
import posixpath
import re

from loopctl.escape import markdown_table_cell
from loopctl.layout import relative_link
from loopctl.render.glossary import GLOSSARY_PAGE, Entry

# The loop tuple L = (S, A, O, T, E, M, tau): symbol and glossary entry, in the tuple's order.
TUPLE = (("S", "state"), ("A", "action"), ("O", "observation"), ("T", "transition"),
         ("E", "evaluator"), ("M", "memory"), ("τ", "tau"))

_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def find(entries: dict[str, Entry], term: str) -> Entry:
    """Return the entry of ``term`` (a glossary anchor); raise ``KeyError`` with suggestions otherwise."""
    if term in entries:
        return entries[term]
    close = difflib.get_close_matches(term, list(entries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"no glossary entry {term!r} in docs/glossary.md{hint}")


def relink(text: str, page: str) -> str:
    """Return glossary Markdown with its relative links rewritten to work from the site page ``page``."""
    def move(match: re.Match) -> str:
        target = match.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
            return match.group(0)
        path, _, fragment = target.partition("#")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(GLOSSARY_PAGE), path)) if path else GLOSSARY_PAGE
        link = relative_link(page, path)
        return f"]({link}#{fragment})" if fragment else f"]({link})"
    return _LINK.sub(move, text)


def define_block(entries: dict[str, Entry], term: str, page: str) -> str:
    """Return one definition as a paragraph: the term in bold, its definition, a link to the glossary."""
    entry = find(entries, term)
    link = relative_link(page, GLOSSARY_PAGE) + f"#{entry.key}"
    return f"**{entry.title}.** {relink(entry.definition, page)} ([glossary]({link}))"


def tuple_table(entries: dict[str, Entry], page: str, questions: bool = False) -> str:
    """Return the table of the seven tuple elements: definition and LSS home (or harness question)."""
    third = "question to ask of a harness" if questions else "where it lives in an LSS spec"
    rows = [f"| symbol | element | definition | {third} |", "|---|---|---|---|"]
    for symbol, term in TUPLE:
        entry = find(entries, term)
        link = relative_link(page, GLOSSARY_PAGE) + f"#{entry.key}"
        other = entry.ask if questions else entry.in_lss
        if questions and entry.in_lss:
            other = f"{entry.ask} → {entry.in_lss}"
        rows.append(f"| {symbol} | [{markdown_table_cell(entry.title)}]({link}) | "
                    f"{_cell(relink(entry.definition, page))} | {_cell(relink(other, page))} |")
    return "\n".join(rows)


def _cell(markdown: str) -> str:
    # The text is trusted Markdown from our own glossary: keep links and code, only protect the table.
    return markdown.replace("|", "\\|").replace("\n", " ")
