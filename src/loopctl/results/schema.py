"""Our JSON Schema for results files, and its errors as ``results.schema`` diagnostics.

Ranges (``minimum``/``maximum``) are in the schema for editors, but the
checker leaves the ranges of fractions and amounts to the semantic rules,
which name the field and the rule broken (``results.goal-range``,
``results.finite``); a negative count (seed, iterations) is a schema error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from loopctl.diagnostics import ERROR, Diagnostic
from loopctl.loader import Document, pointer_join

RESULTS_VERSION = "0.2.0"
SCHEMA_FILE = f"results-{RESULTS_VERSION}.json"
_LEFT_TO_RULES = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}


@cache
def results_schema_text() -> str:
    """Return the JSON text of the packaged results schema."""
    return resources.files("loopctl.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(results_schema_text()))


def check_results_schema(document: Document) -> list[Diagnostic]:
    """Validate a loaded results file against the schema; one diagnostic per structural problem."""
    found: list[Diagnostic] = []
    for error in _validator().iter_errors(document.data):
        # Fractions and amounts are numbers whose ranges the rules report; counts (integers) stay here.
        if error.validator in _LEFT_TO_RULES and _schema_of(error).get("type") != "integer":
            continue
        found.append(_diagnose(document, error))
    unique = {(d.pointer, d.message): d for d in found}
    return list(unique.values())


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    """The subschema an error broke; a boolean subschema (``true``/``false``) has no keywords to read."""
    schema = error.schema
    return schema if isinstance(schema, Mapping) else {}


def _diagnose(document: Document, error: ValidationError) -> Diagnostic:
    pointer = "".join(pointer_join("", p) for p in error.absolute_path)
    where = pointer or "the top level"
    on_key = False
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        message, hint = f"{where} is missing the required key '{missing}'", f"add '{missing}'"
    elif error.validator == "additionalProperties":
        allowed = sorted((_schema_of(error).get("properties") or {}).keys())
        extra = next((k for k in error.instance if k not in allowed), "?") if isinstance(error.instance, dict) else "?"
        pointer, on_key = pointer_join(pointer, extra), True
        message, hint = f"{where} has an unexpected key '{extra}'", f"allowed keys: {', '.join(allowed)}"
    elif error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        message = f"{where} must be of type {expected}, not {_json_type(error.instance)}"
        hint = _schema_of(error).get("description") or f"write a value of type {expected}"
    elif error.validator == "const":
        message = f"{where} is {json.dumps(error.instance)[:60]}, expected {json.dumps(error.validator_value)}"
        hint = "this checker reads the results format 0.2.0"
    else:
        message = f"{where}: {error.message[:200]}"
        hint = _schema_of(error).get("description") or "see the results schema at /schema/" + SCHEMA_FILE
    line, column = document.locate(pointer, key=on_key)
    return Diagnostic(document.path, line, column, ERROR, "results.schema", message, hint, pointer)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
