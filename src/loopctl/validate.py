"""Validation: load, schema-check and rule-check specs, following composition children.

``SpecStore`` loads and validates each file once per run (children shared by
several compositions are not re-read) and tracks the files being validated so
that reference cycles between compositions are reported instead of followed.
It validates text that is not on disk too (``validate_text``: "as if saved at
PATH"), and reads LSS-min files (detected by their format marker) as the spec
they expand to, locating findings in the LSS-min file.

Composition refs are confined to a project root: ``root`` when given, else
the nearest folder above the composing file that holds ``mkdocs.yml``,
``pyproject.toml`` or ``.git``, else the composing file's folder. A ref that
is absolute or leads outside the root (symlinks resolved) is never opened.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from loopctl.diagnostics import ERROR, WARNING, Diagnostic, sort_key
from loopctl.inputs import STDIN_NAME, InputRefused, read_input
from loopctl.loader import Document, LoadLimits, load_bytes
from loopctl.model import SpecView
from loopctl.rules.registry import checks
from loopctl.schema import check_schema

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
PROJECT_MARKERS = ("mkdocs.yml", "pyproject.toml", ".git")


@dataclass
class CheckContext:
    """What a rule sees: the document, a view of its data, and the store for composition children."""

    document: Document
    spec: SpecView
    store: SpecStore
    path: Path


@dataclass
class Result:
    """The outcome of validating one file."""

    path: Path
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None  # the file's text as read, kept when it failed to load, for source excerpts
    display: str = ""        # the file's name as diagnostics show it
    loaded: bool | None = None  # whether the file loaded; None: read it from ``document``

    @property
    def did_load(self) -> bool:
        """True when the file loaded into a document (also after ``lean`` dropped the document)."""
        return self.document is not None if self.loaded is None else self.loaded

    @property
    def sources(self) -> dict[str, str]:
        """The file's text by its displayed name (empty when the text is unknown), for ``format_text``."""
        return {self.display: self.text} if self.text is not None and self.display else {}

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
        self._dropped: set[Path] = set()  # cached results whose document was let go by ``drop_documents``
        self.in_progress: list[Path] = []
        # Every place a child ref was looked for: the path tried -> (where it leads, whether a file is there).
        # A cache of results that depend on children is current only while each probe answers the same.
        self.probes: dict[str, tuple[str, bool]] = {}

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
            if key not in self._dropped:
                return self._results[key]
            # A composition rule needs this child's data again: load it anew (its diagnostics come out the same).
            del self._results[key]
            self._dropped.discard(key)
        shown = self.display(key)
        try:
            read, problem = read_input(str(key), self.limits.max_bytes, display=shown)
        except InputRefused as error:
            problem = Diagnostic(shown, 1, 1, ERROR, "io.unreadable", f"cannot read the file: {error}",
                                 "check that the path exists, is a regular file and is readable")
            read = None
        if read is None:
            assert problem is not None  # read_input gives a diagnostic whenever it gives no input
            return self._remember(Result(key, None, [problem], None, shown))
        return self.validate_text(read.text, key, shown)

    def validate_text(self, text: str, path: str | os.PathLike, display: str | None = None) -> Result:
        """Validate ``text`` as if it were saved at ``path`` (nothing is written): refs resolve from there.

        LSS-min text (a JSON object with the format marker) is expanded and the
        spec validated; its findings are located in the LSS-min text.
        """
        key = Path(path).resolve()
        shown = display if display is not None else self.display(key)
        # Standard input has no suffix to go by; JSON is told by its first character there only, because the
        # loader reads JSON's tabs as spaces, which would change a tab inside a quoted YAML string.
        is_json = key.suffix.lower() == ".json" or (shown == STDIN_NAME and text.lstrip().startswith(("{", "[")))
        document, diagnostics = load_bytes(text.encode("utf-8", errors="surrogatepass"), shown, self.limits,
                                           is_json=is_json)
        result = Result(key, document, list(diagnostics), text, shown)
        if document is not None and _is_min(document.data):
            return self._remember(self._validate_min(result))
        if document is not None:
            self._check(result, document)
        return self._remember(result)

    def _validate_min(self, result: Result) -> Result:
        from loopctl.lssmin.expand import ExpandError, expand_text
        from loopctl.lssmin.locate import min_pointer
        packed_doc = result.document
        assert packed_doc is not None and result.text is not None  # only a loaded LSS-min file comes here
        try:
            data = expand_text(result.text)
        except ExpandError as error:
            line, column = (error.line, error.column) if error.pointer == "" else packed_doc.locate(error.pointer)
            result.diagnostics.append(Diagnostic(result.display, line, column, ERROR, "lean.malformed",
                                                 error.message, error.hint, error.pointer))
            result.document = None
            return result
        expanded = Document(result.display, data, result.text)
        result.document = expanded
        found: list[Diagnostic] = []
        self.in_progress.append(result.path)
        try:
            found = check_document(expanded, self, result.path)
        finally:
            self.in_progress.pop()
        for d in found:
            line, column = packed_doc.locate(min_pointer(packed_doc.data, d.pointer))
            result.diagnostics.append(Diagnostic(d.file, line, column, d.severity, d.rule, d.message, d.hint,
                                                 d.pointer))
        return result

    def _check(self, result: Result, document: Document) -> None:
        self.in_progress.append(result.path)
        try:
            result.diagnostics += check_document(document, self, result.path)
        finally:
            self.in_progress.pop()

    @property
    def validated(self) -> list[Path]:
        """Every file this store has read and validated, in the order it first did."""
        return list(self._results)

    def drop_documents(self) -> None:
        """Let go of every cached document (and of the text of files without findings) to bound memory.

        Diagnostics stay cached, so a file is still validated once; a child whose
        data a later composition needs is loaded again when asked for.
        """
        for key, result in self._results.items():
            if key not in self._dropped and key not in self.in_progress:
                self._results[key] = lean(result)
                self._dropped.add(key)

    def _remember(self, result: Result) -> Result:
        result.diagnostics.sort(key=sort_key)
        self._results[result.path] = result
        return result

    def project_root(self, composing: Path) -> Path:
        """Return the folder that ``composing``'s refs are confined to (see the module docstring)."""
        if self.root is not None:
            return self.root
        folder = Path(composing).resolve().parent
        for candidate in (folder, *folder.parents):
            if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
                return candidate
        return folder

    def locate_child(self, parent: Path, ref: str) -> tuple[Path | None, str]:
        """Resolve a child ``ref``: return (path, "") or (None, why): "outside-root", "missing" or "invalid".

        The ref is tried relative to the composing file, then to ``root``; an
        absolute ref, or one whose target (symlinks resolved) lies outside the
        project root, is "outside-root" and is never opened.
        """
        if _is_absolute(ref):
            return None, "outside-root"
        if "\x00" in ref or not ref.strip():
            return None, "invalid"
        try:
            root = self.project_root(parent)
            bases = [Path(parent).resolve().parent] + ([self.root] if self.root is not None else [])
            outside = False
            for base in bases:
                candidate, found = probe(base / ref, root)
                self.probes[str(base / ref)] = (str(candidate), found)
                if not _within(candidate, root):
                    outside = True
                    continue
                if found:
                    return candidate, ""
        except (OSError, ValueError, RuntimeError, UnicodeError):
            # A name too long, a symlink loop, a character the file system cannot take: no file to open.
            return None, "invalid"
        return None, "outside-root" if outside else "missing"

    def resolve_child(self, parent: Path, ref: str) -> Path | None:
        """Resolve a child ``ref`` relative to the composing file, then to the root; None if neither is usable."""
        return self.locate_child(parent, ref)[0]


