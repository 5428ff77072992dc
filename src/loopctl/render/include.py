"""Include a repository Markdown file (such as ``CONTRIBUTING.md``) in a site page, links rewritten.

The file is written for the code host: its links are relative to its own
place in the repository. Included in a site page, each link is moved to the
site path it is published at, relative to the including page; a link to a
file the site does not publish becomes its path in code formatting, so no
link breaks. The file's first ``#`` heading is dropped: the including page
has its own title. Code (fenced or inline) is left as written.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from loopctl.layout import relative_link, site_path
from loopctl.render.fences import map_prose, mask_code_spans

_LINK = re.compile(r"\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?P<target>[^)\s]+)\)")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")
_H1 = re.compile(r"\A\s*#[ \t][^\n]*\n")


def include_markdown(root: Path, source: str, page: str) -> str:
    """Return the Markdown of repository file ``source`` for the site page ``page``.

    Raises ``ValueError`` when ``source`` is not a Markdown file inside the repository.
    """
    root = Path(root).resolve()
    path = (root / source).resolve()
    if not source.endswith(".md") or root not in path.parents or not path.is_file():
        raise ValueError(f"no Markdown file {source!r} in the repository (a path from the repository root)")
    text = _H1.sub("", path.read_text(encoding="utf-8"), count=1)
    base = posixpath.dirname(path.relative_to(root).as_posix())

    def move(match: re.Match) -> str:
        target = match.group("target")
        if _EXTERNAL.match(target):
            return match.group(0)
        file, _, anchor = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(base, file))
        published = site_path(repo_path)
        if published is None or not (root / repo_path).exists():
            return f"{match.group('text')} (`{repo_path}` in the repository)"
        link = relative_link(page, published)
        return f"[{match.group('text')}]({link}{'#' + anchor if anchor else ''})"

    def rewrite(prose: str) -> str:
        out = []
        for line in prose.splitlines(keepends=True):
            masked, restore = mask_code_spans(line)
            out.append(restore(_LINK.sub(move, masked)))
        return "".join(out)

    return map_prose(text, rewrite).strip("\n")
