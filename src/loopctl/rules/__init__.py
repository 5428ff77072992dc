"""The rule registry: every check the validator can report, with its documentation.

A rule is a small function registered once with its metadata (id, severity,
failure code, summary, rationale, example). The validator runs the registered
checks; the CLI's ``--list-rules`` and the site's rule reference read the same
registry. Rules emitted by the loader and the schema check are registered
without a function so that they are documented in the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from loopctl.diagnostics import ERROR, WARNING


@dataclass(frozen=True)
class Finding:
    """What a check found: the node (JSON pointer), the message and the fix."""

    pointer: str
    message: str
    hint: str
    on_key: bool = False
    severity: str | None = None  # overrides the rule's default when a check knows better


@dataclass(frozen=True)
class Rule:
    """A registered rule and its documentation."""

    id: str
    severity: str
    summary: str
    rationale: str
    example: str
    failure_code: str = ""
    check: Callable | None = field(default=None, compare=False)
    scope: str = "spec"  # "load", "schema", "spec" or "composition"


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; an id may be registered only once."""
    if rule.id in REGISTRY:
        raise ValueError(f"rule {rule.id} is registered twice")
    REGISTRY[rule.id] = rule
    return rule


def rule(id: str, severity: str, summary: str, rationale: str, example: str,
         failure_code: str = "", scope: str = "spec"):
    """Decorator: register a check function under a rule id with its documentation."""
    def wrap(function: Callable[..., Iterable[Finding]]):
        register(Rule(id, severity, summary, rationale, example, failure_code, function, scope))
        return function
    return wrap


def checks(scope: str) -> Iterator[Rule]:
    """Yield the registered rules of a scope that have a check function, in id order."""
    _load_all()
    for rule_id in sorted(REGISTRY):
        r = REGISTRY[rule_id]
        if r.check is not None and r.scope == scope:
            yield r


def all_rules() -> list[Rule]:
    """Return every registered rule, sorted by id."""
    _load_all()
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def _load_all() -> None:
    # Importing the modules registers their rules; the import order does not matter.
    from loopctl.rules import catalog, composition, failures, identity, parsing, references  # noqa: F401


__all__ = ["ERROR", "WARNING", "Finding", "Rule", "REGISTRY", "register", "rule", "checks", "all_rules"]
