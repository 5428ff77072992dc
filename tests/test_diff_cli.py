"""``loopctl diff``: two files or git revisions, three formats, --fail-on breaking, and its usage errors."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import FIXTURES
from loopctl.cli import main

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
LOOSER = MINIMAL.replace("{type: max_iterations, value: 5, action: halt}",
                         "{type: max_iterations, value: 50, action: halt}")


@pytest.fixture
def versions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(LOOSER, encoding="utf-8")
    return tmp_path


def test_a_looser_iteration_bound_is_breaking_in_text(versions, capsys):
    assert main(["diff", "old.yaml", "new.yaml"]) == 0
    out = capsys.readouterr().out
    assert "BREAKING" in out and "iteration bound 5 -> 50" in out and out.rstrip().endswith("1 breaking, 0 compatible")


def test_fail_on_breaking_exits_1_only_when_a_change_breaks(versions):
    assert main(["diff", "old.yaml", "new.yaml", "--fail-on", "breaking"]) == 1
    assert main(["diff", "new.yaml", "old.yaml", "--fail-on", "breaking"]) == 0  # a tighter bound is compatible


def test_json_and_markdown_formats(versions, capsys):
    main(["diff", "old.yaml", "new.yaml", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["breaking"] == 1 and payload["changes"][0]["rule"] == "looser-bound"
    assert payload["before"]["level"] == payload["after"]["level"]
    main(["diff", "old.yaml", "new.yaml", "--format", "markdown"])
    assert "| ⚠️ breaking | `termination_conditions` |" in capsys.readouterr().out


def test_an_invalid_version_is_reported_with_its_diagnostics(versions, capsys):
    (versions / "new.yaml").write_text("loop_name: [\n", encoding="utf-8")
    assert main(["diff", "old.yaml", "new.yaml"]) == 1
    assert "error[yaml." in capsys.readouterr().err


def test_a_missing_file_is_a_usage_error(versions, capsys):
    assert main(["diff", "old.yaml", "gone.yaml"]) == 2


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A throwaway git repository whose main branch holds the old version and whose work tree the new one."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "loop-library").mkdir(parents=True)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = repo / "loop-library" / "x.yaml"
    spec.write_text(MINIMAL, encoding="utf-8")
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "first"]):
        subprocess.run([git, *command], cwd=repo, check=True)
    spec.write_text(LOOSER, encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


def test_a_git_revision_is_read_with_git_show(repository, capsys):
    assert main(["diff", "main:loop-library/x.yaml", "loop-library/x.yaml", "--fail-on", "breaking"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("main:loop-library/x.yaml -> loop-library/x.yaml") and "iteration bound 5 -> 50" in out


def test_a_revision_that_does_not_exist_is_a_usage_error(repository, capsys):
    assert main(["diff", "no-such-branch:loop-library/x.yaml", "loop-library/x.yaml"]) == 2
    assert "no such revision or file in git: no-such-branch:loop-library/x.yaml" in capsys.readouterr().err
    assert main(["diff", "main:loop-library/missing.yaml", "loop-library/x.yaml"]) == 2
