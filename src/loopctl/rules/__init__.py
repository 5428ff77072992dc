"""The rule registry: every check the validator can report, with its documentation.

A rule is a small function registered once with its metadata (id, severity,
failure code, summary, rationale, example). The validator runs the registered
checks; the CLI's ``--list-rules`` and the site's rule reference read the same
registry. Rules emitted by the loader and the schema check are registered
without a function so that they are documented in the same place.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from loopctl.diagnostics import ERROR, WARNING, visible


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


def choices(names: Iterable[str], near: str | None = None, limit: int = 8) -> str:
    """Return names to offer in a message or hint: at most ``limit``, the closest to ``near`` first.

    A spec with thousands of workers would otherwise print thousands of ids in one hint; the rest
    are counted instead. Every name is quoted with ``visible``.
    """
    ordered = sorted(set(names))
    if len(ordered) <= limit:
        return ", ".join(visible(n, 40) for n in ordered)
    # Fuzzy matching is linear in the names per call; skip it for huge lists to stay linear overall.
    close = difflib.get_close_matches(near, ordered, n=limit, cutoff=0.6) \
        if isinstance(near, str) and len(ordered) <= 1000 else []
    picked = close + [n for n in ordered if n not in close][: limit - len(close)]
    return ", ".join(visible(n, 40) for n in picked) + f", ... ({len(ordered)} in all)"


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
    from loopctl.rules import (  # noqa: F401
        catalog, composition, failures, identity, keys, linting, lssmin, naming, parsing, references)


__all__ = ["ERROR", "WARNING", "Finding", "Rule", "REGISTRY", "register", "rule", "checks", "all_rules", "choices"]
