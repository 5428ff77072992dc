"""Reference pages generated from code: schema fields, rules, failure codes, LES, levels, CLI."""

from __future__ import annotations

from html import unescape

from loopctl.cli import build_parser
from loopctl.level import RULES
from loopctl.render.reference import (
    FAILURE_TAXONOMY,
    FORMULAS,
    cli_reference,
    failure_codes_table,
    les_bands_table,
    les_reference,
    les_weights_table,
    level_rules_table,
    rules_reference,
    schema_reference,
)
from loopctl.rules.registry import all_rules
from loopctl.schema import load_schema
from loopctl.score import BANDS, WEIGHTS
from test_escape import render

SMALL = {
    "$id": "https://example.org/s.json", "title": "Small", "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z|]+$", "description": "The name | with a pipe."},
        "kind": {"enum": ["a", "b", None], "description": "A kind."},
        "parts": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Part"}},
        "meta": {"type": "object", "properties": {"level": {"type": "integer", "minimum": 1, "maximum": 6}}},
    },
    "$defs": {
        "Part": {"type": "object", "required": ["id"], "additionalProperties": False,
                 "description": "One part.",
                 "properties": {"id": {"type": "string"}, "size": {"type": "number", "default": 1}},
                 "if": {"properties": {"id": {"const": "big"}}}, "then": {"required": ["size"]}},
    },
}


def test_small_schema_reference_lists_fields_types_required_values_and_descriptions():
    out = schema_reference(SMALL)
    html = render(out)
    assert "## Top level" in out and "## Part" in out
    name_row = next(line for line in out.splitlines() if line.startswith("| <code>name</code>"))
    assert "| string | yes |" in name_row and "&#124;" in name_row
    assert html.count("<table>") == 2
    kind_row = next(line for line in out.splitlines() if "<code>kind</code>" in line)
    assert "one of <code>a</code>, <code>b</code>, <code>null</code>" in kind_row
    assert "list of [Part](#part)" in out
    assert "<code>meta.level</code>" in unescape(html) and "at least 1; at most 6" in out
    assert "No other keys are allowed." in out
    assert "- When <code>id</code> is <code>big</code>: requires <code>size</code>." in out


def test_real_schema_reference_covers_every_field_and_definition():
    schema = load_schema("1.1")
    out = schema_reference(schema, baseline=load_schema("1.0"))
    html = unescape(render(out))
    for field in schema["properties"]:
        assert f"<code>{field}</code>" in html, field
    for name in schema["$defs"]:
        assert f"\n## {name}\n" in out
    composition_row = next(line for line in unescape(out).splitlines() if line.startswith("| <code>composition</code>"))
    assert "New in this version" in composition_row


def test_rules_reference_has_every_rule_with_rationale_and_example():
    out = rules_reference(all_rules())
    for rule in all_rules():
        heading = "### " + rule.id.replace(".", "&#46;").replace("-", "&#45;").replace("_", "&#95;")
        assert heading in out, rule.id


def test_failure_codes_table_covers_f1_to_f12_with_detecting_rules():
    out = failure_codes_table(all_rules())
    assert [c for c, _, _ in FAILURE_TAXONOMY] == [f"F{i}" for i in range(1, 13)]
    rows = out.splitlines()[2:]
    assert len(rows) == 12
    detected = {r.failure_code for r in all_rules() if r.failure_code}
    for row, (code, _slug, _) in zip(rows, FAILURE_TAXONOMY, strict=False):
        assert row.startswith(f"| {code} |")
        assert ("(lint)" in row) == (code in detected)


def test_les_tables_follow_the_engine():
    weights = les_weights_table()
    for name, weight in WEIGHTS.items():
        assert f"| {name} | {weight:.2f} |" in weights
    assert "| **total** | 1.00 |" in weights
    bands = les_bands_table()
    for _, name in BANDS:
        assert f"| {name} |" in bands
    assert set(FORMULAS) == set(WEIGHTS)
    assert "## Runtime formulas" in les_reference()


def test_level_rules_table_has_each_level():
    out = level_rules_table()
    assert len(out.splitlines()) == 2 + len(RULES)


def test_cli_reference_documents_every_subcommand_and_option():
    out = cli_reference(build_parser())
    for command in ("validate", "schema", "score", "level", "diagram"):
        assert f"## loopctl {command}" in out
    for option in ("--strict", "--format", "--lss", "--observed", "--root"):
        assert option in out
    assert "## Exit codes" in out
