"""One site build: the spec model, the files to publish, and the Markdown of every page.

``SiteBuild`` is created once per build (MkDocs ``on_files``). It collects
the model (every spec validated and analysed once), lists the files to add to
the site, and turns a page's Markdown into the published Markdown: link
rewriting for content-folder pages, placeholder expansion, and the generated
parts of spec pages. It does not import MkDocs: ``hooks/loop_site.py`` adapts
it to MkDocs' events.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loopctl.cli import build_parser
from loopctl.diagnostics import Diagnostic
from loopctl.render import reference
from loopctl.render.placeholders import Context, PlaceholderError, expand
from loopctl.render.spec_page import render_spec_page
from loopctl.report import format_text
from loopctl.rules import all_rules
from loopctl.schema import VERSIONS, load_schema, schema_text
from loopctl.site.collect import SiteModel, collect
from loopctl.site.layout import content_files, is_content_page, is_spec_file, spec_page
from loopctl.site.links import rewrite_links

MERMAID_SOURCE = "node_modules/mermaid/dist/mermaid.min.js"
MERMAID_TARGET = "assets/javascripts/mermaid.min.js"
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


class SiteBuild:
    """The model and page transformations of one build of the site rooted at ``root``."""

    def __init__(self, root: str | Path, serve: bool = False, repo_url: str | None = None, branch: str = "main"):
        self.root = Path(root).resolve()
        self.serve = serve
        self.repo_blob_url = f"{repo_url.rstrip('/')}/blob/{branch}/" if repo_url else None
        self.model: SiteModel = collect(self.root)
        self.published: set[str] = set()
        self.placeholder_errors: list[PlaceholderError] = []

    # ------------------------------------------------------------------ problems

    @property
    def errors(self) -> list[Diagnostic]:
        """Errors in specs: they fail ``mkdocs build``; ``mkdocs serve`` shows them on the pages instead."""
        return self.model.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return self.model.warnings

    def report(self, diagnostics: list[Diagnostic]) -> str:
        """Format diagnostics as ``file:line:col: severity[rule] message`` with source line, caret and hint."""
        sources = {e.result.document.path: e.text for e in self.model.entries.values()
                   if e.result.document is not None}
        return format_text(diagnostics, len(self.model.entries), sources)

    def describe(self, diagnostic: Diagnostic) -> str:
        """One diagnostic as ``file:line:col: severity[rule] message``, its source line, a caret and the hint."""
        return "\n".join(self.report([diagnostic]).splitlines()[:-1])

    def level_disagreements(self) -> list[str]:
        """Specs whose declared taxonomy level differs from the classifier's, as messages."""
        return [f"{e.source}: metadata.taxonomy_level is {e.verdict.declared} but the classifier gives "
                f"{e.verdict.level} ({'; '.join(e.verdict.reasons)})"
                for e in self.model.entries.values() if e.verdict is not None and e.verdict.agrees is False]

    # ------------------------------------------------------------------ files

    def files(self, docs_pages: set[str]) -> list[Published]:
        """Return every file the build adds beside ``docs/``: content folders, spec pages, references,
        schemas and the Mermaid library. ``docs_pages`` are the site paths already in ``docs/``.

        Raises ``MissingAsset`` when the Mermaid library is not installed.
        """
        added: list[Published] = []
        for path in content_files(self.root):
            added.append(Published(path, abs_path=str(self.root / path), edit_path=path))
            if is_spec_file(path) and spec_page(path) not in self.model.pages:
                added.append(Published(spec_page(path), content="", edit_path=path))
        for src_uri, render in self._generated_pages().items():
            if src_uri not in docs_pages:
                added.append(Published(src_uri, content=render()))
        for version in VERSIONS:
            added.append(Published(f"schema/lss-{version}.json", content=schema_text(version)))
        mermaid = self.root / MERMAID_SOURCE
        if not mermaid.is_file():
            raise MissingAsset(f"{MERMAID_SOURCE} is missing: run `make setup` (npm install) to install Mermaid")
        added.append(Published(MERMAID_TARGET, abs_path=str(mermaid)))
        for source, target in ASSETS:
            if not (self.root / source).is_file():
                raise MissingAsset(f"{source} is missing: run `make setup` (npm install)")
            added.append(Published(target, abs_path=str(self.root / source)))
        self.published = set(docs_pages) | {p.src_uri for p in added}
        return added

    def _generated_pages(self) -> dict:
        latest = VERSIONS[-1]
        return {
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
            "reference/cli.md": lambda: "# Command line\n\n" + reference.cli_reference(build_parser()),
        }

    # ------------------------------------------------------------------ pages

    def page_markdown(self, page: str, markdown: str) -> str:
        """Return the published Markdown of the page at site path ``page``.

        Raises ``PlaceholderError`` for a bad placeholder when building; when
        serving, the error is shown in the page and kept in ``placeholder_errors``.
        """
        if is_content_page(page):
            markdown = rewrite_links(markdown, page, self.published or None, self.repo_blob_url)
        entry = self.model.entry_for_page(page)
        source = page if is_content_page(page) else f"docs/{page}"
        context = Context(page, self.model, own=entry, raise_errors=not self.serve, source=source)
        markdown = expand(markdown, context)
        self.placeholder_errors += context.errors
        if entry is not None:
            markdown = render_spec_page(entry, self.model, prose=markdown, placed=context.placed)
        return markdown
