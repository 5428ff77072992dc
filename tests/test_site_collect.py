"""The site model: every spec found, validated once, analysed when valid, compositions linked both ways."""

from __future__ import annotations

from loopctl.site.collect import collect
from spec_tree import write_tree


def test_every_spec_is_found_with_its_kind_and_page(tmp_path):
    model = collect(write_tree(tmp_path))
    kinds = {source: entry.kind for source, entry in model.entries.items()}
    assert kinds == {
        "case-studies/study.yaml": "case-study",
        "loop-library/alpha.yaml": "library",
        "loop-library/beta.yaml": "library",
        "loop-library/compositions/pair.yaml": "composition",
        "patterns/reflection-loop.yaml": "pattern",
    }
    assert model.entry_for_page("loop-library/compositions/pair.md").name == "pair"


def test_companion_page_is_detected_only_when_it_exists(tmp_path):
    model = collect(write_tree(tmp_path))
    assert model.entry("loop-library/alpha.yaml").companion == "loop-library/alpha.md"
    assert model.entry("loop-library/beta.yaml").companion is None


def test_valid_specs_are_analysed_once_with_level_score_and_diagram(tmp_path):
    model = collect(write_tree(tmp_path))
    alpha = model.entry("loop-library/alpha.yaml")
    assert alpha.valid and alpha.verdict.level == 2 and alpha.verdict.agrees
    assert 0 <= alpha.card.les <= 1 and alpha.card.estimate
    assert alpha.diagram.startswith("flowchart")


def test_composition_links_children_and_children_link_back(tmp_path):
    model = collect(write_tree(tmp_path))
    pair = model.entry("loop-library/compositions/pair.yaml")
    assert [(c.id, c.source) for c in pair.children] == [("first", "loop-library/alpha.yaml"),
                                                         ("second", "loop-library/beta.yaml")]
    assert model.entry("loop-library/alpha.yaml").parents == ["loop-library/compositions/pair.yaml"]
    assert pair.verdict.level == 3


def test_invalid_spec_is_kept_with_its_errors_and_not_analysed(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "broken.yaml").write_text("loop_name: broken\nworkers: [\n", encoding="utf-8")
    model = collect(root)
    broken = model.entry("loop-library/broken.yaml")
    assert not broken.valid and broken.verdict is None and broken.card is None and broken.diagram is None
    assert broken.result.errors[0].file == "loop-library/broken.yaml"
    assert model.errors and all(d.file == "loop-library/broken.yaml" for d in model.errors)


def test_patterns_lookup(tmp_path):
    model = collect(write_tree(tmp_path))
    assert model.pattern_page("reflection-loop") == "patterns/reflection-loop.md"
    assert model.pattern_page("debate-loop") is None
    assert {e.name for e in model.using_pattern("critique-loop")} == {"beta"}
