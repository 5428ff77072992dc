"""Folder entries in the nav expand to the folder's pages: index first, then by name, subfolders last."""

from loopctl.site.nav import expand_nav

PAGES = ["index.md", "patterns/README.md", "patterns/b.md", "patterns/a.md", "loop-library/README.md",
         "loop-library/x.md", "loop-library/compositions/README.md", "loop-library/compositions/p.md",
         "catalog.md"]


def test_titled_folder_becomes_a_section():
    assert expand_nav([{"Patterns": "patterns/"}], PAGES) == [
        {"Patterns": ["patterns/README.md", "patterns/a.md", "patterns/b.md"]}]


def test_bare_folder_is_spliced_with_subfolder_sections():
    nav = [{"Loop library": ["loop-library/", "catalog.md"]}]
    assert expand_nav(nav, PAGES) == [{"Loop library": [
        "loop-library/README.md", "loop-library/x.md",
        {"Compositions": ["loop-library/compositions/README.md", "loop-library/compositions/p.md"]},
        "catalog.md"]}]


def test_other_entries_are_untouched():
    nav = [{"Home": "index.md"}, "catalog.md", {"Site": "https://example.org/"}]
    assert expand_nav(nav, PAGES) == nav


def test_a_folder_with_more_pages_than_the_limit_lists_only_its_index():
    from loopctl.site.nav import FOLDER_LIMIT

    many = [f"loop-library/generated/spec-{n:04d}.md" for n in range(FOLDER_LIMIT + 1)]
    pages = ["loop-library/README.md", "loop-library/alpha.md", *many]
    assert expand_nav([{"Loop library": "loop-library/"}], pages) == [
        {"Loop library": ["loop-library/README.md", "loop-library/alpha.md"]}]   # the big subfolder has no index
    with_index = [*pages, "loop-library/generated/README.md"]
    assert expand_nav([{"Loop library": "loop-library/"}], with_index) == [
        {"Loop library": ["loop-library/README.md", "loop-library/alpha.md",
                          {"Generated": ["loop-library/generated/README.md"]}]}]
    at_limit = many[:FOLDER_LIMIT]
    assert len(expand_nav([{"G": "loop-library/generated/"}], at_limit)[0]["G"]) == FOLDER_LIMIT
