"""Shared by the site tests: build the real site once per test run, and read its pages.

``built_site()`` runs ``mkdocs build --strict`` on the repository once per
process (both test modules share the result) and returns a ``Site``: the
published pages by URL path, each parsed once into a small element tree with
the standard library's ``html.parser``. ``throwaway_project()`` copies the
site machinery (``mkdocs.yml`` without its nav, ``hooks/``, ``overrides/``,
``docs/assets/``, the local Mermaid and panzoom, and a link to the shared cache of build-time
drawings) into an empty folder, for tests that
build a site from their own specs. Nothing here asserts: the test modules do.
"""

from __future__ import annotations

import atexit
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT_FOLDERS = ("manifesto", "patterns", "case-studies", "loop-library")
BUILD_TIMEOUT = 900
# A base that no real link can point to: a link resolves inside the site when it keeps this host.
_BASE = "http://site.invalid/"

PATTERN_SLUGS = (
    "reflection-loop", "critique-loop", "planning-loop", "verification-loop", "research-loop",
    "simulation-loop", "debate-loop", "exploration-loop", "optimization-loop", "memory-augmented-loop",
    "human-in-the-loop", "safety-constrained-loop", "multi-agent-coordination", "recursive-improvement-loop",
)


# --------------------------------------------------------------------------- building


def mkdocs_build(project: Path, destination: Path) -> str:
    """Run ``mkdocs build --strict`` in ``project`` into ``destination``; fail the test with the log on error."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
                              cwd=project, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"mkdocs build --strict in {project} did not finish within {BUILD_TIMEOUT} s", pytrace=False)
    log = done.stdout + done.stderr
    if done.returncode != 0:
        lines = [line for line in log.splitlines() if "MERMAID2" not in line]
        pytest.fail(f"mkdocs build --strict failed in {project} (exit {done.returncode}):\n"
                    + "\n".join(lines[-60:]), pytrace=False)
    return log


_built: dict[str, Site] = {}


def built_site() -> Site:
    """Build the repository's site once per process and return it; later calls reuse the build."""
    if "repo" not in _built:
        folder = Path(tempfile.mkdtemp(prefix="loop-site-"))
        atexit.register(shutil.rmtree, folder, True)
        mkdocs_build(REPO, folder / "site")
        _built["repo"] = Site(folder / "site")
    return _built["repo"]


