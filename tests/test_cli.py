"""The command line: output formats, exit codes, strict mode, folders, and the schema command."""

import json

import yaml

from conftest import FIXTURES
from loopctl.cli import main


def test_clean_file_exits_0_with_summary(capsys):
    assert main(["validate", str(FIXTURES / "minimal.yaml")]) == 0
    assert capsys.readouterr().out.strip().endswith("1 file checked: no problems")


def test_text_format_shows_location_rule_source_caret_and_hint(write_spec, minimal_spec, capsys):
    minimal_spec["evaluators"][0]["runs_after"] = ["ghost"]
    path = write_spec(minimal_spec)
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{path}:") and "error[lss.dangling-ref]" in lines[0]
    assert "ghost" in lines[1] and lines[2].strip() == "^"
    assert lines[3].startswith("  hint: ")
    assert lines[-1] == "1 file checked: 1 error, 0 warnings"


def test_json_contract(write_spec, minimal_spec, capsys):
    minimal_spec["metrics"][0]["primary"] = False
    path = write_spec(minimal_spec)
    assert main(["validate", "--format", "json", str(path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["files"], payload["errors"], payload["warnings"]) == (1, 0, 1)
    assert set(payload["diagnostics"][0]) == {"file", "line", "column", "severity", "rule", "message", "hint",
                                              "pointer", "end_line", "end_column", "url"}


def test_strict_fails_on_warnings(write_spec, minimal_spec):
    minimal_spec["metrics"][0]["primary"] = False
    path = write_spec(minimal_spec)
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1


def test_github_annotations(write_spec, minimal_spec, capsys):
    minimal_spec["safety_constraints"][0]["applies_to"] = ["nobody"]
    path = write_spec(minimal_spec)
    main(["validate", "--format", "github", str(path)])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=") and "title=fail.safety_bypass" in first and ",line=" in first


def test_folders_are_searched_recursively(tmp_path, minimal_spec, capsys):
    for name in ("a/one.yaml", "a/b/two.yml", "a/b/c/three.json"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        spec = dict(minimal_spec, loop_name=path.stem + "-loop")
        path.write_text(json.dumps(spec) if name.endswith(".json") else yaml.safe_dump(spec))
    assert main(["validate", str(tmp_path / "a")]) == 0
    assert "3 files checked" in capsys.readouterr().out


def test_missing_path_is_a_usage_error(capsys):
    assert main(["validate", "does/not/exist.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_no_paths_is_a_usage_error():
    assert main(["validate"]) == 2


def test_schema_command_prints_each_version(capsys):
    for version in ("1.0", "1.1"):
        assert main(["schema", "--lss", version]) == 0
        schema = json.loads(capsys.readouterr().out)
        assert schema["$id"].endswith(f"lss-{version}.json")
        assert ("composition" in schema["properties"]) == (version == "1.1")


def test_list_rules(capsys):
    assert main(["validate", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "fail.tau_omission" in out and "yaml.duplicate-key" in out


def test_level_and_diagram_commands(capsys):
    assert main(["level", str(FIXTURES / "minimal.yaml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == 2
    assert main(["diagram", str(FIXTURES / "minimal.yaml")]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")


def test_analysis_of_an_invalid_spec_prints_diagnostics_and_exits_1(write_spec, capsys):
    path = write_spec("loop_name: x\n")
    assert main(["score", str(path)]) == 1
    assert "error[schema.required]" in capsys.readouterr().err


def test_python_dash_m_entry_point():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "loopctl", "validate", str(FIXTURES / "minimal.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0
