"""Exploring the library without a browser: facets, the filterable table, the map, the chooser, field paths."""

from __future__ import annotations

import html
import json
import re
from types import SimpleNamespace

import pytest

from conftest import REPO
from loopctl.render import chooser, explore_map, explore_table, field_index
from loopctl.render.explore_blocks import neighbourhood_block, pattern_appendix
from loopctl.render.facets import EVALUATOR_KINDS, FILTERS, SORTABLE, Facets, facets
from loopctl.schema import load_schema
from loopctl.site.collect import collect
from spec_tree import HOSTILE, write_tree


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return collect(write_tree(tmp_path_factory.mktemp("repo")))


@pytest.fixture(scope="module")
def repo_model():
    return collect(REPO)


def rows(table_html: str) -> list[dict]:
    return [json.loads(html.unescape(found)) for found in re.findall(r'data-row="([^"]*)"', table_html)]


# --------------------------------------------------------------------------- facets


def test_facets_are_derived_from_the_spec_and_its_analyses(model):
    alpha = facets(model.entry("loop-library/alpha.yaml"))
    assert alpha.level == 2 and alpha.level_name == "reflective"
    assert alpha.evaluators == ["deterministic", "llm_rubric"]
    assert alpha.patterns == ["reflection-loop"]
    assert (alpha.memory, alpha.optimization, alpha.composition) == ("ephemeral", "prompt_refinement", "")
    assert alpha.safety_halts == "no"     # its only constraint strips
    assert alpha.band and alpha.les is not None and alpha.workers >= 1 and alpha.evaluator_count == 2
    assert alpha.tokens == round(len(model.entry("loop-library/alpha.yaml").text) / 4)


def test_a_halting_safety_constraint_sets_the_safety_facet(repo_model):
    assert facets(repo_model.entry("patterns/reflection-loop.yaml")).safety_halts == "yes"


def test_composition_type_is_a_facet(model):
    assert facets(model.entry("loop-library/compositions/pair.yaml")).composition == "sequential"


def test_an_invalid_spec_has_no_level_band_or_les(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "broken.yaml").write_text("loop_name: broken\n", encoding="utf-8")
    broken = facets(collect(root).entry("loop-library/broken.yaml"))
    assert (broken.level, broken.band, broken.les) == (None, "", None)


def test_every_evaluator_kind_of_the_repository_is_a_known_facet_value(repo_model):
    seen = {kind for e in repo_model.entries.values() for kind in facets(e).evaluators}
    assert seen <= set(EVALUATOR_KINDS) and {"deterministic", "llm_rubric", "human"} <= seen


def test_every_filter_and_sortable_key_is_a_field_of_the_row():
    keys = set(Facets.__dataclass_fields__)
    assert {key for key, _ in FILTERS} <= keys and set(SORTABLE) <= keys


# --------------------------------------------------------------------------- the filterable table


def test_explore_table_has_one_row_per_spec_with_its_facets_and_link(model):
    out = explore_table.render_explore_table(model, "catalog.md")
    found = rows(out)
    assert sorted(r["name"] for r in found) == ["alpha", "beta", "pair", "reflection-loop", "study"]
    pair = next(r for r in found if r["name"] == "pair")
    assert pair["url"] == "../loop-library/compositions/pair/" and pair["composition"] == "sequential"
    assert '<a href="../loop-library/compositions/pair/">pair</a>' in out


def test_explore_table_of_one_kind_drops_the_kind_filter(model):
    out = explore_table.render_explore_table(model, "case-studies/README.md", kind="case-study")
    assert [r["name"] for r in rows(out)] == ["study"] and rows(out)[0]["url"] == "study/"
    assert 'data-filters="level ' in out and "kind" not in re.search(r'data-filters="([^"]*)"', out).group(1)


def test_explore_table_reads_without_javascript_as_a_plain_table(model):
    out = explore_table.render_explore_table(model, "catalog.md")
    assert out.count("<tr data-row=") == 5 and "<thead>" in out and "<caption>" in out
    assert 'data-sort="number"' in out and "<script" not in out


def test_explore_table_says_so_when_nothing_matches():
    assert "No spec matches" in explore_table.render_explore_table(SimpleNamespace(entries={}), "catalog.md")


