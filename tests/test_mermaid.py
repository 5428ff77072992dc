"""Diagrams show the real structure, match golden files, keep every label's full text, and no spec text can
break out of a label. Overview and detailed drawings share node ids, so nodes can link to the page."""

import copy
import re

import pytest

from conftest import FIXTURES, REPO
from loopctl.model import SpecView
from loopctl.render.mermaid import LINE_BREAK, anchor_id, diagram, direction, label, node_targets, overview, wrap

GOLDEN = FIXTURES / "golden"


def check_golden(produced: str, name: str, request) -> None:
    """Compare with ``tests/fixtures/golden/<name>``; a missing golden file fails unless --update-golden."""
    golden = GOLDEN / name
    if request.config.getoption("--update-golden", default=False):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run pytest --update-golden and review the new file"
    assert produced == golden.read_text(encoding="utf-8"), "run pytest --update-golden and review the diff"


def library_document(relative: str):
    from loopctl.level import child_loader
    from loopctl.validate import SpecStore
    store = SpecStore(display_base=REPO)
    document = store.validate(REPO / relative).document
    return document.data, child_loader(store, document)


def chain_spec(minimal: dict, length: int) -> dict:
    spec = copy.deepcopy(minimal)
    first = spec["workers"][0]
    spec["workers"] = []
    for index in range(length):
        worker = copy.deepcopy(first)
        worker["id"] = f"step-{index}"
        worker["inputs"] = [{"from": "inputs.text"}] if index == 0 else [{"from": f"workers.step-{index - 1}"}]
        if index:
            worker["depends_on"] = [f"step-{index - 1}"]
        spec["workers"].append(worker)
    for evaluator in spec["evaluators"]:
        evaluator["runs_after"] = [f"step-{length - 1}"]
    spec["feedback_channels"][0]["destination"] = "workers.step-0"
    spec["optimization_strategy"]["config"]["refinement_target"] = "workers.step-0"
    return spec


# --------------------------------------------------------------------------- golden files


def test_minimal_detailed_diagram_matches_golden(minimal_spec, request):
    check_golden(diagram(minimal_spec), "minimal.mmd", request)


def test_minimal_overview_matches_golden(minimal_spec, request):
    check_golden(overview(minimal_spec), "minimal.overview.mmd", request)


@pytest.mark.parametrize("relative", [
    "loop-library/coding-agent.yaml", "patterns/reflection-loop.yaml", "case-studies/alphago-self-play.yaml",
    "loop-library/compositions/code-debug-repair.yaml", "loop-library/compositions/scenario-swarm-rehearsal.yaml",
    "loop-library/compositions/research-to-writing.yaml",
])
def test_library_diagrams_match_golden(relative, request):
    data, loader = library_document(relative)
    stem = relative.rsplit("/", 1)[-1][: -len(".yaml")]
    check_golden(diagram(data, loader), f"{stem}.mmd", request)
    check_golden(overview(data, loader), f"{stem}.overview.mmd", request)


