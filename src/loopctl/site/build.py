"""One site build: the spec model, the files to publish, and the Markdown of every page.

``SiteBuild`` is created once per build (MkDocs ``on_files``). It collects
the model (every spec validated and analysed once), lists the files to add to
the site, and turns a page's Markdown into the published Markdown: link
rewriting for content-folder pages, placeholder expansion, and the generated
parts of spec pages. It does not import MkDocs: ``hooks/loop_site.py`` adapts
it to MkDocs' events.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from loopctl.diagnostics import Diagnostic
from loopctl.escape import terminal_text
from loopctl.layout import content_files, is_content_page, is_spec_file, spec_page
from loopctl.render import reference
from loopctl.render.explore_blocks import pattern_appendix
from loopctl.render.placeholders import Context, PlaceholderError, expand
from loopctl.render.spec_page import problems_block, render_spec_page
from loopctl.report import format_diagnostic
from loopctl.rules.registry import all_rules
from loopctl.schema import VERSIONS, load_schema, schema_text
from loopctl.site import incremental, model_cache
from loopctl.site.block_cache import substitute_blocks, take_ready_pages
from loopctl.site.collect import SiteModel, collect
from loopctl.site.links import rewrite_links
from loopctl.site.results import results_pages

MERMAID_SOURCE = "node_modules/mermaid/dist/mermaid.min.js"
MERMAID_TARGET = "assets/javascripts/mermaid.min.js"
PATTERN_SEARCH_BOOST = 3.0
# The page that indexes the rule ids a reader types verbatim ranks above pattern pages.
ID_INDEX_PAGES = {"reference/rules.md": PATTERN_SEARCH_BOOST}
# Further front-end files served from node_modules: (source, site path).
ASSETS = (("node_modules/@panzoom/panzoom/dist/panzoom.min.js", "assets/javascripts/panzoom.min.js"),)
MODELINE = "# yaml-language-server: $schema={url}"


@dataclass(frozen=True)
class Published:
    """A file to add to the site: backed by a file on disk or by generated content."""

    src_uri: str
    abs_path: str | None = None
    content: str | None = None
    edit_path: str | None = None    # repository path for the page's edit link; None for generated pages


class MissingAsset(RuntimeError):
    """A file the site needs is not installed (for example Mermaid before ``make setup``)."""


class SiteConflict(RuntimeError):
    """Two sources would publish the same site path."""


def _playground_files(root: Path, docs_pages: set[str]) -> list[Published]:
    """The playground's bundle, front end and Pyodide, when the site has the playground page."""
    from loopctl.playground import bundle

    if bundle.PAGE not in docs_pages:
        return []
    try:
        return [Published(a.site_path, abs_path=str(a.abs_path)) for a in bundle.published(root)]
    except bundle.BundleError as error:
        raise MissingAsset(str(error)) from None


