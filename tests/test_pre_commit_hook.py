"""The pre-commit hook works in a repository that is not this one: specs are checked, other YAML is not.

A throwaway git repository outside this one installs ``loopctl-validate`` from
a clone of this repository at its HEAD commit (``.pre-commit-hooks.yaml`` as
published), then commits files: a valid spec passes, a broken spec fails, a
YAML file that is not a spec is left alone. pre-commit builds the hook's
environment with pip, so the first run needs PyPI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow


def _git(*args: str, cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def hooked(tmp_path_factory):
    """A throwaway repository with the hook installed from a clone of this repository's HEAD."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("pre-commit")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "PRE_COMMIT_HOME": str(base / "cache")}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    head = _git("rev-parse", "HEAD", cwd=REPO, env=env).stdout.strip()
    clone = base / "loopctl-clone"
    _git("clone", "-q", "--no-checkout", str(REPO), str(clone), cwd=base, env=env)
    repo = base / "elsewhere"
    repo.mkdir()
    _git("init", "-q", "-b", "main", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone}\n    rev: {head}\n    hooks:\n      - id: loopctl-validate\n", encoding="utf-8")
    _git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    _git("commit", "-q", "--no-verify", "-m", "config", cwd=repo, env=env)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    installed = subprocess.run([*pre_commit, "install", "--install-hooks"], cwd=repo, env=env, capture_output=True,
                               text=True, timeout=900)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo, env


def _commit(repo: Path, env: dict, name: str, text: str) -> subprocess.CompletedProcess:
    (repo / name).write_text(text, encoding="utf-8")
    _git("add", name, cwd=repo, env=env)
    return _git("commit", "-q", "-m", f"add {name}", cwd=repo, env=env, check=False)


def test_a_valid_spec_is_committed(hooked):
    repo, env = hooked
    done = _commit(repo, env, "minimal-loop.yaml", (FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_broken_spec_is_refused_with_its_diagnostic(hooked):
    repo, env = hooked
    broken = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("objective:", "objectif:")
    done = _commit(repo, env, "broken-loop.yaml", broken)
    assert done.returncode != 0
    assert "broken-loop.yaml:" in done.stdout + done.stderr
    _git("reset", "-q", "HEAD", "broken-loop.yaml", cwd=repo, env=env)
    (repo / "broken-loop.yaml").unlink()


def test_yaml_that_is_not_a_spec_is_left_alone(hooked):
    repo, env = hooked
    done = _commit(repo, env, "workflow.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
    assert done.returncode == 0, done.stdout + done.stderr
