"""Validation: load, schema-check and rule-check specs, following composition children.

``SpecStore`` loads and validates each file once per run (children shared by
several compositions are not re-read) and tracks the files being validated so
that reference cycles between compositions are reported instead of followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from loopctl.diagnostics import ERROR, WARNING, Diagnostic, sort_key
from loopctl.loader import Document, LoadLimits, load_file
from loopctl.model import SpecView
from loopctl.rules import checks
from loopctl.schema import check_schema

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class CheckContext:
    """What a rule sees: the document, a view of its data, and the store for composition children."""

    document: Document
    spec: SpecView
    store: "SpecStore"
    path: Path


@dataclass
class Result:
    """The outcome of validating one file."""

    path: Path
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def valid(self) -> bool:
        """True when the file has no error (warnings allowed)."""
        return not self.errors


class SpecStore:
    """Loads and validates spec files once each, resolving composition children."""

    def __init__(self, limits: LoadLimits = LoadLimits(), root: str | os.PathLike | None = None,
                 display_base: str | os.PathLike | None = None):
        self.limits = limits
        self.root = Path(root).resolve() if root else None
        self.display_base = Path(display_base).resolve() if display_base else Path.cwd().resolve()
        self._results: dict[Path, Result] = {}
        self.in_progress: list[Path] = []

    def display(self, path: Path) -> str:
        """Return the path as shown in diagnostics: relative to the display base when inside it."""
        try:
            return path.resolve().relative_to(self.display_base).as_posix()
        except ValueError:
            return str(path)

    def validate(self, path: str | os.PathLike) -> Result:
        """Validate one file (cached); composition children are validated too."""
        key = Path(path).resolve()
        if key in self._results:
            return self._results[key]
        document, diagnostics = load_file(key, self.limits, display=self.display(key))
        result = Result(key, document, list(diagnostics))
        if document is not None:
            self.in_progress.append(key)
            try:
                result.diagnostics += check_document(document, self, key)
            finally:
                self.in_progress.pop()
        result.diagnostics.sort(key=sort_key)
        self._results[key] = result
        return result

    def resolve_child(self, parent: Path, ref: str) -> Path | None:
        """Resolve a child ``ref`` relative to the composing file, then to the root; None if neither exists."""
        candidates = [parent.parent / ref]
        if self.root is not None:
            candidates.append(self.root / ref)
        for candidate in candidates:
            if candidate.is_file():
                return candidate.resolve()
        return None


def check_document(document: Document, store: SpecStore, path: Path) -> list[Diagnostic]:
    """Run the schema and every registered rule on a loaded document."""
    diagnostics = check_schema(document)
    context = CheckContext(document, SpecView(document.data), store, path)
    scopes = ["spec"] + (["composition"] if "composition" in document.data else [])
    for scope in scopes:
        for registered in checks(scope):
            for finding in registered.check(context):
                line, column = document.locate(finding.pointer, key=finding.on_key)
                diagnostics.append(Diagnostic(document.path, line, column, finding.severity or registered.severity,
                                              registered.id, finding.message, finding.hint, finding.pointer))
    return diagnostics


def discover(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Expand files and folders into spec files (recursively, sorted); also return paths that do not exist."""
    found, missing = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SPEC_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(raw)
    unique, seen = [], set()
    for p in found:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique, missing
