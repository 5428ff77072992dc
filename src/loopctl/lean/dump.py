"""Validate spec data that is not yet a file, as if it were saved at a given place.

The data is dumped as YAML and handed to ``SpecStore.validate_text`` with a
virtual path ``<where>/<loop_name>.yaml``: nothing is written, and
composition refs (relative to the output file) resolve, and are confined to
the project root, exactly as they will be once the file is saved there.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from loopctl.diagnostics import Diagnostic
from loopctl.escape import has_terminal_unsafe
from loopctl.report import format_diagnostic
from loopctl.schema import is_loop_name
from loopctl.validate import SpecStore


def dump_yaml(data: dict) -> str:
    """Return block-style YAML of spec data in the data's key order.

    Non-ASCII text stays readable, unless some string holds a control
    character or a bidirectional override: then every non-ASCII character is
    written as a YAML escape, so the file says the same and shows nothing raw.
    """
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=not _has_unsafe(data), width=100)


def _has_unsafe(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_terminal_unsafe(item) or "\ufeff" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def virtual_path(data: dict, where: str | Path | None = None) -> Path:
    """Return where ``data`` is validated: ``<where>/<loop_name>.yaml`` (``spec.yaml`` for an unusable name)."""
    folder = Path(where).resolve() if where else Path.cwd().resolve()
    name = data.get("loop_name")
    name = name if is_loop_name(name) else "spec"  # never a path of its own
    return folder / f"{name}.yaml"


def problems(data: dict, where: str | Path | None = None, strict: bool = True,
             root: str | Path | None = None) -> list[Diagnostic]:
    """Return the errors (and, when ``strict``, the warnings) of ``data`` validated as if saved in ``where``.

    ``root`` confines composition refs as ``validate --root`` does (default:
    the project around ``where``).
    """
    path = virtual_path(data, where)
    result = SpecStore(root=root, display_base=path.parent).validate_text(dump_yaml(data), path)
    return result.errors + (result.warnings if strict else [])


def describe(diagnostics: list[Diagnostic]) -> str:
    """Return the diagnostics as the text report shows them (without source lines or a summary)."""
    return "\n".join(line for d in diagnostics for line in format_diagnostic(d))
