"""Integration guides: a version line, no hedges, the one iteration rule, code that compiles.

These tests read the Markdown sources in ``docs/guides/`` directly.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from content_blocks import extract_blocks

ROOT = Path(__file__).resolve().parent.parent
GUIDES = sorted(p for p in (ROOT / "docs" / "guides").glob("*.md") if p.name != "index.md")

# "Written against Claude Code 2.1, checked 2026-12." as the first paragraph after the title.
VERSION_LINE = re.compile(r"^Written against (?P<harness>[A-Z][\w .-]*?) (?P<version>\d+(?:\.(?:\d+|x))+), "
                          r"checked (?P<checked>\d{4}-(?:0[1-9]|1[0-2]))\.$")
HEDGES = ["check `--help`", "check `claude --help`", "if your version", "recent cli versions",
          "recent versions", "have changed between releases", "have moved between releases",
          "when this page was written"]


def version_line(text: str) -> str | None:
    """Return the first paragraph after the H1 title, or None when the page has no title."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        return None
    rest = [line for line in lines[1:] if line.strip()]
    return rest[0] if rest else None


def test_there_are_eight_guides():
    assert len(GUIDES) == 8


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_guide_opens_with_a_version_line(guide):
    line = version_line(guide.read_text(encoding="utf-8"))
    assert line and VERSION_LINE.match(line), f"{guide.name}: first paragraph is {line!r}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_guide_names_settings_instead_of_hedging(guide):
    text = guide.read_text(encoding="utf-8").lower()
    found = [h for h in HEDGES if h in text]
    assert not found, f"{guide.name}: hedges instead of naming the setting: {found}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_guide_python_blocks_compile(guide):
    for block in extract_blocks(guide):
        if block.lang == "python":
            try:
                ast.parse(block.text)
            except SyntaxError as error:
                pytest.fail(f"{block.where}: python block does not compile: {error}")


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_guide_never_maps_command_blocking_to_secret_scan(guide):
    for line in guide.read_text(encoding="utf-8").splitlines():
        lowered = line.lower()
        if "secret_scan" in lowered and "block" in lowered:
            assert "only" in lowered, f"{guide.name}: secret_scan named for blocking: {line.strip()}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_guide_spec_records_the_harness_cap_under_an_extension_key(guide):
    specs = [b for b in extract_blocks(guide) if b.spec_id]
    assert specs, f"{guide.name}: no complete spec"
    data = yaml.safe_load(specs[0].text)
    bounds = [c for c in data["termination_conditions"]["failure"] if c.get("type") == "max_iterations"]
    assert bounds, f"{guide.name}: the spec has no max_iterations failure condition"
    # Harnesses with their own turn or step cap keep it out of max_iterations.
    text = guide.read_text(encoding="utf-8")
    if re.search(r"max-turns|maxSessionTurns|max_turns|recursion_limit|max_iter\b", text):
        assert any(k.startswith("x_") for k in data), f"{guide.name}: turn cap not recorded under an x_ key"


# --------------------------------------------------------------------------- the checks themselves

def test_version_line_pattern_accepts_the_documented_form():
    assert VERSION_LINE.match("Written against Claude Code 2.x, checked 2026-12.")
    assert VERSION_LINE.match("Written against OpenAI Agents SDK 0.24, checked 2026-12.")


@pytest.mark.parametrize("line", ["Checked against Claude Code 2.x on 2026-12-01.",
                                  "Written against Claude Code, checked 2026-12.",
                                  "Written against Claude Code 2.x, checked December 2026."])
def test_version_line_pattern_rejects_other_forms(line):
    assert not VERSION_LINE.match(line)


def test_version_line_is_the_first_paragraph_after_the_title():
    assert version_line("# Title\n\nWritten against X 1.0, checked 2026-12.\n\nBody.") == \
        "Written against X 1.0, checked 2026-12."
    assert version_line("No title\n") is None
