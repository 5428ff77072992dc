"""MkDocs adapter for ``loopctl.site``: weave the content folders and generated pages into the site.

Events: ``on_startup`` notes whether this is ``mkdocs serve``; ``on_files``
builds the spec model once per build, stops a real build on invalid specs
(printing each diagnostic), and adds the content folders, spec pages,
reference pages, schemas and Mermaid; ``on_page_markdown`` hands each page to
the model; ``on_serve`` watches the content folders. All logic lives in
``loopctl.site``; this file only translates events.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from loopctl.render import svg_cache
from loopctl.render.placeholders import PlaceholderError
from loopctl.site.build import MissingAsset, SiteBuild
from loopctl.site.layout import CONTENT_FOLDERS
from loopctl.site.nav import expand_nav

log = logging.getLogger("mkdocs.hooks.loop_site")
_state: dict = {"serve": False, "build": None}

# mkdocs-mermaid2 reports every page at INFO; keep its warnings only.
logging.getLogger("mkdocs.plugins.mermaid2.util").setLevel(logging.WARNING)


def on_startup(command, dirty):
    _state["serve"] = command == "serve"


def on_files(files, config):
    root = Path(config.config_file_path).parent
    build = _state["build"] = SiteBuild(root, serve=_state["serve"], repo_url=config.repo_url)
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
    docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    for file in files:
        file.edit_uri = f"{docs}/{file.src_uri}"
    try:
        published = build.files({file.src_uri for file in files})
    except MissingAsset as error:
        raise PluginError(str(error)) from None
    for item in published:
        if files.get_file_from_path(item.src_uri) is not None:
            raise PluginError(f"{item.src_uri} exists both in docs/ and in a content folder or generated page")
        if item.content is not None:
            file = File.generated(config, item.src_uri, content=item.content)
        else:
            file = File.generated(config, item.src_uri, abs_src_path=item.abs_path)
        file.edit_uri = item.edit_path
        files.append(file)
    if config.nav:
        config.nav = expand_nav(config.nav, [f.src_uri for f in files.documentation_pages()])
    return files


def on_page_markdown(markdown, page, config, files):
    build: SiteBuild = _state["build"]
    try:
        return build.page_markdown(page.file.src_uri, markdown)
    except PlaceholderError as error:
        raise PluginError(f"bad placeholder: {error}") from None


def on_post_build(config):
    renderer = svg_cache.active()
    if renderer is not None:
        log.info(f"diagrams drawn at build time: {renderer.drawn}, from the cache: {renderer.hits}")
        for failure in renderer.failures:
            log.info(f"a diagram is left to the browser: {failure}")
    svg_cache.activate(None)
    build: SiteBuild | None = _state["build"]
    for error in build.placeholder_errors if build else []:
        log.info(f"bad placeholder (shown on the page): {error}")


def on_serve(server, config, builder):
    root = Path(config.config_file_path).parent
    for folder in CONTENT_FOLDERS:
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
