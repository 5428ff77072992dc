"""The rule records: what a check finds (``Finding``) and a rule with its documentation (``Rule``).

A rule is a small function plus its metadata (id, severity, failure code,
summary, rationale, example). The ``@rule`` decorator builds the ``Rule`` and
attaches it to the function; it registers nothing. Each rule module ends with
``RULES = declared(...)`` (or a tuple of ``Rule`` records for the rules that
other modules emit, such as the loader's), and ``loopctl.rules.registry``
lists the modules and builds the registry that the validator, the CLI's
``--list-rules`` and the site's rule reference read.

Every rule's ``example`` is executable; ``example_form`` says how it is
applied (``FORMS`` explains each form) and ``tests/test_rule_examples.py``
runs them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from loopctl.diagnostics import ERROR, WARNING, visible

FRAGMENT = "fragment"
REPLACED = "replaced"
COMPOSITION = "composition"
APPENDED = "appended"
FILE = "file"
CONFIG = "config"
RESULTS = "results"
DESCRIBED = "described"

# How a rule's example is applied, in the words the site's rule reference prints above the example. The valid
# spec is tests/fixtures/minimal.yaml; MERGING says how a fragment is merged into it.
FORMS = {
    FRAGMENT: "merged into a valid spec",
    REPLACED: "replacing top-level keys of a valid spec",
    COMPOSITION: "merged into a valid spec, beside valid children a.yaml and b.yaml",
    APPENDED: "as the last line of a valid spec",
    FILE: "the whole file",
    CONFIG: "the whole loopctl.toml",
    RESULTS: "set in loop-library/results/loopbench.results.json cut to its first entry, at",
    DESCRIBED: "described in words",
}
MERGING = ("A fragment is merged into a small valid spec: mappings merge by key, list items with an id merge by "
           "id, and any other list replaces the spec's list.")
ATTRIBUTE = "loopctl_rule"  # the attribute under which ``@rule`` attaches a rule to its check function


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
    """A rule and its documentation.

    ``example_form`` is one of ``FORMS``; ``example_note`` says, for a described
    example, why it cannot run as text and how the test runs it instead, and for
    a results example, the JSON pointer of the object its members are set in.
    """

    id: str
    severity: str
    summary: str
    rationale: str
    example: str
    failure_code: str = ""
    check: Callable | None = field(default=None, compare=False)
    scope: str = "spec"  # "load", "schema", "spec", "composition", "lint", "site" or "results"
    example_form: str = FRAGMENT
    example_note: str = ""


def rule(id: str, severity: str, summary: str, rationale: str, example: str,
         failure_code: str = "", scope: str = "spec", example_form: str = FRAGMENT,
         example_note: str = ""):
    """Decorator: attach a ``Rule`` with this documentation to a check function, which is returned unchanged."""
    def wrap(function: Callable[..., Iterable[Finding]]):
        setattr(function, ATTRIBUTE, Rule(id, severity, summary, rationale, example, failure_code, function,
                                          scope, example_form, example_note))
        return function
    return wrap


def declared(*functions: Callable) -> tuple[Rule, ...]:
    """Return the rules that ``@rule`` attached to ``functions``; refuses a function without one."""
    found = []
    for function in functions:
        attached = getattr(function, ATTRIBUTE, None)
        if not isinstance(attached, Rule):
            raise TypeError(f"{function!r} is not decorated with @rule")
        found.append(attached)
    return tuple(found)


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


__all__ = [
    "APPENDED",
    "COMPOSITION",
    "CONFIG",
    "DESCRIBED",
    "ERROR",
    "FILE",
    "FORMS",
    "FRAGMENT",
    "MERGING",
    "REPLACED",
    "RESULTS",
    "WARNING",
    "Finding",
    "Rule",
    "choices",
    "declared",
    "rule",
]
