"""Inline suppressions: a reason is required, unknown and unused ones are reported, load errors stay."""

from __future__ import annotations

from loopctl.diagnostics import ERROR, WARNING, Diagnostic
from loopctl.suppress import apply_suppressions, find_suppressions

KNOWN = {"fail.self_grade", "lss.unknown-key", "fail.resource_bleed"}


def diagnostic(line: int, rule: str) -> Diagnostic:
    return Diagnostic("s.yaml", line, 1, WARNING, rule, "message", "hint")


def run(text: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    suppressions, problems = find_suppressions(text, "s.yaml")
    return apply_suppressions(diagnostics, suppressions, "s.yaml", KNOWN) + problems


def rules(found: list[Diagnostic]) -> list[tuple[int, str]]:
    return sorted((d.line, d.rule) for d in found)


def test_a_trailing_suppression_covers_its_own_line_only():
    text = "a: 1  # loopctl: disable=lss.unknown-key -- read by our runner\nb: 2\n"
    assert rules(run(text, [diagnostic(1, "lss.unknown-key"), diagnostic(2, "lss.unknown-key")])) == [
        (2, "lss.unknown-key")]


def test_a_suppression_alone_on_its_line_covers_the_next_line():
    text = "# loopctl: disable=lss.unknown-key -- read by our runner\nx_a: 1\nx_b: 2\n"
    assert rules(run(text, [diagnostic(2, "lss.unknown-key"), diagnostic(3, "lss.unknown-key")])) == [
        (3, "lss.unknown-key")]


def test_a_file_suppression_at_the_top_covers_the_whole_file():
    text = "# header\n# loopctl: disable-file=fail.self_grade -- judged by another release\nloop_name: x\n"
    assert run(text, [diagnostic(3, "fail.self_grade"), diagnostic(40, "fail.self_grade")]) == []


def test_a_file_suppression_below_the_data_is_misplaced_and_suppresses_nothing():
    text = "loop_name: x\n# loopctl: disable-file=fail.self_grade -- too late\n"
    assert rules(run(text, [diagnostic(1, "fail.self_grade")])) == [(1, "fail.self_grade"), (2, "suppress.misplaced")]


def test_a_suppression_without_a_reason_is_reported_and_ignored():
    text = "a: 1  # loopctl: disable=lss.unknown-key\n"
    assert rules(run(text, [diagnostic(1, "lss.unknown-key")])) == [(1, "lss.unknown-key"), (1, "suppress.no-reason")]


def test_an_unknown_rule_id_is_reported():
    text = "a: 1  # loopctl: disable=lss.unknwn-key -- typo\n"
    assert rules(run(text, [])) == [(1, "suppress.unknown-rule")]


def test_a_suppression_that_suppresses_nothing_is_reported():
    text = "a: 1  # loopctl: disable=fail.resource_bleed -- old\n"
    assert rules(run(text, [diagnostic(2, "fail.resource_bleed")])) == [(1, "suppress.unused"),
                                                                          (2, "fail.resource_bleed")]


def test_a_load_error_cannot_be_suppressed():
    text = "a: 1  # loopctl: disable=yaml.syntax -- no\n"
    error = Diagnostic("s.yaml", 1, 1, ERROR, "yaml.syntax", "m", "h")
    assert rules(run(text, [error])) == [(1, "suppress.unknown-rule"), (1, "yaml.syntax")]


def test_several_rules_in_one_comment():
    text = "a: 1  # loopctl: disable=lss.unknown-key,fail.resource_bleed -- both expected here\n"
    assert run(text, [diagnostic(1, "lss.unknown-key"), diagnostic(1, "fail.resource_bleed")]) == []


def test_a_suppression_written_inside_a_quoted_string_is_text_not_a_comment():
    text = 'role: "plan # loopctl: disable=lss.unknown-key -- sneaky"\n'
    assert rules(run(text, [diagnostic(1, "lss.unknown-key")])) == [(1, "lss.unknown-key")]


def test_an_apostrophe_in_plain_text_does_not_hide_a_real_comment():
    text = "role: don't stop  # loopctl: disable=lss.unknown-key -- our key\n"
    assert run(text, [diagnostic(1, "lss.unknown-key")]) == []


def test_a_malformed_directive_is_reported():
    assert rules(run("# loopctl: disabel=lss.unknown-key -- typo\n", [])) == [(1, "suppress.malformed")]
