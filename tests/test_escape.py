"""Escaping at the boundary: hostile spec strings render as inert text in Markdown and HTML."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from loopctl.escape import code_fence, html_text, markdown_inline, markdown_table_cell

REPO = Path(__file__).resolve().parent.parent

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "text {: onclick=\"alert(1)\" } after",
    "{ #id .cls onmouseover=alert(1) }",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "click w1 call alert()",
    "{{ config.site_name }} {% include 'x' %}",
    "a | b | c",
    "**bold** _em_ `code` ~~del~~ ==mark== ^^ins^^",
    "line one\nline two\n# heading\n!!! danger \"x\"\n    body",
    "[^1] footnote *[HTML]: abbreviation",
    "&lt;already&gt; &amp; &#60;",
    "\\<script\\>",
    "\u202eRLO override",
]


def site_markdown() -> markdown.Markdown:
    """A Markdown processor with exactly the extensions of the site's mkdocs.yml."""
    config = yaml_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def render(text: str) -> str:
    return site_markdown().convert(text)


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def assert_inert(rendered: str) -> None:
    lowered = rendered.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert not re.search(r"<a\s", lowered), rendered
    assert not re.search(r"\son[a-z]+\s*=", lowered), rendered
    assert "javascript:" not in lowered or "&" in lowered  # only as escaped text
    for tag in ("strong", "em", "del", "mark", "ins", "code", "h1", "sup", "abbr", "div"):
        assert f"<{tag}" not in lowered, rendered


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_inline_renders_hostile_text_as_the_same_text(hostile):
    rendered = render("Objective: " + markdown_inline(hostile))
    assert_inert(rendered)
    expected = " ".join(re.sub(r"[\u202a-\u202e]", "", hostile).split())
    assert " ".join(visible_text(rendered).split()) == "Objective: " + expected


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_table_cell_keeps_one_cell_per_column(hostile):
    rendered = render("| a | b |\n|---|---|\n| " + markdown_table_cell(hostile) + " | end |\n")
    assert_inert(rendered)
    assert rendered.count("<td") == 2
    assert "end</td>" in rendered


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_inline_in_a_heading_stays_text(hostile):
    rendered = render("# " + markdown_inline(hostile))
    assert rendered.lower().count("<h1") == 1
    assert "<script" not in rendered.lower()
    assert not re.search(r"<h1[^>]*\son[a-z]+=", rendered), rendered


def test_attribute_list_syntax_does_not_become_an_attribute():
    rendered = render("# Title " + markdown_inline('{: onclick="alert(1)" }'))
    assert not re.search(r"<h1[^>]*\sonclick=", rendered), rendered
    assert "Title {: onclick=" in visible_text(rendered)


def test_markdown_inline_removes_line_breaks_and_bidi_controls():
    assert "\n" not in markdown_inline("a\nb\r\nc")
    assert "\u202e" not in markdown_inline("x\u202ey")


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<a href="x" onclick=\'y\'>&</a>') == \
        "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"


def test_empty_table_cell_stays_a_cell():
    rendered = render("| a | b |\n|---|---|\n| " + markdown_table_cell("") + " | x |\n")
    assert rendered.count("<td") == 2


def test_code_fence_cannot_be_closed_by_its_content():
    content = "a: 1\n```\nb: '<script>'\n````\n"
    block = code_fence(content, "yaml")
    rendered = render(block + "\n\nafter")
    assert rendered.count("<code") == 1
    assert "&lt;script&gt;" in rendered
    assert "<p>after</p>" in rendered


def test_mermaid_labels_drop_control_characters_and_bidi_overrides_like_every_other_output():
    from loopctl.escape import mermaid_text
    from loopctl.render.mermaid import label
    hostile = 'a\x00b\u202ec"<x>|{y}'
    assert mermaid_text(hostile) == "abc#quot;#lt;x#gt;#124;#123;y#125;"
    assert "\x00" not in label(hostile) and "\u202e" not in label(hostile)
