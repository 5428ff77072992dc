"""An index of every LSS field by its dotted path, so that search finds ``cost_limits.per_iteration_usd``.

The field reference lists each ``$defs`` entry under its own name, with its
fields relative to it; a reader searching for the path as written in a spec
finds nothing there. ``field_paths(schema)`` walks the schema from the top,
through ``$ref``, ``anyOf``/``oneOf``/``allOf`` and array items (written ``[]``),
and ``render_field_index`` prints one section per top-level field with a
heading per path below it, its description and a link to where it is defined.
"""

from __future__ import annotations

from loopctl.escape import markdown_inline

_MAX_DEPTH = 8


def field_paths(schema: dict) -> list[tuple[str, str]]:
    """Return (dotted path, name of the ``$defs`` entry that defines the field, or "") in schema order."""
    defs = schema.get("$defs", {})
    found: list[tuple[str, str]] = []
    _walk(schema, defs, "", "", found, set(), 0)
    first: dict[str, str] = {}
    for path, owner in found:  # a path reached through two alternatives is listed once, where first met
        first.setdefault(path, owner)
    return list(first.items())


def _walk(node: dict, defs: dict, prefix: str, owner: str, found: list, trail: set, depth: int) -> None:
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.rsplit("/", 1)[1]
        if name in trail:  # a recursive definition: stop where it repeats
            return
        _walk(defs.get(name, {}), defs, prefix, name, found, trail | {name}, depth + 1)
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []) or []:
            _walk(option, defs, prefix, owner, found, trail, depth + 1)
    for key, sub in (node.get("properties") or {}).items():
        path = f"{prefix}{key}"
        found.append((path, owner))
        _walk(sub, defs, path + ".", owner, found, trail, depth + 1)
    items = node.get("items")
    if isinstance(items, dict) and prefix:
        _walk(items, defs, prefix[:-1] + "[].", owner, found, trail, depth + 1)


def render_field_index(schema: dict, reference_page: str = "lss-fields.md") -> str:
    """Return one ``##`` section per top-level field and one ``###`` heading per dotted path below it
    (search ranks a heading match first), each with the field's description and where it is defined."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for path, owner in field_paths(schema):
        top = path.split(".", 1)[0].split("[", 1)[0]
        sections.setdefault(top, []).append((path, owner))
    descriptions = _descriptions(schema)
    out = []
    for top, rows in sections.items():
        out += [f"## {markdown_inline(top)}", ""]
        for path, owner in rows:
            where = (f"[{markdown_inline(owner)}]({reference_page}#{owner.lower()})" if owner
                     else f"[the top level]({reference_page}#top-level)")
            text = descriptions.get(path, "")
            heading = [] if path == top else [f"### {markdown_inline(path)}", ""]
            out += [*heading, (markdown_inline(text) + " " if text else "") + f"Defined in {where}.", ""]
    return "\n".join(out).rstrip() + "\n"


def _descriptions(schema: dict) -> dict[str, str]:
    defs = schema.get("$defs", {})
    found: dict[str, str] = {}

    def visit(node, prefix: str, trail: frozenset, depth: int) -> None:
        if not isinstance(node, dict) or depth > _MAX_DEPTH:
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.rsplit("/", 1)[1]
            if name not in trail:
                visit(defs.get(name, {}), prefix, trail | {name}, depth + 1)
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []) or []:
                visit(option, prefix, trail, depth + 1)
        for key, sub in (node.get("properties") or {}).items():
            path = prefix + key
            if isinstance(sub, dict) and isinstance(sub.get("description"), str):
                found.setdefault(path, sub["description"])
            visit(sub, path + ".", trail, depth + 1)
        items = node.get("items")
        if isinstance(items, dict) and prefix:
            visit(items, prefix[:-1] + "[].", trail, depth + 1)

    visit(schema, "", frozenset(), 0)
    return found
