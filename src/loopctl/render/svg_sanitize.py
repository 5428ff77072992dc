"""Make an SVG drawn by Mermaid from spec text safe to inline in a page.

Mermaid draws labels that come from spec files. Even with its strict
security level, the SVG it returns is checked again here against an
allow-list before it is written into a page: only drawing elements survive
(no ``script``, ``foreignObject``, ``a``, ``image``, ``use``, animation),
attributes that run code (``on*``) or load anything (``href`` other than a
``#fragment``, ``url()`` other than ``url(#...)``) are dropped, and style
sheets lose ``@import``. Text nodes are re-serialised by ElementTree, so a
label can only ever be text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ALLOWED = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "defs", "marker", "style", "title", "desc", "linearGradient", "radialGradient", "stop", "clipPath",
})
_EXTERNAL_URL = re.compile(r"url\(\s*(?![\s'\"]*#)", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+\.\d{2,}")
# Geometry attributes whose numbers Mermaid writes with 15 digits; one decimal is a tenth of a pixel.
_GEOMETRY = frozenset({"d", "points", "transform", "x", "y", "x1", "x2", "y1", "y2", "width", "height",
                       "viewBox", "cx", "cy", "r", "rx", "ry", "refX", "refY", "markerWidth", "markerHeight"})
_SCRIPTY = re.compile(r"javascript:|expression\s*\(|@import|behavior\s*:", re.IGNORECASE)

ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


class UnsafeSvg(ValueError):
    """The SVG cannot be read as XML, or its root is not an ``<svg>``."""


def sanitize_svg(text: str) -> str:
    """Return ``text`` (one SVG document) with everything outside the allow-list removed.

    Raises ``UnsafeSvg`` when the text is not well-formed XML with an ``svg`` root.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise UnsafeSvg(f"not well-formed SVG: {error}") from None
    if _local(root.tag) != "svg":
        raise UnsafeSvg("the root element is not <svg>")
    _clean(root)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element) -> None:
    # An explicit stack instead of recursion: a hostile drawing cannot exhaust the call stack.
    stack = [element]
    while stack:
        node = stack.pop()
        for child in list(node):
            if not isinstance(child.tag, str) or _local(child.tag) not in ALLOWED or not _in_svg(child.tag):
                _drop(node, child)
            else:
                stack.append(child)
        for name in list(node.attrib):
            if not _safe_attribute(name, node.attrib[name]) or name.startswith("data-"):
                del node.attrib[name]
            elif name in _GEOMETRY:
                node.attrib[name] = _NUMBER.sub(_round, node.attrib[name])
        if _local(node.tag) == "style" and node.text:
            node.text = _clean_css(node.text)


def _round(match: re.Match) -> str:
    text = f"{float(match.group(0)):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _drop(parent: ET.Element, child: ET.Element) -> None:
    # Keep the text that followed the removed element, so that the drawing's text is not shifted.
    if child.tail:
        children = list(parent)
        index = children.index(child)
        if index:
            previous = children[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _safe_attribute(name: str, value: str) -> bool:
    local = _local(name).lower()
    if local.startswith("on"):
        return False
    if local == "href":
        return value.strip().startswith("#")
    if _SCRIPTY.search(value):
        return False
    return not (local in ("style", "fill", "stroke", "filter", "mask", "clip-path", "marker-start",
                          "marker-end", "marker-mid") and _EXTERNAL_URL.search(value))


def _clean_css(css: str) -> str:
    css = _SCRIPTY.sub("", css)
    return _EXTERNAL_URL.sub("url(#", css)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _in_svg(tag: str) -> bool:
    return not tag.startswith("{") or tag.startswith("{" + SVG + "}")