def test_hostile_strings_are_escaped_in_cells_and_in_the_row_data():
    entry = SimpleNamespace(page="loop-library/x.md")
    row = Facets(name=HOSTILE, source="loop-library/x.yaml", kind="Loop library", level=2,
                 level_name="reflective", patterns=[HOSTILE, '"><script>alert(1)</script>'])
    out = explore_table._row(entry, row, "catalog.md")
    assert "<script" not in out and "<img" not in out and "&lt;script&gt;" in out
    # The row data sits in one double-quoted attribute: no raw quote may end it early.
    assert re.fullmatch(r'<tr data-row="[^"]*">.*', out, re.S)
    assert json.loads(html.unescape(re.search(r'data-row="([^"]*)"', out).group(1)))["name"] == HOSTILE


@pytest.mark.parametrize("page, target, link", [
    ("catalog.md", "loop-library/coding-agent.md", "../loop-library/coding-agent/"),
    ("case-studies/README.md", "case-studies/study.md", "study/"),
    ("patterns/reflection-loop.md", "patterns/README.md", "../"),
    ("index.md", "map.md", "map/"),
])
def test_href_is_relative_between_directory_urls(page, target, link):
    assert explore_table.href(page, target) == link


# --------------------------------------------------------------------------- the map


def test_map_graph_has_uses_includes_and_relates_edges(model):
    graph = explore_map.library_graph(model)
    assert ("library:loop-library/alpha.yaml", "pattern:reflection-loop", "uses") in graph.edges
    assert ("composition:loop-library/compositions/pair.yaml", "library:loop-library/alpha.yaml",
            "includes") in graph.edges
    assert ("case-study:case-studies/study.yaml", "pattern:reflection-loop", "uses") in graph.edges
    assert not any(a == b for a, b, _ in graph.edges)


def test_patterns_relate_to_the_patterns_their_spec_lists(repo_model):
    graph = explore_map.library_graph(repo_model)
    assert ("pattern:reflection-loop", "pattern:verification-loop", "relates to") in graph.edges


def test_map_svg_has_title_desc_and_a_link_per_node(model):
    graph = explore_map.library_graph(model)
    svg = explore_map.map_svg(graph, "map.md", "The map", explore_map.describe(graph))
    assert svg.count("<a xlink:href=") == len(graph.nodes) == 5
    assert '<title id="loop-map-title">The map</title>' in svg and '<desc id="loop-map-desc">' in svg
    assert 'aria-labelledby="loop-map-title loop-map-desc"' in svg
    assert 'xlink:href="../patterns/reflection-loop/"' in svg


def test_map_layout_puts_each_kind_in_its_own_column_without_overlap(repo_model):
    graph = explore_map.library_graph(repo_model)
    positions = explore_map.layered_layout(graph)
    columns = {}
    for node_id, (x, _) in positions.items():
        columns.setdefault(graph.nodes[node_id].kind, set()).add(x)
    assert all(len(xs) == 1 for xs in columns.values())
    assert len(set(positions.values())) == len(positions)
    assert sorted(columns, key=lambda k: min(columns[k])) == ["case-study", "pattern", "library", "composition"]


def test_map_labels_are_escaped():
    graph = explore_map.Graph()
    graph.nodes["pattern:x"] = explore_map.Node("pattern:x", "pattern", '<script>alert(1)</script>', 'patterns/x".md')
    svg = explore_map.map_svg(graph, "map.md", "<b>t</b>", "&desc")
    assert "<script" not in svg and "<b>" not in svg and "&amp;desc" in svg and 'x"/' not in svg


def test_neighbourhood_keeps_the_pattern_and_what_touches_it(model):
    small = explore_map.neighbourhood(explore_map.library_graph(model), "pattern:reflection-loop")
    assert "composition:loop-library/compositions/pair.yaml" in small.nodes
    touching = {a for a, b, _ in small.edges if b == "pattern:reflection-loop"}
    assert set(small.nodes) - {"pattern:reflection-loop"} <= touching
    assert ("composition:loop-library/compositions/pair.yaml", "library:loop-library/alpha.yaml",
            "includes") in small.edges   # edges among the neighbours stay


def test_neighbourhood_of_an_unknown_pattern_is_an_error(model):
    with pytest.raises(ValueError, match="no pattern 'nope'"):
        neighbourhood_block(model, "map.md", "nope")


