"""Files the site build keeps under ``build/site-cache/`` between builds: what they are keyed by, how written.

Everything cached there is an output of ``loopctl``'s code as well as of the
files it read, so every key includes ``code_digest()``: the hash of the
package's own files, of the Python version and of the versions of the
libraries whose answers end up in a cached result (the YAML parser and the
two schema validators). Files are written whole or not at all, and a cache
that cannot be written (a read-only checkout) only costs time, never the build.

The folder is ignored by git; ``tests/test_cache_files.py`` fails when git
tracks anything in it, so that a change under review cannot bring a forged
cache into the build that publishes the site.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

import loopctl

CACHE_FOLDER = "build/site-cache"
# The libraries whose behaviour a cached validation or analysis depends on.
_LIBRARIES = ("PyYAML", "jsonschema", "fastjsonschema")
_SUFFIXES = (".py", ".json", ".yaml", ".toml")
_digest: list[bytes] = []


def code_digest() -> bytes:
    """The hash of loopctl's own source, the Python version and the versions of the libraries it relies on."""
    if not _digest:
        digest = hashlib.sha256(sys.version.encode("utf-8") + b"\0")
        for library in _LIBRARIES:
            try:
                version = metadata.version(library)
            except metadata.PackageNotFoundError:
                version = "absent"
            digest.update(f"{library}={version}\0".encode())
        package = Path(loopctl.__file__).parent
        for path in sorted(package.rglob("*")):
            if path.is_file() and path.suffix in _SUFFIXES:
                digest.update(path.relative_to(package).as_posix().encode("utf-8", "surrogateescape") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        _digest.append(digest.digest())
    return _digest[0]


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes in hex; "" for a file that cannot be read (it then differs from any content)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def write_whole(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` through a temporary file and a rename; return False when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)
    except OSError:
        return False
    return True