def lean(result: Result) -> Result:
    """A copy of ``result`` without its document, keeping its text only when a report may quote it or it
    holds a suppression comment (which is checked, and reported when unused, after validation)."""
    keep = result.text is not None and (bool(result.diagnostics) or "loopctl:" in result.text)
    return Result(result.path, None, list(result.diagnostics), result.text if keep else None,
                  result.display, loaded=result.did_load)


def validate_paths(store_factory, paths, jobs: int = 1) -> list[Result]:
    """Validate ``paths`` in their order and return one lean result each (see ``lean``): no documents kept.

    ``store_factory()`` makes the ``SpecStore`` to use (a class or a
    ``functools.partial`` of it, so that worker processes can make their own).
    With ``jobs`` above 1 and enough files, contiguous slices of ``paths`` are
    validated in that many processes; the results keep the order of ``paths``
    and are the same as with ``jobs=1``. Peak memory stays flat in the number
    of files: each document is dropped once its file (and any composition that
    needs it) has been checked.
    """
    paths = list(paths)
    jobs = max(1, min(int(jobs), len(paths) // _FILES_PER_JOB))
    if jobs == 1:
        return _validate_slice(store_factory, paths)
    import multiprocessing
    size = -(-len(paths) // (jobs * 4))  # a few slices per process, so a slow slice does not hold up the rest
    slices = [paths[start:start + size] for start in range(0, len(paths), size)]
    with multiprocessing.get_context().Pool(jobs) as pool:
        parts = pool.starmap(_validate_slice, [(store_factory, part) for part in slices])
    return [result for part in parts for result in part]


# Below this many files per process, starting the processes costs more than it saves.
_FILES_PER_JOB = 100


def _validate_slice(store_factory, paths: list) -> list[Result]:
    store = store_factory()
    results = []
    for path in paths:
        results.append(lean(store.validate(path)))
        store.drop_documents()
    return results


def _is_min(data) -> bool:
    from loopctl.lssmin.keys import FORMAT_KEY
    return isinstance(data, dict) and FORMAT_KEY in data


def _is_absolute(ref: str) -> bool:
    return (PurePosixPath(ref).is_absolute() or PureWindowsPath(ref).is_absolute()
            or bool(PureWindowsPath(ref).drive) or ref.startswith("~"))


def probe(path: Path, root: Path) -> tuple[Path, bool]:
    """Where ``path`` leads (symlinks resolved) and whether a regular file is there inside ``root``.

    A place outside ``root`` is never looked at (its answer is False). Raises
    ``OSError``, ``ValueError`` or ``RuntimeError`` for a path that cannot be resolved.
    """
    candidate = path.resolve()
    return candidate, _within(candidate, root) and _is_regular(candidate)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def check_document(document: Document, store: SpecStore, path: Path) -> list[Diagnostic]:
    """Run the schema and every registered rule on a loaded document."""
    diagnostics = check_schema(document)
    context = CheckContext(document, SpecView(document.data), store, path)
    scopes = ["spec"] + (["composition"] if "composition" in document.data else [])
    for scope in scopes:
        for registered in checks(scope):
            assert registered.check is not None  # checks() yields only rules with a check
            for finding in registered.check(context):
                line, column = document.locate(finding.pointer, key=finding.on_key)
                diagnostics.append(Diagnostic(document.path, line, column, finding.severity or registered.severity,
                                              registered.id, finding.message, finding.hint, finding.pointer))
    return diagnostics


@dataclass
class Discovered:
    """What ``discover`` found: spec files, named paths that do not exist, and named paths that are not files."""

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    irregular: list[tuple[str, str]] = field(default_factory=list)  # (path, what it is)


def discover(paths: list[str], exclude: list[str] | tuple[str, ...] = ()) -> Discovered:
    """Expand named files and folders into spec files (folders recursively, sorted, duplicates once).

    A named file is taken as it is. In a folder, skipped: hidden files and
    folders, ``node_modules``, results files (``*.results.json``), anything
    matching an ``exclude`` glob (against its name or its path below the
    folder), files that are not regular, and what git ignores when the folder
    is in a git work tree. A named path that exists but is not a regular file
    or folder (a FIFO, a device) is reported as such, never opened.
    """
    from loopctl.discovery import spec_files_under
    from loopctl.inputs import file_kind
    found = Discovered()
    candidates: list[Path] = []
    for raw in paths:
        path = Path(raw)
        kind = file_kind(path)
        if kind == "a folder":
            candidates.extend(spec_files_under(path, SPEC_SUFFIXES, exclude))
        elif kind == "file":
            candidates.append(path)
        elif kind == "missing":
            found.missing.append(raw)
        else:
            found.irregular.append((raw, kind))
    seen = set()
    for p in candidates:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            found.files.append(p)
    return found
