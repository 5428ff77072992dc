"""Fenced code in Markdown: find it so that rewriting passes leave it alone, and render Mermaid fences.

``split_code`` cuts a Markdown document into prose and fenced-code regions
(backtick or tilde fences, at any indentation, as in admonitions and tabs);
link rewriting and placeholder expansion only touch prose. ``mask_code_spans``
hides inline code spans within a prose line.

``fence_mermaid`` is the superfences formatter for ``mermaid`` blocks. It
produces the markup Material for MkDocs renders (``<pre class="mermaid">``)
with the source HTML-escaped, so that ``<``, ``&`` and quotes in a diagram
reach Mermaid as written instead of being read as markup. Its name is the one
mkdocs-mermaid2 looks for to switch to its custom-loader mode. When the build
draws diagrams itself (``render.svg_cache``), the formatter emits the
sanitized SVG instead, and the page needs no Mermaid at all.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def split_code(markdown: str) -> list[tuple[bool, str]]:
    """Return ``[(is_code, text), ...]`` covering the document in order; fences are code regions.

    An unclosed fence runs to the end of the document, as Markdown reads it.
    """
    regions: list[tuple[bool, str]] = []
    prose: list[str] = []
    lines = markdown.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        opened = _FENCE_OPEN.match(lines[i].rstrip("\r\n"))
        if opened and not (opened.group("fence")[0] == "`" and "`" in opened.group("info")):
            fence = opened.group("fence")
            closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
            end = i + 1
            while end < len(lines) and not closing.match(lines[end].rstrip("\r\n")):
                end += 1
            if prose:
                regions.append((False, "".join(prose)))
                prose = []
            regions.append((True, "".join(lines[i:end + 1])))
            i = end + 1
            continue
        prose.append(lines[i])
        i += 1
    if prose:
        regions.append((False, "".join(prose)))
    return regions


def map_prose(markdown: str, function: Callable[[str], str]) -> str:
    """Apply ``function`` to every prose region of ``markdown``; code regions pass through unchanged."""
    return "".join(text if is_code else function(text) for is_code, text in split_code(markdown))


def mask_code_spans(line: str) -> tuple[str, Callable[[str], str]]:
    """Replace inline code spans by opaque tokens; return the masked text and a function that restores them."""
    spans: list[str] = []

    def hide(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    masked = _CODE_SPAN.sub(hide, line)

    def restore(text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)

    return masked, restore


# pymdownx.superfences calls a custom formatter with this fixed signature, used or not.
def fence_mermaid_custom(source: str, language: str, css_class: str,  # noqa: ARG001
                         options: Mapping[str, object], md: object,  # noqa: ARG001
                         classes: list[str] | None = None, id_value: str = "", **kwargs: object) -> str:  # noqa: ARG001
    """Superfences formatter: the build-time SVG of the diagram when the build has a renderer
    (``render.svg_cache``), else ``<pre class="mermaid"><code>`` with the source HTML-escaped."""
    from loopctl.render.svg_cache import active

    renderer = active()
    svg = renderer.svg(source) if renderer is not None else None
    if renderer is not None and svg is not None:
        # Not class "mermaid": mkdocs-mermaid2 parses every page that holds the word, and a drawn page
        # needs nothing from it. The drawing itself goes in after the page is rendered (see
        # ``svg_cache.fill_drawings``), so the Markdown of the page and the search index never carry it.
        return f'<div class="loop-drawn">{renderer.marker(titled(svg))}</div>'
    names = [css_class] if classes is None else [*classes, css_class]
    ident = f' id="{html.escape(id_value, quote=True)}"' if id_value else ""
    return (f'<pre{ident} class="{html.escape(" ".join(names), quote=True)}"><code>'
            f"{html.escape(source, quote=False)}</code></pre>")


fence_mermaid_custom.__name__ = "fence_mermaid_custom"


_OPENING_SVG = re.compile(r"<svg\b[^>]*>")
_SVG_ID = re.compile(r'\bid="([^"]+)"')
DIAGRAM_TITLE = "Diagram of the loop"
DIAGRAM_DESC = ("Drawn at build time from the spec's YAML. The Workers and evaluators table on this page lists "
                "every node with its full text.")


def titled(svg: str) -> str:
    """Return a drawn diagram with a ``title`` and a ``desc`` that name it for assistive technology."""
    opening = _OPENING_SVG.search(svg)
    if opening is None or "<title" in svg[: opening.end() + 200]:
        return svg
    found = _SVG_ID.search(opening.group())
    base = found.group(1) if found else "loop-diagram"
    labels = f' aria-labelledby="{base}-title {base}-desc"'
    head = opening.group()[:-1] + labels + ">"
    parts = f'<title id="{base}-title">{DIAGRAM_TITLE}</title><desc id="{base}-desc">{DIAGRAM_DESC}</desc>'
    return svg[: opening.start()] + head + parts + svg[opening.end():]
