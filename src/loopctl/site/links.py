"""Rewrite the links of content-folder pages from repository layout to site layout.

Pages in ``manifesto/``, ``patterns/``, ``case-studies/`` and
``loop-library/`` are written so that their links work on a code host: a
docs page is reached through ``../docs/...``. In the site, ``docs/`` is the
root, so those links are rewritten to the page's site location. A link to a
repository file that is not published (``../LICENSE``, ``../src/...``)
becomes a link to the file on the code host when a repository URL is known.
Links inside code (fenced or inline) are never touched. Everything else is
left as written, for MkDocs' own link validation to judge.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container

from loopctl.layout import relative_link, site_path
from loopctl.render.fences import map_prose, mask_code_spans

# [text](target "title") and ![alt](target): group 2 is the target.
_INLINE = re.compile(r"(!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*)(<[^>\n]*>|[^)\s]+)")
# [label]: target
_REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.MULTILINE)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")


def rewrite_links(markdown: str, page: str, published: Container[str] | None = None,
                  repo_blob_url: str | None = None) -> str:
    """Return ``markdown`` (a content-folder page at repository path ``page``) with site-layout links.

    ``published`` holds the site paths that exist; a repository file that is
    not published is linked on the code host at ``repo_blob_url`` (for
    example ``https://github.com/o/r/blob/main/``) when that is given.
    """
    def target(raw: str) -> str:
        bracketed = raw.startswith("<") and raw.endswith(">")
        value = raw[1:-1] if bracketed else raw
        new = rewrite_target(value, page, published, repo_blob_url)
        return f"<{new}>" if bracketed else new

    def rewrite(prose: str) -> str:
        prose = _REFERENCE.sub(lambda m: m.group(1) + target(m.group(2)), prose)
        out = []
        for line in prose.splitlines(keepends=True):
            masked, restore = mask_code_spans(line)
            out.append(restore(_INLINE.sub(lambda m: m.group(1) + target(m.group(2)), masked)))
        return "".join(out)

    return map_prose(markdown, rewrite)


def rewrite_target(target: str, page: str, published: Container[str] | None = None,
                   repo_blob_url: str | None = None) -> str:
    """Rewrite one link target written relative to the repository page ``page``; see ``rewrite_links``."""
    if not target or _EXTERNAL.match(target):
        return target
    path, anchor = _split_anchor(target)
    if not path:
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved.startswith("../") or resolved == "..":
        return target
    published_at = site_path(resolved)
    page_at = site_path(page) or page
    if published_at is not None and (published is None or published_at in published or
                                     _is_folder(published_at, published)):
        new = relative_link(page_at, published_at)
        if path.endswith("/") and not new.endswith("/"):
            new += "/"
        return new + anchor
    if published_at is None and repo_blob_url:
        return repo_blob_url.rstrip("/") + "/" + resolved + anchor
    return target


def _split_anchor(target: str) -> tuple[str, str]:
    match = re.search(r"[#?]", target)
    return (target[:match.start()], target[match.start():]) if match else (target, "")


def _is_folder(path: str, published: Container[str]) -> bool:
    folder = path.rstrip("/")
    prefix = f"{folder}/" if folder else ""
    return any(f"{prefix}{index}" in published for index in ("index.md", "README.md"))
