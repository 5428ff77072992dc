"""One in-memory model of every spec, built once per site build.

``collect(root)`` finds every file in the content folders, refuses those
whose names are not safe as link targets (``site.file-name``) or that link
outside the project (``site.outside-link``); those are neither modelled nor published, validates each spec once through a shared
``SpecStore`` (composition children are not re-read),
and for every spec without errors runs the analyses: taxonomy level, LES
design-time estimate and Mermaid diagram. Renderers read this model and
nothing else; they never re-read or re-validate a file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from loopctl import level, score
from loopctl.diagnostics import Diagnostic
from loopctl.layout import content_files, is_spec_file, spec_kind, spec_page
from loopctl.model import SpecView, as_dict, as_list
from loopctl.render import mermaid
from loopctl.rules.naming import file_name_problems, outside_link_problems
from loopctl.schema import version_for
from loopctl.site.cache_files import file_digest
from loopctl.validate import Result, SpecStore


@dataclass
class ChildLink:
    """One child of a composition: its id, role, the ref as written, and the resolved spec (if any)."""

    id: str
    role: str
    ref: str
    source: str | None


@dataclass
class SpecEntry:
    """Everything the site knows about one spec file."""

    source: str                      # repository path, e.g. loop-library/coding-agent.yaml
    kind: str                        # library / composition / pattern / case-study
    result: Result
    companion: str | None = None     # repository path of the companion page, when one exists
    verdict: level.LevelVerdict | None = None
    card: score.Scorecard | None = None
    diagram: str | None = None
    children: list[ChildLink] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        """Site path of the spec's page."""
        return spec_page(self.source)

    @property
    def stem(self) -> str:
        return posixpath.splitext(posixpath.basename(self.source))[0]

    @property
    def data(self) -> dict:
        document = self.result.document
        return document.data if document is not None and isinstance(document.data, dict) else {}

    @property
    def text(self) -> str:
        return self.result.document.text if self.result.document is not None else ""

    @property
    def view(self) -> SpecView:
        return SpecView(self.data)

    @property
    def name(self) -> str:
        return self.view.name or self.stem

    @property
    def valid(self) -> bool:
        return self.result.valid

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.result.diagnostics

    @property
    def lss_version(self) -> str:
        return version_for(self.data)

    @property
    def patterns(self) -> list[str]:
        """Pattern slugs from ``metadata.patterns`` (strings only), outermost first."""
        return [p for p in as_list(self.view.metadata.get("patterns")) if isinstance(p, str)]

    @property
    def composition_type(self) -> str:
        value = self.view.composition.get("type")
        return value if isinstance(value, str) else ""


@dataclass
class SiteModel:
    """Every spec of the repository, keyed by repository path, plus the set of content pages."""

    root: Path
    entries: dict[str, SpecEntry]
    pages: set[str]
    files: list[str] = field(default_factory=list)              # content files with safe names, to publish
    name_problems: list[Diagnostic] = field(default_factory=list)  # site.file-name errors of the others
    # What the model depends on beyond the content files, for a cache of it to tell when it is out of date:
    outside_reads: dict[str, str] = field(default_factory=dict)       # file validated outside them -> SHA-256
    probes: dict[str, tuple[str, bool]] = field(default_factory=dict)  # see ``SpecStore.probes``
    _by_page: dict[str, SpecEntry] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        self._by_page = {e.page: e for e in self.entries.values()}

    def entry_for_page(self, page: str) -> SpecEntry | None:
        """Return the spec whose page is the site path ``page``, if any."""
        return self._by_page.get(page)

    def entry(self, source: str) -> SpecEntry | None:
        """Return the spec at repository path ``source`` (normalised), if any."""
        return self.entries.get(posixpath.normpath(source))

    def pattern(self, slug: str) -> SpecEntry | None:
        """Return the pattern spec of a pattern slug, if it exists."""
        for suffix in (".yaml", ".yml", ".json"):
            found = self.entries.get(f"patterns/{slug}{suffix}")
            if found is not None:
                return found
        return None

    def pattern_page(self, slug: str) -> str | None:
        """Return the site path of a pattern's page (spec page or plain page), if it exists."""
        entry = self.pattern(slug)
        if entry is not None:
            return entry.page
        page = f"patterns/{slug}.md"
        return page if page in self.pages else None

    def using_pattern(self, slug: str, kind: str | None = None) -> list[SpecEntry]:
        """Return the specs that list ``slug`` in ``metadata.patterns`` (optionally of one kind)."""
        return [e for e in self.entries.values() if slug in e.patterns and (kind is None or e.kind == kind)]

    @property
    def errors(self) -> list[Diagnostic]:
        """Every error of the site's content: unsafe file names, then each spec's errors."""
        return list(self.name_problems) + [d for e in self.entries.values() for d in e.result.errors]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for e in self.entries.values() for d in e.result.warnings]


