"""An SVG drawn from spec text keeps only drawing elements and inert attributes before it reaches a page."""

import pytest

from loopctl.render.svg_sanitize import UnsafeSvg, sanitize_svg

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="d" viewBox="0 0 10 10">'


def svg(body: str) -> str:
    return HEAD + body + "</svg>"


def test_plain_drawing_is_kept_with_its_text():
    out = sanitize_svg(svg('<g class="node"><rect x="1" y="2" width="3" height="4"/>'
                           '<text><tspan>planner &amp; &lt;b&gt;</tspan></text></g>'))
    assert '<rect x="1" y="2" width="3" height="4" />' in out
    assert "planner &amp; &lt;b&gt;" in out


@pytest.mark.parametrize("body, gone", [
    ("<script>alert(1)</script>", "alert"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x"/></div></foreignObject>', "img"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "javascript"),
    ('<image href="http://evil.example/x.png"/>', "evil"),
    ('<use href="http://evil.example/s.svg#a"/>', "evil"),
    ('<g onclick="alert(1)"><rect onload="alert(2)"/></g>', "alert"),
    ('<set attributeName="href" to="javascript:alert(1)"/>', "javascript"),
    ('<rect style="fill:url(http://evil.example/p)"/>', "evil"),
    ('<rect fill="url(http://evil.example/p)"/>', "evil"),
    ("<style>@import url(http://evil.example/a.css); .x{fill:red}</style>", "@import"),
    ('<rect data-points="AAAA"/>', "data-points"),
])
def test_active_or_loading_content_is_removed(body, gone):
    out = sanitize_svg(svg(body))
    assert gone not in out


def test_fragment_references_are_kept():
    out = sanitize_svg(svg('<defs><marker id="m"><path d="M0 0"/></marker></defs>'
                           '<path d="M 0 0 L 1 1" marker-end="url(#m)"/>'))
    assert 'marker-end="url(#m)"' in out


def test_geometry_is_rounded_to_a_tenth_of_a_pixel():
    out = sanitize_svg(svg('<path d="M 1.23456789 2.98765 L 3.04999 4"/>'))
    assert 'd="M 1.2 3 L 3 4"' in out


@pytest.mark.parametrize("text", ["not svg at all <", "<html><body/></html>", ""])
def test_text_that_is_not_an_svg_document_is_refused(text):
    with pytest.raises(UnsafeSvg):
        sanitize_svg(text)
