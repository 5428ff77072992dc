"""The highlighted source of a spec page, set aside while the search index reads the page.

A spec's own page shows its whole YAML, highlighted: a span per token and a
link per line, a third of the page's HTML and most of its tags. The search
plugin parses every page's HTML, and those tags were most of its work. Before
it runs, ``set_aside`` swaps the block for the same text without markup (so
search still finds what the YAML says); when the page is written,
``put_back`` restores the highlighted block. Both are plain string functions.
"""

from __future__ import annotations

import re

from loopctl.render.spec_page import SOURCE_ID

_START = f'<div id="{SOURCE_ID}" class="highlight">'
_END = "</code></pre></div>"
_STAND_IN = re.compile(r'<pre class="loop-aside">.*?</pre>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def set_aside(html: str) -> tuple[str, str | None]:
    """Return ``html`` with its spec source block replaced by a plain-text stand-in, and the block itself.

    When the page has no such block, return it unchanged and None.
    """
    start = html.find(_START)
    end = html.find(_END, start) if start >= 0 else -1
    if end < 0:
        return html, None
    end += len(_END)
    block = html[start:end]
    # The block's text is already escaped HTML: dropping the tags keeps it escaped.
    stand_in = f'<pre class="loop-aside">{_TAG.sub("", block)}</pre>'
    return html[:start] + stand_in + html[end:], block


def put_back(html: str, block: str | None) -> str:
    """Return ``html`` with the stand-in that ``set_aside`` left replaced by the highlighted ``block``."""
    if block is None:
        return html
    return _STAND_IN.sub(lambda _match: block, html, count=1)
