"""Validate spec data that is not yet a file, as if it were written at a given place.

The data is written as YAML to a temporary folder under the name
``<loop_name>.yaml`` and validated by ``SpecStore`` with the intended output
folder as root, so composition refs written relative to the output file
resolve exactly as they will once the file is saved there.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from loopctl.diagnostics import Diagnostic
from loopctl.schema import is_loop_name
from loopctl.validate import SpecStore



def dump_yaml(data: dict) -> str:
    """Return block-style YAML of spec data in the data's key order."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def problems(data: dict, where: str | Path | None = None, strict: bool = True) -> list[Diagnostic]:
    """Return the errors (and, when ``strict``, the warnings) of ``data`` validated as if saved in ``where``."""
    folder = Path(where).resolve() if where else Path.cwd().resolve()
    name = data.get("loop_name")
    name = name if is_loop_name(name) else "spec"  # never a path of its own
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / f"{name}.yaml"
        path.write_text(dump_yaml(data), encoding="utf-8")
        result = SpecStore(root=folder, display_base=temp).validate(path)
    return result.errors + (result.warnings if strict else [])


def describe(diagnostics: list[Diagnostic]) -> str:
    """Return one line per diagnostic: ``severity[rule] message``."""
    return "\n".join(f"{d.severity}[{d.rule}] {d.pointer or '/'}: {d.message}" for d in diagnostics)
