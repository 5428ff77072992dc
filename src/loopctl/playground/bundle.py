"""The playground's build: the Python bundle, the page's data, the front end, and the files to publish.

``build(root)`` writes into ``build/playground/`` (git-ignored):

- ``loopctl-bundle.zip``: ``loopctl`` and its pure-Python dependencies, taken
  from the installed packages (no compiled extension: PyYAML's pure-Python
  half is used, as PyYAML itself does without libyaml), with
  ``rpds_standin`` shipped as ``rpds``. Entries are sorted and dated
  1980-01-01 so the same sources give the same bytes.
- ``playground-data.json``: the text of every library, composition and
  pattern spec (for the menu and for resolving composition children) and
  the reference anchor of every rule.
- ``playground.js`` and ``playground.css``: the page script with CodeMirror,
  bundled by esbuild from ``playground/`` (rebuilt when a source is newer),
  and ``playground-worker.js``, the Web Worker that runs Pyodide.

``published(root)`` lists those files and Pyodide's core files from
``node_modules/pyodide`` with the site paths they are served at.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from loopctl.layout import content_files, is_spec_file, spec_kind

OUTPUT = "build/playground"
BUNDLE_KEY = "build/playground-bundle.key"   # the key of the bundle last written (outside OUTPUT: not published)
SOURCE = "playground"
SITE_FOLDER = "assets/playground"
PAGE = "playground.md"
PYODIDE = "node_modules/pyodide"
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
ESBUILD = "node_modules/.bin/esbuild"
# Import names of loopctl's run-time dependencies that the browser gets as plain source.
PACKAGES = ("loopctl", "yaml", "jsonschema", "jsonschema_specifications", "referencing", "attr", "attrs",
            "idna", "typing_extensions")
MENU_KINDS = ("library", "composition", "pattern")
_SKIPPED_DIRS = {"__pycache__", "tests", "benchmarks"}
_SKIPPED_SUFFIXES = (".so", ".pyd", ".pyc", ".c", ".h", ".pyx")
_EPOCH = (1980, 1, 1, 0, 0, 0)


class BundleError(RuntimeError):
    """Something the playground needs is not installed (run ``make setup``)."""


@dataclass(frozen=True)
class Asset:
    """A file to publish: its site path and the file on disk."""

    site_path: str
    abs_path: Path


def _module_files(name: str) -> list[tuple[str, Path]]:
    """(archive name, file) of an installed module or package, without compiled or test files."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise BundleError(f"the Python package {name!r} is not installed; run `make setup`")
    origin = Path(spec.origin)
    if not spec.submodule_search_locations:
        return [(origin.name, origin)]
    base = origin.parent
    found = []
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(base)
        if not path.is_file() or _SKIPPED_DIRS & set(relative.parts[:-1]) or path.suffix in _SKIPPED_SUFFIXES:
            continue
        found.append((f"{name}/{relative.as_posix()}", path))
    return found


def bundle_entries() -> list[tuple[str, Path]]:
    """(archive name, file) of everything the Python bundle holds, sorted by archive name."""
    entries = [entry for name in PACKAGES for entry in _module_files(name)]
    entries.append(("rpds/__init__.py", Path(__file__).with_name("rpds_standin.py")))
    return sorted(entries)


def bundle_key(entries: list[tuple[str, Path]]) -> str:
    """The hash of the bundle's archive names and file contents: the same key gives the same zip."""
    digest = hashlib.sha256()
    for arcname, path in entries:
        digest.update(arcname.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def python_bundle(entries: list[tuple[str, Path]] | None = None) -> bytes:
    """Return the zip of every package in ``PACKAGES`` plus the ``rpds`` stand-in, deterministic."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for arcname, path in entries if entries is not None else bundle_entries():
            info = zipfile.ZipInfo(arcname, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def page_data(root: Path) -> dict:
    """Return the menu's specs (path, kind, name, text) and every rule's anchor on the rules page."""
    from markdown.extensions.toc import slugify

    from loopctl.rules.registry import all_rules

    specs = []
    for path in content_files(root):
        if is_spec_file(path) and spec_kind(path) in MENU_KINDS:
            specs.append({"path": path, "kind": spec_kind(path), "name": Path(path).stem,
                          "text": (root / path).read_text(encoding="utf-8")})
    anchors = {r.id: slugify(r.id, "-") for r in all_rules()}
    return {"specs": specs, "rule_anchors": anchors, "default": "loop-library/coding-agent.yaml"}


def _stale(target: Path, sources: list[Path]) -> bool:
    return not target.is_file() or any(s.stat().st_mtime > target.stat().st_mtime for s in sources)


def build_frontend(root: Path, out: Path) -> None:
    """Bundle ``playground/main.js`` with esbuild into ``out``; copy the worker and the stylesheet."""
    source = root / SOURCE
    sources = [*sorted(source.glob("*.js")), root / "package-lock.json"]
    if _stale(out / "playground.js", sources):
        esbuild = root / ESBUILD
        if not esbuild.is_file():
            raise BundleError(f"{ESBUILD} is missing: run `make setup` (npm install) to install esbuild")
        done = subprocess.run([str(esbuild), str(source / "main.js"), "--bundle", "--minify", "--format=iife",
                               "--target=es2020", "--legal-comments=none",
                               f"--outfile={out / 'playground.js'}"], capture_output=True, text=True)
        if done.returncode != 0:
            raise BundleError(f"esbuild failed:\n{done.stderr}")
    shutil.copyfile(source / "worker.js", out / "playground-worker.js")
    shutil.copyfile(source / "playground.css", out / "playground.css")


def build(root: str | Path) -> Path:
    """Write the bundle, the page data and the front end into ``build/playground/``; return that folder."""
    root = Path(root).resolve()
    out = root / OUTPUT
    out.mkdir(parents=True, exist_ok=True)
    _write_bundle(out / "loopctl-bundle.zip", root / BUNDLE_KEY)
    _write_if_changed(out / "playground-data.json",
                      json.dumps(page_data(root), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    build_frontend(root, out)
    return out


def _write_bundle(path: Path, key_file: Path) -> None:
    # Compressing the bundle takes a tenth of a second: only do it when what goes into it changed.
    entries = bundle_entries()
    key = bundle_key(entries)
    try:
        if path.is_file() and key_file.read_text(encoding="utf-8") == key:
            return
    except OSError:
        pass
    _write_if_changed(path, python_bundle(entries))
    key_file.write_text(key, encoding="utf-8")


def _write_if_changed(path: Path, content: bytes) -> None:
    if not path.is_file() or path.read_bytes() != content:
        path.write_bytes(content)


def published(root: str | Path) -> list[Asset]:
    """Build the playground and return every file it publishes, with its site path."""
    root = Path(root).resolve()
    out = build(root)
    assets = [Asset(f"{SITE_FOLDER}/{p.name}", p) for p in sorted(out.iterdir()) if p.is_file()]
    for name in PYODIDE_FILES:
        path = root / PYODIDE / name
        if not path.is_file():
            raise BundleError(f"{PYODIDE}/{name} is missing: run `make setup` (npm install) to install Pyodide")
        assets.append(Asset(f"{SITE_FOLDER}/pyodide/{name}", path))
    return assets


def main() -> int:
    """``python -m loopctl.playground.bundle``: build the playground into ``build/playground/``."""
    try:
        out = build(Path.cwd())
    except BundleError as error:
        print(f"loopctl playground: {error}")
        return 1
    print(f"playground built into {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