def test_pattern_pages_get_their_neighbourhood_unless_they_place_it(model):
    entry = model.pattern("reflection-loop")
    assert "Neighbourhood on the map" in pattern_appendix(entry, model, "# Reflection\n")
    assert pattern_appendix(entry, model, "<!-- loop:neighbourhood -->\n") == ""
    assert pattern_appendix(model.entry("loop-library/alpha.yaml"), model, "# Alpha\n") == ""


# --------------------------------------------------------------------------- the chooser


@pytest.mark.parametrize("outcome", chooser.OUTCOMES, ids=lambda o: o.pattern)
def test_chooser_never_recommends_a_pattern_its_spec_contradicts(repo_model, outcome):
    assert chooser.contradictions(outcome, repo_model.pattern(outcome.pattern)) == []


def test_a_contradicting_answer_is_caught(repo_model):
    wrong = chooser.Outcome({"human_approval": True, "independent_judge": True}, "reflection-loop", "")
    problems = chooser.contradictions(wrong, repo_model.pattern("reflection-loop"))
    assert len(problems) == 2 and "human_approval" in problems[0]
    strict_no = chooser.Outcome({"human_approval": False}, "human-in-the-loop", "")
    assert "answers no" in chooser.contradictions(strict_no, repo_model.pattern("human-in-the-loop"))[0]


def test_chooser_paths_are_a_complete_decision_tree():
    # Every combination of answers lands on exactly one outcome: no gap, no overlap.
    import itertools
    keys = [q.key for q in chooser.QUESTIONS]
    for combination in itertools.product([True, False], repeat=len(keys)):
        answers = dict(zip(keys, combination, strict=True))
        landed = [o for o in chooser.OUTCOMES if all(answers[k] == v for k, v in o.answers.items())]
        assert len(landed) == 1, (answers, [o.pattern for o in landed])


def test_chooser_page_shows_level_from_the_classifier_and_the_starter_command(repo_model):
    out = chooser.render_chooser(repo_model, "choose-a-pattern.md")
    level = repo_model.pattern("debate-loop").verdict.level
    assert f"L{level} " in out and "loopctl new --pattern debate-loop --name my-loop" in out
    assert out.count("<tr data-answers=") == len(chooser.OUTCOMES)
    assert '<a href="../patterns/debate-loop/">debate-loop</a>' in out


def test_every_outcome_names_a_pattern_with_a_spec(repo_model):
    assert all(repo_model.pattern(o.pattern) is not None for o in chooser.OUTCOMES)


# --------------------------------------------------------------------------- field paths


def test_field_paths_follow_refs_and_list_items():
    paths = dict(field_index.field_paths(load_schema("1.1")))
    assert paths["cost_limits.per_iteration_usd"] == "CostLimits"
    assert "workers[].model.provider" in paths and "termination_conditions.failure[].type" in paths
    assert paths["loop_name"] == ""


def test_field_index_has_a_heading_per_dotted_path_linking_to_the_reference():
    out = field_index.render_field_index(load_schema("1.1"))
    assert "## cost&#95;limits\n" in out
    assert "### cost&#95;limits&#46;per&#95;iteration&#95;usd\n" in out
    assert "Defined in [CostLimits](lss-fields.md#costlimits)." in out
    assert "### cost&#95;limits\n" not in out    # the top-level field is its section, not a heading twice


# --------------------------------------------------------------------------- placeholders


def test_neighbourhood_placeholder_off_a_pattern_page_is_a_located_error(model):
    from loopctl.render.placeholders import Context, PlaceholderError, expand
    context = Context("catalog.md", model, source="docs/catalog.md")
    with pytest.raises(PlaceholderError, match=r"docs/catalog.md:3: loop:neighbourhood: without pattern="):
        expand("# Catalog\n\n<!-- loop:neighbourhood -->\n", context)


def test_neighbourhood_placeholder_on_a_pattern_page_draws_its_own_pattern(model):
    from loopctl.render.placeholders import Context, expand
    entry = model.pattern("reflection-loop")
    out = expand("<!-- loop:neighbourhood -->\n", Context(entry.page, model, own=entry))
    assert "Neighbourhood of the pattern reflection-loop" in out and "<svg" in out