def test_missing_golden_file_fails(request, tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.GOLDEN", tmp_path)
    if request.config.getoption("--update-golden", default=False):
        pytest.skip("golden files are being rewritten")
    with pytest.raises(AssertionError, match="missing"):
        check_golden("flowchart TD\n", "absent.mmd", request)
    assert not (tmp_path / "absent.mmd").exists()


# --------------------------------------------------------------------------- structure


def test_feedback_is_a_labelled_back_edge_to_its_destination(minimal_spec):
    text = diagram(minimal_spec)
    assert re.search(r'e1 -\. "judge_to_writer:<br>dimension_scores,<br>remediation_hints" \.-> w0', text)


def test_detailed_diagram_names_every_feedback_field(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    spec["feedback_channels"][0]["fields"] = ["alpha", "beta", "gamma", "delta", "epsilon"]
    assert "epsilon" in diagram(spec)


def test_overview_has_one_node_per_worker_evaluator_feedback_group_and_exit(minimal_spec):
    spec = copy.deepcopy(minimal_spec)
    extra = copy.deepcopy(spec["feedback_channels"][0])
    extra["id"] = "length_to_writer"
    extra["source"] = "evaluators.length"
    spec["feedback_channels"].append(extra)
    text = overview(spec)
    nodes = re.findall(r"^\s*(\w+)[\[({/]", text, re.MULTILINE)
    assert sorted(nodes) == sorted(["w0", "e0", "e1", "o1", "fb2", "t3"])
    assert "feedback: judge_to_writer, length_to_writer" in text.replace(LINE_BREAK, " ")
    assert "Write the summary" not in text, "the overview names workers by id; roles are in the detailed view"


def test_overview_and_detailed_diagram_share_worker_and_evaluator_node_ids(minimal_spec):
    ids = set(node_targets(minimal_spec))
    for text in (overview(minimal_spec), diagram(minimal_spec)):
        drawn = set(re.findall(r"^\s*([we]\d+)[\[{]", text, re.MULTILINE))
        assert drawn == ids == {"w0", "e0", "e1"}


def test_node_targets_link_to_worker_and_evaluator_anchors_with_full_text(minimal_spec):
    targets = node_targets(minimal_spec)
    assert targets["w0"] == {"anchor": "worker-writer", "text": "writer: Write the summary"}
    assert targets["e1"] == {"anchor": "evaluator-judge", "text": "judge (llm_rubric)"}


@pytest.mark.parametrize("ident, expected", [
    ("plan_step-2", "worker-plan_step-2"), ('x" onclick="a', "worker-x--onclick--a"), ("Ünï", "worker--n-"),
])
def test_anchor_ids_keep_only_safe_characters(ident, expected):
    assert anchor_id("worker", ident) == expected


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
    shown = text.replace("<br>", " ")  # labels wrap at 32 characters
    assert text.count("subgraph c") == 2 and "dissent preserved" in shown and "fan out" in shown
    short = overview(spec, child_loader(store, document))
    assert "subgraph" not in short and short.replace(LINE_BREAK, " ").count("(branch): minimal-loop") == 2


# --------------------------------------------------------------------------- shape and size


def test_long_chain_is_drawn_left_to_right(minimal_spec):
    assert direction(SpecView(chain_spec(minimal_spec, 8))) == "LR"
    assert overview(chain_spec(minimal_spec, 8)).startswith("flowchart LR")


def test_short_loop_is_drawn_top_down(minimal_spec):
    assert direction(SpecView(minimal_spec)) == "TD"
    assert diagram(minimal_spec).startswith("flowchart TD")


def test_three_thousand_step_chain_draws_every_step_once(minimal_spec):
    # Issue 9, class 8: such a spec must not recurse or blow up; the time is measured in benchmarks/diagrams.py.
    spec = chain_spec(minimal_spec, 3000)
    text = diagram(spec)
    assert text.count(":::worker") == 3000
    assert "step-2998 --> w2999" not in text and "w2998 --> w2999" in text
    assert overview(spec).count(":::worker") == 3000


# --------------------------------------------------------------------------- labels


def test_long_label_is_wrapped_and_keeps_its_full_text():
    text = "Read the relevant code, then produce a file-touch plan and the interfaces to change"
    wrapped = label(text)
    assert "…" not in wrapped and LINE_BREAK in wrapped
    assert wrapped.replace(LINE_BREAK, " ") == text
    assert all(len(line) <= 32 for line in wrapped.split(LINE_BREAK))


def test_word_longer_than_a_line_is_split_not_cut():
    word = "x" * 80
    assert "".join(wrap(word, 32)) == word and max(len(line) for line in wrap(word, 32)) == 32


def test_label_folds_line_breaks_into_spaces():
    assert label("a\nb\r\nc") == "a b c"


@pytest.mark.parametrize("hostile", [
    'x"]\nclick w3 call alert(1)\n%%{init: {"securityLevel": "loose"}}%%',
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ config }}", "a | b", "javascript:alert(1)",
    "<br>", "x" * 40 + "<br" + ">",
])
def test_hostile_labels_cannot_escape(minimal_spec, hostile):
    spec = copy.deepcopy(minimal_spec)
    spec["workers"][0]["role"] = hostile
    spec["feedback_channels"][0]["fields"] = [hostile]
    for text in (diagram(spec), overview(spec)):
        for line in text.splitlines():
            assert not line.strip().startswith(("click", "%%"))
        assert "<script" not in text and "<img" not in text
        for quoted in re.findall(r'"([^"]*)"', text):
            rest = quoted.replace(LINE_BREAK, "")
            assert "<" not in rest and "{" not in rest and "|" not in rest and "%" not in rest


def test_both_drawings_never_raise_on_any_structure():
    from hypothesis import HealthCheck, given, settings

    from test_properties import SPECS

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(SPECS)
    def draw(data):
        assert overview(data).startswith("flowchart ") and diagram(data).startswith("flowchart ")
        node_targets(data)

    draw()
