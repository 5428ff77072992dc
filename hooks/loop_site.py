"""MkDocs adapter for ``loopctl.site``: what only hooks can do.

Events: ``on_startup`` notes whether this is ``mkdocs serve`` (and ``--dirty``); ``on_files``
(before mkdocs-gen-files runs ``hooks/gen_pages.py``) opens the build, which
loads and validates every spec once, stops a real build on invalid specs
(printing each diagnostic) and plans the files the generator writes;
``on_page_markdown`` weaves placeholders and the generated parts into each
page; ``on_serve`` watches the content folders.

``mkdocs serve --dirty`` (what ``make serve`` runs) is the fast preview: each
rebuild reuses the previous build's model, and ``on_nav`` marks as unmodified
every page that the changed files cannot alter (``SiteBuild.stale_pages``),
so MkDocs re-renders only the others; those keep the titles they had. Costly
blocks (the lean figures) are computed in another process meanwhile; a
watched signal file asks for the rebuild that shows them. MkDocs
logs a warning on every dirty build, which would abort a strict build: only
that one message is logged as information, and only when serving dirty.
All logic lives in ``loopctl.site``; this file only translates events.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from loopctl.cli import build_parser
from loopctl.layout import CONTENT_FOLDERS
from loopctl.render import svg_cache
from loopctl.render.placeholders import PlaceholderError
from loopctl.site import aside, block_cache
from loopctl.site.build import MissingAsset, SiteBuild, SiteConflict
from loopctl.site.session import hook_state, open_build

log = logging.getLogger("mkdocs.hooks.loop_site")
_state: dict = hook_state()   # survives MkDocs re-loading this script on each serve rebuild
DIRTY_NOTICE = "A 'dirty' build is being performed"

# mkdocs-mermaid2 reports every page at INFO; keep its warnings only.
logging.getLogger("mkdocs.plugins.mermaid2.util").setLevel(logging.WARNING)


class _DirtyNoticeIsInformation(logging.Filter):
    """Log MkDocs' notice that a dirty build is under way as information, so a strict serve keeps going."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _state["serve"] and _state["dirty"] and record.getMessage().startswith(DIRTY_NOTICE):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_dirty_filter = _DirtyNoticeIsInformation()


def on_startup(command, dirty):
    _state["serve"] = command == "serve"
    _state["dirty"] = bool(dirty) and _state["serve"]
    _state["titles"] = {}
    logger = logging.getLogger("mkdocs.commands.build")
    if _state["dirty"]:
        logger.addFilter(_dirty_filter)
    else:
        logger.removeFilter(_dirty_filter)


@event_priority(100)  # before mkdocs-gen-files, whose script writes what this plans
def on_files(files, config):
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    build = _state["build"] = open_build(root, serve=_state["serve"], repo_url=config.repo_url,
                                         cli_parser=build_parser(), docs=docs, defer_blocks=_state["dirty"])
    svg_cache.activate(svg_cache.DiagramRenderer(root))
    # When serving, problems are shown on the pages and logged as information: a warning would stop
    # a strict `mkdocs serve`, and the preview must keep running while a spec is being fixed.
    report_error = log.info if build.serve else log.error
    report_warning = log.info if build.serve else log.warning
    for diagnostic in build.errors:
        report_error(build.describe(diagnostic))
    for diagnostic in build.warnings:
        report_warning(build.describe(diagnostic))
    for message in build.level_disagreements():
        report_warning(message)
    if build.errors and not build.serve:
        raise PluginError(f"{len({d.file for d in build.errors})} spec file(s) have errors (listed above); "
                          "`mkdocs serve` shows them on the pages")
    for file in files:
        file.edit_uri = f"{docs}/{file.src_uri}"
    try:
        build.files({file.src_uri for file in files})
    except (MissingAsset, SiteConflict) as error:
        raise PluginError(str(error)) from None
    return files


def on_nav(nav, config, files):
    build: SiteBuild = _state["build"]
    stale = build.stale_pages() if _state["dirty"] else None
    _state["skipped"] = set()
    if stale is None:
        return nav
    for file in files.documentation_pages():
        fresh = file.src_uri in stale or file.src_uri not in _state["titles"]
        file.is_modified = (lambda value: lambda: value)(fresh)   # what `--dirty` asks before rendering a page
        if not fresh:
            _state["skipped"].add(file.src_uri)
            if file.page is not None:
                file.page.title = _state["titles"][file.src_uri]
    return nav


def on_env(env, config, files):
    # A dirty serve rebuild would compile every theme template again (MkDocs makes a new Jinja
    # environment per build, without auto-reload): reuse the previous one while no template changed.
    if not _state["dirty"]:
        return env
    key = _templates_key(config.theme.dirs)
    kept = _state.get("env")
    if kept is not None and kept[0] == key:
        return kept[1]
    _state["env"] = (key, env)
    return env


def _templates_key(folders) -> tuple:
    return tuple((str(path), path.stat().st_mtime_ns) for folder in folders
                 for path in sorted(Path(folder).rglob("*.html")))


def on_page_context(context, page, config, nav):
    if _state["dirty"]:
        _state["titles"][page.file.src_uri] = page.title
    return context


def on_page_markdown(markdown, page, config, files):
    build: SiteBuild = _state["build"]
    boost = build.search_boost(page.file.src_uri)
    if boost is not None:  # read by Material's search plugin from the page's metadata
        page.meta.setdefault("search", {}).setdefault("boost", boost)
    try:
        return build.page_markdown(page.file.src_uri, markdown)
    except PlaceholderError as error:
        raise PluginError(f"bad placeholder: {error}") from None


@event_priority(100)   # before Material's search plugin reads the page
def on_page_content(html, page, config, files):
    html, _state["aside"][page.file.src_uri] = aside.set_aside(html)
    return html


def on_post_page(output, page, config):
    output = aside.put_back(output, _state["aside"].pop(page.file.src_uri, None))
    return svg_cache.fill_drawings(output)


def on_post_build(config):
    renderer = svg_cache.active()
    if renderer is not None:
        log.info(f"diagrams drawn at build time: {renderer.drawn}, from the cache: {renderer.hits}")
        for failure in renderer.failures:
            log.info(f"a diagram is left to the browser: {failure}")
    svg_cache.activate(None)
    build: SiteBuild | None = _state["build"]
    if _state["dirty"]:
        # mkdocs-gen-files warns about edit links of pages that were not rendered; a dirty rebuild skips
        # pages on purpose, so those are not lost links.
        edit_paths = getattr(config.plugins.get("gen-files"), "_edit_paths", {})
        for file in _state.get("skipped", ()):
            edit_paths.pop(file, None)
    for error in build.placeholder_errors if build else []:
        log.info(f"bad placeholder (shown on the page): {error}")


def on_serve(server, config, builder):
    root = Path(config.config_file_path).parent
    for folder in CONTENT_FOLDERS:
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    # A block computed in the background (block_cache) asks for a rebuild by touching a watched file.
    signal = Path(tempfile.mkdtemp(prefix="loopctl-serve-"))
    _state["signal"] = signal
    server.watch(str(signal))
    block_cache.when_ready(lambda: (signal / "ready").write_text(str(time.time()), encoding="utf-8"))
    return server


def on_shutdown():
    block_cache.shutdown()
    signal = _state.pop("signal", None)
    if signal is not None:
        shutil.rmtree(signal, ignore_errors=True)
