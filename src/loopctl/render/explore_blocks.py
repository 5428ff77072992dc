"""The blocks of the exploring pages, by placeholder name: the filterable table, the map, a pattern's
neighbourhood, the pattern chooser and the field-path index.

``render`` is the one entry point ``render.placeholders`` calls; it raises
``ValueError`` with a reader-facing message when a block cannot be drawn
(an unknown pattern, a neighbourhood asked for off a pattern page).
"""

from __future__ import annotations

from loopctl.escape import html_attribute
from loopctl.layout import relative_link
from loopctl.render import chooser, explore_map, explore_table, field_index
from loopctl.schema import VERSIONS, load_schema


def render(name: str, model, page: str, own=None, **arguments) -> str:
    """Return the HTML or Markdown block of placeholder ``name`` for site page ``page``."""
    if name == "explore":
        return explore_table.render_explore_table(model, page, arguments.get("kind"))
    if name == "map":
        return map_block(model, page)
    if name == "neighbourhood":
        return neighbourhood_block(model, page, arguments.get("pattern") or _own_pattern(own))
    if name == "chooser":
        return chooser.render_chooser(model, page)
    if name == "field-paths":
        return field_index.render_field_index(load_schema(VERSIONS[-1]), _relative_fields(page))
    raise ValueError(f"no exploring block named {name}")


def map_block(model, page: str) -> str:
    """Return the whole map with its text equivalent (every relation as a list of links)."""
    graph = explore_map.library_graph(model)
    svg = explore_map.map_svg(graph, page, "Map of the loop library: patterns, specs, compositions and case "
                                           "studies", explore_map.describe(graph))
    return (f'<figure class="loop-map-figure">\n<div class="loop-map-scroll" tabindex="0" role="region" '
            f'aria-label="Map (scrolls sideways)">\n{svg}\n</div>\n</figure>\n\n'
            f'<details class="loop-map-text">\n<summary>The map as text</summary>\n'
            f"{explore_map.relations_list(graph, page)}\n</details>")


def neighbourhood_block(model, page: str, slug: str | None) -> str:
    """Return the part of the map around one pattern: what uses it, what it relates to."""
    if slug is None:
        raise ValueError("without pattern= it is only allowed on a pattern's own page")
    graph = explore_map.library_graph(model)
    node = f"pattern:{slug}"
    if node not in graph.nodes:
        raise ValueError(f"no pattern {slug!r} in the map (a slug such as reflection-loop)")
    small = explore_map.neighbourhood(graph, node)
    if len(small.nodes) == 1:
        return "*No spec uses this pattern yet.*"
    label = html_attribute(f"Neighbourhood map of {slug}")
    svg = explore_map.map_svg(small, page, f"Neighbourhood of the pattern {slug}",
                              explore_map.describe(small), ident=f"loop-map-{slug}")
    return (f'<figure class="loop-map-figure">\n<div class="loop-map-scroll" tabindex="0" role="region" '
            f'aria-label="{label}">\n{svg}\n</div>\n</figure>')


def _own_pattern(own) -> str | None:
    return own.stem if own is not None and own.kind == "pattern" else None


def _relative_fields(page: str) -> str:
    # The field reference is generated at reference/lss-fields.md; links are relative Markdown links.
    return relative_link(page, "reference/lss-fields.md")


def pattern_appendix(entry, model, source_markdown: str) -> str:
    """Return the neighbourhood section a pattern's page gets at its end, or "" when the page is not a
    pattern's or already places ``<!-- loop:neighbourhood -->`` itself."""
    if entry is None or entry.kind != "pattern" or not entry.valid or "loop:neighbourhood" in source_markdown:
        return ""
    return "\n\n## Neighbourhood on the map\n\n" + neighbourhood_block(model, entry.page, entry.stem) + "\n"
