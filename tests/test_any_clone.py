"""The lean commands work from a fresh clone at any depth, run from any working directory."""

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(),
                                reason="needs git and a git checkout")


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """The committed HEAD of this checkout, cloned five levels under a fresh folder, with shared/ beside it."""
    top = tmp_path_factory.mktemp("fresh")
    deep = top / "one" / "two" / "three" / "four" / "five"
    deep.mkdir(parents=True)
    target = deep / "loop-engineering"
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(REPO), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "-q", head], check=True)
    shared = REPO.parent / "shared"
    if shared.is_dir():
        os.symlink(shared, deep / "shared")
    return target


@pytest.fixture
def run(clone, tmp_path):
    """Run the clone's loopctl from an unrelated working directory; return the finished process."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(clone / "src"))

    def loopctl(*args):
        return subprocess.run([sys.executable, "-m", "loopctl", *map(str, args)], cwd=elsewhere, env=env,
                              capture_output=True, text=True)
    return loopctl


def _ok(done):
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_minify_and_expand_round_trip_from_a_deep_clone(clone, run, tmp_path):
    source = clone / "patterns" / "critique-loop.yaml"
    packed, restored = tmp_path / "c.min.json", tmp_path / "critique-loop.yaml"
    _ok(run("minify", source, "-o", packed))
    _ok(run("expand", packed, "-o", restored))
    assert yaml.safe_load(restored.read_text()) == yaml.safe_load(source.read_text())
    _ok(run("validate", "--strict", restored))
    _ok(run("validate", "--strict", packed))


def test_combine_writes_into_a_missing_folder_of_the_clone_and_the_result_validates(clone, run):
    out = clone / "new-folder" / "deeper" / "critique-then-research.yaml"
    _ok(run("combine", clone / "patterns" / "critique-loop.yaml", clone / "patterns" / "research-loop.yaml",
            "--mode", "sequential", "-o", out))
    refs = [c["ref"] for c in yaml.safe_load(out.read_text())["composition"]["children"]]
    assert all(r.startswith("../../patterns/") for r in refs)
    _ok(run("validate", "--strict", out))
    _ok(run("level", out))
    _ok(run("diagram", out))


def test_tokens_and_new_from_a_deep_clone(clone, run, tmp_path):
    done = _ok(run("tokens", "--json", clone / "patterns" / "critique-loop.yaml"))
    assert '"tokens"' in done.stdout
    out = tmp_path / "fix-tests.yaml"
    _ok(run("new", "Fix the failing tests in my repo", "-o", out))
    _ok(run("validate", "--strict", out))


def test_the_clone_stays_clean(clone, run):
    status = subprocess.run(["git", "-C", str(clone), "status", "--porcelain", "--untracked-files=no"],
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
