"""Read an English intent: which pattern(s), which composition, which domain.

How an intent is read:

1. The text is lower-cased and split into stages at sequence markers
   ("then", "after that", "followed by", ";"), or, when a parallel marker is
   present ("in parallel", "simultaneously"), at "and"; a nested marker
   ("inside each round", "for each iteration") splits it into an outer and an
   inner part.
2. Each part is scored against every pattern: the sum of the weights of the
   cues (the table below) that match, each cue counted once, negative cues
   subtracted, ``software`` cues counted only when the intent is about
   software, plus the small prior of the intent's domain.
3. A part's pattern is the highest score; ties go to the pattern with more
   multi-word (phrase) evidence, then to the lower typical level (the simpler
   loop), then to catalog order. ``human-in-the-loop`` and
   ``safety-constrained-loop`` describe a safeguard more often than the work
   itself, so they lead only when no other pattern scores at least 3. A part
   with no positive evidence joins its neighbour; with no evidence anywhere
   the pattern is ``critique-loop``.
4. Two or more parts with different patterns make a composition (sequential,
   parallel or nested as the markers said); the lead pattern is the first
   stage, the outer part or the first branch.
5. ``human-in-the-loop`` and ``safety-constrained-loop`` that score at least 3
   on the whole intent without leading are added as modifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from loopctl.escape import markdown_table_cell
from loopctl.scaffold.cues import (
    CATALOG,
    CUES,
    DEFAULT_PATTERN,
    DOMAINS,
    MODIFIER_THRESHOLD,
    MODIFIERS,
    NESTED_MARKERS,
    PARALLEL_MARKERS,
    SEQUENCE_MARKERS,
    Cue,
    catalog_index,
    level_of,
)


@dataclass
class Score:
    """One pattern's score for a piece of text and the cues that produced it."""

    slug: str
    total: float = 0.0
    phrases: int = 0
    matched: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Reading:
    """What an intent asks for: the lead pattern, all stage patterns, the composition, modifiers, domain, evidence."""

    text: str
    pattern: str
    stages: list[str]
    composition: str | None
    modifiers: list[str]
    domain: str
    scores: dict[str, Score]
    parts: list[str]

    def explain(self) -> str:
        """Return the evidence behind the reading, best scores first."""
        lines = [f"domain: {self.domain}",
                 f"pattern: {self.pattern}" + (f" ({self.composition}: {' + '.join(self.stages)})"
                                               if self.composition else "")]
        if self.modifiers:
            lines.append(f"modifiers: {', '.join(self.modifiers)}")
        ranked = sorted(self.scores.values(), key=lambda s: -s.total)
        for score in ranked:
            if score.matched:
                cues = ", ".join(f"{text} {weight:+g}" for text, weight in score.matched)
                lines.append(f"  {score.slug:28} {score.total:5.1f}  {cues}")
        return "\n".join(lines)


def normalize(text: str) -> str:
    """Return the intent lower-cased with punctuation (except - ' / ;) turned into spaces."""
    lowered = text.lower().replace("\u2019", "'")
    return " ".join(re.sub(r"[^a-z0-9'/;\- ]+", " ", lowered).split())


def domain_of(text: str) -> str:
    """Return the intent's domain: the one with most distinct matching words, ``general`` when none matches."""
    best, best_count = "general", 0
    for name, regex, _ in DOMAINS:
        count = len({m.group(0) for m in re.finditer(regex, text)})
        if count > best_count:
            best, best_count = name, count
    return best


def score(text: str, domain: str, software: bool) -> dict[str, Score]:
    """Return every pattern's score for ``text``."""
    scores = {slug: Score(slug) for slug, _ in CATALOG}
    priors = next((p for name, _, p in DOMAINS if name == domain), {})
    for slug, weight in priors.items():
        scores[slug].total += weight
    for cue in CUES:
        if cue.software and not software:
            continue
        found = cue.compiled.search(text)
        if found:
            entry = scores[cue.slug]
            entry.total += cue.weight
            entry.matched.append((found.group(0).strip(), cue.weight))
            if cue.phrase and cue.weight > 0:
                entry.phrases += 1
    return scores


