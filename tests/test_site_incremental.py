"""Serve rebuilds reuse the previous model, and costly blocks are cached by the content they read.

``loopctl.site.incremental`` (which specs to check again, which pages to
render again) and ``loopctl.site.block_cache`` (lean figures, declared
levels), on the small tree of ``spec_tree`` without MkDocs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loopctl.site import block_cache, incremental
from loopctl.site.build import SiteBuild
from loopctl.site.collect import collect
from spec_tree import write_tree


@pytest.fixture()
def tree(tmp_path):
    root = write_tree(tmp_path / "project")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    return root


def edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def served(root, previous=None) -> SiteBuild:
    build = SiteBuild(root, serve=True, previous=previous)
    build._markdown_pages = ["index.md"]          # what ``files`` records from docs/, without publishing
    build.published = {"index.md"}
    build.hashes.update(incremental.fingerprints(root, ["docs/index.md"]))
    return build


# --------------------------------------------------------------------------- the model between rebuilds


def test_a_rebuild_with_no_change_reuses_the_previous_model(tree):
    first = served(tree)
    second = served(tree, first)
    assert second.model is first.model and second.stale_pages() == set()


def test_an_edited_child_is_checked_again_with_its_composition_and_nothing_else(tree):
    before = collect(tree)
    kept = before.entries["loop-library/alpha.yaml"]
    edit(tree / "loop-library" / "beta.yaml", "writer\n", "ghost\n")
    after = incremental.update_model(tree, before, {"loop-library/beta.yaml"})
    assert after.entries["loop-library/alpha.yaml"].result is kept.result   # not validated again
    assert after.entries["loop-library/beta.yaml"] is not before.entries["loop-library/beta.yaml"]
    assert after.entries["loop-library/compositions/pair.yaml"] is not before.entries["loop-library/compositions/pair.yaml"]
    assert not after.entries["loop-library/beta.yaml"].valid and not after.entries["loop-library/compositions/pair.yaml"].valid
    assert after.entries["loop-library/beta.yaml"].parents == ["loop-library/compositions/pair.yaml"]


def test_an_updated_model_equals_a_fresh_collection(tree):
    before = collect(tree)
    edit(tree / "loop-library" / "alpha.yaml", "Summarise", "Condense")
    after = incremental.update_model(tree, before, {"loop-library/alpha.yaml"})
    fresh = collect(tree)
    for source, entry in fresh.entries.items():
        mine = after.entries[source]
        assert (mine.text, mine.valid, mine.card, mine.diagram, mine.parents) == \
               (entry.text, entry.valid, entry.card, entry.diagram, entry.parents), source


def test_an_added_file_makes_the_caller_collect_everything(tree):
    before = collect(tree)
    (tree / "loop-library" / "gamma.md").write_text("# Gamma\n", encoding="utf-8")
    assert incremental.update_model(tree, before, {"loop-library/gamma.md"}) is None


def test_an_edited_spec_makes_its_page_its_parents_and_the_catalog_pages_stale_but_not_its_siblings(tree):
    first = served(tree)
    edit(tree / "loop-library" / "beta.yaml", "Summarise", "Condense")
    stale = served(tree, first).stale_pages()
    assert {"loop-library/beta.md", "loop-library/compositions/pair.md", "patterns/reflection-loop.md"} <= stale
    assert "loop-library/alpha.md" not in stale and "index.md" not in stale


def test_an_edited_page_without_placeholders_is_the_only_stale_page(tree):
    first = served(tree)
    edit(tree / "docs" / "index.md", "# Home", "# Home page")
    stale = served(tree, first).stale_pages()
    pages_with_placeholders = {"loop-library/alpha.md", "patterns/reflection-loop.md"}
    assert "index.md" in stale and "loop-library/beta.md" not in stale
    assert pages_with_placeholders <= stale   # a page they measure or define may have changed


def test_a_real_build_does_not_reuse_the_build_before_it_in_memory(tree):
    first = SiteBuild(tree)
    second = SiteBuild(tree, previous=first)
    assert second.previous is None and second.model is not first.model and second.stale_pages() is None


# --------------------------------------------------------------------------- cached blocks


@pytest.fixture()
def counted(monkeypatch):
    calls = []

    def render(root, page):
        calls.append(page)
        return f"figures of {len(list((root / 'loop-library').glob('*.yaml')))} specs"

    monkeypatch.setitem(block_cache.BLOCKS, "lean-figures", block_cache.Block(("loop-library",), render))
    monkeypatch.setattr(block_cache, "_memory", {})
    return calls


def test_lean_figures_are_computed_once_per_library_content(tree, counted):
    page = "<!-- loop:lean-figures -->\n"
    assert block_cache.substitute_blocks(page, tree, "a.md") == "figures of 2 specs\n"
    assert block_cache.substitute_blocks(page, tree, "b.md") == "figures of 2 specs\n"
    assert len(counted) == 1
    edit(tree / "loop-library" / "alpha.yaml", "Summarise", "Condense")
    block_cache.substitute_blocks(page, tree, "a.md")
    assert len(counted) == 2


def test_a_later_build_reads_the_block_from_the_cache_folder(tree, counted, monkeypatch):
    block_cache.cached_block(tree, "lean-figures", "a.md")
    monkeypatch.setattr(block_cache, "_memory", {})
    assert block_cache.cached_block(tree, "lean-figures", "a.md") == "figures of 2 specs"
    assert len(counted) == 1 and len(list((tree / block_cache.CACHE_FOLDER).glob("lean-figures-*.md"))) == 1


def test_a_block_per_page_keeps_one_file_per_page_across_versions_of_the_code(tree, monkeypatch):
    monkeypatch.setitem(block_cache.BLOCKS, "per-page", block_cache.Block((), lambda _root, page: f"on {page}",
                                                                          per_page=True))
    monkeypatch.setattr(block_cache, "_memory", {})
    for version in (b"one", b"two", b"three"):
        monkeypatch.setattr(block_cache, "code_digest", lambda version=version: version)
        for page in ("a.md", "b.md"):
            assert block_cache.cached_block(tree, "per-page", page) == f"on {page}"
    kept = sorted(p.name for p in (tree / block_cache.CACHE_FOLDER).glob("per-page-*.md"))
    assert len(kept) == 2 and kept[0].split("-")[2] != kept[1].split("-")[2]   # one each, the latest
    monkeypatch.setattr(block_cache, "_memory", {})
    monkeypatch.setattr(block_cache, "stats", dict.fromkeys(block_cache.stats, 0))
    assert block_cache.cached_block(tree, "per-page", "b.md") == "on b.md"
    assert block_cache.stats["disk"] == 1 and block_cache.stats["computed"] == 0   # the file kept is the latest


def test_placeholders_in_code_or_with_arguments_are_left_to_the_expander(tree, counted):
    page = "```\n<!-- loop:lean-figures -->\n```\n<!-- loop:lean-figures table=x -->\n"
    assert block_cache.substitute_blocks(page, tree, "a.md") == page and counted == []


def render_every_page(build: SiteBuild) -> None:
    """Render each page's Markdown as MkDocs would hand it in (a spec page's companion text, or nothing)."""
    root = build.root
    for page in build._markdown_pages:
        build.page_markdown(page, (root / "docs" / page).read_text(encoding="utf-8"))
    for page in sorted(build.model.pages):
        build.page_markdown(page, (root / page).read_text(encoding="utf-8"))
    for entry in build.model.entries.values():
        if entry.page not in build.model.pages:
            build.page_markdown(entry.page, "")


def test_a_candidate_page_whose_markdown_comes_out_the_same_is_not_rendered_again(tree):
    first = served(tree)
    render_every_page(first)
    spec = tree / "loop-library" / "beta.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "# a comment only the spec's own page shows\n", encoding="utf-8")
    second = served(tree, first)
    assert second.stale_pages() == {"loop-library/beta.md"}   # its page shows the YAML; the others read the same


def test_a_page_that_shows_what_changed_is_rendered_again(tree):
    first = served(tree)
    render_every_page(first)
    edit(tree / "loop-library" / "beta.yaml", "Summarise", "Condense")
    second = served(tree, first)
    stale = second.stale_pages()
    assert "loop-library/beta.md" in stale and "loop-library/alpha.md" not in stale
    for page in stale - {"loop-library/beta.md"}:   # every other page is there because its Markdown changed
        markdown, before = first.rendered[page]
        assert second._publish(page, markdown)[0] != before, page


def test_a_deferred_block_shows_a_note_then_arrives_and_names_its_pages(tree, monkeypatch):
    import threading

    monkeypatch.setattr(block_cache, "_memory", {})
    monkeypatch.setattr(block_cache, "_latest", {})
    arrived = threading.Event()
    block_cache.when_ready(arrived.set)
    try:
        first = block_cache.cached_block(tree, "lean-figures", "reference/lean-specs.md", defer=True)
        assert first.startswith(block_cache.UPDATING_NOTE.split("\n")[0])
        assert arrived.wait(timeout=180), "the block was never computed"
        assert "reference/lean-specs.md" in block_cache.take_ready_pages()
        ready = block_cache.cached_block(tree, "lean-figures", "reference/lean-specs.md", defer=True)
        assert "Being updated" not in ready and "could not be computed" not in ready and "tokens" in ready
    finally:
        block_cache.shutdown()


def test_the_lss_min_breakdown_placeholder_is_a_cached_block(tree, monkeypatch):
    calls = []
    real = block_cache.BLOCKS["lean-table-breakdown"]
    monkeypatch.setitem(block_cache.BLOCKS, "lean-table-breakdown",
                        block_cache.Block((), lambda _root, page: calls.append(page) or "the table",
                                          placeholder=real.placeholder))
    monkeypatch.setattr(block_cache, "_memory", {})
    page = "Before.\n<!-- loop:lean-table table=breakdown -->\nAfter.\n"
    assert block_cache.substitute_blocks(page, tree, "reference/lss-min.md") == "Before.\nthe table\nAfter.\n"
    block_cache.substitute_blocks(page, tree, "reference/lss-min.md")
    assert calls == ["reference/lss-min.md"]
    assert "| field family |" in real.render(tree, "reference/lss-min.md")


def test_every_lean_table_and_the_lss_min_example_are_cached_blocks_of_the_code():
    from loopctl.render.lean_pages import TABLES, lss_min_example
    assert set(block_cache.LEAN_TABLES) == set(TABLES)
    for table, render in TABLES.items():
        block = block_cache.BLOCKS[f"lean-table-{table}"]
        assert block.inputs == () and block.placeholder == f"lean-table table={table}"
        assert block.render(Path("."), "reference/lss-min.md") == render()
    assert block_cache.BLOCKS["lss-min-example"].render(Path("."), "reference/lss-min.md") == lss_min_example()


def test_an_unknown_lean_table_is_left_to_the_expander_which_reports_it(tree):
    page = "<!-- loop:lean-table table=nonesuch -->\n"
    assert block_cache.substitute_blocks(page, tree, "reference/lss-min.md") == page
