"""``combine``: several valid specs -> one LSS 1.1 composition, or (``flat``) one flat spec.

This module is the entry point: it checks the inputs, gives each one a child
id and a rename tag, calls ``compose`` or ``flatten``, sets the declared level
to what the classifier finds, and returns the result with its rename map and
notes. The output is validated strictly before it is returned (a warning that
an input already had is tolerated and noted); a result that does not validate
is refused with the diagnostics (``CombineError``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from loopctl import level
from loopctl.escape import terminal_text
from loopctl.lean import dump
from loopctl.lean.compose import compose
from loopctl.lean.flatten import flatten
from loopctl.lean.rename import tag_for
from loopctl.loader import LoadLimits
from loopctl.schema import is_loop_name
from loopctl.validate import SpecStore

MODES = ("sequential", "parallel", "nested")


class CombineError(ValueError):
    """The inputs cannot be combined (invalid input, a composition given to --flat, a bad name)."""


@dataclass
class Source:
    """One input spec: where it is and its data."""

    path: Path
    data: dict
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The spec's loop_name (the file stem when it has none)."""
        return str(self.data.get("loop_name") or self.path.stem)


@dataclass
class Combined:
    """The combined spec, the ids that changed (per input: old ref -> new ref), and notes on what was merged how."""

    data: dict
    renames: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    mode: str = "sequential"
    flat: bool = False


def load_sources(paths: list[str | Path], root: str | Path | None = None,
                 max_bytes: int = LoadLimits.max_bytes) -> list[Source]:
    """Load and validate each input (refs confined to ``root``); refuses (``CombineError``) an input with errors."""
    store = SpecStore(LoadLimits(max_bytes=max_bytes), root=root)
    sources = []
    for raw in paths:
        result = store.validate(raw)
        if result.document is None or result.errors:
            first = result.errors[0] if result.errors else None
            detail = f": {first.rule} {first.message}" if first else ""
            raise CombineError(f"{terminal_text(raw)} is not a valid spec ({len(result.errors)} error(s){detail}); fix it first")
        warned = sorted({d.rule for d in result.warnings})
        sources.append(Source(Path(raw).resolve(), result.document.data, warned))
    return sources


def default_name(sources: list[Source], output: str | Path | None) -> str:
    """Return the combined spec's loop_name: the output file's stem, else the inputs' names joined."""
    if output:
        return Path(output).stem
    joined = "-".join(s.name for s in sources)
    return joined[:64].rstrip("-")


def combine(sources: list[Source], mode: str = "sequential", flat: bool = False, name: str | None = None,
            output: str | Path | None = None, root: str | Path | None = None) -> Combined:
    """Combine ``sources`` (in order; outer first when nested) into one spec; see the module docstring.

    The result is validated as if saved at ``output`` (default: the current
    folder), its refs confined to ``root`` (default: the project around the
    output), so a composition whose children lie outside that project is refused.
    """
    if mode not in MODES:
        raise CombineError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if len(sources) < 2:
        raise CombineError("combine needs at least two specs")
    name = name or default_name(sources, output)
    if not is_loop_name(name):
        raise CombineError(f"loop name {name!r} is not kebab-case of 3 to 64 characters (a-z, 0-9, -)")
    folder = Path(output).resolve().parent if output else Path.cwd().resolve()
    tags: list[str] = []
    for source in sources:
        tags.append(tag_for(source.name, set(tags)))
    names = [s.name for s in sources]
    if flat:
        nested = [s.name for s in sources if "composition" in s.data]
        if nested:
            raise CombineError(f"cannot flatten a composition ({', '.join(nested)}); combine it without --flat")
        data, plans, notes = flatten([s.data for s in sources], names, tags, mode, name)
        renames = {}
        for source, plan in zip(sources, plans, strict=False):
            changed = {f"{ns}.{old}": f"{ns}.{new}" for ns, mapping in plan.items() for old, new in mapping.items()}
            if changed:
                renames[source.name] = changed
    else:
        ids = _child_ids(names)
        refs = [Path(os.path.relpath(Path(s.path).resolve(), Path(folder).resolve())).as_posix() for s in sources]
        data = compose([s.data for s in sources], ids, refs, mode, name)
        renames = {s.name: {"child": i} for s, i in zip(sources, ids, strict=False) if i != s.name}
        notes = []
    data["metadata"]["taxonomy_level"] = classify(data, folder, root)
    inherited = {rule for s in sources for rule in s.warnings}
    found = [d for d in dump.problems(data, folder, root=root) if d.severity == "error" or d.rule not in inherited]
    if inherited:
        notes.append(f"warnings inherited from the inputs are kept: {', '.join(sorted(inherited))}")
    if found:
        raise CombineError("the combined spec does not validate:\n" + dump.describe(found))
    return Combined(data, renames, notes, mode, flat)


def classify(data: dict, folder: Path, root: str | Path | None = None) -> int:
    """Return the classifier's level for ``data``, reading composition children as if it were saved in ``folder``."""
    store = SpecStore(root=root)
    parent = Path(folder).resolve() / "combined.yaml"  # only its folder matters: refs are relative to it

    def load_child(ref: str):
        target = store.resolve_child(parent, ref)  # confined to the project root, like validation
        if target is None:
            return None
        result = store.validate(target)
        return result.document.data if result.document else None
    return level.classify(data, load_child).level


def _child_ids(names: list[str]) -> list[str]:
    ids: list[str] = []
    for name in names:
        base = re.sub(r"[^a-z0-9_-]", "-", name.lower()).strip("-") or "child"
        if not base[0].isalpha():
            base = "c-" + base
        candidate, number = base[:60], 2
        while candidate in ids:
            candidate, number = f"{base[:60]}-{number}", number + 1
        ids.append(candidate)
    return ids
