"""Which files `loopctl validate FOLDER` checks: not ignored, hidden, dependency, excluded or results files."""

import os
import shutil
import subprocess

import pytest

from loopctl.cli import main
from loopctl.validate import discover


@pytest.fixture
def tree(tmp_path, write_spec, minimal_spec):
    """A folder with one real spec and every kind of file discovery must skip."""
    write_spec(minimal_spec, "specs/good.yaml")
    for skipped in ("node_modules/pkg/bad.yaml", ".cache/bad.yaml", "specs/.hidden.yaml", "site/bad.yaml",
                    "specs/run.results.json", "vendor/bad.yml"):
        write_spec("not: [a spec\n", skipped)
    return tmp_path


def _names(found, top):
    return sorted(p.relative_to(top).as_posix() for p in found.files)


def test_hidden_folders_node_modules_and_results_files_are_skipped(tree):
    assert _names(discover([str(tree)]), tree) == ["site/bad.yaml", "specs/good.yaml", "vendor/bad.yml"]


def test_exclude_globs_skip_files_and_folders(tree):
    found = discover([str(tree)], exclude=["site", "vendor/*"])
    assert _names(found, tree) == ["specs/good.yaml"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_what_gitignore_ignores_is_skipped_in_a_git_work_tree(tree, capsys):
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / ".gitignore").write_text("site/\n*.yml\n", encoding="utf-8")
    assert _names(discover([str(tree)]), tree) == ["specs/good.yaml"]
    assert main(["validate", str(tree)]) == 0
    assert capsys.readouterr().out.strip().endswith("1 file checked: no problems")


def test_without_git_nothing_else_is_skipped(tree, monkeypatch):
    (tree / ".gitignore").write_text("site/\n", encoding="utf-8")  # not a work tree: the file means nothing
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tree.parent))
    assert "site/bad.yaml" in _names(discover([str(tree)]), tree)


def test_a_named_results_file_or_ignored_file_is_still_validated(tree):
    named = tree / "specs" / "run.results.json"
    assert discover([str(named)]).files == [named]


def test_a_fifo_named_on_the_command_line_is_not_a_regular_file(tmp_path, capsys):
    os.mkfifo(tmp_path / "spec.yaml")
    assert main(["validate", str(tmp_path / "spec.yaml")]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and "no such file" not in err


def test_a_missing_file_is_still_no_such_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "spec.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_fifo_inside_a_folder_is_skipped_not_opened(tree):
    os.mkfifo(tree / "specs" / "pipe.yaml")
    assert "specs/pipe.yaml" not in _names(discover([str(tree)]), tree)


def test_exclude_is_repeatable_on_the_command_line(tree, capsys):
    assert main(["validate", str(tree), "--exclude", "site", "--exclude", "vendor"]) == 0
    assert capsys.readouterr().out.strip().endswith("1 file checked: no problems")
    assert main(["validate", str(tree)]) == 1  # without the globs the broken files are found
