"""The project's policy over a validation result: inline suppressions, then the configured severities.

``SpecStore.validate`` reports every finding; this module decides what is
shown. Suppression comments (``loopctl.suppress``) are honoured in the file
they stand in, for the rules that check a loaded document (never for load
errors); then each rule's configured level (``error``, ``warning``, ``off``)
from ``loopctl.config`` is applied. The ends of the findings are computed
from the file's text.
"""

from __future__ import annotations

from loopctl.config import apply_rule_levels
from loopctl.diagnostics import Diagnostic, with_ends
from loopctl.rules.registry import all_rules
from loopctl.suppress import apply_suppressions, find_suppressions, without_suppression_checks


def suppressible_rules() -> set[str]:
    """The rule ids an inline comment may switch off: every registered rule that does not stop a file loading."""
    return without_suppression_checks({r.id for r in all_rules() if r.scope != "load"})


def apply_policy(diagnostics: list[Diagnostic], display: str, text: str | None, loaded: bool,
                 levels: dict[str, str]) -> list[Diagnostic]:
    """Return the diagnostics of one file as the project's policy shows them.

    ``display`` is the file's shown name and ``text`` its text; diagnostics of
    other files (composition children) pass the suppressions untouched. A file
    that did not load (``loaded`` false), a JSON file or an LSS-min file takes no
    suppressions, since JSON has no comments.
    """
    takes_comments = loaded and text is not None and not display.lower().endswith(".json") \
        and not text.lstrip().startswith("{")
    shown = list(diagnostics)
    if takes_comments and text is not None:
        suppressions, problems = find_suppressions(text, display)
        own = [d for d in shown if d.file == display]
        others = [d for d in shown if d.file != display]
        shown = apply_suppressions(own, suppressions, display, suppressible_rules()) + problems + others
    shown = apply_rule_levels(shown, levels)
    return with_ends(shown, {display: text} if text is not None else {})
