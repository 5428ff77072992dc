"""mkdocs-gen-files script: write the files the build derives from the specs and the code.

The ``loop_site`` hook has opened the build and planned its files (content
folders, one page per spec, reference pages, schemas, Mermaid); this script
writes each of them into the site through mkdocs-gen-files, points each
page's "edit this page" link at its source in the repository (a spec page
opens its YAML), and lists the new pages in the navigation.
"""

from __future__ import annotations

from pathlib import Path

import mkdocs_gen_files

from loopctl.site.nav import expand_nav
from loopctl.site.session import current_build

config = mkdocs_gen_files.config
build = current_build(Path(config.config_file_path).parent)
for item in build.planned:
    data = item.content.encode("utf-8") if item.content is not None else Path(item.abs_path).read_bytes()
    with mkdocs_gen_files.open(item.src_uri, "wb") as handle:
        handle.write(data)
    if item.src_uri.endswith(".md"):  # only pages have an edit link
        mkdocs_gen_files.set_edit_path(item.src_uri, item.edit_path)
if config.nav:
    config.nav = expand_nav(config.nav, [f.src_uri for f in mkdocs_gen_files.files.documentation_pages()])
