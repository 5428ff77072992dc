"""Composition refs are confined to the project root: absolute or escaping refs are located errors, never opened."""

import copy
import os

import pytest

from loopctl import inputs
from loopctl.cli import main
from loopctl.validate import SpecStore


def _composition(minimal_spec, refs):
    spec = copy.deepcopy(minimal_spec)
    spec["loop_name"] = "composed"
    spec["composition"] = {"type": "sequential",
                           "children": [{"id": f"c{i}", "ref": ref} for i, ref in enumerate(refs)],
                           "adapters": [{"from": "children.c0.outputs.writer", "to": "children.c1.inputs.text"}]}
    return spec


@pytest.fixture
def project(tmp_path, write_spec, minimal_spec):
    """A project folder (marked by pyproject.toml) with a valid child, and a secret spec outside it."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "pyproject.toml").write_text("", encoding="utf-8")
    write_spec(minimal_spec, "proj/lib/child.yaml")
    write_spec(minimal_spec, "secret.yaml")
    return tmp_path / "proj"


def _outside(result):
    return [d for d in result.errors if d.rule == "comp.ref-outside-root"]


def test_refs_inside_the_project_resolve_and_pass(project, write_spec, minimal_spec):
    path = write_spec(_composition(minimal_spec, ["../lib/child.yaml", "../lib/child.yaml"]), "proj/flows/c.yaml")
    assert SpecStore().validate(path).errors == []


@pytest.mark.parametrize("ref", ["../../secret.yaml", "../../../../../../../../etc/passwd", "/etc/passwd",
                                 "lib/../../../secret.yaml"])
def test_a_ref_outside_the_project_is_a_located_error_at_the_ref(project, write_spec, minimal_spec, ref):
    path = write_spec(_composition(minimal_spec, [ref, "../lib/child.yaml"]), "proj/flows/c.yaml")
    result = SpecStore().validate(path)
    found = _outside(result)
    assert len(found) == 1 and found[0].pointer == "/composition/children/0/ref"
    line = path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert ref in line
    assert not any(d.rule == "comp.child" and "c0" in d.message for d in result.errors)


def test_a_symlink_that_leads_outside_the_project_is_refused(project, write_spec, minimal_spec, tmp_path):
    os.symlink(tmp_path / "secret.yaml", project / "lib" / "innocent.yaml")
    path = write_spec(_composition(minimal_spec, ["../lib/innocent.yaml", "../lib/child.yaml"]), "proj/flows/c.yaml")
    assert len(_outside(SpecStore().validate(path))) == 1


def test_a_ref_outside_the_root_is_never_opened(project, write_spec, minimal_spec, tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.yaml")  # opening a FIFO with no writer would block the validator
    opened = []
    real = inputs.read_input

    def spy(name, *args, **kwargs):
        opened.append(os.path.basename(name))
        return real(name, *args, **kwargs)

    monkeypatch.setattr("loopctl.validate.read_input", spy)
    path = write_spec(_composition(minimal_spec, ["../../pipe.yaml", "../../secret.yaml"]), "proj/flows/c.yaml")
    result = SpecStore().validate(path)
    assert len(_outside(result)) == 2
    assert opened == ["c.yaml"]


def test_root_option_widens_the_project(project, write_spec, minimal_spec, tmp_path, capsys):
    path = write_spec(_composition(minimal_spec, ["../../secret.yaml", "../lib/child.yaml"]), "proj/flows/c.yaml")
    assert main(["validate", str(path)]) == 1
    assert "comp.ref-outside-root" in capsys.readouterr().out
    assert main(["validate", "--root", str(tmp_path), str(path)]) == 0


def test_without_a_project_marker_the_root_is_the_composing_files_folder(tmp_path, write_spec, minimal_spec):
    write_spec(minimal_spec, "a/child.yaml")
    write_spec(minimal_spec, "a/b/child.yaml")
    inside = write_spec(_composition(minimal_spec, ["b/child.yaml", "child.yaml"]), "a/inside.yaml")
    assert SpecStore().validate(inside).errors == []
    climbing = write_spec(_composition(minimal_spec, ["../child.yaml", "child.yaml"]), "a/b/climbing.yaml")
    assert len(_outside(SpecStore().validate(climbing))) == 1


def test_level_and_diagram_never_follow_a_ref_outside_the_root(project, write_spec, minimal_spec, capsys):
    path = write_spec(_composition(minimal_spec, ["../../secret.yaml", "../lib/child.yaml"]), "proj/flows/c.yaml")
    assert main(["level", str(path)]) == 1 and main(["diagram", str(path)]) == 1
    assert "comp.ref-outside-root" in capsys.readouterr().err


def test_a_root_that_is_not_a_folder_is_a_usage_error(project, tmp_path):
    path = project / "lib" / "child.yaml"
    try:
        code = main(["validate", "--root", str(tmp_path / "nowhere"), str(path)])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    assert main(["validate", "--root", str(project), str(path)]) == 0


@pytest.mark.parametrize("ref", ["a\x00b.yaml", "x" * 5000 + ".yaml", "loop1.yaml", "  ", "\ud800.yaml"],
                         ids=["nul", "too-long", "symlink-loop", "blank", "surrogate"])
def test_a_ref_that_is_no_usable_path_is_a_located_error_not_a_crash(project, minimal_spec, ref):
    import json
    folder = project / "flows"
    folder.mkdir()
    os.symlink("loop2.yaml", folder / "loop1.yaml")
    os.symlink("loop1.yaml", folder / "loop2.yaml")
    path = folder / "c.json"
    path.write_text(json.dumps(_composition(minimal_spec, [ref, "../lib/child.yaml"])), encoding="utf-8")
    result = SpecStore().validate(path)
    found = [d for d in result.errors if d.pointer == "/composition/children/0/ref"]
    assert len(found) == 1 and found[0].rule == "comp.child"
    assert main(["level", str(path)]) == 1
