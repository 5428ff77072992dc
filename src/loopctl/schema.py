"""The LSS JSON Schemas shipped with the package, and schema errors turned into diagnostics.

A spec is checked against LSS 1.1 when it has a ``composition`` block and
against LSS 1.0 otherwise. Each schema error becomes one ``Diagnostic`` placed
on the node that is wrong (on the key, for unexpected keys), with a rule id
from the ``schema.*`` family and a hint written for a person.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match

from loopctl.diagnostics import ERROR, Diagnostic, visible
from loopctl.finite import is_finite_number, non_finite_problem, non_finite_values
from loopctl.loader import Document, pointer_join, split_pointer

VERSIONS = ("1.0", "1.1")

KEYWORD_RULES = {
    "required": "schema.required",
    "additionalProperties": "schema.unknown-key",
    "type": "schema.type",
    "enum": "schema.enum",
    "const": "schema.enum",
    "pattern": "schema.pattern",
    "minItems": "schema.size",
    "maxItems": "schema.size",
    "minProperties": "schema.size",
    "minLength": "schema.length",
    "maxLength": "schema.length",
    "minimum": "schema.range",
    "maximum": "schema.range",
    "exclusiveMinimum": "schema.range",
    "exclusiveMaximum": "schema.range",
    "uniqueItems": "schema.unique-items",
    "anyOf": "schema.any-of",
    "oneOf": "schema.any-of",
}


@cache
def schema_text(version: str) -> str:
    """Return the JSON text of the packaged schema for LSS ``version`` ("1.0" or "1.1")."""
    if version not in VERSIONS:
        raise ValueError(f"unknown LSS version {version!r}; known: {', '.join(VERSIONS)}")
    return resources.files("loopctl.schemas").joinpath(f"lss-{version}.json").read_text(encoding="utf-8")


@cache
def load_schema(version: str) -> dict:
    """Return the packaged schema for LSS ``version`` as a dictionary (shared: do not mutate)."""
    return json.loads(schema_text(version))


def _is_integer(checker, value) -> bool:  # noqa: ARG001  (jsonschema's type-checker signature)
    # JSON Schema counts 2.0 as an integer; a spec that writes 2.0 (or 2.0000000000000001, which is
    # 2.0 once read) where a count belongs is a mistake worth reporting, so only true ints pass.
    return isinstance(value, int) and not isinstance(value, bool)


_StrictValidator = validators.extend(
    Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


@cache
def _validator(version: str):
    return _StrictValidator(load_schema(version))


# fastjsonschema counts a whole float (2.0) as an integer, as draft-07 says; our check does not. The
# generated code allows it in one clause per integer, which is taken out so that 2.0 fails there too.
_WHOLE_FLOAT_CLAUSE = re.compile(r" and not \(isinstance\((\w+), float\) and \1\.is_integer\(\)\)")


@cache
def _fast_validator(version: str):
    """A compiled validator for the schema (once per process), or None without ``fastjsonschema``.

    fastjsonschema knows draft-07, which shares every keyword our schemas use;
    draft-07 would ignore a keyword beside ``$ref``, and ``tests/test_schema_fast.py``
    checks that our schemas have none.
    """
    try:
        import fastjsonschema
    except ImportError:
        return None
    # A deep copy: the compiler writes into the schema it is given, and the loaded one is shared.
    schema = dict(json.loads(schema_text(version)), **{"$schema": "http://json-schema.org/draft-07/schema#"})
    # use_default=False: the compiled code would otherwise write the schema's defaults into the spec it checks.
    code = fastjsonschema.compile_to_code(schema, use_default=False)
    strict, replaced = _WHOLE_FLOAT_CLAUSE.subn("", code)
    if replaced != code.count(".is_integer()"):
        return None  # generated code of an unknown shape: leave every check to jsonschema
    namespace: dict = {}
    exec(compile(strict, f"<lss-{version} compiled>", "exec"), namespace)  # our own schema's generated code
    entry = re.search(r"^def (\w+)", strict, re.MULTILINE)  # the schema's own function comes first
    return namespace[entry.group(1)] if entry else None


def fast_accepts(data, version: str) -> bool:
    """True when the compiled check finds nothing wrong: jsonschema would report nothing either.

    It answers False (so jsonschema decides) whenever it is not sure: no
    compiled check, or any error.
    """
    validate = _fast_validator(version)
    if validate is None:
        return False
    try:
        validate(data)
    except Exception:  # a schema error, or anything unforeseen: jsonschema gives the precise answer
        return False
    return True


def is_loop_name(value: object) -> bool:
    """True when ``value`` is a valid ``loop_name``: the schema's own pattern and length bounds.

    The one definition of the kebab-case name, read from the schema, for every part of the engine
    that names a spec (``combine``, ``new``, the lean writers).
    """
    rule = load_schema(VERSIONS[0])["properties"]["loop_name"]
    return (isinstance(value, str) and rule["minLength"] <= len(value) <= rule["maxLength"]
            and _compiled(rule["pattern"]).match(value) is not None)


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def version_for(data: dict) -> str:
    """Return the LSS version a spec is checked against: 1.1 with a composition block, else 1.0."""
    return "1.1" if isinstance(data, dict) and "composition" in data else "1.0"


def check_schema(document: Document) -> list[Diagnostic]:
    """Validate a loaded document against its LSS schema; return one diagnostic per problem.

    Non-finite numbers (NaN, infinities, values past a double's range) are
    reported as ``schema.non-finite`` where a number belongs; the range and
    number-type errors about the same values are left out, since no bound fits
    them. Where text or a list belongs, the ordinary type error is kept instead.
    """
    version = version_for(document.data)
    unusable = dict(non_finite_values(document.data))
    if not unusable and fast_accepts(document.data, version):
        return []
    validator = _validator(version)
    wants_other_type: set[str] = set()
    diagnostics = []
    for error in validator.iter_errors(document.data):
        relevant = _most_relevant(error)
        diagnostic = _diagnose(document, relevant)
        if diagnostic.pointer in unusable:
            if _is_numeric_complaint(relevant):
                continue
            if relevant.validator == "type":
                wants_other_type.add(diagnostic.pointer)
        diagnostics.append(diagnostic)
    diagnostics += [_non_finite(document, pointer, value) for pointer, value in unusable.items()
                    if pointer not in wants_other_type]
    return _unique(diagnostics)


_RANGE_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


def _is_numeric_complaint(error: ValidationError) -> bool:
    """True for an error that only says a number is out of range or not whole: moot for NaN and infinity."""
    if error.validator in _RANGE_KEYWORDS:
        return True
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return bool({"number", "integer"} & set(expected))
    return False


def _non_finite(document: Document, pointer: str, value) -> Diagnostic:
    where = human_path(document.data, _path_in(document.data, pointer)) or "the spec"
    source = document.implicit_scalars.get(pointer)
    written = f" (written {source.strip()[:40]})" if source else ""
    problem = (non_finite_problem(value) or "").rstrip(",")
    line, column = document.locate(pointer)
    return Diagnostic(document.path, line, column, ERROR, "schema.non-finite",
                      f"{where} is {problem}{written}; a spec needs a finite number here",
                      "write an ordinary number; YAML reads .nan, .inf and numbers too large for a double "
                      "(such as 1.0e+400) as values no limit or score can use", pointer)


def _path_in(data, pointer: str) -> list:
    """Turn a JSON pointer into a path of keys and list indexes by following ``data``."""
    path: list[str | int] = []
    node = data
    for part in split_pointer(pointer):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            path.append(int(part))
            node = node[int(part)]
        else:
            path.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return path


def _most_relevant(error: ValidationError) -> ValidationError:
    """Descend into anyOf/oneOf alternatives and keep the one error a person should read."""
    while error.context and error.validator in ("anyOf", "oneOf"):
        deeper = best_match(error.context)
        if list(deeper.absolute_path) == list(error.absolute_path) and deeper.validator == "required":
            return error  # every branch merely lacks a key: the group's own description says more
        error = deeper
    return error


def _diagnose(document: Document, error: ValidationError) -> Diagnostic:
    pointer = "".join(pointer_join("", p) for p in error.absolute_path)
    rule = KEYWORD_RULES.get(error.validator, "schema.invalid")
    where = human_path(document.data, list(error.absolute_path)) or "the spec"
    on_key = False
    instance = error.instance
    if error.validator == "required":
        missing = _quoted_name(error.message)
        message = f"{where} is missing the required key '{missing}'"
        hint = _describe(error.schema, missing) or f"add '{missing}'"
        hint = f"add '{missing}': {hint[0].lower() + hint[1:]}" if hint and not hint.startswith("add") else hint
    elif error.validator == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        key = extras[0] if extras else "?"
        pointer = pointer_join(pointer, key)
        on_key = True
        message = f"{where} has an unexpected key '{key}'"
        guess = difflib.get_close_matches(key, allowed, n=1)
        hint = (f"did you mean '{guess[0]}'? " if guess else "") + f"allowed keys: {', '.join(allowed)}"
    elif error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        message = f"{where} must be {_article(expected)}, not {_json_type(instance)}"
        source = document.implicit_scalars.get(pointer)
        if source is not None and expected == "string":
            hint = (f"YAML reads the unquoted value {source} as {_json_type(instance)}; "
                    f"put it in quotes: \"{source}\"")
        elif expected in ("number", "integer") and isinstance(instance, str) \
                and (number := _float_text(instance)) is not None:
            hint = _numeric_text_hint(instance, number)
        elif expected == "integer" and isinstance(instance, float) and is_finite_number(instance):
            message = f"{where} must be a whole number, not {_literal(source, instance)}"
            hint = _whole_number_hint(instance)
        else:
            hint = _describe_node(error.schema) or f"write {_article(expected)}"
    elif error.validator in ("enum", "const"):
        options = error.validator_value if error.validator == "enum" else [error.validator_value]
        shown = ", ".join("null" if o is None else str(o) for o in options)
        message = f"{where} is {_show(instance)}, which is not one of: {shown}"
        guess = difflib.get_close_matches(str(instance), [str(o) for o in options if o is not None], n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"use one of: {shown}"
    elif error.validator == "pattern":
        message = f"{where} is {_show(instance)}, which does not have the required form"
        hint = _pattern_hint(error.schema) or f"match the pattern {error.validator_value}"
    elif error.validator in ("anyOf", "oneOf"):
        message = f"{where} does not match any allowed form"
        hint = _describe_node(error.schema) or "see the field reference"
    else:
        message = f"{where}: {_plain(error)}"
        hint = _describe_node(error.schema) or "see the field reference for this field"
    line, column = document.locate(pointer, key=on_key)
    return Diagnostic(document.path, line, column, ERROR, rule, message, hint, pointer)


def _float_text(text: str) -> float | None:
    try:
        return float(text) if text.strip().lower() not in ("nan", "inf", "infinity", "-inf", "-infinity") else None
    except ValueError:
        return None


def _numeric_text_hint(text: str, value: float) -> str:
    if not math.isfinite(value):
        return f"{text[:40]} is too large for a number; write a finite number"
    return (f"YAML reads {text[:40]} as text (a YAML number with an exponent needs a decimal point and a "
            f"signed exponent, such as 1.0e+5); write it out or in that form")


def _literal(source: str | None, value: float) -> str:
    shown = source.strip() if source else repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _whole_number_hint(value: float) -> str:
    if value.is_integer():
        return f"write it without a decimal point: {int(value)}"
    return f"write a whole number without a decimal point, such as {math.floor(value)} or {math.ceil(value)}"


def human_path(data, path: list) -> str:
    """Return a readable path such as ``workers[coder].model.name`` for a JSON path."""
    parts, node = [], data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = item.get("id") or item.get("name") if isinstance(item, dict) else None
            parts.append(f"[{visible(label, 40)}]" if isinstance(label, str) and label else f"[{part}]")
            node = item
        else:
            parts.append(("." if parts else "") + visible(str(part), 40))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


def _describe(schema: dict, key: str) -> str:
    prop = (schema.get("properties") or {}).get(key)
    return _describe_node(prop) if isinstance(prop, dict) else ""


def _describe_node(node) -> str:
    if not isinstance(node, dict):
        return ""
    if "$ref" in node:
        target = node["$ref"].rsplit("/", 1)[-1]
        node = load_schema("1.1")["$defs"].get(target, {})
    return node.get("description", "")


def _pattern_hint(schema: dict) -> str:
    pattern = schema.get("pattern", "")
    if pattern.startswith("^(0|[1-9]"):
        return "use a semantic version with three numbers, such as \"1.0.0\""
    if pattern == "^[a-z][a-z0-9-]*$":
        return "use kebab-case: a lower-case letter, then lower-case letters, digits or '-'"
    if pattern == "^[a-z][a-z0-9_-]*$":
        return "an id starts with a lower-case letter, then lower-case letters, digits, '_' or '-'"
    if pattern == "^[a-z][a-z0-9_]*$":
        return "a metric name starts with a lower-case letter, then lower-case letters, digits or '_'"
    description = schema.get("description", "")
    return description or f"match {pattern}"


def _quoted_name(message: str) -> str:
    start = message.find("'")
    end = message.find("'", start + 1)
    return message[start + 1:end] if start >= 0 and end > start else message


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else _json_type(value)
    return visible(text, 60)


def _plain(error: ValidationError) -> str:
    message = error.message
    return message if len(message) <= 160 else message[:157] + "..."


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen, result = set(), []
    for d in diagnostics:
        key = (d.line, d.column, d.rule, d.message)
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result