def best(scores: dict[str, Score]) -> str | None:
    """Return the leading pattern by score, then phrase evidence, then lower level, then catalog order.

    A safeguard pattern (``MODIFIERS``) leads only when no other pattern scores at least the threshold.
    """
    positive = [s for s in scores.values() if s.total > 0 and any(w > 0 for _, w in s.matched)]
    if not positive:
        return None
    ranked = sorted(positive, key=lambda s: (-s.total, -s.phrases, level_of(s.slug), catalog_index(s.slug)))
    work = [s for s in ranked if s.slug not in MODIFIERS and s.total >= MODIFIER_THRESHOLD]
    if ranked[0].slug in MODIFIERS and work:
        return work[0].slug
    return ranked[0].slug


def split(text: str) -> tuple[list[str], str | None]:
    """Return the intent's parts and the composition the markers ask for (None: one part)."""
    nested = re.search(NESTED_MARKERS, text)
    if nested:
        return [text[: nested.start()], text[nested.end():]], "nested"
    if re.search(PARALLEL_MARKERS, text):
        body = re.sub(PARALLEL_MARKERS, " ", text)
        return re.split(r"\band\b|,", body), "parallel"
    parts = re.split(SEQUENCE_MARKERS, text)
    return parts, ("sequential" if len(parts) > 1 else None)


def read(intent: str) -> Reading:
    """Read an intent; see the module docstring for the rules."""
    text = normalize(intent)
    domain = domain_of(text)
    software = domain == "software" or re.search(DOMAINS[0][1], text) is not None
    whole = score(text, domain, software)
    parts, mode = split(text)
    stages: list[str] = []
    kept_parts: list[str] = []
    for part in parts:
        pattern = best(score(part, domain, software)) if part.strip() else None
        if pattern is None:
            continue
        if stages and stages[-1] == pattern:
            continue
        stages.append(pattern)
        kept_parts.append(part.strip())
    if len(stages) < 2:
        mode = None
        lead = best(whole) or DEFAULT_PATTERN
        stages = [lead]
    lead = stages[0]
    modifiers = [m for m in MODIFIERS if m not in stages and whole[m].total >= MODIFIER_THRESHOLD]
    return Reading(intent, lead, stages, mode, modifiers, domain, whole, kept_parts)


def render_intent_rules() -> str:
    """Return Markdown: the reading rules and the generated table of every cue with its weight."""
    rows = ["| pattern | typical level | evidence for (weight) | evidence against (weight) |", "|---|---|---|---|"]
    for slug, level in CATALOG:
        plus = [c for c in CUES if c.slug == slug and c.weight > 0]
        minus = [c for c in CUES if c.slug == slug and c.weight < 0]
        rows.append(f"| `{slug}` | {level} | {_cue_list(plus)} | {_cue_list(minus) or '-'} |")
    domains = ["| domain | words | prior added to |", "|---|---|---|"]
    for name, regex, priors in DOMAINS:
        added = ", ".join(f"`{s}` +{w:g}" for s, w in priors.items()) or "-"
        domains.append(f"| {name} | {markdown_table_cell(_readable(regex))} | {added} |")
    markers = ["| composition | markers |", "|---|---|",
               f"| sequential | {markdown_table_cell(_readable(SEQUENCE_MARKERS))} |",
               f"| parallel | {markdown_table_cell(_readable(PARALLEL_MARKERS))} |",
               f"| nested | {markdown_table_cell(_readable(NESTED_MARKERS))} |"]
    doc = (__doc__ or "").split("\n\n", 1)[1].strip()
    return "\n\n".join([doc, "\n".join(rows), "\n".join(domains), "\n".join(markers)])


def _cue_list(cues: Iterable[Cue]) -> str:
    parts = [f"{markdown_table_cell(_readable(c.regex))} ({c.weight:+g}{', software' if c.software else ''})"
             for c in cues]
    return "; ".join(parts)


def _readable(regex: str) -> str:
    """Return a regular expression as words a reader can scan (alternatives with /, optional parts dropped)."""
    text = regex.replace("\\b", "").replace("(?:", "(").replace("\\s", " ").replace("\\w*", "…")
    text = re.sub(r"\.\{0,\d+\}", " … ", text)
    text = re.sub(r"\[- \]", "-", text).replace("-?", "-").replace("'?", "'")
    return text.replace("|", " / ")