class SiteBuild:
    """The model and page transformations of one build of the site rooted at ``root``."""

    def __init__(self, root: str | Path, serve: bool = False, repo_url: str | None = None, branch: str = "main",
                 cli_parser: argparse.ArgumentParser | None = None, previous: SiteBuild | None = None,
                 docs: str = "docs", defer_blocks: bool = False):
        self.root = Path(root).resolve()
        self.cli_parser = cli_parser
        self.serve = serve
        self.docs = docs
        self.repo_blob_url = f"{repo_url.rstrip('/')}/blob/{branch}/" if repo_url else None
        self.previous = previous if serve and previous is not None and previous.root == self.root else None
        if self.previous is not None:
            self.previous.previous = None    # keep one build back, not the whole serve session
        self.hashes: dict[str, str] = {}     # content hash of every content file (and, serving, docs page)
        self.changed: set[str] | None = None  # what changed since the previous serve build; None: no previous
        self.model: SiteModel = self._collect()
        self.published: set[str] = set()
        self.planned: list[Published] = []   # what ``files`` listed, for the page generator to write
        self.placeholder_errors: list[PlaceholderError] = []
        self._markdown_pages: list[str] = []
        self._generated: dict[str, str] = {}   # site path -> content of each generated file, as planned
        self.defer_blocks = defer_blocks      # the live preview: costly blocks never hold a page up
        # Serve only: page -> (Markdown in, published Markdown) as last rendered, this build or an earlier one.
        self.rendered: dict[str, tuple[str, str]] = dict(self.previous.rendered) if self.previous else {}

    def _collect(self) -> SiteModel:
        """The model: updated for the files that changed since the previous serve build, or since the model
        the last build saved (``model_cache``), or else collected whole."""
        self.hashes = incremental.fingerprints(self.root, content_files(self.root))
        if self.previous is None:
            return self._from_saved_model()
        self.changed = incremental.changed(self.previous.content_hashes(), self.hashes)
        if not self.changed:
            return self.previous.model
        model = incremental.update_model(self.root, self.previous.model, self.changed)
        if model is None:  # a file was added or removed: the pages and the navigation change everywhere
            self.changed = None
            return collect(self.root)
        return model

    def _from_saved_model(self) -> SiteModel:
        saved = model_cache.load(self.root)
        model = None
        if saved is not None:
            changed = incremental.changed(saved.hashes, self.hashes)
            model = incremental.update_model(self.root, saved.model, changed)
            if model is not None and not changed:
                return model
        if model is None:
            model = collect(self.root)
        if not model.errors:   # a model with errors is not kept: the build stops, or the preview shows them
            model_cache.save(self.root, model, self.hashes)
        return model

    def content_hashes(self) -> dict[str, str]:
        """The content hashes of the content folders' files (without the docs pages)."""
        return {p: h for p, h in self.hashes.items() if not p.startswith(self.docs + "/")}

    def stale_pages(self) -> set[str] | None:
        """Site paths of the pages a serve rebuild must render again, or None when every page must be.

        Call after ``files``. A page is a candidate when its source, its spec or a spec or file it shows
        changed since the previous build (``loopctl.site.incremental.stale_pages``); a candidate whose own
        source did not change is rendered again to Markdown (cheap) and kept only when that differs from
        what it published last time. Pages waiting for a deferred block that is now ready are stale too.
        The others keep their HTML.
        """
        if self.previous is None or self.changed is None or not self.published:
            return None
        if self.previous._markdown_pages != self._markdown_pages:
            return None
        changed = self.changed | incremental.changed(self.previous.docs_hashes(), self.docs_hashes())
        ready = take_ready_pages()
        ready |= {page for page, text in self._generated.items()    # generated pages whose text changed
                  if page.endswith(".md") and self.previous._generated.get(page) != text}
        if not changed:
            return ready
        sources = {}
        for page in self._markdown_pages + sorted(self.model.pages):
            path = page if page in self.model.pages else f"{self.docs}/{page}"
            try:
                sources[page] = (self.root / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                sources[page] = ""
        before = self.previous.model
        candidates = incremental.stale_pages(before, self.model, changed, sources)
        edited = {incremental.page_of(self.model, path) for path in changed} - {None}
        return {page for page in candidates if page in edited or self._output_differs(page)} | ready

    def _output_differs(self, page: str) -> bool:
        """True unless ``page`` was rendered before and its Markdown, rendered again now, is the same."""
        known = self.rendered.get(page)
        if known is None:
            return True
        markdown, published = known
        if page in self._generated and self._generated[page] != markdown:
            return True   # a generated page whose own text changed
        try:
            return self._publish(page, markdown)[0] != published
        except PlaceholderError:
            return True

    def docs_hashes(self) -> dict[str, str]:
        return {p: h for p, h in self.hashes.items() if p.startswith(self.docs + "/")}

    # ------------------------------------------------------------------ problems

    @property
    def errors(self) -> list[Diagnostic]:
        """Errors in specs: they fail ``mkdocs build``; ``mkdocs serve`` shows them on the pages instead."""
        return self.model.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return self.model.warnings

    def describe(self, diagnostic: Diagnostic) -> str:
        """One diagnostic as ``file:line:col: severity[rule] message``, its source line, a caret and the hint."""
        sources = {e.result.document.path: e.text for e in self.model.entries.values()
                   if e.result.document is not None}
        return "\n".join(format_diagnostic(diagnostic, sources.get(diagnostic.file)))

    def level_disagreements(self) -> list[str]:
        """Specs whose declared taxonomy level differs from the classifier's, as messages."""
        return [terminal_text(f"{e.source}: metadata.taxonomy_level is {e.verdict.declared} but the classifier "
                              f"gives {e.verdict.level} ({'; '.join(e.verdict.reasons)})")
                for e in self.model.entries.values() if e.verdict is not None and e.verdict.agrees is False]

    # ------------------------------------------------------------------ files

    def files(self, docs_pages: set[str]) -> list[Published]:
        """Return every file the build adds beside ``docs/``: content folders, spec pages, references,
        schemas and the Mermaid library. ``docs_pages`` are the site paths already in ``docs/``.

        Raises ``MissingAsset`` when the Mermaid library is not installed, and ``SiteConflict`` when a
        file would be published twice (in ``docs/`` and from a content folder or a generator).
        """
        added: list[Published] = []
        for path in self.model.files:
            added.append(Published(path, abs_path=str(self.root / path), edit_path=path))
            if is_spec_file(path) and spec_page(path) not in self.model.pages:
                added.append(Published(spec_page(path), content="", edit_path=path))
        for src_uri, render in self._generated_pages().items():
            if src_uri not in docs_pages:
                added.append(Published(src_uri, content=render()))
        for version in VERSIONS:
            added.append(Published(f"schema/lss-{version}.json", content=schema_text(version)))
        added += [Published(uri, content=text) for uri, text in results_pages(self.root).items() if uri not in docs_pages]
        mermaid = self.root / MERMAID_SOURCE
        if not mermaid.is_file():
            raise MissingAsset(f"{MERMAID_SOURCE} is missing: run `make setup` (npm install) to install Mermaid")
        added.append(Published(MERMAID_TARGET, abs_path=str(mermaid)))
        for source, target in ASSETS:
            if not (self.root / source).is_file():
                raise MissingAsset(f"{source} is missing: run `make setup` (npm install)")
            added.append(Published(target, abs_path=str(self.root / source)))
        added += _playground_files(self.root, docs_pages)
        twice = sorted({item.src_uri for item in added} & set(docs_pages))
        if twice:
            raise SiteConflict(f"{twice[0]} exists both in docs/ and in a content folder or generated page")
        self.published = set(docs_pages) | {p.src_uri for p in added}
        self.planned = added
        self._generated = {p.src_uri: p.content for p in added if p.content is not None}
        self._markdown_pages = sorted(p for p in docs_pages if p.endswith(".md"))
        if self.serve:
            in_docs = [f"{self.docs}/{p}" for p in sorted(docs_pages) if (self.root / self.docs / p).is_file()]
            self.hashes.update(incremental.fingerprints(self.root, in_docs))
        return added

    def _generated_pages(self) -> dict:
        latest = VERSIONS[-1]
        pages = {
            "reference/lss-fields.md": lambda: (
                "# LSS field reference\n\n"
                f"Every field of LSS {latest}, generated from the JSON Schema the validator uses "
                f"([lss-{latest}.json](../schema/lss-{latest}.json); LSS 1.0: "
                f"[lss-1.0.json](../schema/lss-1.0.json)). Add this first line to a spec to get completion "
                "and checking in editors that use the YAML language server:\n\n"
                + "```yaml\n" + MODELINE.format(url=reference.SCHEMA_URL.format(version=latest)) + "\n```\n\n"
                + reference.schema_reference(load_schema(latest), baseline=load_schema(VERSIONS[0]))),
            "reference/rules.md": lambda: (
                "# Validation rules\n\nEvery rule `loopctl validate` applies, from its registry. A rule id "
                "never changes once published.\n\n## Failure codes\n\n"
                + reference.failure_codes_table(all_rules()) + "\n\n"
                + reference.rules_reference(all_rules())),
            "reference/les.md": lambda: (
                "# LES: Loop Engineering Score\n\nThe weights, bands and formulas of LES 1.0 as `loopctl` "
                "implements them.\n\n" + reference.les_reference()),
            "reference/levels.md": lambda: (
                "# Taxonomy classifier\n\nHow `loopctl level` places a spec at one of the six levels: the "
                "deepest kind of step inside one iteration; every matching rule is reported, the highest "
                "wins.\n\n" + reference.level_rules_table() + "\n"),
        }
        if self.cli_parser is not None:  # the command line is the outer layer: the hooks hand its parser in
            parser = self.cli_parser
            pages["reference/cli.md"] = lambda: "# Command line\n\n" + reference.cli_reference(parser)
        return pages

    # ------------------------------------------------------------------ pages

    def search_boost(self, page: str) -> float | None:
        """Return how much Material's search should boost the page at site path ``page``, or None.

        A pattern's page is where a reader searching for the pattern's name or slug means to land;
        narrative pages that mention the pattern often would otherwise rank above it. A rule id or a
        field path is looked up on the reference page that indexes it.
        """
        if page in ID_INDEX_PAGES:
            return ID_INDEX_PAGES[page]
        entry = self.model.entry_for_page(page)
        return PATTERN_SEARCH_BOOST if entry is not None and entry.kind == "pattern" else None

    def page_markdown(self, page: str, markdown: str) -> str:
        """Return the published Markdown of the page at site path ``page``.

        Raises ``PlaceholderError`` for a bad placeholder when building; when
        serving, the error is shown in the page and kept in ``placeholder_errors``.
        """
        published, errors = self._publish(page, markdown)
        self.placeholder_errors += errors
        if self.serve:
            self.rendered[page] = (markdown, published)
        return published

    def _publish(self, page: str, markdown: str) -> tuple[str, list[PlaceholderError]]:
        """The published Markdown of ``page`` and the placeholder errors shown in it (no side effect)."""
        source_markdown = markdown
        if is_content_page(page):
            markdown = rewrite_links(markdown, page, self.published or None, self.repo_blob_url)
        entry = self.model.entry_for_page(page)
        source = page if is_content_page(page) else f"docs/{page}"
        context = Context(page, self.model, own=entry, raise_errors=not self.serve, source=source)
        markdown = expand(substitute_blocks(markdown, self.root, page, self.defer_blocks), context)
        if entry is not None:
            markdown = render_spec_page(entry, self.model, prose=markdown, placed=context.placed)
            markdown += pattern_appendix(entry, self.model, source_markdown)
        refused = self.refused_files(page) if self.serve else []
        if refused:
            box = problems_block(refused, f"{len(refused)} file(s) are not published: their names are not safe "
                                          "as link targets")
            markdown = box + "\n\n" + markdown
        return markdown, list(context.errors)

    def refused_files(self, page: str) -> list[Diagnostic]:
        """The ``site.file-name`` errors shown on ``page`` when serving: all of them on the home page, and
        those under a folder on that folder's index page."""
        if page == "index.md":
            return list(self.model.name_problems)
        folder, _, name = page.rpartition("/")
        if not folder or name not in ("index.md", "README.md"):
            return []
        return [d for d in self.model.name_problems if d.file.startswith(folder + "/")]
