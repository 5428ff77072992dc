"""Printing for the command line: every line goes through ``emit``, which escapes what a terminal
could act on (``loopctl.escape.terminal_text``) and never fails to encode, whatever the stream."""

from __future__ import annotations

import contextlib
import json
import sys

from loopctl.escape import json_ascii_safe, terminal_text


def never_fail_to_encode() -> None:
    """Make stdout and stderr write an unencodable character as an escape instead of raising."""
    # A lone surrogate or any character the stream's encoding lacks is written as an escape, not raised.
    for stream in (sys.stdout, sys.stderr):
        # A replaced stream (a test's capture) may not reconfigure; ``emit`` escapes anyway.
        reconfigure = getattr(stream, "reconfigure", None)
        with contextlib.suppress(ValueError):
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")


def emit(text: str, stream=None, data: bool = False) -> None:
    """Print ``text`` (one or more lines) with terminal escaping, never raising on an unencodable character.

    ``data=True`` is for a spec or LSS-min written to stdout: its writer has
    already escaped what a terminal could act on, and the text must stay
    byte-for-byte what a file would hold.
    """
    stream = stream if stream is not None else sys.stdout
    safe = text if data else terminal_text(text, multiline=True)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        safe.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        safe = safe.encode(encoding if encoding else "ascii", errors="backslashreplace").decode(encoding)
    stream.write(safe + "\n")


def dumps_json(payload) -> str:
    """Indented JSON whose distrusted characters are ``\\uXXXX`` escapes (see ``report.format_json``)."""
    return json_ascii_safe(json.dumps(payload, indent=2, ensure_ascii=False))
