"""Where a pattern's starting spec comes from: the repository's ``patterns/<slug>.yaml``, else the built-in template.

The repository's pattern specs are the reference versions, so they are
preferred when present and valid: an explicit ``--patterns-dir``, else a
``patterns/`` folder in the current folder or one of its parents. A pattern
file that is missing or does not validate strictly falls back to the
built-in template, and the result says which source was used.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from loopctl.scaffold.templates import build_template
from loopctl.validate import SpecStore


def find_patterns_dir(start: str | Path | None = None) -> Path | None:
    """Return the nearest ``patterns/`` folder holding pattern specs, searching ``start`` and its parents."""
    here = Path(start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        candidate = folder / "patterns"
        if candidate.is_dir() and any(candidate.glob("*-loop.yaml")):
            return candidate
    return None


def load_pattern(slug: str, patterns_dir: str | Path | None = None) -> tuple[dict[str, Any], str]:
    """Return (spec data, source description) for a pattern slug."""
    folder = Path(patterns_dir) if patterns_dir else find_patterns_dir()
    if folder is not None:
        path = folder / f"{slug}.yaml"
        if path.is_file():
            result = SpecStore().validate(path)
            if result.document is not None and not result.errors and not result.warnings:
                return copy.deepcopy(result.document.data), str(path)
    return build_template(slug), "built-in template"
