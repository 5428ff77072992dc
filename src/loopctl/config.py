"""Settings from ``loopctl.toml`` or ``pyproject.toml`` (``[tool.loopctl]``), found upward from a folder.

The nearest folder that holds either file wins; in one folder ``loopctl.toml``
wins over ``pyproject.toml`` (a ``pyproject.toml`` without ``[tool.loopctl]``
does not count). Recognised settings::

    [tool.loopctl]                      # in loopctl.toml: the same keys at the top level
    root = "."                          # folder composition refs are confined to, relative to the file
    exclude = ["drafts/**", "*.tmp.yaml"]
    max-bytes = 1048576
    fail-on = "warning"                 # "error" (default) or "warning": the threshold for exit code 1
    [tool.loopctl.rules]
    "fail.self_grade" = "error"         # "error", "warning" or "off"

Every problem with the file is a located diagnostic (rules ``config.*``);
``Settings.origin`` says where each effective value came from, for ``loopctl config``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from loopctl.diagnostics import ERROR, Diagnostic

SEVERITIES = ("error", "warning", "off")
FAIL_ON = ("error", "warning")
DEFAULT_MAX_BYTES = 1024 * 1024
KEYS = ("root", "exclude", "max-bytes", "fail-on", "rules")


@dataclass(frozen=True)
class Settings:
    """The effective settings, and where each came from (``default``, a file, or a command-line option)."""

    root: Path | None = None
    exclude: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    fail_on: str = "error"
    rules: dict[str, str] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def with_option(self, key: str, value: object) -> Settings:
        """Return the settings with a command-line option applied over the file's value."""
        # The field's type depends on which key is given, so no single static type describes the change.
        change: dict[str, Any] = {key.replace("-", "_"): value}
        return replace(self, **change, origin={**self.origin, key: "command line"})

    def as_dict(self) -> dict:
        """Return the settings with their origins, as ``loopctl config --json`` prints them."""
        values = {"root": str(self.root) if self.root else None, "exclude": list(self.exclude),
                  "max-bytes": self.max_bytes, "fail-on": self.fail_on, "rules": dict(sorted(self.rules.items()))}
        return {key: {"value": value, "from": self.origin.get(key, "default")} for key, value in values.items()}


def find_config(start: Path) -> Path | None:
    """Return the nearest ``loopctl.toml`` or ``pyproject.toml`` with ``[tool.loopctl]`` at or above ``start``."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "loopctl.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\s*\[tool\.loopctl(\.|\])", _read(pyproject), re.MULTILINE):
            return pyproject
    return None


def load_settings(start: Path, known_rules: set[str]) -> tuple[Settings, list[Diagnostic]]:
    """Return the settings that apply at ``start`` and the problems found in the configuration file."""
    path = find_config(start)
    if path is None:
        return Settings(), []
    text = _read(path)
    name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _decode_position(str(error), text)
        return Settings(), [Diagnostic(name, line, column, ERROR, "config.syntax",
                                       f"not valid TOML: {_plain(str(error))}", "fix the TOML syntax")]
    table = data if path.name == "loopctl.toml" else data.get("tool", {}).get("loopctl", {})
    section = "" if path.name == "loopctl.toml" else "[tool.loopctl] "
    origin = f"{path.name} ({path.parent})"
    problems: list[Diagnostic] = []
    values: dict[str, object] = {}

    def problem(key: str, message: str, hint: str) -> None:
        line, column = _key_position(text, key)
        problems.append(Diagnostic(name, line, column, ERROR, "config.invalid", f"{section}{message}", hint))

    for key, value in table.items():
        if key not in KEYS:
            problem(key, f"unknown setting {key!r}", f"known settings: {', '.join(KEYS)}")
        elif key == "root" and isinstance(value, str):
            values["root"] = (path.parent / value).resolve()
        elif key == "exclude" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            values["exclude"] = tuple(value)
        elif key == "max-bytes" and isinstance(value, int) and not isinstance(value, bool) and value > 0:
            values["max_bytes"] = value
        elif key == "fail-on" and value in FAIL_ON:
            values["fail_on"] = value
        elif key == "rules" and isinstance(value, dict):
            values["rules"] = _rule_levels(value, known_rules, problem)
        else:
            problem(key, f"{key} has an invalid value {value!r}", _expected(key))
    settings = Settings(**values, origin={_setting_key(k): origin for k in values})  # type: ignore[arg-type]
    return settings, problems


def _rule_levels(table: dict, known_rules: set[str], problem) -> dict[str, str]:
    levels = {}
    for rule_id, level in table.items():
        if rule_id not in known_rules:
            problem(rule_id, f"rules: {rule_id!r} is not a rule", "list the rule ids with loopctl validate --list-rules")
        elif level not in SEVERITIES:
            problem(rule_id, f"rules: {rule_id} = {level!r}", f"use one of {', '.join(SEVERITIES)}")
        else:
            levels[rule_id] = level
    return levels


def apply_rule_levels(diagnostics: list[Diagnostic], levels: dict[str, str]) -> list[Diagnostic]:
    """Return the diagnostics with the configured severities: ``off`` drops a rule, the others set its level."""
    out = []
    for d in diagnostics:
        level = levels.get(d.rule)
        if level == "off":
            continue
        out.append(replace(d, severity=level) if level and level != d.severity else d)
    return out


def _setting_key(attribute: str) -> str:
    return attribute.replace("_", "-")


def _expected(key: str) -> str:
    return {"root": "a folder path, as a string", "exclude": "a list of glob patterns",
            "max-bytes": "a positive whole number of bytes", "fail-on": "\"error\" or \"warning\"",
            "rules": "a table of rule id = severity"}.get(key, "")


def _key_position(text: str, key: str) -> tuple[int, int]:
    pattern = re.compile(rf"^([ \t]*)[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return 1, 1
    return text.count("\n", 0, match.start()) + 1, len(match.group(1)) + 1


def _decode_position(message: str, text: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    if found:
        return int(found.group(1)), int(found.group(2))
    if "end of document" in message:  # the last line that has text, just past its end
        lines = text.rstrip("\n").split("\n")
        return len(lines), len(lines[-1]) + 1
    return 1, 1


def _plain(message: str) -> str:
    return re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
