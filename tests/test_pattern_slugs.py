"""Pattern slugs: the schema takes any kebab-case slug, and lss.pattern-slug checks it against the catalog."""

from __future__ import annotations

from loopctl.rules.catalog import STANDARD_SLUGS, catalog_slugs
from loopctl.validate import SpecStore


def diagnostics(path, rule):
    return [d for d in SpecStore().validate(path).diagnostics if d.rule == rule]


def test_a_standard_slug_passes(write_spec, minimal_spec):
    minimal_spec["metadata"] = {"patterns": ["reflection-loop"]}
    assert SpecStore().validate(write_spec(minimal_spec)).diagnostics == []


def test_an_unknown_slug_is_a_warning_with_the_closest_slug(write_spec, minimal_spec):
    minimal_spec["metadata"] = {"patterns": ["critique-loop", "reflexion-loop"]}
    found = diagnostics(write_spec(minimal_spec), "lss.pattern-slug")
    assert len(found) == 1 and found[0].severity == "warning" and found[0].pointer == "/metadata/patterns/1"
    assert "did you mean reflection-loop?" in found[0].hint


def test_a_new_pattern_in_the_patterns_folder_needs_no_schema_edit(write_spec, minimal_spec):
    write_spec("loop_name: tidy\n", "repo/patterns/tidy-loop.yaml")
    minimal_spec["metadata"] = {"patterns": ["tidy-loop"]}
    path = write_spec(minimal_spec, "repo/loop-library/uses-tidy.yaml")
    assert SpecStore().validate(path).diagnostics == []
    assert "tidy-loop" in catalog_slugs(path) and set(STANDARD_SLUGS) <= catalog_slugs(path)


def test_a_slug_that_is_not_kebab_case_is_a_schema_error(write_spec, minimal_spec):
    minimal_spec["metadata"] = {"patterns": ["Tidy_Loop"]}
    assert [d.rule for d in SpecStore().validate(write_spec(minimal_spec)).errors] == ["schema.pattern"]
