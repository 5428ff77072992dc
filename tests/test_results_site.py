"""A throwaway site with results files: the leaderboard and submission pages carry the published figures."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest_site import REPO, Site, mkdocs_build, throwaway_project
from results_fixtures import hostile, published, rejected, write_results

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = throwaway_project(tmp_path_factory.mktemp("results-site") / "project")
    (project / "docs" / "index.md").write_text("# Home\n\n[Leaderboard](leaderboard/index.md)\n", encoding="utf-8")
    (project / "loop-library").mkdir()
    shutil.copy(REPO / "loop-library" / "autonomous-debugger.yaml", project / "loop-library")
    write_results(project, {"loopbench.results.json": published(), "hostile.results.json": hostile(),
                            "rejected.results.json": rejected()})
    mkdocs_build(project, project / "site")
    return Site(project / "site")


def test_leaderboard_lists_every_submission_with_published_and_recomputed_composites(site):
    text = site.article("leaderboard/").text()
    for figure in ("0.8671", "0.8645", "0.8642", "0.8691", "0.8191", "0.8058", "0.8193", "0.8028"):
        assert figure in text, figure
    assert "sim (simulated environments)" in text and "constant 0.95" in text
    assert site.tree("leaderboard/").find("div", "loop-sortable") is not None


def test_leaderboard_rows_link_to_submission_pages_and_https_specs_only(site):
    links = site.links("leaderboard/", site.article("leaderboard/"))
    pages = {site.page_of(link.path) for link in links}
    assert {f"leaderboard/loopbench-{i}/" for i in range(1, 7)} <= pages
    hrefs = [link.href for link in links]
    assert not [h for h in hrefs if h.lower().lstrip().startswith(("javascript:", "data:"))]
    assert not [h for h in hrefs if "spec-thorough-loop" in h]


def test_submission_page_shows_categories_runs_and_a_trace_per_run(site):
    article = site.article("leaderboard/loopbench-1/")
    text = article.text()
    assert "0.8687" in text and "goal_met" in text and "how it is computed" in text
    assert len(article.find_all("svg", "loop-trace")) == 15
    titles = [n.text() for n in article.find_all("title")]
    assert "cr-001 seed 0" in titles


def test_submission_with_a_library_spec_name_links_our_spec_page(site):
    links = site.links("leaderboard/loopbench-1/", site.article("leaderboard/loopbench-1/"))
    assert "loop-library/autonomous-debugger/" in {site.page_of(link.path) for link in links}
    assert "different file" in site.article("leaderboard/loopbench-1/").text()


def test_rejected_results_file_is_listed_not_published(site):
    assert "leaderboard/rejected-1/" not in site.pages
    assert "results.spec-path" in site.article("leaderboard/").text()


def test_results_schema_is_published_beside_the_lss_schemas(site):
    schema = json.loads((site.root / "schema" / "results-0.2.0.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("Observed benchmark results")
    assert (site.root / "schema" / "lss-1.1.json").is_file()
