"""Token counts of files, side by side: BPE tokens, characters / 4, and the authors' spec estimate.

``tokens`` is the cl100k_base count of the file's text as stored; ``estimate``
is characters / 4 of the same text; ``authors`` is the estimate the
standard's authors publish for a spec (characters / 4 of a compact flow-style
YAML dump without metadata, empty values and examples), given for spec files
and for LSS-min files (measured on the spec they expand to).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from loopctl.lean import tokens
from loopctl.lean.expand import ExpandError, expand, is_min
from loopctl.loader import load_file
from loopctl.escape import markdown_table_cell


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


def count_file(path: str | Path) -> FileCount:
    """Return the counts of one file (its text read as UTF-8, undecodable bytes replaced)."""
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    return FileCount(str(path), len(text), tokens.count(text), tokens.estimate(text), _authors(path, text))


def _authors(path, text: str) -> int | None:
    data = None
    if str(path).lower().endswith(".json"):
        try:
            parsed = json.loads(text)
            data = expand(parsed) if is_min(parsed) else parsed
        except (json.JSONDecodeError, ExpandError):
            data = None
    if data is None:
        document, _ = load_file(path)
        data = document.data if document is not None else None
    return tokens.authors_estimate(data) if isinstance(data, dict) else None


def format_counts(rows: list[FileCount]) -> str:
    """Return a plain-text table of counts with a total line when there are several files."""
    header = f"{'tokens':>8} {'chars/4':>8} {'authors':>8}  file"
    lines = [header]
    for r in rows:
        authors = f"{r.authors:>8}" if r.authors is not None else f"{'-':>8}"
        lines.append(f"{r.tokens:>8} {r.estimate:>8} {authors}  {r.path}")
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