def collect(root: str | Path) -> SiteModel:
    """Validate and analyse every spec under the content folders of ``root``."""
    root = Path(root).resolve()
    files, name_problems = publishable_files(root)
    pages = {f for f in files if f.endswith(".md")}
    store = new_store(root)
    entries: dict[str, SpecEntry] = {}
    for source in files:
        if is_spec_file(source):
            entry = entries[source] = spec_entry(source, store, root, pages)
            analyse_entry(entry, store)
    link_children(entries, store, root)
    model = SiteModel(root, entries, pages, files, name_problems)
    record_reads(model, store)
    return model


def publishable_files(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """The content files that can be published, and the ``site.file-name`` / ``site.outside-link`` errors
    of the others."""
    files, name_problems = [], []
    for path in content_files(root):
        problems = file_name_problems(path) or outside_link_problems(root, path)
        name_problems += problems
        if not problems:
            files.append(path)
    return files, name_problems


def record_reads(model: SiteModel, store: SpecStore) -> None:
    """Add to ``model`` what ``store`` read outside the content files and every place it looked for a child."""
    content = {str(model.root / path) for path in model.files}
    model.outside_reads.update({str(path): file_digest(path) for path in store.validated if str(path) not in content})
    model.probes.update(store.probes)


def new_store(root: Path) -> SpecStore:
    """The spec store of one collection: each file read and validated once, diagnostics relative to ``root``."""
    return SpecStore(root=root, display_base=root)


def spec_entry(source: str, store: SpecStore, root: Path, pages: set[str]) -> SpecEntry:
    """Validate the spec at repository path ``source`` and return its entry (not yet analysed)."""
    kind = spec_kind(source)
    assert kind is not None  # the collector passes spec files of the content folders only
    entry = SpecEntry(source, kind, store.validate(root / source))
    if spec_page(source) in pages:
        entry.companion = spec_page(source)
    return entry


def analyse_entry(entry: SpecEntry, store: SpecStore) -> None:
    """Run the level, score and diagram analyses on a spec without errors; leave an invalid one as it is."""
    if entry.result.valid and entry.result.document is not None:
        _analyse(entry, store)


def link_children(entries: dict[str, SpecEntry], store: SpecStore, root: Path) -> None:
    """Resolve each composition's children and record every spec's parents (in place)."""
    for entry in entries.values():
        entry.children = _children(entry, store, root)
        for child in entry.children:
            if child.source in entries and entry.source not in entries[child.source].parents:
                entries[child.source].parents.append(entry.source)


def _analyse(entry: SpecEntry, store: SpecStore) -> None:
    document = entry.result.document
    assert document is not None  # only valid entries are analysed
    entry.verdict = level.classify(document.data, level.child_loader(store, document))
    entry.card = score.estimate(document.data)
    entry.diagram = mermaid.diagram(document.data, mermaid.child_loader(store, document))


def _children(entry: SpecEntry, store: SpecStore, root: Path) -> list[ChildLink]:
    links = []
    for child in as_list(entry.view.composition.get("children")):
        child = as_dict(child)
        ref = child.get("ref")
        if not isinstance(ref, str):
            continue
        resolved = store.resolve_child(root / entry.source, ref)
        source = None
        if resolved is not None:
            try:
                source = resolved.relative_to(root).as_posix()
            except ValueError:
                source = None
        links.append(ChildLink(str(child.get("id", "")), str(child.get("role", "stage")), ref, source))
    return links
