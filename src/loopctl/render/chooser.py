"""The "which pattern?" guide: questions about the task, the outcomes they lead to, and the page that shows them.

``QUESTIONS`` and ``OUTCOMES`` are the guide's data. Each question carries
``shows``, the property of a pattern spec that a "yes" promises (an
independent judge means an ``llm_rubric`` or ``human`` evaluator, and so on);
a question marked ``strict`` also promises the property's absence on "no".
``contradictions`` checks an outcome against its pattern's spec and level, so
the tests can refuse a guide that recommends a pattern its spec contradicts.
``render_chooser`` draws the full decision table (it reads without
JavaScript) with the level from the classifier and the starter command;
``docs/assets/javascripts/explore/chooser.js`` turns it into one question at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from loopctl.escape import html_attribute, html_text
from loopctl.level import LEVEL_NAMES
from loopctl.render.explore_table import href
from loopctl.render.facets import Facets, facets

_SEARCHING_OPTIMIZERS = {"parameter_search", "structural"}


@dataclass(frozen=True)
class Question:
    """One yes/no question; ``shows`` says whether a pattern's facets have the property "yes" promises."""

    key: str
    text: str
    shows: Callable[[Facets, list[str]], bool]
    strict: bool = False  # True: "no" promises the property is absent


QUESTIONS = (
    Question("human_approval", "Must a person approve a result before it counts or acts?",
             lambda f, channels: "human" in f.evaluators or "human_queue" in channels, strict=True),
    Question("roles", "Does the work split into several specialised roles (planner, coder, reviewer...)?",
             lambda f, _channels: f.level == 3 or f.workers >= 3, strict=True),
    Question("search_space", "Is the space of candidate solutions large, so that many variants should be tried?",
             lambda f, _channels: f.optimization in _SEARCHING_OPTIMIZERS or (f.level or 0) >= 4, strict=True),
    Question("ground_truth", "Can a program check the result (tests, a checker, a simulator, a known answer)?",
             lambda f, _channels: "deterministic" in f.evaluators),
    Question("independent_judge", "Does the output need a judge other than its producer (a rubric, a reviewer)?",
             lambda f, _channels: bool({"llm_rubric", "human"} & set(f.evaluators))),
)
_BY_KEY = {q.key: q for q in QUESTIONS}


@dataclass(frozen=True)
class Outcome:
    """Where a set of answers lands: the answers on its path, the pattern slug and why it fits."""

    answers: dict[str, bool]
    pattern: str
    why: str


OUTCOMES = (
    Outcome({"human_approval": True}, "human-in-the-loop",
            "a person signs off through a human evaluator and a review queue"),
    Outcome({"human_approval": False, "roles": True, "independent_judge": True}, "debate-loop",
            "several roles argue and a separate judge decides"),
    Outcome({"human_approval": False, "roles": True, "independent_judge": False}, "multi-agent-coordination",
            "specialised workers hand work along a dependency graph, checked mechanically"),
    Outcome({"human_approval": False, "roles": False, "search_space": True, "ground_truth": True},
            "optimization-loop", "many candidates are scored by a check and the best is kept"),
    Outcome({"human_approval": False, "roles": False, "search_space": True, "ground_truth": False},
            "exploration-loop", "candidates are spread across the space before the loop narrows down"),
    Outcome({"human_approval": False, "roles": False, "search_space": False, "ground_truth": True},
            "reflection-loop", "each failed check becomes a written lesson for the next attempt"),
    Outcome({"human_approval": False, "roles": False, "search_space": False, "ground_truth": False,
             "independent_judge": True}, "critique-loop", "a separate critic scores the draft against a rubric"),
    Outcome({"human_approval": False, "roles": False, "search_space": False, "ground_truth": False,
             "independent_judge": False}, "planning-loop",
            "with neither a check nor a judge, start by planning the steps and writing a check for each"),
)


def contradictions(outcome: Outcome, entry) -> list[str]:
    """Return every way the pattern spec ``entry`` (a ``SpecEntry``) contradicts the outcome's answers."""
    if entry is None or not entry.valid:
        return [f"{outcome.pattern}: no valid pattern spec"]
    found = facets(entry)
    channels = [str(c.get("format")) for c in entry.view.channels]
    problems = []
    for key, answer in outcome.answers.items():
        question = _BY_KEY[key]
        has = question.shows(found, channels)
        if answer and not has:
            problems.append(f"{outcome.pattern}: answers yes to {key!r} but its spec does not show it")
        if not answer and question.strict and has:
            problems.append(f"{outcome.pattern}: answers no to {key!r} but its spec shows it")
    return problems


def render_chooser(model, page: str) -> str:
    """Return the decision guide as one HTML block: the questions, then the full decision table."""
    order = " ".join(q.key for q in QUESTIONS)
    questions = "\n".join(f'<li data-question="{q.key}">{html_text(q.text)}</li>' for q in QUESTIONS)
    head = "".join(f'<th scope="col">{html_text(q.key.replace("_", " "))}</th>' for q in QUESTIONS)
    rows = [_row(outcome, model, page) for outcome in OUTCOMES]
    return (f'<div class="loop-chooser" data-chooser data-order="{order}">\n'
            f'<ol class="loop-chooser__questions">\n{questions}\n</ol>\n'
            f'<div class="loop-explore__scroll">\n<table class="loop-chooser__table">\n<caption>Every path through the questions; a dash means the '
            f'question is not asked on that path</caption>\n<thead><tr>{head}<th scope="col">pattern</th>'
            f'<th scope="col">level</th><th scope="col">start with</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n</div>")


def _row(outcome: Outcome, model, page: str) -> str:
    entry = model.pattern(outcome.pattern)
    verdict = entry.verdict if entry is not None else None
    level = f"L{verdict.level} {LEVEL_NAMES[verdict.level]}" if verdict is not None else "no spec"
    link = (f'<a href="{html_attribute(href(page, entry.page))}">{html_text(outcome.pattern)}</a>'
            if entry is not None else html_text(outcome.pattern))
    cells = "".join(f"<td>{_answer(outcome.answers.get(q.key))}</td>" for q in QUESTIONS)
    command = f"loopctl new --pattern {outcome.pattern} --name my-loop"
    answers = json.dumps({k: "yes" if v else "no" for k, v in outcome.answers.items()}, sort_keys=True)
    return (f'<tr data-answers="{html_attribute(answers)}">{cells}<th scope="row">{link}'
            f'<br><small>{html_text(outcome.why)}</small></th><td>{html_text(level)}</td>'
            f"<td><code>{html_text(command)}</code></td></tr>")


def _answer(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "no")
