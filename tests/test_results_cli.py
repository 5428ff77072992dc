"""loopctl results check|rank: formats, exit codes and the rank JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO
from loopctl.cli import main

PUBLISHED = str(REPO / "loop-library" / "results" / "loopbench.results.json")


def test_check_published_file_exits_zero(capsys):
    assert main(["results", "check", PUBLISHED, "--root", str(REPO)]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_check_strict_fails_on_the_published_warnings(capsys):
    assert main(["results", "check", "--strict", PUBLISHED]) == 1


def test_check_json_format_follows_the_validate_contract(capsys):
    main(["results", "check", "--format", "json", PUBLISHED])
    payload = json.loads(capsys.readouterr().out)
    assert payload["files"] == 1 and payload["errors"] == 0 and payload["warnings"] > 0
    assert set(payload["diagnostics"][0]) == {"file", "line", "column", "severity", "rule", "message", "hint",
                                              "pointer", "end_line", "end_column", "url"}


def test_check_github_format_prints_annotations(capsys):
    main(["results", "check", "--format", "github", PUBLISHED])
    assert "::warning file=" in capsys.readouterr().out


def test_check_tampered_file_exits_one_with_a_located_error(tmp_path, capsys):
    data = json.loads(Path(PUBLISHED).read_text(encoding="utf-8"))
    data["entries"][0]["spec_path"] = "javascript:alert(1)"
    path = tmp_path / "bad.results.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert main(["results", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error[results.spec-path]" in out and "bad.results.json:" in out


def test_check_missing_file_exits_two(tmp_path, capsys):
    assert main(["results", "check", str(tmp_path / "none.json")]) == 2


def test_check_not_json_is_a_located_diagnostic(tmp_path, capsys):
    path = tmp_path / "x.results.json"
    path.write_text("{\"entries\": [", encoding="utf-8")
    assert main(["results", "check", str(path)]) == 1
    assert "yaml.syntax" in capsys.readouterr().out


def test_rank_json_contract(capsys):
    assert main(["results", "rank", "--json", PUBLISHED]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert len(rows) == 6
    assert set(rows[0]) == {"rank", "submitter", "spec", "composite", "recomputed", "partial", "suites"}
    by_name = {r["submitter"]: r for r in rows}
    assert by_name["Loop Engineering maintainer"]["recomputed"] == 0.8671
    assert by_name["Team Thorough"]["composite"] == 0.8642 and by_name["Team Thorough"]["recomputed"] == 0.8691


def test_rank_refuses_a_file_with_errors(tmp_path, capsys):
    path = tmp_path / "x.results.json"
    path.write_text(json.dumps({"version": "0.2.0", "entries": [{"submitter": 3}]}), encoding="utf-8")
    assert main(["results", "rank", str(path)]) == 1
