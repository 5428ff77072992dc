"""Escaping at the boundary: every string that comes from a spec passes through here.

Spec files are untrusted input. A string from a spec may land in three
places, and each has its own function:

- ``html_text``: inside raw HTML (SVG, HTML blocks), where Markdown is not
  processed. Escapes ``& < > " '``.
- ``markdown_inline``: inside Markdown text (paragraphs, list items,
  headings). Every ASCII punctuation character that Markdown or one of the
  site's extensions could read as syntax becomes a numeric character
  reference, so no emphasis, link, autolink, raw HTML, attribute list
  (``{: onclick=...}``), admonition, footnote or template-like brace can form.
  Line breaks become spaces: inline text cannot start a block.
- ``markdown_table_cell``: the same, for one cell of a pipe table.
- ``terminal_text``: text printed to a terminal or a build log, with
  control characters and bidirectional overrides shown as escapes.
- ``link_target``: a relative path used as a link target (Markdown or
  HTML ``href``): every segment is percent-encoded, so no scheme
  (``javascript:``), space, bracket, pipe or quote survives in it.

``code_fence`` picks a fence that the content cannot close early. Mermaid
label escaping lives in ``render.mermaid``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

# Punctuation that never starts Markdown syntax on its own in the middle of a line.
_SAFE_PUNCTUATION = set(" ,;?%")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\t")


def html_text(value: object) -> str:
    """Return ``value`` as text safe inside HTML elements and quoted attributes."""
    return html.escape(_clean(str(value)), quote=True)


def html_attribute(value: object) -> str:
    """Return ``value`` safe inside a double-quoted HTML attribute (same rules as ``html_text``)."""
    return html_text(value)


def markdown_inline(value: object) -> str:
    """Return ``value`` as inert Markdown inline text: it renders as exactly the characters given.

    Letters, digits, spaces and non-ASCII characters stay as they are; every
    other ASCII character except ``, ; ? %`` becomes a numeric character
    reference. Line breaks and tabs become spaces; control characters and
    bidirectional overrides are dropped.
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _clean(text)
    out = []
    for ch in text:
        if ch.isalnum() or ord(ch) > 127 or ch in _SAFE_PUNCTUATION:
            out.append(ch)
        else:
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def markdown_table_cell(value: object) -> str:
    """Return ``value`` as inert text for one cell of a Markdown pipe table (pipes included)."""
    text = markdown_inline(value)
    # markdown_inline already turns '|' into a character reference; an empty cell stays visibly empty.
    return text if text.strip() else "&#8203;"


def link_target(path: str) -> str:
    """Return a relative path (``../a/b.md``) as a link target: each ``/``-separated segment percent-encoded.

    Only letters, digits and ``-._~`` stay as they are, so the result is the same for the site's own safe
    names and inert for any other: ``javascript:x`` becomes ``javascript%3Ax``, ``a|b)`` becomes
    ``a%7Cb%29``. The result needs no further escaping in Markdown or in a quoted HTML attribute.
    """
    return "/".join(quote(segment, safe="") for segment in str(path).split("/"))


# Mermaid label text: every character its grammar or HTML could act on becomes a Mermaid entity code.
_MERMAID_ENTITIES = {
    "&": "#amp;", "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "{": "#123;", "}": "#125;",
    "|": "#124;", "%": "#37;", "`": "#96;", "[": "#91;", "]": "#93;", ";": "#59;", "\\": "#92;",
}


def mermaid_text(value: object) -> str:
    """Return ``value`` safe inside a double-quoted Mermaid label: control characters and bidirectional
    overrides dropped (as everywhere else), line breaks made spaces, the rest entity-coded."""
    text = _clean(_LINE_BREAKS.sub(" ", str(value)))
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)


def code_fence(content: str, language: str = "") -> str:
    """Return ``content`` in a fenced code block whose fence no line of the content can close."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    body = content if content.endswith("\n") else content + "\n"
    return f"{fence}{language}\n{body}{fence}"


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


# What a terminal or a log viewer may act on: C0 and C1 controls, DEL, the bidirectional marks,
# overrides and isolates, the line and paragraph separators, and lone surrogates (which no stream
# can encode). Tab and newline are handled by the caller's choice of ``multiline``.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(value: object, multiline: bool = False) -> str:
    """Return ``value`` safe to print to a terminal or a CI log: nothing in it can act on the display.

    Every control character (C0, DEL, C1 including the one-byte CSI U+009B),
    bidirectional mark, override and isolate, line or paragraph separator and
    lone surrogate becomes a visible escape such as ``\\x1b`` or ``\\u202e``,
    so the reader sees that it was there. Tabs become spaces. Newlines are
    kept when ``multiline`` is true and escaped (``\\n``) otherwise, so one
    field can never forge a line of output. Backslashes are left alone.
    """
    text = str(value).replace("\t", " ")
    if multiline:
        text = text.replace("\r\n", "\n")
        parts = text.split("\n")
        return "\n".join(_TERMINAL_UNSAFE.sub(_visible, part) for part in parts)
    return _TERMINAL_UNSAFE.sub(_visible, text.replace("\r", "\\r").replace("\n", "\\n"))


def has_terminal_unsafe(text: str) -> bool:
    """True when ``text`` holds a character that ``terminal_text`` would escape (tab and newline aside)."""
    return _TERMINAL_UNSAFE.search(text) is not None


def strip_terminal_unsafe(text: str) -> str:
    """Return ``text`` with every character ``terminal_text`` distrusts, and every line break, made a space."""
    return _TERMINAL_UNSAFE.sub(" ", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))


def json_ascii_safe(text: str) -> str:
    """Return JSON text with every character ``terminal_text`` distrusts written as a ``\\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` leaves C1 controls, bidirectional
    overrides and lone surrogates raw; inside JSON strings (the only place they
    can occur) the escape decodes to the same character, so the data is unchanged.
    """
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
