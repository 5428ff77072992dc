"""Pattern pages: applicability sections right after Intent, and known uses outside this site.

These tests read the Markdown sources directly, so they need no site build.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "patterns"
PATTERN_PAGES = sorted(p for p in PATTERNS.glob("*.md") if p.name != "README.md")
PATTERN_SLUGS = {p.stem for p in PATTERN_PAGES}

_HEADING = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
_LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")


def sections(text: str) -> list[tuple[str, str]]:
    """Return the page's level-2 sections in order, as (title, body) pairs."""
    heads = list(_HEADING.finditer(text))
    return [(m.group(1), text[m.end(): heads[i + 1].start() if i + 1 < len(heads) else len(text)])
            for i, m in enumerate(heads)]


def bullets(body: str) -> list[str]:
    """Return the top-level bullet items of a section body."""
    return [line[2:] for line in body.splitlines() if line.startswith("- ")]


def linked_patterns(item: str) -> set[str]:
    """Return the slugs of pattern pages an item links to (sibling links like `critique-loop.md`)."""
    found = set()
    for target in _LINK.findall(item):
        name = target.split("#", 1)[0]
        if "/" not in name and name.endswith(".md") and name[:-3] in PATTERN_SLUGS:
            found.add(name[:-3])
    return found


def external_links(body: str) -> list[str]:
    return [t for t in _LINK.findall(body) if t.startswith(("https://", "http://"))]


def test_the_catalog_has_pattern_pages():
    assert len(PATTERN_PAGES) >= 14


@pytest.mark.parametrize("page", PATTERN_PAGES, ids=lambda p: p.stem)
def test_applicability_sections_follow_intent(page):
    titles = [title for title, _ in sections(page.read_text(encoding="utf-8"))]
    assert titles[:3] == ["Intent", "When to use", "When not to use"], f"{page.name}: sections start {titles[:3]}"


@pytest.mark.parametrize("page", PATTERN_PAGES, ids=lambda p: p.stem)
@pytest.mark.parametrize("title", ["When to use", "When not to use"])
def test_applicability_sections_have_three_to_five_bullets(page, title):
    body = dict(sections(page.read_text(encoding="utf-8")))[title]
    assert 3 <= len(bullets(body)) <= 5, f"{page.name} '{title}': {len(bullets(body))} bullets"


@pytest.mark.parametrize("page", PATTERN_PAGES, ids=lambda p: p.stem)
def test_every_when_not_bullet_links_another_pattern(page):
    body = dict(sections(page.read_text(encoding="utf-8")))["When not to use"]
    for item in bullets(body):
        others = linked_patterns(item) - {page.stem}
        assert others, f"{page.name}: 'When not to use' item names no other pattern as a link: {item[:80]}"


@pytest.mark.parametrize("page", PATTERN_PAGES, ids=lambda p: p.stem)
def test_known_uses_cite_at_least_two_external_sources(page):
    body = dict(sections(page.read_text(encoding="utf-8")))["Known uses"]
    assert len(set(external_links(body))) >= 2, f"{page.name}: Known uses has {external_links(body)}"


# The checks themselves, on small examples, so a broken helper cannot pass every page.

_GOOD = """# X

## Intent

Text.

## When to use

- a
- b
- c

## When not to use

- one: use a [critique loop](critique-loop.md).
- two: use a [debate loop](debate-loop.md).
- three: use a [research loop](research-loop.md).

## Known uses

- [A](https://arxiv.org/abs/1) and [B](https://example.org/b).
- [On this site](../case-studies/x.md)
"""


def test_a_page_with_both_sections_and_links_passes_the_checks():
    parts = dict(sections(_GOOD))
    assert [t for t, _ in sections(_GOOD)][:3] == ["Intent", "When to use", "When not to use"]
    assert all(linked_patterns(item) for item in bullets(parts["When not to use"]))
    assert len(external_links(parts["Known uses"])) == 2


def test_a_when_not_bullet_without_a_pattern_link_is_detected():
    assert linked_patterns("plain advice with a [case study](../case-studies/x.md) link") == set()
    assert linked_patterns("use a [verification loop](https://example.org/verification-loop.md)") == set()


def test_known_uses_with_only_internal_links_count_no_external_sources():
    assert external_links("- [AlphaGo](../case-studies/alphago-self-play.md)") == []
