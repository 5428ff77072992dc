"""Configuration: found upward, loopctl.toml before pyproject.toml, every bad setting a located error."""

from __future__ import annotations

from loopctl.config import Settings, apply_rule_levels, find_config, load_settings
from loopctl.diagnostics import ERROR, WARNING, Diagnostic

KNOWN = {"fail.self_grade", "lss.unknown-key"}


def test_the_nearest_configuration_upward_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.loopctl]\nfail-on = 'warning'\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "loopctl.toml").write_text("fail-on = 'error'\n", encoding="utf-8")
    assert find_config(deep) == tmp_path / "a" / "loopctl.toml"


def test_a_pyproject_without_a_loopctl_table_does_not_count(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(tmp_path) is None


def test_settings_are_read_with_their_origin(tmp_path):
    (tmp_path / "loopctl.toml").write_text(
        "exclude = ['drafts/**']\nmax-bytes = 2048\nfail-on = 'warning'\nroot = 'specs'\n"
        "[rules]\n'fail.self_grade' = 'error'\n'lss.unknown-key' = 'off'\n", encoding="utf-8")
    settings, problems = load_settings(tmp_path, KNOWN)
    assert problems == []
    assert settings.exclude == ("drafts/**",) and settings.max_bytes == 2048 and settings.fail_on == "warning"
    assert settings.root == (tmp_path / "specs").resolve()
    assert settings.rules == {"fail.self_grade": "error", "lss.unknown-key": "off"}
    assert settings.as_dict()["fail-on"]["from"].startswith("loopctl.toml")
    assert settings.as_dict()["max-bytes"] == {"value": 2048, "from": settings.origin["max-bytes"]}


def test_an_option_on_the_command_line_overrides_the_file():
    settings = Settings(fail_on="warning", origin={"fail-on": "loopctl.toml (/x)"}).with_option("fail-on", "error")
    assert settings.fail_on == "error" and settings.as_dict()["fail-on"]["from"] == "command line"


def test_unknown_settings_and_bad_values_are_located_errors(tmp_path):
    (tmp_path / "loopctl.toml").write_text("fail-on = 'sometimes'\n\nmax-byte = 10\n[rules]\n'no.such' = 'off'\n"
                                           "'fail.self_grade' = 'loud'\n", encoding="utf-8")
    _, problems = load_settings(tmp_path, KNOWN)
    assert sorted((d.line, d.rule) for d in problems) == [(1, "config.invalid"), (3, "config.invalid"),
                                                          (5, "config.invalid"), (6, "config.invalid")]
    assert all(d.severity == ERROR and d.hint for d in problems)


def test_a_toml_syntax_error_is_located(tmp_path):
    (tmp_path / "loopctl.toml").write_text("fail-on = 'warning'\nexclude = [\n", encoding="utf-8")
    _, problems = load_settings(tmp_path, KNOWN)
    assert [d.rule for d in problems] == ["config.syntax"] and problems[0].line >= 2


def test_rule_levels_turn_rules_off_or_change_their_severity():
    found = [Diagnostic("f", 1, 1, WARNING, "fail.self_grade", "m", "h"),
             Diagnostic("f", 2, 1, WARNING, "lss.unknown-key", "m", "h")]
    out = apply_rule_levels(found, {"fail.self_grade": "error", "lss.unknown-key": "off"})
    assert [(d.rule, d.severity) for d in out] == [("fail.self_grade", "error")]
