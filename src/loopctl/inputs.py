"""Reading one input for any command: a file or ``-`` (standard input), bounded and checked before use.

Every command reads its input through ``read_input``, which refuses, before
reading the whole input: a path that does not exist, one that is not a
regular file (a FIFO, a device or a folder is never opened, so it cannot
block), a file over the size limit (judged from its size on disk, so a huge
file is refused without being read), and binary input (a NUL byte or bytes
that are not UTF-8), the last two as located diagnostics.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from loopctl.diagnostics import ERROR, Diagnostic

STDIN = "-"
STDIN_NAME = "<stdin>"
DEFAULT_MAX_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024


class InputRefused(Exception):
    """The input cannot be read at all (missing, not a regular file, unreadable): a usage error."""


@dataclass(frozen=True)
class Input:
    """Text read from one input, with the name shown in diagnostics and the path it stands at."""

    text: str
    display: str
    path: Path  # for standard input: a file in the current folder, so relative refs resolve from there


def read_input(name: str, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None,
               stdin=None) -> tuple[Input | None, Diagnostic | None]:
    """Read ``name`` (a path, or ``-`` for standard input) as UTF-8 text within ``max_bytes``.

    Returns ``(input, None)`` or ``(None, diagnostic)`` for a file that is too
    large or binary. Raises ``InputRefused`` for a path that is missing, not
    a regular file or unreadable.
    """
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = _read_bounded(stream, max_bytes + 1)
        shown = display or STDIN_NAME
        path = Path.cwd().resolve() / "stdin.yaml"
        if len(raw) > max_bytes:
            return None, too_large(shown, f"standard input is over the limit of {max_bytes:,} bytes")
        return _decoded(raw, shown, path)
    path = Path(name)
    shown = display or name
    kind = file_kind(path)
    if kind == "missing":
        raise InputRefused(f"no such file: {name}")
    if kind != "file":
        raise InputRefused(f"not a regular file: {name} (it is {kind})")
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return None, too_large(shown, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
            # Never ask for more than the file holds (plus one byte to see it grow): a huge --max-bytes must not
            # become a huge allocation.
            raw = _read_bounded(handle, min(max_bytes, size) + 1)
    except OSError as error:
        raise InputRefused(f"cannot read {name}: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        return None, too_large(shown, f"file is over the limit of {max_bytes:,} bytes")
    return _decoded(raw, shown, path.resolve())


def file_kind(path: Path) -> str:
    """Return "file", "missing", or what else the path is ("a folder", "a FIFO", "a device", ...), never opening it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):
        return "missing" if not os.path.lexists(path) else "unreadable"
    return "file" if stat.S_ISREG(mode) else mode_kind(mode)


def mode_kind(mode: int) -> str:
    """Name what a path that is not a regular file is, from its ``stat`` mode ("a folder", "a FIFO", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def too_large(display: str, message: str) -> Diagnostic:
    """The located diagnostic for input over the size limit."""
    return Diagnostic(display, 1, 1, ERROR, "yaml.too-large", message,
                      "split the spec, or raise the limit with --max-bytes if the size is intended")


def binary_problem(raw: bytes, display: str) -> Diagnostic | None:
    """Return a located ``yaml.encoding`` diagnostic when ``raw`` holds a NUL byte or is not UTF-8, else None."""
    nul = raw.find(b"\x00")
    try:
        raw.decode("utf-8")
        bad = -1
    except UnicodeDecodeError as error:
        bad = error.start
    offsets = [o for o in (nul, bad) if o >= 0]
    if not offsets:
        return None
    offset = min(offsets)
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    what = "a NUL byte" if offset == nul else f"byte 0x{raw[offset]:02x}, which is not valid UTF-8"
    return Diagnostic(display, line, column, ERROR, "yaml.encoding", f"binary input: the file holds {what}",
                      "LSS files are UTF-8 text; check that this is the file you meant")


def _read_bounded(stream, limit: int) -> bytes:
    """Read at most ``limit`` bytes in chunks, so memory follows what is there, not what the limit allows."""
    chunks, total = [], 0
    while total < limit:
        chunk = stream.read(min(_CHUNK, limit - total))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8", errors="surrogateescape")
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _decoded(raw: bytes, display: str, path: Path) -> tuple[Input | None, Diagnostic | None]:
    problem = binary_problem(raw, display)
    if problem is not None:
        return None, problem
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return Input(text, display, path), None
