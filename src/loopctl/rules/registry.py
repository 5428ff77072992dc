"""The one list of rule modules, and the registry built from it.

Every rule module exposes its rules as ``RULES``; this module imports each
of them and indexes their rules by id once, at import. Higher layers that
bring rules of their own (the results files' ``results.*`` rules) add them
with one explicit ``register_all`` call, since this layer may not import them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from loopctl.rules import (
    Rule,
    catalog,
    composition,
    failures,
    identity,
    keys,
    linting,
    lssmin,
    naming,
    parsing,
    references,
)

MODULES = (parsing, lssmin, linting, naming, identity, references, failures, catalog, keys, composition)

REGISTRY: dict[str, Rule] = {}


def register_all(rules: Iterable[Rule]) -> None:
    """Add rules to the registry; refuses an id that is already registered."""
    for r in rules:
        if r.id in REGISTRY:
            raise ValueError(f"rule {r.id} is registered twice")
        REGISTRY[r.id] = r


def all_rules() -> list[Rule]:
    """Return every registered rule, sorted by id."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def checks(scope: str) -> Iterator[Rule]:
    """Yield the registered rules of a scope that have a check function, in id order."""
    for r in all_rules():
        if r.check is not None and r.scope == scope:
            yield r


for _module in MODULES:
    register_all(_module.RULES)
