"""Every rule's documented example runs, and triggers exactly that rule.

A rule's ``example_form`` says how its example is applied (``loopctl.rules.FORMS``):
a fragment is merged into ``tests/fixtures/minimal.yaml`` (the merge of the
content-block fragments, ``content_blocks.merge``), a replacing example sets
top-level keys of it, a composition fragment
also gets the valid children ``a.yaml`` and ``b.yaml`` beside it, an appended
line ends the minimal spec's text, a file is validated as it stands, and a
configuration is read as ``loopctl.toml``. The example's rule must appear, no
other error rule may appear, and another rule's warning only when
``ALSO_FIRES`` names it with the reason. Described examples (bytes, limits,
links) are run by the tests at the end instead. A results example holds
members set in one object (its ``example_note`` is the object's JSON pointer)
of the published results file cut to its first entry, which checks clean.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import loopctl.results  # noqa: F401  (adds the results.* rules to the registry)
from conftest import REPO
from content_blocks import merge
from loopctl import schema
from loopctl.config import load_settings
from loopctl.diagnostics import Diagnostic
from loopctl.loader import LoadLimits
from loopctl.results.check import check_file
from loopctl.rules import APPENDED, COMPOSITION, CONFIG, DESCRIBED, FILE, FORMS, FRAGMENT, REPLACED, RESULTS, Rule
from loopctl.rules.naming import file_name_problems, outside_link_problems
from loopctl.rules.registry import REGISTRY, all_rules
from loopctl.suppress import apply_suppressions, find_suppressions
from loopctl.validate import SpecStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL_TEXT = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
PUBLISHED = REPO / "loop-library" / "results" / "loopbench.results.json"

# Other rules an example may trigger besides its own, each with the reason it cannot be avoided.
ALSO_FIRES = {
    "fail.open_loop": ({"lss.dangling-ref"},
                       "every channel of an open loop names a missing end, which is a dangling reference too"),
    "schema.any-of": ({"fail.tau_omission"},
                      "a spec with no termination conditions has no iteration bound either"),
    "results.library-spec": ({"results.spec-path"},
                             "a spec_path into loop-library/ is a relative path, which is a warning of its own"),
}

# The described examples, each run here with the input the words describe; the list is short on purpose.
DESCRIBED_IDS = {"io.unreadable", "yaml.too-large", "yaml.encoding", "yaml.value", "schema.invalid",
                 "site.file-name", "site.outside-link"}


def _rules(diagnostics: list[Diagnostic]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for d in diagnostics:
        found.setdefault(d.severity, set()).add(d.rule)
    return found


def assert_exactly(rule: Rule, diagnostics: list[Diagnostic]) -> None:
    """The rule appears; any other rule is one ``ALSO_FIRES`` allows, or a warning it allows."""
    seen = {d.rule for d in diagnostics}
    assert rule.id in seen, f"{rule.id}: its example gave {sorted(seen) or 'nothing'}"
    allowed = ALSO_FIRES.get(rule.id, (set(), ""))[0]
    others = {d.rule for d in diagnostics if d.rule != rule.id and d.rule not in allowed}
    assert others == set(), f"{rule.id}: its example also gave {sorted(others)}"


def validate_spec(text: str, folder: Path, name: str = "spec.yaml", limits: LoadLimits | None = None):
    return SpecStore(limits=limits or LoadLimits(), display_base=folder).validate_text(text, folder / name).diagnostics


def merged_text(example: str) -> str:
    fragment = yaml.safe_load(example)
    assert isinstance(fragment, dict), "a fragment example is a mapping"
    return yaml.safe_dump(merge(yaml.safe_load(MINIMAL_TEXT), fragment), sort_keys=False)


def lint_text(text: str, folder: Path) -> list[Diagnostic]:
    """Validate a spec's text and apply its suppression comments, as the command line does."""
    diagnostics = validate_spec(text, folder)
    suppressions, problems = find_suppressions(text, "spec.yaml")
    return apply_suppressions(diagnostics, suppressions, "spec.yaml", set(REGISTRY)) + problems


def run_example(rule: Rule, folder: Path) -> list[Diagnostic]:
    """Apply a rule's example the way its form says and return what loopctl reports."""
    if rule.example_form == FRAGMENT:
        return validate_spec(merged_text(rule.example), folder)
    if rule.example_form == REPLACED:
        spec = yaml.safe_load(MINIMAL_TEXT)
        spec.update(yaml.safe_load(rule.example))
        return validate_spec(yaml.safe_dump(spec, sort_keys=False), folder)
    if rule.example_form == COMPOSITION:
        for child in ("a.yaml", "b.yaml"):
            (folder / child).write_text(MINIMAL_TEXT, encoding="utf-8")
        return validate_spec(merged_text(rule.example), folder)
    if rule.example_form == APPENDED:
        return lint_text(MINIMAL_TEXT + rule.example + "\n", folder)
    if rule.example_form == FILE:
        name = "spec.json" if rule.example.lstrip().startswith("{") else "spec.yaml"
        return validate_spec(rule.example, folder, name)
    if rule.example_form == CONFIG:
        (folder / "loopctl.toml").write_text(rule.example + "\n", encoding="utf-8")
        return load_settings(folder, set(REGISTRY))[1]
    if rule.example_form == RESULTS:
        return check_results_example(rule, folder)
    raise AssertionError(f"{rule.id}: the form {rule.example_form!r} is not run here")


