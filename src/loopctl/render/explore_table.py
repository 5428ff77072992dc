"""The explorable spec table: a plain HTML table whose rows carry their facets for the front end.

``render_explore_table`` returns one raw HTML block: a ``<table>`` that reads
in full without JavaScript, each row holding its facets as escaped JSON in
``data-row``. ``docs/assets/javascripts/explore/table.js`` adds the filters,
the text search, sortable headers, the shareable URL and the CSV and JSON
downloads from those rows. Every string from a spec is escaped, attributes too.
"""

from __future__ import annotations

import json
import posixpath

from loopctl.escape import html_attribute, html_text
from loopctl.render.catalog import select
from loopctl.render.facets import FILTERS, SORTABLE, Facets, facets

# (facet key, column title); every sortable key of facets.SORTABLE is a column.
COLUMNS = (
    ("name", "spec"), ("kind", "kind"), ("level", "level"), ("patterns", "patterns"),
    ("evaluators", "evaluator kinds"), ("workers", "workers"), ("evaluator_count", "evaluators"),
    ("tokens", "tokens (chars/4)"), ("les", "LES estimate"),
)


def page_url(site_md: str) -> str:
    """Return the directory URL of a site page: ``a/b.md`` -> ``a/b/``, ``a/README.md`` -> ``a/``."""
    stem = site_md[:-3] if site_md.endswith(".md") else site_md
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return stem + "/"


def href(from_page: str, to_page: str) -> str:
    """Return the relative URL from one site page to another, as the built site (directory URLs) serves them."""
    start, target = page_url(from_page), page_url(to_page)
    link = posixpath.relpath(target or ".", start.rstrip("/") or ".")
    return link if link.endswith("/") or link == "." else link + "/"


def render_explore_table(model, page: str, kind: str | None = None) -> str:
    """Return the explorer for the specs of ``kind`` (all specs when None) on site page ``page``."""
    entries = select(model, kind=kind)
    if not entries:
        return "*No spec matches this selection yet.*"
    filters = " ".join(key for key, _ in FILTERS if kind is None or key != "kind")
    head = "".join(_header(key, title) for key, title in COLUMNS)
    rows = "\n".join(_row(entry, facets(entry), page) for entry in entries)
    return (f'<div class="loop-explore" data-explore data-filters="{html_attribute(filters)}">\n'
            f'<div class="loop-explore__scroll">\n<table class="loop-explore__table">\n<caption>{len(entries)} specs; every value is derived '
            f'from the spec files at build time</caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n</div>")


def _header(key: str, title: str) -> str:
    sort = f' data-sort="{SORTABLE[key]}"' if key in SORTABLE else ""
    return f'<th scope="col" data-key="{key}"{sort}>{html_text(title)}</th>'


def _row(entry, row: Facets, page: str) -> str:
    data = dict(row.as_row(), url=href(page, entry.page))
    cells = [
        f'<th scope="row"><a href="{html_attribute(data["url"])}">{html_text(row.name)}</a></th>',
        f"<td>{html_text(row.kind)}</td>",
        f"<td>{'L' + str(row.level) + ' ' + html_text(row.level_name) if row.level else 'invalid spec'}</td>",
        f"<td>{html_text(', '.join(row.patterns))}</td>",
        f"<td>{html_text(', '.join(row.evaluators))}</td>",
        f"<td>{row.workers}</td>",
        f"<td>{row.evaluator_count}</td>",
        f"<td>{row.tokens}</td>",
        f"<td>{'' if row.les is None else f'{row.les:.1f} ({html_text(row.band)})'}</td>",
    ]
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return f'<tr data-row="{html_attribute(payload)}">{"".join(cells)}</tr>'
