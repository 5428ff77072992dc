"""The lean subcommands end to end: what they print, what they write, and their exit codes."""

import json
import os

import yaml

from conftest import REPO
from loopctl.cli import main
from loopctl.lssmin.minify import FORMAT_VERSION
from loopctl.validate import SpecStore

PATTERN = REPO / "patterns" / "critique-loop.yaml"
OTHER = REPO / "patterns" / "research-loop.yaml"


def test_minify_then_expand_restores_the_spec(tmp_path, capsys):
    packed, restored = tmp_path / "c.min.json", tmp_path / "critique-loop.yaml"
    assert main(["minify", str(PATTERN), "-o", str(packed)]) == 0
    assert json.loads(packed.read_text())["~v"] == FORMAT_VERSION
    assert main(["expand", str(packed), "-o", str(restored)]) == 0
    assert yaml.safe_load(restored.read_text()) == yaml.safe_load(PATTERN.read_text())
    assert main(["expand", str(packed), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == yaml.safe_load(PATTERN.read_text())


def test_minify_with_a_budget_reports_drops_on_stderr(capsys):
    assert main(["minify", str(PATTERN), "--max-tokens", "600"]) == 0
    captured = capsys.readouterr()
    assert "dropped [" in captured.err and json.loads(captured.out)["~v"] == FORMAT_VERSION


def test_an_unreachable_budget_exits_1_with_the_smallest_size(capsys):
    assert main(["minify", str(PATTERN), "--max-tokens", "20"]) == 1
    assert "unreachable" in capsys.readouterr().err


def test_expand_refuses_a_plain_spec(capsys):
    assert main(["expand", str(PATTERN)]) == 1
    assert "not LSS-min" in capsys.readouterr().err


def test_combine_writes_a_valid_composition_and_reports(tmp_path, capsys):
    out = tmp_path / "pipelines" / "critique-then-research.yaml"
    root = os.path.commonpath([str(tmp_path.resolve()), str(PATTERN.resolve())])
    assert main(["combine", str(PATTERN), str(OTHER), "--mode", "sequential", "-o", str(out), "--root", root]) == 0
    result = SpecStore(root=root).validate(out)
    assert result.errors == [] and result.warnings == [], result.diagnostics
    assert main(["validate", "--strict", "--root", root, str(out)]) == 0


def test_combine_flat_reports_renames(tmp_path, capsys):
    out = tmp_path / "same-twice.yaml"
    copy = tmp_path / "critique-copy.yaml"
    data = yaml.safe_load(PATTERN.read_text())
    data["loop_name"] = "critique-copy"
    copy.write_text(yaml.safe_dump(data, sort_keys=False))
    assert main(["combine", str(PATTERN), str(copy), "--flat", "-o", str(out)]) == 0
    assert "renamed in critique-copy: workers." in capsys.readouterr().err
    assert main(["validate", "--strict", str(out)]) == 0


def test_combine_with_a_budget_writes_lss_min(tmp_path, capsys):
    out = tmp_path / "tight-pair.json"
    assert main(["combine", str(PATTERN), str(OTHER), "--flat", "--max-tokens", "1500", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["~v"] == FORMAT_VERSION


def test_combine_usage_errors_exit_2(tmp_path, capsys):
    assert main(["combine", str(PATTERN)]) == 2
    assert main(["combine", str(PATTERN), str(tmp_path / "missing.yaml")]) == 2


def test_tokens_prints_counts_and_json(capsys):
    assert main(["tokens", str(PATTERN), str(OTHER)]) == 0
    out = capsys.readouterr().out
    assert "total" in out and "cl100k_base" in out
    assert main(["tokens", "--json", str(PATTERN)]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["tokens"] > 0 and row["authors_estimate"] > 0 and row["encoding"] == "cl100k_base"


def test_new_writes_a_strictly_valid_spec(tmp_path, capsys):
    out = tmp_path / "loop-library" / "campaign-plan.yaml"
    assert main(["new", "Plan a marketing campaign for our product launch", "-o", str(out), "--explain"]) == 0
    err = capsys.readouterr().err
    assert "planning-loop" in err and "wrote" in err
    data = yaml.safe_load(out.read_text())
    assert data["loop_name"] == "campaign-plan" and data["metadata"]["patterns"][0] == "planning-loop"
    assert main(["validate", "--strict", str(out)]) == 0


def test_new_from_a_named_pattern(tmp_path):
    out = tmp_path / "notes.yaml"
    assert main(["new", "--pattern", "debate-loop", "--name", "house-debate", "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text())
    assert data["loop_name"] == "house-debate" and data["metadata"]["patterns"][0] == "debate-loop"


def test_new_usage_errors_exit_2(capsys):
    assert main(["new"]) == 2
    assert main(["new", "--pattern", "no-such-loop"]) == 2
    assert main(["new", "short"]) == 2


def test_new_does_not_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "kept-loop.yaml"
    out.write_text("mine\n")
    assert main(["new", "Proofread and edit my cover letter", "-o", str(out)]) == 2
    assert out.read_text() == "mine\n"
    assert main(["new", "Proofread and edit my cover letter", "-o", str(out), "--force"]) == 0
    assert main(["validate", "--strict", str(out)]) == 0


def test_combine_creates_a_missing_output_folder_relative_to_the_working_directory(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    for source in (PATTERN, OTHER):
        (project / "specs" / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["combine", "specs/critique-loop.yaml", "specs/research-loop.yaml", "-o", "new-folder/x-y.yaml"]) == 0
    out = project / "new-folder" / "x-y.yaml"
    assert [c["ref"] for c in yaml.safe_load(out.read_text())["composition"]["children"]] == [
        "../specs/critique-loop.yaml", "../specs/research-loop.yaml"]
    assert main(["validate", "--strict", str(out)]) == 0


def test_combine_refuses_an_output_name_that_is_not_a_loop_name(tmp_path):
    try:
        code = main(["combine", str(PATTERN), str(OTHER), "-o", str(tmp_path / "Bad Name.yaml")])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2 and not (tmp_path / "Bad Name.yaml").exists()
