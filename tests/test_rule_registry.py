"""The rule registry is built explicitly from one list of modules, and it holds every rule id the engine can emit.

Rule ids are collected from the source of the modules that emit them (string
literals of the rule-id form, read with ``ast``, and the schema layer's
keyword map), so a new diagnostic with an unregistered id fails here before
it reaches ``--list-rules``, the README or the site's rule reference.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import loopctl.results
from loopctl import schema
from loopctl.rules import ERROR, Rule, declared, identity, rule
from loopctl.rules.registry import MODULES, REGISTRY, all_rules, checks, register_all

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "loopctl"
RULES_FOLDER = PACKAGE / "rules"

# The id families the engine uses; a literal such as "workers.writer" or "mkdocs.yml" is not a rule id.
RULE_ID = re.compile(r"^(io|yaml|schema|lss|fail|comp|lean|suppress|config|site|results)\.[a-z][a-z0-9_-]*$")

# Modules that build diagnostics under a literal rule id (the loader, the schema layer, the LSS-min decoder's
# caller, suppressions, configuration, the site's file checks, results). The rules with a check function are
# emitted by the validator under their own id.
EMITTERS = ("loader.py", "yaml_syntax.py", "finite.py", "inputs.py", "schema.py", "lssmin/expand.py",
            "suppress.py", "config.py", "validate.py", "rules/naming.py", "results/schema.py", "results/rules.py")

# Modules that only document rules emitted elsewhere: their literals register ids, they do not emit them.
DOCUMENTATION_ONLY = ("rules/parsing.py", "rules/linting.py", "rules/lssmin.py")


def rule_id_literals(path: Path) -> set[str]:
    """Every string literal of the rule-id form in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_ID.match(node.value)}


def emitted_ids() -> dict[str, set[str]]:
    """Map every rule id the emitting modules can produce to the modules that produce it."""
    found: dict[str, set[str]] = {}
    for name in EMITTERS:
        for rule_id in rule_id_literals(PACKAGE / name):
            found.setdefault(rule_id, set()).add(name)
    for rule_id in set(schema.KEYWORD_RULES.values()):
        found.setdefault(rule_id, set()).add("schema.py")
    return found


def test_every_rule_id_the_engine_emits_is_registered():
    missing = {rule_id: modules for rule_id, modules in emitted_ids().items() if rule_id not in REGISTRY}
    assert missing == {}


def test_every_rule_id_literal_in_the_rule_modules_is_registered():
    for path in RULES_FOLDER.glob("*.py"):
        assert rule_id_literals(path) <= set(REGISTRY), path.name


def test_every_registered_rule_is_emitted_by_its_check_or_a_named_module():
    emitted = emitted_ids()
    silent = [r.id for r in all_rules() if r.check is None and r.id not in emitted]
    assert silent == []


def test_documentation_only_modules_emit_nothing_themselves():
    for name in DOCUMENTATION_ONLY:
        assert "Diagnostic(" not in (PACKAGE / name).read_text(encoding="utf-8"), name


def test_the_registry_lists_every_rule_module_once():
    listed = {module.__name__.rsplit(".", 1)[-1] for module in MODULES}
    on_disk = {p.stem for p in RULES_FOLDER.glob("*.py")} - {"__init__", "registry"}
    assert listed == on_disk and len(MODULES) == len(listed)


def test_every_rule_of_a_module_is_registered_under_its_id():
    for module in MODULES:
        for r in module.RULES:
            assert REGISTRY[r.id] is r


def test_results_rules_are_added_by_the_results_package():
    assert {r.id for r in loopctl.results.rules.RULES} <= set(REGISTRY)
    assert all(r.scope == "results" for r in loopctl.results.rules.RULES)


def test_registry_modules_import_at_module_level_only():
    for path in [*RULES_FOLDER.glob("*.py"), PACKAGE / "results" / "__init__.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = [node.lineno for function in ast.walk(tree) if isinstance(function, (ast.FunctionDef,
                                                                                      ast.AsyncFunctionDef))
                  for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))]
        assert nested == [], f"{path.name}: function-local import at line(s) {nested}"


def test_decorating_a_check_registers_nothing():
    before = dict(REGISTRY)

    @rule("lss.example-only", ERROR, "s", "r", "e")
    def check(ctx):
        return iter(())

    assert before == REGISTRY
    [attached] = declared(check)
    assert attached.id == "lss.example-only" and attached.check is check


def test_declared_refuses_an_undecorated_function():
    def plain(ctx):
        return iter(())

    with pytest.raises(TypeError, match="not decorated"):
        declared(plain)


def test_an_id_cannot_be_registered_twice():
    again = Rule(identity.RULES[0].id, ERROR, "s", "r", "e")
    with pytest.raises(ValueError, match="registered twice"):
        register_all([again])
    assert REGISTRY[again.id] is identity.RULES[0]


def test_checks_yields_only_rules_of_the_scope_with_a_function_in_id_order():
    spec_checks = list(checks("spec"))
    assert spec_checks and all(r.scope == "spec" and r.check is not None for r in spec_checks)
    assert [r.id for r in spec_checks] == sorted(r.id for r in spec_checks)
    assert list(checks("load")) == []


def test_rule_id_literals_finds_ids_and_skips_other_dotted_strings(tmp_path):
    source = tmp_path / "emitter.py"
    source.write_text('RULE = "yaml.bogus"\nTARGET = "workers.writer"\nFILE = "mkdocs.yml"\n'
                      'def f():\n    return "schema.new-one"\n', encoding="utf-8")
    assert rule_id_literals(source) == {"yaml.bogus", "schema.new-one"}