def first_entry() -> dict:
    data = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    data["entries"] = data["entries"][:1]
    return data


def check_results_example(rule: Rule, folder: Path) -> list[Diagnostic]:
    data = first_entry()
    target = data
    for part in rule.example_note.strip("/").split("/"):
        target = target[int(part)] if isinstance(target, list) else target[part]
    target.update(json.loads("{" + rule.example + "}"))
    path = folder / "tampered.results.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return check_file(path, REPO)[2]


RUNNABLE = [r for r in all_rules() if r.example_form != DESCRIBED]


@pytest.mark.parametrize("rule", RUNNABLE, ids=[r.id for r in RUNNABLE])
def test_example_triggers_exactly_its_rule(rule, tmp_path):
    assert_exactly(rule, run_example(rule, tmp_path))


def test_the_minimal_spec_the_examples_complete_is_clean(tmp_path):
    assert lint_text(MINIMAL_TEXT, tmp_path) == []


def test_every_example_form_is_one_the_reference_explains():
    assert {r.example_form for r in all_rules()} <= set(FORMS)


def test_described_examples_are_few_and_say_why():
    described = {r.id for r in all_rules() if r.example_form == DESCRIBED}
    assert described == DESCRIBED_IDS
    assert all(REGISTRY[i].example_note for i in described)


def test_results_examples_are_set_in_a_results_file_that_checks_clean(tmp_path):
    path = tmp_path / "first.results.json"
    path.write_text(json.dumps(first_entry(), indent=2), encoding="utf-8")
    assert check_file(path, REPO)[2] == []
    for r in all_rules():
        assert (r.example_form == RESULTS) == (r.scope == "results"), r.id
        assert r.example_form != RESULTS or r.example_note.startswith("/entries/0"), r.id


def test_also_fires_names_registered_rules_with_a_reason():
    for rule_id, (others, reason) in ALSO_FIRES.items():
        assert rule_id in REGISTRY and others <= set(REGISTRY) and reason


# -- described examples, run with the input their words describe --------------------------------------------

def test_unreadable_example_a_missing_path(tmp_path):
    result = SpecStore(display_base=tmp_path).validate(tmp_path / "missing.yaml")
    assert_exactly(REGISTRY["io.unreadable"], result.diagnostics)


def test_too_large_example_a_valid_spec_over_a_small_limit(tmp_path):
    assert_exactly(REGISTRY["yaml.too-large"], validate_spec(MINIMAL_TEXT, tmp_path, limits=LoadLimits(max_bytes=64)))


def test_encoding_example_latin_1_bytes(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_bytes("loop_name: caf\u00e9\n".encode("latin-1"))
    assert_exactly(REGISTRY["yaml.encoding"], SpecStore(display_base=tmp_path).validate(path).diagnostics)


def test_value_example_five_thousand_digits(tmp_path):
    assert_exactly(REGISTRY["yaml.value"], validate_spec("size: " + "9" * 5000 + "\n", tmp_path))


# Keywords that only combine, name or annotate subschemas: an error is always reported by a keyword below them.
NON_ASSERTING = {"examples", "$defs", "$id", "$ref", "$schema", "allOf", "if", "then", "else", "items", "properties", "default",
                 "description", "title"}


def _keywords(schema_node, found: set[str]) -> set[str]:
    if isinstance(schema_node, dict):
        for key, value in schema_node.items():
            found.add(key)
            if key in ("examples", "default", "const", "enum"):
                continue  # values, not schemas
            children = value.values() if key in ("properties", "$defs") and isinstance(value, dict) else [value]
            for child in children:
                _keywords(child, found)
    elif isinstance(schema_node, list):
        for child in schema_node:
            _keywords(child, found)
    return found


def test_invalid_has_no_example_because_every_keyword_of_our_schemas_has_its_own_rule():
    used = set()
    for version in schema.VERSIONS:
        _keywords(schema.load_schema(version), used)
    assert used - NON_ASSERTING <= set(schema.KEYWORD_RULES)
    assert "schema.invalid" not in schema.KEYWORD_RULES.values() and REGISTRY["schema.invalid"].example == ""


def test_file_name_example_is_refused():
    assert_exactly(REGISTRY["site.file-name"], file_name_problems(REGISTRY["site.file-name"].example))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_outside_link_example_is_refused(tmp_path):
    outside, project = tmp_path / "passwd", tmp_path / "project"
    outside.write_text("root:x:0:0\n", encoding="utf-8")
    (project / "loop-library").mkdir(parents=True)
    (project / "loop-library" / "spec.yaml").symlink_to(outside)
    assert_exactly(REGISTRY["site.outside-link"], outside_link_problems(project, "loop-library/spec.yaml"))
