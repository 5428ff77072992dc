"""Costly placeholder blocks, computed once per content of the files they read.

``<!-- loop:lean-figures -->`` counts tokens of the whole library in several
forms (a quarter of the hooks' time when done on every build), and
``<!-- loop:declared-levels -->`` validates and classifies the standard's
authors' specs, which are not in the site model. Each block depends only on
a few folders and on ``loopctl``'s code, so ``cached_block`` keys it by the
content hashes of those files (and the page it lands on, for its relative
links), keeps it in memory (``mkdocs serve`` rebuilds) and in a file under
``build/site-cache/`` (later builds), and computes it again when the key
changes. ``substitute_blocks`` puts the blocks into a page before the other
placeholders are expanded; a placeholder inside fenced code stays as written,
and one with arguments is left to the expander, which reports it (except the
one placeholder with arguments a block names as its ``placeholder``).

The live preview (``defer=True``) never waits for a block: a missing one is
computed in another process while the page shows the block it had before
under a note saying it is being updated; when the block is ready, the pages
that wait for it are listed by ``take_ready_pages`` and the functions given
to ``when_ready`` are called (the hooks use one to ask for a rebuild). So an
edit reaches its own page in the time of that page, not of the library's
token figures.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import loopctl
from loopctl.escape import markdown_inline
from loopctl.render.fences import split_code
from loopctl.site.cache_files import CACHE_FOLDER, code_digest, file_digest, write_whole


def _lean_figures(root: Path, _page: str) -> str:
    from loopctl.render.lean_figures import lean_figures, render_lean_page
    return render_lean_page(lean_figures(root))


def _lean_table(table: str) -> Callable[[Path, str], str]:
    def render(_root: Path, _page: str) -> str:
        from loopctl.render.lean_pages import TABLES
        return TABLES[table]()
    return render


def _lss_min_example(_root: Path, _page: str) -> str:
    from loopctl.render.lean_pages import lss_min_example
    return lss_min_example()


def _declared_levels(root: Path, page: str) -> str:
    from loopctl.render import declared_levels
    return declared_levels.declared_levels_table(declared_levels.declared_levels(root), page)


@dataclass(frozen=True)
class Block:
    """A placeholder whose block is a pure function of the files under ``inputs`` and of the code."""

    inputs: tuple[str, ...]                  # repository folders it reads
    render: Callable[[Path, str], str]       # (site root, page) -> Markdown
    per_page: bool = False                   # the block holds links relative to its page
    placeholder: str = ""                    # the placeholder's text after "loop:", when not the block's name


BLOCKS: dict[str, Block] = {
    "lean-figures": Block(("loop-library",), _lean_figures),
    "declared-levels": Block(("docs/taxonomy/authors-specs",), _declared_levels, per_page=True),
    "lss-min-example": Block((), _lss_min_example),
}
# The tables of the lean reference pages are functions of the code alone, and their module is slow to load (the
# breakdown loads the tokenizer: half a second of every build otherwise). Checked against lean_pages.TABLES.
LEAN_TABLES = ("versions", "breakdown", "markers", "keys", "prefixes", "implied", "derived", "drops", "intent-rules")
BLOCKS.update({f"lean-table-{table}": Block((), _lean_table(table), placeholder=f"lean-table table={table}")
               for table in LEAN_TABLES})
_BY_PLACEHOLDER = {block.placeholder or name: name for name, block in BLOCKS.items()}
_LINE = re.compile(r"^[ \t]*<!--[ \t]*loop:(?P<text>" + "|".join(map(re.escape, _BY_PLACEHOLDER))
                   + r")[ \t]*-->[ \t]*$", re.MULTILINE)
_memory: dict[str, str] = {}
stats = {"computed": 0, "memory": 0, "disk": 0, "deferred": 0}   # how each request was answered, for the benchmark
UPDATING_NOTE = ('!!! note "Being updated"\n    A file these figures are computed from has changed. They are being '
                 "computed again, and this page reloads when they are ready.")
_latest: dict[tuple[str, str], str] = {}      # (block, page) -> the last block shown there, any key
_pending: set[str] = set()                    # keys being computed in another process
_waiting: dict[str, set[str]] = {}            # key -> the pages that show an older block meanwhile
_ready_pages: set[str] = set()
_listeners: list[Callable[[], None]] = []
_lock = threading.Lock()
_children: list[subprocess.Popen] = []


def block_key(root: str | Path, name: str, page: str) -> str:
    """Return the key of block ``name`` on ``page``: names and contents of its input files, the code, the page."""
    root, block = Path(root), BLOCKS[name]
    digest = hashlib.sha256(name.encode() + b"\0" + code_digest())
    if block.per_page:
        digest.update(page.encode("utf-8", "surrogateescape") + b"\0")
    for folder in block.inputs:
        base = root / folder
        for path in sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []:
            digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(file_digest(path).encode() + b"\0")
    return digest.hexdigest()


def cached_block(root: str | Path, name: str, page: str, defer: bool = False) -> str:
    """Return the Markdown of block ``name`` on ``page`` of the site at ``root``, from a cache when current.

    With ``defer``, a block that is in no cache is not waited for (see the module's docstring).
    """
    root = Path(root)
    key = block_key(root, name, page)
    if key in _memory:
        stats["memory"] += 1
        block = _memory[key]
    else:
        stored = _stored(root, name, page, key)
        try:
            block = stored.read_text(encoding="utf-8")
            stats["disk"] += 1
        except OSError:
            if defer:
                return _deferred(root, name, page, key)
            block = BLOCKS[name].render(root, page)
            stats["computed"] += 1
            _store(stored, block)
        _memory[key] = block
    _latest[(name, page)] = block
    return block


def take_ready_pages() -> set[str]:
    """Return the pages whose deferred block became ready since the last call, and forget them."""
    with _lock:
        ready = set(_ready_pages)
        _ready_pages.clear()
    return ready


def when_ready(listener: Callable[[], None]) -> None:
    """Call ``listener`` (from another thread) each time a deferred block is ready."""
    _listeners.append(listener)


def shutdown() -> None:
    """Stop the processes that compute deferred blocks (the end of a live preview)."""
    for child in list(_children):
        child.kill()
    _listeners.clear()


def _deferred(root: Path, name: str, page: str, key: str) -> str:
    stats["deferred"] += 1
    with _lock:
        _waiting.setdefault(key, set()).add(page)
        start = key not in _pending
        _pending.add(key)
    if start:
        threading.Thread(target=_compute_elsewhere, args=(root, name, page, key), daemon=True,
                         name=f"loopctl-block-{name}").start()
    previous = _latest.get((name, page))
    return UPDATING_NOTE + ("\n\n" + previous if previous else "")


def _compute_elsewhere(root: Path, name: str, page: str, key: str) -> None:
    """Compute a block in a fresh interpreter (this process keeps serving), then publish it."""
    package_parent = str(Path(loopctl.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "import sys; from loopctl.site.block_cache import _render_to_stdout; "
                                     "_render_to_stdout(*sys.argv[1:])", str(root), name, page]
    try:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        _children.append(child)
        out, err = child.communicate()
        _children.remove(child)
        if child.returncode != 0:
            raise RuntimeError(err.decode("utf-8", "replace").strip().splitlines()[-1:] or f"exit {child.returncode}")
        block = out.decode("utf-8")
        _store(_stored(root, name, page, key), block)
    except Exception as error:   # anything at all: shown on the page, never lost in a thread
        block = (f'!!! failure "These figures could not be computed"\n    '
                 f"{markdown_inline(f'{type(error).__name__}: {error}')}")
    with _lock:
        _memory[key] = block
        _pending.discard(key)
        _ready_pages.update(_waiting.pop(key, set()))
    stats["computed"] += 1
    for listener in list(_listeners):
        listener()


def _render_to_stdout(root: str, name: str, page: str) -> None:
    """Entry point of the other process: write the block's Markdown to standard output."""
    sys.stdout.buffer.write(BLOCKS[name].render(Path(root), page).encode("utf-8"))


def _stored(root: Path, name: str, page: str, key: str) -> Path:
    """The cache file of block ``name`` under ``key``: ``NAME-KEY.md``, or ``NAME-PAGE-KEY.md`` for a block
    per page (PAGE: a hash of the page's path), so that each page keeps its own latest block."""
    if BLOCKS[name].per_page:
        name += "-" + hashlib.sha256(page.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return root / CACHE_FOLDER / f"{name}-{key}.md"


def _store(path: Path, block: str) -> None:
    """Write ``path`` and remove the older files of the same block (and page): only the latest is kept."""
    prefix = path.name[:-len("-" + "0" * 64 + ".md")]
    try:
        for old in path.parent.glob(f"{prefix}-*.md") if path.parent.is_dir() else []:
            if re.fullmatch(re.escape(prefix) + "-[0-9a-f]{64}[.]md", old.name):
                old.unlink(missing_ok=True)
    except OSError:
        pass
    write_whole(path, block.encode("utf-8"))


def substitute_blocks(markdown: str, root: str | Path, page: str, defer: bool = False) -> str:
    """Replace each cached placeholder line outside fenced code by its block (``defer``: see ``cached_block``)."""
    if not any(f"loop:{text}" in markdown for text in _BY_PLACEHOLDER):
        return markdown
    parts = []
    for is_code, text in split_code(markdown):
        if not is_code:
            text = _LINE.sub(lambda match: cached_block(root, _BY_PLACEHOLDER[match.group("text")], page, defer),
                             text)
        parts.append(text)
    return "".join(parts)
