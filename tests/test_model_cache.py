"""A build starts from the model the previous build saved, and validates only what changed since.

``loopctl.site.model_cache`` on the small tree of ``spec_tree``, without MkDocs:
the reused model is the model a full collection gives, every way the saved
model can be out of date is noticed, and a forged cache file runs nothing.
"""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from loopctl.site import model_cache
from loopctl.site.build import SiteBuild
from loopctl.site.cache_files import CACHE_FOLDER
from loopctl.site.collect import collect
from loopctl.validate import SpecStore
from spec_tree import write_tree


@pytest.fixture()
def tree(tmp_path):
    return write_tree(tmp_path / "project")


@pytest.fixture()
def validated(monkeypatch):
    """The repository paths validated from now on, in order."""
    seen: list[str] = []
    real = SpecStore.validate

    def counting(store, path):
        seen.append(os.path.relpath(path, store.display_base))
        return real(store, path)

    monkeypatch.setattr(SpecStore, "validate", counting)
    return seen


def summary(model) -> dict:
    """What the pages are made of, per spec, in comparable form."""
    return {source: (entry.result.diagnostics, entry.data, entry.verdict, entry.card, entry.diagram,
                     entry.children, sorted(entry.parents), entry.companion)
            for source, entry in model.entries.items()} | {"files": model.files, "pages": sorted(model.pages)}


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_after_a_build_validates_nothing_and_has_the_same_model(tree, validated):
    first = SiteBuild(tree).model
    assert (tree / CACHE_FOLDER / model_cache.MODEL_FILE).is_file()
    validated.clear()
    second = SiteBuild(tree).model
    assert validated == []
    assert summary(second) == summary(first) == summary(collect(tree))


def test_an_edited_spec_is_validated_again_with_its_composition_and_nothing_else(tree, validated):
    SiteBuild(tree)
    edit(tree / "loop-library" / "beta.yaml", "Summarise", "Condense")
    validated.clear()
    model = SiteBuild(tree).model
    assert "loop-library/beta.yaml" in validated and "loop-library/compositions/pair.yaml" in validated
    assert "case-studies/study.yaml" not in validated and "patterns/reflection-loop.yaml" not in validated
    assert "Condense" in model.entries["loop-library/beta.yaml"].text
    assert summary(model) == summary(collect(tree))


def test_an_added_file_collects_the_whole_model_again(tree, validated):
    SiteBuild(tree)
    shutil.copy(tree / "loop-library" / "beta.yaml", tree / "loop-library" / "gamma.yaml")
    validated.clear()
    model = SiteBuild(tree).model
    assert "loop-library/gamma.yaml" in model.entries and "case-studies/study.yaml" in validated


def test_a_model_with_errors_is_not_saved(tree):
    edit(tree / "loop-library" / "beta.yaml", "writer\n", "ghost\n")
    assert SiteBuild(tree).model.errors
    assert not (tree / CACHE_FOLDER / model_cache.MODEL_FILE).exists()


def test_other_code_or_another_folder_does_not_use_the_saved_model(tree, tmp_path, monkeypatch):
    SiteBuild(tree)
    assert model_cache.load(tree) is not None
    moved = tmp_path / "elsewhere"
    shutil.copytree(tree, moved)
    assert model_cache.load(moved) is None     # its paths are the other folder's
    monkeypatch.setattr(model_cache, "code_digest", lambda: b"another version of loopctl")
    assert model_cache.load(tree) is None


def test_a_child_outside_the_content_folders_is_watched_by_its_content(tree, validated):
    (tree / "shared").mkdir()
    shutil.copy(tree / "loop-library" / "beta.yaml", tree / "shared" / "beta.yaml")
    edit(tree / "loop-library" / "compositions" / "pair.yaml", "../beta.yaml", "../../shared/beta.yaml")
    assert not SiteBuild(tree).model.errors
    assert model_cache.load(tree) is not None
    edit(tree / "shared" / "beta.yaml", "writer\n", "ghost\n")   # not a content file: no content hash changes
    assert model_cache.load(tree) is None
    assert not SiteBuild(tree).model.entries["loop-library/compositions/pair.yaml"].valid


def test_a_place_a_child_was_looked_for_that_now_leads_elsewhere_is_noticed(tree):
    for folder in ("shared-a", "shared-b"):
        (tree / folder).mkdir()
        shutil.copy(tree / "loop-library" / "beta.yaml", tree / folder / "beta.yaml")
    edit(tree / "shared-b" / "beta.yaml", "Summarise", "Condense")
    (tree / "shared").symlink_to("shared-a", target_is_directory=True)
    edit(tree / "loop-library" / "compositions" / "pair.yaml", "../beta.yaml", "../../shared/beta.yaml")
    SiteBuild(tree)
    assert model_cache.load(tree) is not None
    (tree / "shared").unlink()
    (tree / "shared").symlink_to("shared-b", target_is_directory=True)   # shared-a's file is unchanged
    assert model_cache.load(tree) is None


class _Planted:
    """Unpickles as a call of ``os.system``: what a forged cache file would try."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_forged_cache_file_runs_nothing_and_is_ignored(tree, tmp_path):
    marker = tmp_path / "ran"
    cache = tree / CACHE_FOLDER / model_cache.MODEL_FILE
    cache.parent.mkdir(parents=True)
    cache.write_bytes(pickle.dumps(_Planted(marker)))
    assert model_cache.load(tree) is None and not marker.exists()
    model = SiteBuild(tree).model
    assert not marker.exists() and summary(model) == summary(collect(tree))


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05\x95"])
def test_an_unreadable_cache_file_is_ignored(tree, content):
    cache = tree / CACHE_FOLDER / model_cache.MODEL_FILE
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    assert model_cache.load(tree) is None
    assert not SiteBuild(tree).model.errors and model_cache.load(tree) is not None   # rewritten


def test_a_cache_that_cannot_be_written_costs_time_only(tree):
    (tree / "build").mkdir()
    (tree / CACHE_FOLDER).write_text("a file where the cache folder would be", encoding="utf-8")
    assert not SiteBuild(tree).model.errors and model_cache.load(tree) is None


def test_a_saved_model_keeps_the_warnings_of_its_specs(tree, validated):
    path = tree / "loop-library" / "beta.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")   # an unknown key
    first = SiteBuild(tree).model
    assert [d.rule for d in first.warnings] == ["lss.unknown-key"]
    validated.clear()
    second = SiteBuild(tree).model
    assert validated == [] and second.warnings == first.warnings
