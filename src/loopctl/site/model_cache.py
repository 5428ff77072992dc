"""The site model kept from one build to the next, so a build validates only the specs whose files changed.

Validating and analysing every spec was most of the hooks' time in a build
where nothing had changed. ``save`` writes the model of a build under
``build/site-cache/`` with the content hash of every content file; ``load``
gives it back when it is still the model of this project: the same code
(``cache_files.code_digest``), the same root folder, the same contents of the
files it validated outside the content folders and the same answer at every
place it looked for a composition child. The build then hands it to
``incremental.update_model`` with the content files whose hashes differ, as a
serve rebuild does with the model it kept in memory, so the result is the
model a full collection would give.

The file is a pickle read by an unpickler that makes only ``loopctl``'s own
record classes and paths: a file put there by someone else can at worst describe a
wrong model, never run code, and git may not track the folder (see
``cache_files``). Anything unreadable or unexpected counts as no cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pathlib
import pickle
from pathlib import Path

from loopctl.site.cache_files import CACHE_FOLDER, code_digest, file_digest, write_whole
from loopctl.site.collect import SiteModel
from loopctl.validate import probe

MODEL_FILE = "model.pickle"
_PATH_CLASSES = {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"}


@dataclasses.dataclass
class SavedModel:
    """A model as a build saved it, with the content hashes it was made from."""

    key: str                 # the code and the root folder it belongs to
    hashes: dict[str, str]   # repository path of each content file -> SHA-256
    model: SiteModel


def environment_key(root: Path) -> str:
    """The part of the key that is not a file of the project: the code and the project's folder."""
    return hashlib.sha256(code_digest() + str(Path(root).resolve()).encode("utf-8", "surrogateescape")).hexdigest()


def save(root: Path, model: SiteModel, hashes: dict[str, str]) -> bool:
    """Write ``model``, made from content files with ``hashes``, for the next build; False if it cannot be written."""
    content = pickle.dumps(SavedModel(environment_key(root), dict(hashes), model), protocol=pickle.HIGHEST_PROTOCOL)
    return write_whole(Path(root) / CACHE_FOLDER / MODEL_FILE, content)


def load(root: Path) -> SavedModel | None:
    """The model the last build of ``root`` saved, when it is still current apart from its content files; else None."""
    root = Path(root).resolve()
    try:
        saved = _SiteModelUnpickler(io.BytesIO((root / CACHE_FOLDER / MODEL_FILE).read_bytes())).load()
    except Exception:   # a missing, truncated, foreign or forged file: build without it
        return None
    if not isinstance(saved, SavedModel) or not isinstance(saved.model, SiteModel):
        return None
    if saved.key != environment_key(root) or not _reads_unchanged(saved.model):
        return None
    return saved


def _reads_unchanged(model: SiteModel) -> bool:
    """True when every file the model read outside the content folders, and every child probe, are as recorded."""
    if any(file_digest(Path(path)) != digest for path, digest in model.outside_reads.items()):
        return False
    for tried, (where, found) in model.probes.items():
        try:
            now = probe(Path(tried), model.root)
        except (OSError, ValueError, RuntimeError, UnicodeError):
            return False
        if (str(now[0]), now[1]) != (where, found):
            return False
    return True


class _SiteModelUnpickler(pickle.Unpickler):
    """Makes loopctl's record classes (dataclasses, whose constructors only store their fields) and paths only;
    any other name in the file stops the load."""

    def find_class(self, module: str, name: str):
        if module == "pathlib" and name in _PATH_CLASSES:
            return getattr(pathlib, name)
        if module.startswith("loopctl.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a site model")
