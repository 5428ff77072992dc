"""The rule registry as a Markdown table, shared by the README and the site's rule reference."""

from __future__ import annotations

from loopctl import results as _results  # noqa: F401  (importing it registers the results.* rules)
from loopctl.rules.registry import all_rules


def rule_table(scopes: tuple[str, ...] | None = None) -> str:
    """Return a Markdown table of every registered rule (or those of ``scopes``): id, severity, code, summary."""
    lines = ["| rule | severity | failure code | what it checks |", "|---|---|---|---|"]
    for r in all_rules():
        if scopes is None or r.scope in scopes:
            lines.append(f"| `{r.id}` | {r.severity} | {r.failure_code or ''} | {_cell(r.summary)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    # Rule text is the project's own, not a spec's: only a pipe could break the table.
    return text.replace("|", "\\|")
