"""validate_paths: the same findings as one SpecStore, in the order of the paths, without keeping documents."""

import functools
from pathlib import Path

from loopctl.validate import SpecStore, validate_paths

REPO = Path(__file__).resolve().parent.parent


def _paths():
    # Children first, then the compositions that need their data again after it was dropped.
    return sorted(REPO.glob("loop-library/*.yaml")) + sorted(REPO.glob("loop-library/compositions/*.yaml"))


def _findings(results):
    return [(r.path, r.display, r.diagnostics) for r in results]


def test_results_match_one_store_and_keep_the_order_of_the_paths():
    paths = _paths()
    store = SpecStore(root=REPO)
    expected = [(p.resolve(), store.validate(p).display, store.validate(p).diagnostics) for p in paths]
    got = validate_paths(functools.partial(SpecStore, root=REPO), paths)
    assert _findings(got) == expected


def test_results_hold_no_documents_and_text_only_for_files_with_findings(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text((REPO / "loop-library" / "coding-agent.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("loop_name: [unclosed\n", encoding="utf-8")
    good_result, bad_result = validate_paths(functools.partial(SpecStore, root=tmp_path), [good, bad])
    assert good_result.document is None and bad_result.document is None
    assert good_result.text is None and not good_result.diagnostics
    assert bad_result.text == "loop_name: [unclosed\n" and bad_result.errors


def test_several_processes_give_the_same_results_in_the_same_order():
    paths = _paths() * 8  # enough files for two processes
    factory = functools.partial(SpecStore, root=REPO)
    assert _findings(validate_paths(factory, paths, jobs=2)) == _findings(validate_paths(factory, paths, jobs=1))


def test_a_composition_sees_its_childs_data_after_the_child_was_dropped():
    store = SpecStore(root=REPO)
    child = REPO / "loop-library" / "research-agent.yaml"
    store.validate(child)
    store.drop_documents()
    assert store.validate(child).document is not None
