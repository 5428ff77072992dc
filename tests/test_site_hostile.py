"""Hostile file names and spec strings, built end to end: nothing from a spec becomes an element, an attribute
or a link target, and a broken spec's page shows its one error box.

One throwaway project is built in serve mode (``mkdocs serve`` shows invalid specs on purpose) and once
strictly. It holds a valid spec whose free-text fields are hostile, an invalid one whose loop_name,
objective, ids and descriptions try to close ``<title>``, open ``<script>`` and add event handlers, and spec files whose names try to become
``javascript:`` links or to cut tables and links short.
"""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from conftest_site import Site
from spec_tree import HOSTILE, dump, library_spec
from test_site_build import load_hooks_and_build, make_project, run_build

pytestmark = pytest.mark.site

TITLE = '</title><script>alert("title")</script><img src=x onerror=alert(1)>&lt;b&gt; | ) ]'
BAD_NAMES = ("javascript:alert(1)<!-- x.yaml", "pipe|paren).yaml")


def our_scripts() -> tuple[str, ...]:
    """Scripts a page may load: Material's bundle and the site's own, as mkdocs.yml lists them."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    listed = config.split("extra_javascript:", 1)[1].split("\n\n", 1)[0]
    names = [line.strip()[2:].strip().rsplit("/", 1)[-1] for line in listed.splitlines() if line.strip().startswith("- ")]
    return ("bundle.", *names)


OUR_SCRIPTS = our_scripts()


def hostile_project(folder):
    project = make_project(folder)
    library = project / "loop-library"
    dump(library / "gamma.yaml", library_spec("gamma", ["reflection-loop"], hostile=True))  # valid
    invalid = library_spec("y", ["reflection-loop"], hostile=True)
    invalid["loop_name"] = TITLE
    invalid["workers"][0]["id"] = '<script>alert("id")</script>'
    invalid["evaluators"][0]["id"] = '" onmouseover="alert(2)'
    invalid["inputs"]["schema"]["text"]["description"] = HOSTILE
    dump(library / "delta.yaml", invalid)
    untitled = library_spec("epsilon", ["reflection-loop"])
    untitled["loop_name"] = TITLE  # no companion page: the page title is the loop_name
    dump(library / "epsilon.yaml", untitled)
    (library / "delta.md").write_text(
        "# Delta\n\nA broken spec.\n\n<!-- loop:diagram -->\n\n<!-- loop:level -->\n\n<!-- loop:scorecard -->\n",
        encoding="utf-8")
    beta = (library / "beta.yaml").read_text(encoding="utf-8")
    for name in BAD_NAMES:
        (library / name).write_text(beta, encoding="utf-8")
    readme = library / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n<!-- loop:catalog -->\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    return Site(load_hooks_and_build(project, "serve"))


def elements(site: Site, url: str):
    return list(site.tree(url).iter())


def test_unsafe_file_names_fail_the_strict_build_with_located_errors(tmp_path):
    project = hostile_project(tmp_path / "project")
    done = run_build(project, tmp_path / "site")
    log = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in log
    for name in BAD_NAMES:
        assert f"loop-library/{name}:1:1: error[site.file-name]" in log, log


def test_a_build_with_safe_names_passes_strictly(tmp_path):
    project = make_project(tmp_path / "project")
    assert run_build(project, tmp_path / "site").returncode == 0


def test_no_page_links_to_a_script_or_publishes_an_unsafe_name(served):
    for url in served.pages:
        for link in served.links(url):
            assert not link.href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (url, link.href)
            # heading anchors are slugs of the text (letters and hyphens only); the target itself is checked
            assert "alert" not in link.href.split("#", 1)[0], (url, link.href)
    published = [p.name for p in served.root.rglob("*")]
    assert not [name for name in published if "alert" in name or "|" in name]


def test_serve_mode_shows_refused_names_on_the_folder_index(served):
    box = served.article("loop-library/").find("div", "loop-problems")
    assert box is not None and "site.file-name" in box.text()
    assert "javascript:alert(1)<!-- x.yaml" in box.text()


def test_catalog_rows_keep_their_cells_with_pipes_and_brackets_in_names(served):
    table = served.article("loop-library/").find("table")
    rows = list(table.find_all("tr"))
    assert len(rows) >= 4 and all(len(row.element_children()) == 8 for row in rows)
    assert any(TITLE in row.text() for row in rows)  # the invalid spec, listed under its hostile name


@pytest.mark.parametrize("url", ["loop-library/gamma/", "loop-library/delta/", "loop-library/epsilon/",
                                 "loop-library/", ""])
def test_spec_strings_never_become_elements_or_attributes(served, url):
    html = served.html(url)
    titles = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert len(titles) == 1 and "<" not in titles[0], titles
    for node in elements(served, url):
        assert not [key for key in node.attrs if key.startswith("on")], (node.tag, node.attrs)
        if node.tag == "script":
            source = node.attrs.get("src", "")
            assert not source or any(part in source for part in OUR_SCRIPTS), source
            assert "alert" not in node.text(), node.text()
        assert node.tag not in ("img", "iframe", "object", "embed") or "alert" not in str(node.attrs)


def test_the_title_shows_the_loop_name_as_written(served):
    title = served.tree("loop-library/epsilon/").find("title").text()
    assert title.startswith(TITLE), title


def test_a_broken_spec_page_shows_one_error_box_at_the_top_with_links_to_its_lines(served):
    article = served.article("loop-library/delta/")
    boxes = article.find_all("div", "loop-problems")
    assert len(boxes) == 1
    top = article.element_children()
    first_h2 = next(i for i, node in enumerate(top) if node.tag == "h2")
    assert top.index(boxes[0]) < first_h2
    text = boxes[0].text()
    assert "schema.pattern" in text and re.search(r"loop-library/delta\.yaml:\d+:\d+", text)
    anchors = [link.fragment for link in served.links("loop-library/delta/", boxes[0])]
    assert anchors and all(re.fullmatch(r"__codelineno-spec-source-\d+", a) for a in anchors)
    ids = served.ids("loop-library/delta/")
    assert all(a in ids for a in anchors)
    assert "No diagram: this spec has errors" in article.text()


def test_a_valid_spec_page_has_no_error_box(served):
    assert served.article("loop-library/gamma/").find("div", "loop-problems") is None
