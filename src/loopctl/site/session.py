"""The build of the site that is under way, shared by the MkDocs hooks and the page generator script.

MkDocs calls the hooks and mkdocs-gen-files runs ``hooks/gen_pages.py`` in
the same process, at different moments of one build; both reach the same
``SiteBuild`` through this module, keyed by the project's root folder. When
serving, each rebuild's ``SiteBuild`` starts from the previous one, so only
what the changed files affect is validated and analysed again.
"""

from __future__ import annotations

from pathlib import Path

from loopctl.site.build import SiteBuild

_builds: dict[Path, SiteBuild] = {}
_hook_state: dict = {"serve": False, "dirty": False, "build": None, "titles": {}, "aside": {}}


def hook_state() -> dict:
    """The state the MkDocs hooks keep for the whole process.

    MkDocs loads the hook script again on every ``mkdocs serve`` rebuild (a new
    module, so its globals start over), and calls ``on_startup`` only once: what
    must survive from one rebuild to the next lives here.
    """
    return _hook_state


def open_build(root: str | Path, **options) -> SiteBuild:
    """Start the build of the site at ``root`` (a new ``SiteBuild`` with ``options``) and return it.

    With ``serve=True`` the previous build of the same site, if any, is handed in as ``previous``.
    """
    if options.get("serve"):
        options.setdefault("previous", _builds.get(Path(root).resolve()))
    build = SiteBuild(root, **options)
    _builds[build.root] = build
    return build


def current_build(root: str | Path) -> SiteBuild:
    """Return the build under way for the site at ``root``; raise ``LookupError`` when none was opened."""
    try:
        return _builds[Path(root).resolve()]
    except KeyError:
        raise LookupError(f"no site build is under way for {root}: the loop_site hook opens it") from None
