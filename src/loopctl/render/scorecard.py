"""The LES scorecard as an inline SVG bar chart: one bar per category, the total, the band.

``scorecard_svg`` is pure: it takes a ``score.Scorecard`` (or anything with
the same attributes) and returns an SVG element as a string, with every piece
of text escaped, a ``<title>`` and ``<desc>`` for assistive technology, and
colours given as classes (styled by the site's stylesheet for both palettes)
with presentation attributes as a fallback.
"""

from __future__ import annotations

import hashlib

from loopctl.escape import html_attribute, html_text
from loopctl.score import Scorecard

WIDTH = 640
ROW = 26
TOP = 46
LABEL_WIDTH = 150
BAR_WIDTH = 340
BAR_HEIGHT = 16


def scorecard_svg(card: Scorecard, name: str = "", chart_id: str | None = None) -> str:
    """Return an SVG chart of a scorecard's categories, labelled as a design-time estimate.

    ``name`` (the spec's name) goes into the accessible title; ``chart_id``
    makes the element ids unique on a page. When omitted, the ids come from a
    hash of the chart's text: the same chart always gets the same ids, so a
    page renders to the same HTML every time (the live preview compares them).
    """
    kind = "design-time estimate" if getattr(card, "estimate", True) else "measured"
    subject = f" of {name}" if name else ""
    title = (f"LES {kind}{subject}: {card.les:.2f} ({card.les_display:.1f} of 100, {card.band})")
    rows = list(card.categories.items())
    height = TOP + ROW * len(rows) + 34
    desc = "; ".join(f"{cat} {c.score:.2f} (weight {c.weight:.2f})" for cat, c in rows)
    digest = hashlib.sha256(f"{title}\0{desc}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    ident = chart_id or f"les-chart-{digest}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="les-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" '
        f'aria-labelledby="{html_attribute(ident)}-title {html_attribute(ident)}-desc">',
        f'<title id="{html_attribute(ident)}-title">{html_text(title)}</title>',
        f'<desc id="{html_attribute(ident)}-desc">{html_text("Category scores from 0 to 1: " + desc)}</desc>',
        f'<text class="les-heading" x="0" y="18" fill="currentColor" font-size="15" font-weight="bold">'
        f'{html_text(f"LES {card.les:.2f} ({card.les_display:.1f}/100): {card.band}")}</text>',
        f'<text class="les-note" x="0" y="36" fill="currentColor" font-size="12" opacity="0.75">'
        f'{html_text(f"{kind} from the spec structure, not a measurement")}</text>',
    ]
    for index, (category, c) in enumerate(rows):
        y = TOP + index * ROW
        filled = round(BAR_WIDTH * min(max(float(c.score), 0.0), 1.0), 1)
        parts += [
            f'<text x="0" y="{y + 13}" fill="currentColor" font-size="13">{html_text(category)}</text>',
            f'<rect class="les-track" x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'rx="3" fill="#8884" />',
            f'<rect class="les-bar les-{_band_class(c.score)}" x="{LABEL_WIDTH}" y="{y}" width="{filled}" '
            f'height="{BAR_HEIGHT}" rx="3" fill="#4051b5" />',
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 10}" y="{y + 13}" fill="currentColor" font-size="13">'
            f'{html_text(f"{c.score:.2f} x {c.weight:.2f}")}</text>',
        ]
    axis_y = TOP + ROW * len(rows) + 4
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = LABEL_WIDTH + BAR_WIDTH * tick
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 12}" fill="currentColor" font-size="11" opacity="0.7" '
                     f'text-anchor="middle">{tick:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _band_class(score: float) -> str:
    # Bar colour follows the LES interpretation bands, applied to the category's own score.
    display = float(score) * 100
    if display >= 75:
        return "good"
    if display >= 40:
        return "fair"
    return "poor"
