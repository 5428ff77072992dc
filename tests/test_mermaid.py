"""Diagrams show the real structure, match golden files, and no spec text can break out of a label."""

import copy
import re
from pathlib import Path

import pytest

from conftest import FIXTURES
from loopctl.render.mermaid import diagram, label

GOLDEN = FIXTURES / "golden"


def test_minimal_diagram_matches_golden(minimal_spec, request):
    produced = diagram(minimal_spec)
    golden = GOLDEN / "minimal.mmd"
    if request.config.getoption("--update-golden", default=False) or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_feedback_is_a_labelled_back_edge_to_its_destination(minimal_spec):
    text = diagram(minimal_spec)
    assert re.search(r'e\d+ -\. "judge_to_writer: dimension_scores, remediation_hints" \.-> w\d+', text)


@pytest.mark.parametrize("hostile", [
    'x"]\nclick w3 call alert(1)\n%%{init: {"securityLevel": "loose"}}%%',
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ config }}", "a | b", "javascript:alert(1)",
])
def test_hostile_labels_cannot_escape(minimal_spec, hostile):
    spec = copy.deepcopy(minimal_spec)
    spec["workers"][0]["role"] = hostile
    text = diagram(spec)
    for line in text.splitlines():
        assert not line.strip().startswith(("click", "%%"))
    assert "<script" not in text and "<img" not in text
    for quoted in re.findall(r'"([^"]*)"', text):
        assert "<" not in quoted and "{" not in quoted and "|" not in quoted and "%" not in quoted


def test_label_is_one_line_and_bounded():
    assert "\n" not in label("a\nb\nc") and len(label("x" * 500)) <= 60


def test_composition_draws_children_as_subgraphs(write_spec, minimal_spec):
    from loopctl.level import child_loader
    from loopctl.validate import SpecStore
    write_spec(minimal_spec, "child.yaml")
    spec = copy.deepcopy(minimal_spec)
    spec["composition"] = {"type": "parallel", "merge": {"strategy": "synthesize", "preserve_dissent": True},
                           "children": [{"id": "a", "ref": "child.yaml", "role": "branch"},
                                        {"id": "b", "ref": "child.yaml", "role": "branch"}]}
    path = write_spec(spec, "comp.yaml")
    store = SpecStore(display_base=path.parent)
    document = store.validate(path).document
    text = diagram(spec, child_loader(store, document))
    assert text.count("subgraph c") == 2 and "dissent preserved" in text and "fan out" in text


@pytest.mark.parametrize("name", ["code-debug-repair", "scenario-swarm-rehearsal", "research-to-writing"])
def test_library_composition_diagrams_match_golden(name, request):
    from conftest import REPO
    from loopctl.level import child_loader
    from loopctl.validate import SpecStore
    path = REPO / "loop-library" / "compositions" / f"{name}.yaml"
    store = SpecStore(display_base=REPO)
    document = store.validate(path).document
    produced = diagram(document.data, child_loader(store, document))
    golden = GOLDEN / f"{name}.mmd"
    if request.config.getoption("--update-golden", default=False) or not golden.exists():
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), "run pytest --update-golden and review the diff"
