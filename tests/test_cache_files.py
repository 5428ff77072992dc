"""What the build keeps between builds is keyed by the code that made it, and never comes from git."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO
from loopctl.site import cache_files


def test_git_tracks_nothing_in_the_folders_the_build_caches_into():
    # A cache is trusted as the output of this code; one brought in by a change under review is refused here.
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    folders = [cache_files.CACHE_FOLDER, "build", ".cache", "site"]
    tracked = subprocess.run(["git", "ls-files", "--", *folders], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    assert tracked == []


def test_the_code_digest_changes_with_a_library_version(monkeypatch):
    before = cache_files.code_digest()
    monkeypatch.setattr(cache_files, "_digest", [])
    monkeypatch.setattr(cache_files.metadata, "version", lambda _name: "0.0.0-other")
    assert cache_files.code_digest() != before


def test_a_file_is_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "deep" / "cache.bin"
    assert cache_files.write_whole(target, b"content") and target.read_bytes() == b"content"
    assert not list(target.parent.glob("*.partial"))
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    assert cache_files.write_whole(tmp_path / "blocked" / "cache.bin", b"content") is False
