"""SARIF 2.1.0 output: the same diagnostics as the text, JSON and GitHub formats, for code scanning.

GitHub code scanning and editors with a SARIF viewer read this format. Each
rule that fired (and every rule in ``rules``) is described in the tool's
driver with its summary, rationale and the URL of its reference entry;
each diagnostic is a result located by its file, line and column and, where
known, its end.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Protocol

from loopctl.diagnostics import Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning"}


class RuleInfo(Protocol):
    """What SARIF needs to know of a rule (``loopctl.rules.Rule`` has it)."""

    # Read-only properties, so that a frozen dataclass such as ``Rule`` satisfies the protocol.
    @property
    def id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def rationale(self) -> str: ...


def format_sarif(diagnostics: list[Diagnostic], rules: Iterable[RuleInfo], url_for: Callable[[str], str],
                 version: str, information_uri: str) -> str:
    """Return a SARIF 2.1.0 log with one run of ``loopctl`` over ``diagnostics``."""
    described = sorted(rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(described)}
    driver = {
        "name": "loopctl",
        "version": version,
        "informationUri": information_uri,
        "rules": [{
            "id": rule.id,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale or rule.summary},
            "helpUri": url_for(rule.id),
            "help": {"text": f"{rule.summary} {rule.rationale}".strip() + f" See {url_for(rule.id)}"},
            "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        } for rule in described],
    }
    results = []
    for d in diagnostics:
        region = {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)}
        end_line, end_column = d.end_line, d.end_column
        if (end_line, end_column) > (region["startLine"], region["startColumn"]):
            region |= {"endLine": end_line, "endColumn": end_column}
        result: dict[str, object] = {
            "ruleId": d.rule,
            "level": LEVELS.get(d.severity, "warning"),
            "message": {"text": f"{d.message} (hint: {d.hint})" if d.hint else d.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(d.file)},
                "region": region,
            }}],
        }
        if d.rule in index:
            result["ruleIndex"] = index[d.rule]
        if d.pointer:
            result["properties"] = {"pointer": d.pointer}
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}]}
    return json.dumps(log, indent=2, ensure_ascii=True)


def _uri(path: str) -> str:
    """A relative URI reference for a file path: forward slashes, reserved characters percent-encoded."""
    from urllib.parse import quote
    return quote(path.replace("\\", "/"), safe="/")
