"""Inline suppressions: comments that travel with a spec and switch named rules off where they stand.

Two forms, each with a required reason after ``--``::

    timeout_seconds: 900  # loopctl: disable=fail.resource_bleed -- the nightly run is allowed to be slow
    # loopctl: disable=lss.unknown-key -- read by our own runner
    x_runner: {...}
    # loopctl: disable-file=fail.self_grade -- the judge is a different model release, checked by hand

A ``disable`` comment at the end of a line covers that line; alone on its
line it covers the next line. A ``disable-file`` comment covers the whole
file and must stand in the comment block at the top, before any data. A
suppression without a reason, with an unknown rule id, out of place, or that
suppresses nothing is reported (rules ``suppress.*``) and suppresses nothing.
Only rules that check a loaded document can be switched off: a file that
does not load is never silenced. JSON has no comments, so JSON specs take
no suppressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loopctl.diagnostics import WARNING, Diagnostic

_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*loopctl:\s*(?P<body>.*)$")
_DIRECTIVE = re.compile(r"^(?P<kind>disable|disable-file)\s*=\s*(?P<rules>[^\s]+)(?:\s+--\s*(?P<reason>.*?))?\s*$")


@dataclass(frozen=True)
class Suppression:
    """One suppression comment: where it stands, its kind, the rules it names and the reason given."""

    line: int
    column: int
    kind: str            # "disable" or "disable-file"
    rules: tuple[str, ...]
    reason: str
    covers: int          # the line a "disable" covers (0 for "disable-file": the whole file)


def find_suppressions(text: str, name: str) -> tuple[list[Suppression], list[Diagnostic]]:
    """Return the well-formed suppressions of a YAML text, and a diagnostic for each malformed one."""
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    in_header = True
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        match = _COMMENT.search(line)
        alone = stripped.startswith("#")
        if match is None or _inside_quotes(line, match.start()):
            if stripped and not alone:
                in_header = False
            continue
        column = match.start() + 1
        directive = _DIRECTIVE.match(match.group("body").strip())
        if directive is None:
            problems.append(_problem(name, number, column, "suppress.malformed",
                                     "this loopctl: comment is not a suppression",
                                     "write '# loopctl: disable=RULE[,RULE] -- reason' or "
                                     "'# loopctl: disable-file=RULE -- reason'"))
        else:
            kind, rules = directive.group("kind"), tuple(r for r in directive.group("rules").split(",") if r)
            reason = (directive.group("reason") or "").strip()
            if not reason:
                problems.append(_problem(name, number, column, "suppress.no-reason",
                                         f"the suppression of {', '.join(rules)} gives no reason",
                                         "add the reason after ' -- ', so a reviewer knows why the rule is off"))
            elif kind == "disable-file" and not (alone and in_header):
                problems.append(_problem(name, number, column, "suppress.misplaced",
                                         "disable-file must stand in the comment block at the top of the file",
                                         "move it above the first line of data, or use disable= on the line"))
            else:
                covers = 0 if kind == "disable-file" else (number + 1 if alone else number)
                found.append(Suppression(number, column, kind, rules, reason, covers))
        if stripped and not alone:
            in_header = False
    return found, problems


def apply_suppressions(diagnostics: list[Diagnostic], suppressions: list[Suppression], name: str,
                       suppressible: set[str]) -> list[Diagnostic]:
    """Drop the diagnostics the suppressions cover; report unknown and unused suppressions.

    ``suppressible`` is the set of rule ids that may be switched off.
    """
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for d in diagnostics:
        match = next((s for s in suppressions if d.rule in s.rules and d.rule in suppressible
                      and s.covers in (0, d.line)), None)
        if match is None:
            kept.append(d)
        else:
            used.add((match.line, d.rule))
    for s in suppressions:
        for rule_id in s.rules:
            if rule_id not in suppressible:
                kept.append(_problem(name, s.line, s.column, "suppress.unknown-rule",
                                     f"{rule_id} is not a rule that can be switched off",
                                     "check the id with 'loopctl validate --list-rules'; errors that stop a "
                                     "file from loading cannot be suppressed"))
            elif (s.line, rule_id) not in used:
                where = "in this file" if s.kind == "disable-file" else f"on line {s.covers}"
                kept.append(_problem(name, s.line, s.column, "suppress.unused",
                                     f"the suppression of {rule_id} suppresses nothing {where}",
                                     "remove it: the problem it was written for is gone"))
    return kept


def without_suppression_checks(rules: set[str]) -> set[str]:
    """Return the rule ids that may be suppressed: everything but the suppression rules themselves."""
    return {rule_id for rule_id in rules if not rule_id.startswith("suppress.")}


def _inside_quotes(line: str, position: int) -> bool:
    """True when ``position`` lies inside a single- or double-quoted scalar on this line."""
    quote = None
    index = 0
    while index < position:
        ch = line[index]
        if quote is None and ch in "'\"" and line[:index].rstrip()[-1:] in ("", ":", "-", "[", "{", ","):
            quote = ch  # a quote opens a scalar only where a scalar can start
        elif quote == "'" and ch == "'":
            if index + 1 < len(line) and line[index + 1] == "'":
                index += 1  # '' is an escaped quote inside a single-quoted scalar
            else:
                quote = None
        elif quote == '"' and ch == "\\":
            index += 1
        elif quote == '"' and ch == '"':
            quote = None
        index += 1
    return quote is not None


def _problem(name: str, line: int, column: int, rule: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(name, line, column, WARNING, rule, message, hint)
