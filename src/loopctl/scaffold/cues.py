"""The evidence table behind ``loopctl new``: which words and phrases point at which pattern, and how strongly.

Each ``Cue`` is a regular expression matched on the lower-cased intent with a
weight; a cue counts once however often it matches. Positive cues are
evidence for a pattern, negative cues evidence against it. A cue marked
``software`` counts only when the intent is about software (a test of a
marketing message is not a test suite). ``DOMAINS`` tell what an intent is
about; the domain adds a small prior to the patterns that fit it and becomes
a tag. ``CATALOG`` is the pattern order used as the last tie-break, with each
pattern's typical taxonomy level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """A piece of evidence: a pattern slug, a regular expression, its weight, and whether it needs software context."""

    slug: str
    regex: str
    weight: float
    software: bool = False

    @property
    def compiled(self) -> re.Pattern:
        """The compiled regular expression (compiled once per process)."""
        return _compile(self.regex)

    @property
    def phrase(self) -> bool:
        """True for a multi-word cue, which is stronger evidence in tie-breaks than a single word."""
        return " " in self.regex.replace("\\s", " ")


_CACHE: dict[str, re.Pattern] = {}


def _compile(regex: str) -> re.Pattern:
    if regex not in _CACHE:
        _CACHE[regex] = re.compile(regex)
    return _CACHE[regex]


# (slug, typical level) in the catalog's order.
CATALOG = [
    ("reflection-loop", 2), ("critique-loop", 2), ("planning-loop", 2), ("verification-loop", 2),
    ("research-loop", 2), ("simulation-loop", 2), ("debate-loop", 3), ("exploration-loop", 4),
    ("optimization-loop", 4), ("memory-augmented-loop", 2), ("human-in-the-loop", 2),
    ("safety-constrained-loop", 2), ("multi-agent-coordination", 3), ("recursive-improvement-loop", 5),
]
DEFAULT_PATTERN = "critique-loop"  # no evidence at all: produce, critique, revise fits any task
MODIFIERS = ("human-in-the-loop", "safety-constrained-loop")
MODIFIER_THRESHOLD = 3.0

_DOCS = r"\b(essays?|blog|posts?|articles?|emails?|letters?|copy|story|stories|manual|tone|memos?|poems?)\b"

CUES: list[Cue] = [
    # reflection: learn from failed attempts, retry with the lesson
    Cue("reflection-loop", r"\bfix(es|ing)?\b", 2.0),
    Cue("reflection-loop", r"\bfailing\b", 1.5, software=True),
    Cue("reflection-loop", r"\b(until|till)\b.{0,40}\b(pass|passes|compiles|works)\b", 2.0),
    Cue("reflection-loop", r"\blearn(s|ing)? from (its |my |their |past |previous )?(mistakes|errors|failures)\b", 3.0),
    Cue("reflection-loop", r"\bretr(y|ies|ying)\b", 1.5),
    Cue("reflection-loop", r"\bself[- ]correct", 3.0),
    Cue("reflection-loop", r"\blessons?\b", 1.5),
    Cue("reflection-loop", r"\bdebug(s|ging)?\b", 2.0, software=True),
    Cue("reflection-loop", r"\b(marketing|campaign|essay|poem|story|pricing)\b", -2.0),
    # critique: produce, critique, revise
    Cue("critique-loop", r"\bcritique\b", 3.0),
    Cue("critique-loop", r"\bfeedback\b", 2.0),
    Cue("critique-loop", r"\bpolish", 2.0),
    Cue("critique-loop", r"\brevis(e|es|ing|ion)\b", 2.0),
    Cue("critique-loop", r"\bedit(s|ing)?\b", 1.5),
    Cue("critique-loop", r"\bproofread", 3.0),
    Cue("critique-loop", r"\bdraft(s|ing)?\b", 1.0),
    Cue("critique-loop", r"\b(write|writing|rewrite)\b", 1.0),
    Cue("critique-loop", r"\breviewers?\b", 1.0),
    Cue("critique-loop", _DOCS, 1.0),
    Cue("critique-loop", r"\bimprove (the |my |our )?(draft|copy|text|writing|wording)\b", 2.0),
    # planning: decompose, order, execute
    Cue("planning-loop", r"\bplan(s|ning)?\b", 3.0),
    Cue("planning-loop", r"\broadmaps?\b", 2.5),
    Cue("planning-loop", r"\bschedul(e|es|ing)\b", 2.0),
    Cue("planning-loop", r"\bbreak (it |this |them )?down\b", 2.0),
    Cue("planning-loop", r"\bsteps?\b", 1.0),
    Cue("planning-loop", r"\bitinerar(y|ies)\b", 2.0),
    Cue("planning-loop", r"\bcampaigns?\b", 1.0),
    Cue("planning-loop", r"\bmilestones?\b", 1.5),
    Cue("planning-loop", r"\bstrateg(y|ies)\b", 1.0),
    Cue("planning-loop", r"\borgani[sz](e|ing)\b", 1.0),
    # verification: generate, check with something computable
    Cue("verification-loop", r"\bverif(y|ies|ication)\b", 3.0),
    Cue("verification-loop", r"\bvalidat(e|es|ion)\b", 2.0),
    Cue("verification-loop", r"\bfact[- ]check", 3.0),
    Cue("verification-loop", r"\bmake sure\b", 1.5),
    Cue("verification-loop", r"\bcheck(s|ing)?\b", 1.5),
    Cue("verification-loop", r"\bcorrect(ness)?\b", 1.0),
    Cue("verification-loop", r"\baudit(s|ing)?\b", 2.0),
    Cue("verification-loop", r"\bmatch(es)?\b", 1.0),
    Cue("verification-loop", r"\b(tests?|test suite)\b", 1.0, software=True),
    Cue("verification-loop", r"\bprove\b", 2.0),
    Cue("verification-loop", r"\bflag(s|ging)? (violations|errors|issues|discrepancies)\b", 2.0),
    Cue("verification-loop", r"\b(marketing|campaign|essay|poem|story)\b", -1.0),
    # research: gather and synthesise evidence
    Cue("research-loop", r"\bresearch(ing)?\b", 3.0),
    Cue("research-loop", r"\binvestigat(e|es|ing|ion)\b", 2.5),
    Cue("research-loop", r"\bliterature\b", 2.0),
    Cue("research-loop", r"\bpapers?\b", 1.5),
    Cue("research-loop", r"\bsources?\b", 1.5),
    Cue("research-loop", r"\b(citations?|cite[sd]?)\b", 2.0),
    Cue("research-loop", r"\bfind (out|evidence|information)\b", 2.0),
    Cue("research-loop", r"\bsurvey\b", 1.0),
    Cue("research-loop", r"\bsummari[sz]e\b", 1.0),
    Cue("research-loop", r"\bevidence\b", 1.0),
    Cue("research-loop", r"\bwhy\b", 0.5),
    Cue("research-loop", r"\btrends?\b", 1.0),
    Cue("research-loop", r"\bcompetitors?\b", 1.0),
    # simulation: try actions in a model of the world first
    Cue("simulation-loop", r"\bsimulat(e|es|ion|ions|or)\b", 3.0),
    Cue("simulation-loop", r"\bwhat[- ]if\b", 3.0),
    Cue("simulation-loop", r"\bscenarios?\b", 2.0),
    Cue("simulation-loop", r"\bdigital twin\b", 3.0),
    Cue("simulation-loop", r"\brehears(e|al)\b", 2.0),
    Cue("simulation-loop", r"\bdry[- ]run\b", 2.0),
    Cue("simulation-loop", r"\bstress[- ]test", 2.0),
    Cue("simulation-loop", r"\bforecast", 1.5),
    # debate: opposing agents and a judge
    Cue("debate-loop", r"\bdebat(e|es|ing)\b", 3.0),
    Cue("debate-loop", r"\bargu(e|es|ing|ments?)\b", 2.5),
    Cue("debate-loop", r"\bpros and cons\b", 3.0),
    Cue("debate-loop", r"\bopposing\b", 2.0),
    Cue("debate-loop", r"\bboth sides\b", 2.5),
    Cue("debate-loop", r"\bdevil'?s advocate\b", 3.0),
    Cue("debate-loop", r"\bjudge\b", 1.5),
    Cue("debate-loop", r"\bcounter-?arguments?\b", 2.0),
    # exploration: many candidates, keep the promising ones
    Cue("exploration-loop", r"\bexplor(e|es|ing|ation)\b", 3.0),
    Cue("exploration-loop", r"\bbrainstorm", 2.5),
    Cue("exploration-loop", r"\bnovel\b", 1.5),
    Cue("exploration-loop", r"\bdiscover", 2.0),
    Cue("exploration-loop", r"\b(many|multiple|alternative|different) (ideas|designs|candidates|options|approaches|"
                            r"variants|structures)\b", 2.0),
    Cue("exploration-loop", r"\btry(ing)? (many|lots)\b", 2.0),
    Cue("exploration-loop", r"\bcandidates?\b", 1.0),
    Cue("exploration-loop", r"\bideas?\b", 1.0),
    # optimization: tune parameters against a metric
    Cue("optimization-loop", r"\boptimi[sz](e|es|ing|ation)\b", 3.0),
    Cue("optimization-loop", r"\btun(e|es|ing)\b", 2.5),
    Cue("optimization-loop", r"\bhyper-?parameters?\b", 3.0),
    Cue("optimization-loop", r"\bmaximi[sz]e\b", 2.0),
    Cue("optimization-loop", r"\bminimi[sz]e\b", 2.0),
    Cue("optimization-loop", r"\breduce (the )?(latency|cost|costs|time|errors|churn)\b", 2.0),
    Cue("optimization-loop", r"\ba/?b test", 2.5),
    Cue("optimization-loop", r"\b(throughput|latency)\b", 1.0),
    Cue("optimization-loop", r"\bsettings\b", 1.0),
    # memory: recall what earlier runs learned
    Cue("memory-augmented-loop", r"\bremembers?\b", 3.0),
    Cue("memory-augmented-loop", r"\bmemory\b", 2.5),
    Cue("memory-augmented-loop", r"\bacross (sessions|conversations|runs)\b", 3.0),
    Cue("memory-augmented-loop", r"\blong[- ]term\b", 2.0),
    Cue("memory-augmented-loop", r"\bover time\b", 1.0),
    Cue("memory-augmented-loop", r"\bpreferences\b", 1.5),
    Cue("memory-augmented-loop", r"\bpast (conversations|sessions|interactions|runs)\b", 2.5),
    Cue("memory-augmented-loop", r"\bhistory\b", 1.0),
    Cue("memory-augmented-loop", r"\bpersonali[sz]", 1.5),
    # human in the loop: a person approves or corrects
    Cue("human-in-the-loop", r"\bapprov(e|es|al|ing)\b", 3.0),
    Cue("human-in-the-loop", r"\bsign(s|ing)?[- ]off\b", 3.0),
    Cue("human-in-the-loop", r"\bhumans?\b", 2.0),
    Cue("human-in-the-loop", r"\b(manager|supervisor|editor|person|expert)s? (approves?|reviews?|checks?|signs?)\b",
        2.0),
    Cue("human-in-the-loop", r"\b(manager|supervisor)s?\b", 1.5),
    Cue("human-in-the-loop", r"\bescalat(e|es|ion|ions)\b", 1.5),
    Cue("human-in-the-loop", r"\bbefore (sending|publishing|merging|release|it goes out)\b", 1.5),
    Cue("human-in-the-loop", r"\bin the loop\b", 2.0),
    Cue("human-in-the-loop", r"\bwithout (a )?(human|person|manual)\b", -5.0),
    # safety: hard constraints that stop or strip
    Cue("safety-constrained-loop", r"\bsafe(ly|ty)?\b", 2.5),
    Cue("safety-constrained-loop", r"\bguardrails?\b", 3.0),
    Cue("safety-constrained-loop", r"\b(pii|personal (health )?information|personal data|secrets?|credentials)\b", 2.5),
    Cue("safety-constrained-loop", r"\bnever\b", 1.5),
    Cue("safety-constrained-loop", r"\b(must not|without (ever )?(exposing|leaking|touching|deleting|sharing))\b", 2.5),
    Cue("safety-constrained-loop", r"\bcomplian(ce|t)\b", 1.0),
    Cue("safety-constrained-loop", r"\bproduction\b", 1.0),
    Cue("safety-constrained-loop", r"\bregulat(ed|ion|ions)\b", 1.5),
    Cue("safety-constrained-loop", r"\bprivacy\b", 2.0),
    # multi-agent coordination: several agents with roles
    Cue("multi-agent-coordination", r"\bteam of\b", 3.0),
    Cue("multi-agent-coordination", r"\b(multiple|several|many|two|three|four) (agents|specialists|workers)\b", 3.0),
    Cue("multi-agent-coordination", r"\bcoordinat(e|es|ing|ion)\b", 2.5),
    Cue("multi-agent-coordination", r"\bdelegat(e|es|ing)\b", 2.5),
    Cue("multi-agent-coordination", r"\borchestrat(e|es|ing|ion)\b", 2.5),
    Cue("multi-agent-coordination", r"\bspecialists?\b", 1.5),
    Cue("multi-agent-coordination", r"\bcrew\b", 2.0),
    Cue("multi-agent-coordination", r"\bagents\b", 1.0),
    # recursive improvement: the loop changes how it works
    Cue("recursive-improvement-loop", r"\b(improv|rewrit|evolv|chang)(e|es|ing) (its|their) own\b", 4.0),
    Cue("recursive-improvement-loop", r"\bself[- ]improv", 4.0),
    Cue("recursive-improvement-loop", r"\bits own (prompts?|workflow|rubrics?|code|strategy|evaluat\w*)\b", 2.0),
    Cue("recursive-improvement-loop", r"\bmeta[- ]?(learning|level|loop)\b", 3.0),
    Cue("recursive-improvement-loop", r"\blearn(s|ing)? to learn\b", 3.0),
]

# domain -> (regex, pattern priors). The domain with most matches wins (first listed on a tie); none -> general.
DOMAINS: list[tuple[str, str, dict[str, float]]] = [
    ("software", r"\b(code|codebase|repo|repository|bugs?|functions?|refactor\w*|compil\w*|unit tests?|pull requests?|"
                 r"api|python|javascript|typescript|sql|database|module|deploy\w*|ci|scripts?|library|software|"
                 r"patch(es)?|commits?|branch(es)?)\b",
     {"reflection-loop": 0.5, "verification-loop": 0.5}),
    ("writing", r"\b(essays?|blog|posts?|articles?|emails?|letters?|copy|stories|story|manual|translat\w*|memos?|"
                r"poems?|newsletter)\b",
     {"critique-loop": 0.5}),
    ("research", r"\b(research|papers?|literature|stud(y|ies)|evidence|citations?|scientific)\b",
     {"research-loop": 0.5}),
    ("business", r"\b(marketing|campaigns?|pricing|customers?|sales|products?|market|revenue|churn|merger|invoices?|"
                 r"budget|strategy|launch|competitors?)\b",
     {"planning-loop": 0.25}),
    ("education", r"\b(students?|tutor\w*|exams?|lessons?|course|teach\w*|study)\b", {}),
    ("engineering", r"\b(molecules?|chemistry|antenna\w*|circuits?|physics|battery|hardware|materials?)\b", {}),
    ("operations", r"\b(support|tickets?|triage|supply chain|incidents?|logistics|operations)\b", {}),
]

SEQUENCE_MARKERS = r"\b(?:and then|then|after that|afterwards|followed by|once that is done)\b|;"
PARALLEL_MARKERS = r"\b(?:in parallel|simultaneously|at the same time|side by side|concurrently)\b"
NESTED_MARKERS = (r"\b(?:inside|within|during) each (?:round|iteration|attempt|step|cycle)\b"
                  r"|\bfor each (?:round|iteration|attempt|cycle)\b")


def level_of(slug: str) -> int:
    """Return a pattern's typical taxonomy level (used as a tie-break: the simpler loop first)."""
    return dict(CATALOG).get(slug, 6)


def catalog_index(slug: str) -> int:
    """Return a pattern's position in the catalog (the final tie-break)."""
    return [s for s, _ in CATALOG].index(slug)
