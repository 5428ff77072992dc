"""Link rewriting for content-folder pages: repository layout in, site layout out, code untouched."""

from __future__ import annotations

from loopctl.layout import relative_link, site_path, spec_kind, spec_page
from loopctl.site.links import rewrite_links, rewrite_target

PUBLISHED = {"index.md", "fundamentals/feedback.md", "patterns/README.md", "patterns/reflection-loop.md",
             "patterns/reflection-loop.yaml", "loop-library/README.md", "loop-library/compositions/README.md",
             "loop-library/coding-agent.md"}
BLOB = "https://github.com/o/r/blob/main/"


def test_docs_link_from_a_content_page_goes_to_the_site_root():
    assert rewrite_target("../docs/fundamentals/feedback.md", "patterns/reflection-loop.md", PUBLISHED) == \
        "../fundamentals/feedback.md"
    assert rewrite_target("../../docs/index.md", "loop-library/compositions/x.md", PUBLISHED) == "../../index.md"


def test_anchor_and_query_survive():
    assert rewrite_target("../docs/fundamentals/feedback.md#loops", "patterns/a.md", PUBLISHED) == \
        "../fundamentals/feedback.md#loops"


def test_links_between_content_folders_are_unchanged():
    assert rewrite_target("../loop-library/coding-agent.md", "patterns/a.md", PUBLISHED) == \
        "../loop-library/coding-agent.md"
    assert rewrite_target("reflection-loop.yaml", "patterns/a.md", PUBLISHED) == "reflection-loop.yaml"


def test_external_and_in_page_links_are_unchanged():
    for target in ("https://example.org/x", "mailto:a@b.c", "#section", "/absolute", "javascript:alert(1)"):
        assert rewrite_target(target, "patterns/a.md", PUBLISHED, BLOB) == target


def test_unpublished_repository_file_goes_to_the_code_host():
    assert rewrite_target("../src/loopctl/score.py", "patterns/a.md", PUBLISHED, BLOB) == \
        BLOB + "src/loopctl/score.py"
    assert rewrite_target("../LICENSE", "patterns/a.md", PUBLISHED, None) == "../LICENSE"


def test_missing_page_is_left_for_mkdocs_to_report():
    assert rewrite_target("../docs/nowhere.md", "patterns/a.md", PUBLISHED, BLOB) == "../docs/nowhere.md"


def test_folder_link_resolves_to_its_index():
    assert rewrite_target("../docs/", "patterns/a.md", PUBLISHED) == "../"


def test_rewrite_covers_inline_images_and_reference_definitions_but_not_code():
    source = (
        "See [feedback](../docs/fundamentals/feedback.md) and ![img](../docs/index.md).\n"
        "`[not](../docs/index.md)` stays.\n"
        "```markdown\n[nor](../docs/index.md)\n```\n"
        "[ref]: ../docs/fundamentals/feedback.md\n"
    )
    out = rewrite_links(source, "patterns/reflection-loop.md", PUBLISHED)
    assert "[feedback](../fundamentals/feedback.md)" in out
    assert "![img](../index.md)" in out
    assert "`[not](../docs/index.md)`" in out
    assert "[nor](../docs/index.md)" in out
    assert "[ref]: ../fundamentals/feedback.md" in out


def test_layout_functions():
    assert site_path("docs/fundamentals/feedback.md") == "fundamentals/feedback.md"
    assert site_path("patterns/x.md") == "patterns/x.md"
    assert site_path("src/loopctl/cli.py") is None
    assert spec_kind("loop-library/compositions/a.yaml") == "composition"
    assert spec_kind("loop-library/a.yaml") == "library"
    assert spec_kind("docs/a.yaml") is None
    assert spec_page("case-studies/x.yaml") == "case-studies/x.md"
    assert relative_link("patterns/a.md", "reference/les.md") == "../reference/les.md"
    assert relative_link("index.md", "patterns/a.md") == "patterns/a.md"
