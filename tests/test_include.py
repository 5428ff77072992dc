"""Including CONTRIBUTING.md in a site page: links move to the page, unpublished files become paths."""

from __future__ import annotations

import pytest

from conftest import REPO
from loopctl.render.include import include_markdown


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "docs/contributing").mkdir(parents=True)
    (tmp_path / "docs/contributing/index.md").write_text("# C\n")
    (tmp_path / "docs/start-here.md").write_text("# S\n")
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns/README.md").write_text("# P\n")
    (tmp_path / "README.md").write_text("# R\n")
    (tmp_path / "CONTRIBUTING.md").write_text(
        "# Contributing\n\nSee [start](docs/start-here.md), [placeholders](docs/contributing/index.md#placeholders),\n"
        "[patterns](patterns/README.md), the [README](README.md) and [the web](https://example.org).\n\n"
        "```markdown\n[kept](docs/start-here.md)\n<!-- loop:diagram -->\n```\n")
    return tmp_path


def test_links_are_moved_to_work_from_the_including_page(repo):
    out = include_markdown(repo, "CONTRIBUTING.md", "contributing/index.md")
    assert "[start](../start-here.md)" in out and "[placeholders](index.md#placeholders)" in out
    assert "[patterns](../patterns/README.md)" in out and "[the web](https://example.org)" in out


def test_a_link_to_an_unpublished_file_becomes_its_path(repo):
    out = include_markdown(repo, "CONTRIBUTING.md", "contributing/index.md")
    assert "the README (`README.md` in the repository)" in out


def test_the_first_heading_is_dropped_and_code_is_left_alone(repo):
    out = include_markdown(repo, "CONTRIBUTING.md", "contributing/index.md")
    assert not out.startswith("# ") and "[kept](docs/start-here.md)\n<!-- loop:diagram -->" in out


@pytest.mark.parametrize("source", ["../outside.md", "missing.md", "docs/start-here.txt"])
def test_only_markdown_files_inside_the_repository_can_be_included(repo, source):
    with pytest.raises(ValueError, match="no Markdown file"):
        include_markdown(repo, source, "contributing/index.md")


def test_the_contributing_page_includes_the_one_source():
    page = (REPO / "docs/contributing/index.md").read_text(encoding="utf-8")
    assert "<!-- loop:include file=CONTRIBUTING.md -->" in page
    assert "## Adding a pattern" not in page and "### Add a pattern" not in page


def test_contributing_says_a_new_pattern_needs_no_schema_edit():
    text = " ".join((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    assert "No schema edit is needed" in text and "lss.pattern-slug" in text
