"""Assemble a scaffold: start from the chosen pattern spec(s), fill in the intent, and check the result.

Steps: load each stage's pattern (``source``); with several stages, merge
them into one flat spec with ``lean.combine`` in the composition mode the
intent asked for (a single file that validates on its own); set
``loop_name``, ``objective`` and ``version``; drop the pattern's own input
examples (they illustrate the pattern, not this task); add the modifiers'
safety constraints; record the patterns, the domain and ``scaffold`` in
metadata; set ``taxonomy_level`` to the classifier's verdict; and validate
strictly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from loopctl import level
from loopctl.lean import dump
from loopctl.lean.combine import CombineError, Source, combine
from loopctl.model import as_dict, as_list
from loopctl.scaffold.source import load_pattern
from loopctl.schema import is_loop_name

_STOPWORDS = {"a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "with", "my", "our", "your", "their", "its", "this", "that", "these", "those", "be", "is", "are", "it", "me", "we", "us", "i", "you", "them", "each", "every", "all", "any", "some", "into", "from", "by", "as", "at", "about", "over", "under", "then", "so"}


def loop_name_for(intent: str | None, fallback: str) -> str:
    """Return a kebab-case loop name from an intent's first content words (at most four, 40 characters)."""
    words = [w for w in re.findall(r"[a-z0-9]+", (intent or "").lower()) if w not in _STOPWORDS]
    name = "-".join(words[:4])[:40].strip("-")
    if not is_loop_name(name):
        return fallback
    return name


def objective_for(intent: str) -> str:
    """Return the intent as an objective: one line, capitalised, ending with a full stop."""
    text = " ".join(intent.split())
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def assemble(stages: list[str], mode: str | None, name: str, objective: str | None, modifiers: list[str],
             domain: str, patterns_dir: str | Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """Return (spec data, notes) for the stage patterns; raises ``ValueError`` when the result does not validate."""
    loaded = [load_pattern(slug, patterns_dir) for slug in stages]
    notes = [f"{slug}: started from {origin}" for slug, (_, origin) in zip(stages, loaded, strict=False)]
    if len(stages) > 1:
        sources = [Source(Path(f"{slug}.yaml"), data) for slug, (data, _) in zip(stages, loaded, strict=False)]
        try:
            merged = combine(sources, mode or "sequential", flat=True, name=name)
        except CombineError as error:
            raise ValueError(str(error)) from None
        data = merged.data
        notes += merged.notes
    else:
        data = loaded[0][0]
    data["loop_name"] = name
    data["version"] = "1.0.0"
    if objective:
        data["objective"] = objective
    as_dict(data.get("inputs")).pop("examples", None)
    for modifier in modifiers:
        notes += _apply_modifier(data, modifier)
    meta = data.setdefault("metadata", {})
    patterns = list(stages) + [p for p in as_list(meta.get("patterns")) if p not in stages]
    patterns += [m for m in modifiers if m not in patterns]
    meta.clear()
    meta.update({"taxonomy_level": level.classify(data).level, "patterns": patterns,
                 "tags": ["scaffold", domain] + ([mode] if mode else [])})
    found = dump.problems(data)
    if found:
        raise ValueError("the scaffold does not validate:\n" + dump.describe(found))
    return data, notes


def _apply_modifier(data: dict[str, Any], modifier: str) -> list[str]:
    constraints = data.setdefault("safety_constraints", [])
    kinds = {c.get("type") for c in constraints if isinstance(c, dict)}
    workers = [w.get("id") for w in as_list(data.get("workers")) if isinstance(w, dict)]
    taken = {c.get("id") for c in constraints if isinstance(c, dict)}
    added: list[dict[str, Any]] = []
    if modifier == "human-in-the-loop" and "human_gate" not in kinds:
        added.append({"id": "human-approval", "type": "human_gate", "scope": "pre_output", "applies_to": workers[-1:],
                      "action": "escalate_human", "rule": "A person approves the result before it is used"})
    if modifier == "safety-constrained-loop":
        if "injection_detect" not in kinds:
            added.append({"id": "input-injection", "type": "injection_detect", "scope": "pre_worker",
                          "applies_to": workers, "action": "quarantine"})
        if "secret_scan" not in kinds:
            added.append({"id": "output-secrets", "type": "secret_scan", "scope": "pre_output",
                          "applies_to": workers, "action": "halt"})
    for constraint in added:
        while constraint["id"] in taken:
            constraint["id"] += "-2"
        taken.add(constraint["id"])
        constraints.append(constraint)
    return [f"{modifier}: added safety constraint {c['id']}" for c in added]


MODELINE = "# yaml-language-server: $schema={url}"
"""The first line of a scaffold: editors with the YAML language server then complete and check the spec."""


def with_modeline(text: str, data: dict) -> str:
    """Return the spec's YAML ``text`` with the modeline naming its schema (1.1 with a composition, else 1.0)."""
    from loopctl.links import schema_url
    version = "1.1" if "composition" in data else "1.0"
    return MODELINE.format(url=schema_url(version)) + "\n" + text
