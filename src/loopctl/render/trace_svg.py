"""A run's goal trace as a small SVG line chart: goal (0..1) against iteration, with the target dashed."""

from __future__ import annotations

import math

from loopctl.escape import html_attribute, html_text

WIDTH, HEIGHT = 260, 130
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 22, 30


def trace_svg(trace: list[float] | tuple[float, ...], target: float, title: str, chart_id: str) -> str:
    """Return an inline SVG of ``trace`` with axis labels, a title and a description; all text is escaped.

    Points outside 0..1 or not finite are clamped to the axis so a bad figure cannot draw off the chart.
    """
    points = [_clamp(v) for v in trace]
    n = len(points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v)

    described = ", ".join(f"{v:.2f}" for v in points[:50]) + (" …" if n > 50 else "")
    desc = (f"Goal after each of {n} iteration{'s' if n != 1 else ''}: {described or 'none'}; "
            f"target {_clamp(target):.2f}.")
    ident = html_attribute(chart_id)
    parts = [
        f'<svg class="loop-trace" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{html_text(title)}</title>',
        f'<desc id="{ident}-d">{html_text(desc)}</desc>',
        f'<text x="{LEFT}" y="14" class="loop-trace-title">{html_text(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" class="loop-trace-axis"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" class="loop-trace-axis"/>',
    ]
    for tick in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{LEFT - 4}" y="{y(tick) + 3:.1f}" text-anchor="end" class="loop-trace-tick">'
                     f'{tick:.1f}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{y(_clamp(target)):.1f}" x2="{LEFT + plot_w}" y2="{y(_clamp(target)):.1f}" '
                 f'class="loop-trace-target" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{LEFT + plot_w}" y="{y(_clamp(target)) - 3:.1f}" text-anchor="end" '
                 f'class="loop-trace-tick">target {_clamp(target):.2f}</text>')
    if n > 1:
        coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(points))
        parts.append(f'<polyline points="{coords}" class="loop-trace-line" fill="none"/>')
    for i, v in enumerate(points):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" class="loop-trace-point"/>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" class="loop-trace-label">'
                 f'{"iteration 1" if n <= 1 else f"iteration 1–{n}"}</text>')
    parts.append(f'<text x="10" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" class="loop-trace-label" '
                 f'transform="rotate(-90 10 {TOP + plot_h / 2:.1f})">goal</text>')
    parts.append("</svg>")
    return "".join(parts)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value)) if isinstance(value, (int, float)) and math.isfinite(value) else 0.0
