"""Lean-specs figures: measured forms of the trio and the library, beside the seed's claims, rendered safely."""

import shutil

import pytest

from conftest import CONFORMANCE
from loopctl.render.lean_figures import SEED, format_text, lean_figures, library_target, render_lean_page

UPSTREAM = CONFORMANCE / "upstream" / "enriched" / "loop-library"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """Figures of a small repository whose library is the authors' own enriched specs."""
    root = tmp_path_factory.mktemp("repo")
    library = root / "loop-library"
    library.mkdir()
    for name in ("research-agent", "coding-agent", "autonomous-debugger", "writing-assistant"):
        shutil.copy(UPSTREAM / f"{name}.yaml", library / f"{name}.yaml")
    (library / "broken.yaml").write_text("loop_name: broken\n")
    return lean_figures(root)


def test_every_form_is_measured_in_both_units_with_its_structure(figures):
    trio = figures["sets"]["trio"]
    assert trio["specs"] == ["research-agent", "coding-agent", "autonomous-debugger"]
    for form in ("raw", "combined", "minified", "budget", "composition"):
        row = trio["forms"][form]
        assert row["tokens"] > 0 and row["estimate"] > 0
        assert row["workers"] >= 1 and row["evaluators"] >= 1
    forms = trio["forms"]
    assert forms["minified"]["tokens"] < forms["combined"]["tokens"] < forms["raw"]["tokens"]
    assert forms["minified"]["workers"] == forms["raw"]["workers"]


def test_the_budget_form_fits_and_keeps_every_worker(figures):
    budget = figures["sets"]["trio"]["forms"]["budget"]
    assert budget["reachable"] and budget["tokens"] <= figures["budget"]
    assert budget["workers"] == figures["sets"]["trio"]["forms"]["raw"]["workers"]


def test_invalid_library_specs_are_skipped_and_named(figures):
    library = figures["sets"]["library"]
    assert library["skipped"] == ["broken.yaml"]
    assert len(library["specs"]) == 4


def test_the_page_has_tables_charts_and_the_seed_figures(figures):
    page = render_lean_page(figures)
    assert page.count("<svg") == 2 and page.count("| form |") == 2
    for value in SEED.values():
        assert f"{value:,}" in page
    assert "\n\n<svg" in page and "\n\n\n" not in page.split("<svg")[1].split("</svg>")[0]


def test_the_page_escapes_what_comes_from_files(figures):
    hostile = {**figures, "sets": {"trio": {**figures["sets"]["trio"], "skipped": ["<script>alert(1)</script>.yaml"]}}}
    page = render_lean_page(hostile)
    assert "<script>" not in page


def test_the_text_report_names_every_form(figures):
    text = format_text(figures)
    assert "LSS-min of the combined spec" in text and "seed" in text


def test_the_page_shows_the_breakdown_of_each_minified_set(figures):
    page = render_lean_page(figures)
    assert page.count("| field family | characters |") == len([s for s in figures["sets"].values()
                                                               if s.get("breakdown")])


def test_the_authors_trio_is_measured_when_their_library_is_in_the_repository(tmp_path):
    library = tmp_path / "docs" / "taxonomy" / "authors-specs" / "enriched" / "loop-library"
    library.mkdir(parents=True)
    for name in ("research-agent", "coding-agent", "autonomous-debugger"):
        shutil.copy(UPSTREAM / f"{name}.yaml", library / f"{name}.yaml")
    figures = lean_figures(tmp_path)
    minified = figures["sets"]["authors-trio"]["forms"]["minified"]
    assert minified["estimate"] <= SEED["minified"] and minified["tokens"] <= 1600
    assert "the target is met" in render_lean_page(figures)


def test_the_library_is_set_beside_the_format_it_started_from(figures):
    library = figures["sets"]["library"]
    assert library["baseline"]["version"] == 1
    assert library["baseline"]["tokens"] > library["forms"]["minified"]["tokens"]
    assert "format version 1 writes the same specs" in render_lean_page(figures)


@pytest.mark.parametrize(("now", "verdict"), [(84, "met"), (86, "not met")])
def test_the_library_target_sentence_says_whether_both_units_hold(now, verdict):
    measured = {"forms": {"minified": {"tokens": now, "estimate": 80}},
                "baseline": {"version": 1, "tokens": 100, "estimate": 100}}
    assert library_target(measured).endswith(f"the target is {verdict}.")