def throwaway_project(folder: Path) -> Path:
    """Make ``folder`` a site project with the repository's site machinery and no content; return it.

    The nav of ``mkdocs.yml`` is dropped (it names the real pages); MkDocs
    then lists whatever pages the test writes. Mermaid is linked, not copied.
    """
    folder.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(drop_top_level_key(config, "nav"), encoding="utf-8")
    for name in ("hooks", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (REPO / "docs" / "assets").is_dir():
        shutil.copytree(REPO / "docs" / "assets", folder / "docs" / "assets",
                        ignore=shutil.ignore_patterns("screenshots"))
    mermaid = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    target = folder / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(mermaid)
    panzoom = folder / "node_modules" / "@panzoom"
    panzoom.parent.mkdir(parents=True, exist_ok=True)
    panzoom.symlink_to(REPO / "node_modules" / "@panzoom", target_is_directory=True)
    # Build-time drawings are keyed by the hash of their source: every throwaway site can share the
    # repository's cache (git ignores it), so a test build starts a browser only for new diagrams.
    shared = REPO / ".cache" / "diagrams"
    shared.mkdir(parents=True, exist_ok=True)
    (folder / ".cache").mkdir(exist_ok=True)
    (folder / ".cache" / "diagrams").symlink_to(shared, target_is_directory=True)
    (folder / "docs").mkdir(exist_ok=True)
    return folder


def drop_top_level_key(yaml_text: str, key: str) -> str:
    """Remove one top-level key and its indented block from YAML text (the config holds python tags,
    so it is edited as text rather than loaded)."""
    out, skipping = [], False
    for line in yaml_text.splitlines(keepends=True):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            skipping = True
            continue
        if skipping and (not line.strip() or line[0] in " \t-#"):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


# --------------------------------------------------------------------------- locations


def site_path(repo_path: str) -> str:
    """Where a repository Markdown file is published: ``docs/x.md`` at ``x.md``, content folders as they are."""
    return repo_path[len("docs/"):] if repo_path.startswith("docs/") else repo_path


def page_url(site_md: str) -> str:
    """URL path of a page from its site path: ``patterns/README.md`` -> ``patterns/``, ``a/b.md`` -> ``a/b/``."""
    stem = site_md[:-3]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return stem + "/"


def source_pages() -> list[str]:
    """Repository paths of every Markdown page written in docs/ and the content folders."""
    found = [p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*.md")]
    for folder in CONTENT_FOLDERS:
        found += [p.relative_to(REPO).as_posix() for p in (REPO / folder).rglob("*.md")]
    return sorted(p for p in found if not any(part.startswith(".") for part in p.split("/")))


def spec_sources() -> list[str]:
    """Repository paths of every spec in the content folders, as the site's model finds them."""
    from loopctl.layout import content_files, is_spec_file

    return [p for p in content_files(REPO) if is_spec_file(p)]


def spec_url(source: str) -> str:
    """URL path of a spec's page: ``loop-library/coding-agent.yaml`` -> ``loop-library/coding-agent/``."""
    return posixpath.splitext(source)[0] + "/"


# --------------------------------------------------------------------------- parsed HTML


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Node:
    """One element of a parsed page: tag, attributes, children (nodes and text) and parent."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)
    parent: Node | None = None

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        """Every element below this one (depth first, document order), this one first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node | None:
        found = self.find_all(tag, cls)
        return found[0] if found else None

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, Node) else child)
        return "".join(parts)

    def element_children(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class Link:
    """An ``<a href>`` of a page: as written, and (when it stays in the site) the path and fragment it reaches."""

    href: str
    path: str | None      # URL path inside the site, without leading slash; None for another host or scheme
    fragment: str
    node: Node


class Site:
    """A built site on disk: its pages by URL path, parsed on demand."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._trees: dict[str, Node] = {}

    @cached_property
    def pages(self) -> dict[str, Path]:
        """Every HTML page except the 404 page, keyed by URL path (``""`` is the home page)."""
        found = {}
        for path in self.root.rglob("*.html"):
            relative = path.relative_to(self.root).as_posix()
            if relative == "404.html":
                continue
            if relative == "index.html":
                found[""] = path
            elif relative.endswith("/index.html"):
                found[relative[: -len("index.html")]] = path
            else:
                found[relative] = path
        return found

    def html(self, url: str) -> str:
        return self.pages[url].read_text(encoding="utf-8")

    def tree(self, url: str) -> Node:
        if url not in self._trees:
            self._trees[url] = parse_html(self.html(url))
        return self._trees[url]

    def article(self, url: str) -> Node:
        """The page's content (Material's ``<article class="md-content__inner">``)."""
        found = self.tree(url).find("article", "md-content__inner")
        assert found is not None, f"{url}: no <article class=md-content__inner> in the page"
        return found

    def resolve(self, url: str, href: str) -> tuple[str | None, str]:
        """Return (site path, fragment) of ``href`` written on page ``url``; path None when it leaves the site."""
        parts = urlsplit(urljoin(_BASE + url, href))
        if f"{parts.scheme}://{parts.netloc}/" != _BASE:
            return None, parts.fragment
        return unquote(parts.path.lstrip("/")), unquote(parts.fragment)

    def links(self, url: str, scope: Node | None = None) -> list[Link]:
        """Every ``<a href>`` under ``scope`` (default: the whole page)."""
        scope = scope if scope is not None else self.tree(url)
        out = []
        for node in scope.find_all("a"):
            href = node.attrs.get("href")
            if href is None:
                continue
            path, fragment = self.resolve(url, href)
            out.append(Link(href, path, fragment, node))
        return out

    def page_of(self, path: str | None) -> str | None:
        """The page URL a resolved link path reaches, or None (a raw file, an asset, another host)."""
        if path is None:
            return None
        if path in self.pages:
            return path
        if path.endswith("index.html"):
            trimmed = path[: -len("index.html")]
            return trimmed if trimmed in self.pages else None
        if not path.endswith("/") and path + "/" in self.pages:
            return path + "/"
        return None

    def exists(self, path: str) -> bool:
        """True when a resolved link path is served: a page or a file of the site."""
        if self.page_of(path) is not None:
            return True
        target = self.root / path
        return target.is_file() or (target / "index.html").is_file()

    def ids(self, url: str) -> set[str]:
        return {n.attrs["id"] for n in self.tree(url).iter() if "id" in n.attrs}

    def linked_pages(self, url: str, scope: Node | None = None) -> set[str]:
        """Other pages linked from ``url`` (within ``scope``)."""
        found = {self.page_of(link.path) for link in self.links(url, scope)}
        return {page for page in found if page is not None and page != url}


def section(article: Node, heading_id: str) -> list[Node] | None:
    """The elements after the ``<h2 id=heading_id>`` of an article, up to the next ``<h2>``; None when absent."""
    top = article.element_children()
    for index, node in enumerate(top):
        if node.tag == "h2" and node.attrs.get("id") == heading_id:
            out = []
            for following in top[index + 1:]:
                if following.tag in ("h1", "h2"):
                    break
                out.append(following)
            return out
    return None


def prose(article: Node, generated_heading: str = "specification-at-a-glance") -> Node:
    """The author's part of a spec page: the article up to the heading where the generated parts begin."""
    kept = Node("#prose")
    for node in article.children:
        if isinstance(node, Node) and node.tag == "h2" and node.attrs.get("id") == generated_heading:
            break
        kept.children.append(node)
    return kept


def tables(scope: Node) -> list[list[list[str]]]:
    """Every table under ``scope`` as rows of cell texts (header row included)."""
    out = []
    for table in scope.find_all("table"):
        rows = []
        for row in table.find_all("tr"):
            rows.append([" ".join(cell.text().split()) for cell in row.element_children()
                         if cell.tag in ("td", "th")])
        out.append(rows)
    return out
