"""Keys the standard does not define, in objects where it allows them (``lss.unknown-key``).

LSS leaves the top level and many inner objects open, so ``metdata:`` or
``stal:`` is schema-valid and silently ignored. This rule warns on such keys.
The known keys are read from our JSON schema's ``properties`` (the one source
of truth), following ``$ref``, ``allOf``, ``if``/``then`` and the alternatives
of ``anyOf``/``oneOf``. Closed objects are left to ``schema.unknown-key``; free
objects (no ``properties``), everything under ``extensions`` and keys that
start with ``x_`` (the vendor extension space) are never reported. The
top-level ``metadata`` object is free by the standard and only this project's
convention names some of its keys, so there a key is reported only when it is
close to one of them (``taxonomy_levle``), never merely for being new.
"""

from __future__ import annotations

import difflib

from jsonschema import Draft202012Validator

from loopctl.diagnostics import visible
from loopctl.loader import pointer_join
from loopctl.rules import WARNING, Finding, declared, rule
from loopctl.schema import human_path, load_schema, version_for

FREE_KEY = "extensions"
VENDOR_PREFIX = "x_"
CONVENTION_ONLY = ("metadata",)  # top-level objects whose known keys are a convention, not the standard
# A value still to visit: the schemas that describe it, the value, its JSON pointer and its path of keys and indices.
Visit = tuple[list[dict], object, str, list[object]]


@rule("lss.unknown-key", WARNING,
      "A key in an open object is not one LSS defines (keys under extensions and keys starting with x_ are "
      "exempt).",
      "The standard allows unknown keys in open objects, so a misspelt key (metdata, stal, token_soft_capp) "
      "passes the schema and is ignored without notice.",
      "termination_conditions: {stal: []}  # stall was meant")
def unknown_keys(ctx):
    data = ctx.document.data
    root = load_schema(version_for(data))
    stack: list[Visit] = [([root], data, "", [])]
    while stack:
        schemas, value, pointer, path = stack.pop()
        branches = _expand(root, schemas, value)
        children: list[Visit] = []
        if isinstance(value, dict):
            known = _known_keys(branches)
            report = known and not any(b.get("additionalProperties") is False for b in branches)
            free = [b["additionalProperties"] for b in branches if isinstance(b.get("additionalProperties"), dict)]
            for key, item in value.items():
                if key == FREE_KEY and not path:
                    continue
                child = pointer_join(pointer, key)
                subschemas = [b["properties"][key] for b in branches
                              if isinstance(b.get("properties"), dict) and isinstance(b["properties"].get(key), dict)]
                if key in known:
                    children.append((subschemas, item, child, [*path, key]))
                elif free:
                    children.append((free, item, child, [*path, key]))
                elif report and not str(key).startswith(VENDOR_PREFIX):
                    finding = _finding(data, path, key, child, known, len(path) == 1 and path[0] in CONVENTION_ONLY)
                    if finding is not None:
                        yield finding
        elif isinstance(value, list):
            items = [b["items"] for b in branches if isinstance(b.get("items"), dict)]
            if items:
                children = [(items, item, f"{pointer}/{index}", [*path, index]) for index, item in enumerate(value)]
        stack.extend(reversed(children))


def _finding(data, path: list, key, pointer: str, known: set[str], only_near_misses: bool) -> Finding | None:
    where = human_path(data, path) or "the top level"
    shown = visible(str(key))
    guess = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.7)
    if only_near_misses and not guess:
        return None
    if guess:
        hint = f"did you mean '{guess[0]}'? LSS ignores keys it does not define"
    else:
        hint = (f"LSS ignores keys it does not define here (known: {', '.join(sorted(known))}); "
                f"for your own data use a key starting with {VENDOR_PREFIX} or put it under {FREE_KEY}")
    return Finding(pointer, f"{where} has the key '{shown}', which LSS does not define", hint, on_key=True)


def _known_keys(branches: list[dict]) -> set[str]:
    known: set[str] = set()
    for branch in branches:
        if isinstance(branch.get("properties"), dict):
            known.update(branch["properties"])
    return known


def _expand(root: dict, schemas: list, value, depth: int = 0) -> list[dict]:
    """Resolve refs and combinators into the flat list of subschemas that describe ``value``."""
    result: list[dict] = []
    for schema in schemas:
        schema = _resolve(root, schema)
        if not isinstance(schema, dict) or depth > 16:
            continue
        result.append(schema)
        nested = list(schema.get("allOf") or []) + list(schema.get("anyOf") or []) + list(schema.get("oneOf") or [])
        if isinstance(schema.get("if"), dict):
            chosen = schema.get("then") if _matches(schema["if"], value) else schema.get("else")
            if chosen is not None:
                nested.append(chosen)
        if nested:
            result.extend(_expand(root, nested, value, depth + 1))
    return result


def _resolve(root: dict, schema):
    seen = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 16:
        reference = schema["$ref"]
        if not reference.startswith("#/"):
            return None
        target: object = root
        for part in reference[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        schema, seen = target, seen + 1
    return schema


_IF_VALIDATORS: dict[int, Draft202012Validator] = {}


def _matches(condition: dict, value) -> bool:
    validator = _IF_VALIDATORS.get(id(condition))
    if validator is None:
        validator = _IF_VALIDATORS[id(condition)] = Draft202012Validator(condition)
    return validator.is_valid(value)


RULES = declared(unknown_keys)
