"""Token counts of files, side by side: BPE tokens, characters / 4, and the authors' spec estimate.

``tokens`` is the cl100k_base count of the file's text as stored; ``estimate``
is characters / 4 of the same text; ``authors`` is the estimate the
standard's authors publish for a spec (characters / 4 of a compact flow-style
YAML dump without metadata, empty values and examples), given for spec files
and for LSS-min files (measured on the spec they expand to).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loopctl.escape import markdown_table_cell, terminal_text
from loopctl.inputs import read_input
from loopctl.lean import tokens
from loopctl.loader import LoadLimits, load_text
from loopctl.lssmin.expand import ExpandError, expand_text, is_min


@dataclass(frozen=True)
class FileCount:
    """The counts of one file."""

    path: str
    characters: int
    tokens: int
    estimate: int
    authors: int | None

    def as_dict(self) -> dict:
        """Return the stable JSON contract of ``tokens --json``."""
        return {"path": self.path, "characters": self.characters, "tokens": self.tokens,
                "estimate": self.estimate, "authors_estimate": self.authors, "encoding": tokens.ENCODING}


def count_file(path: str | Path, max_bytes: int = LoadLimits.max_bytes) -> FileCount:
    """Return the counts of one file; refuses (``ValueError``) a file over ``max_bytes`` or not UTF-8 text.

    The CLI reads through ``inputs.read_input`` and calls ``count_text``; this is the library shortcut.
    """
    read, problem = read_input(str(path), max_bytes)
    if read is None:
        assert problem is not None  # read_input returns a diagnostic whenever it returns no input
        raise ValueError(f"{problem.file}:{problem.line}:{problem.column}: {problem.message}")
    return count_text(str(path), read.text, max_bytes)


def count_text(name: str, text: str, max_bytes: int = LoadLimits.max_bytes) -> FileCount:
    """Return the counts of ``text`` shown as ``name``; the authors' estimate when it reads as a spec or LSS-min."""
    return FileCount(name, len(text), tokens.count(text), tokens.estimate(text), _authors(name, text, max_bytes))


def _authors(name: str, text: str, max_bytes: int) -> int | None:
    data = None
    if text.lstrip().startswith("{"):
        try:
            parsed = expand_text(text)
            data = parsed
        except ExpandError:
            data = None
    if data is None:
        document, _ = load_text(text.replace("\t", " ") if name.lower().endswith(".json") else text, name,
                                LoadLimits(max_bytes=max_bytes))
        data = document.data if document is not None else None
        if is_min(data):
            data = None  # LSS-min that does not expand has no spec to estimate
    return tokens.authors_estimate(data) if isinstance(data, dict) else None


def format_counts(rows: list[FileCount]) -> str:
    """Return a plain-text table of counts with a total line when there are several files."""
    header = f"{'tokens':>8} {'chars/4':>8} {'authors':>8}  file"
    lines = [header]
    for r in rows:
        authors = f"{r.authors:>8}" if r.authors is not None else f"{'-':>8}"
        lines.append(f"{r.tokens:>8} {r.estimate:>8} {authors}  {terminal_text(r.path)}")
    if len(rows) > 1:
        total_authors = sum(r.authors or 0 for r in rows)
        lines.append(f"{sum(r.tokens for r in rows):>8} {sum(r.estimate for r in rows):>8} {total_authors:>8}  total")
    lines.append(f"tokens: {tokens.ENCODING} BPE (offline); chars/4: the file's characters / 4; authors: characters "
                 f"/ 4 of the spec as the standard's authors measure it")
    return "\n".join(lines)


def counts_table(rows: list[FileCount]) -> str:
    """Return the counts as a Markdown table (paths escaped)."""
    out = ["| file | tokens | chars / 4 | authors' estimate |", "|---|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {markdown_table_cell(r.path)} | {r.tokens:,} | {r.estimate:,} | "
                   f"{'' if r.authors is None else f'{r.authors:,}'} |")
    return "\n".join(out)
