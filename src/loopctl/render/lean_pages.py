"""Generated parts of the lean reference pages: the LSS-min tables and example, the ``loopctl new`` rules.

The prose lives in ``docs/reference/lss-min.md`` and ``docs/reference/loopctl-new.md``;
these functions fill their ``<!-- loop:lean-table table=... -->`` and
``<!-- loop:lss-min-example -->`` placeholders from the code that implements
the format (the key table, the markers, the prefixes, the implied defaults,
the drop priority, the cue table), so the pages cannot drift from the behaviour.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from loopctl.escape import code_fence
from loopctl.lean.breakdown import breakdown
from loopctl.lean.drops import render_drop_table
from loopctl.lean.dump import dump_yaml
from loopctl.lssmin.keys import render_key_table, render_marker_table
from loopctl.lssmin.minify import FORMAT_VERSION, minify, minify_text
from loopctl.lssmin.refs import render_prefix_table
from loopctl.lssmin.shape import DERIVED, IMPLIED_DEFAULTS, SHAPES
from loopctl.render.lean_figures import breakdown_table
from loopctl.scaffold.intent import render_intent_rules

EXAMPLE = {
    "loop_name": "summary-loop",
    "version": "1.0.0",
    "objective": "Summarise a report in at most 150 words that a rubric scores 0.8 or more.",
    "inputs": {"schema": {"report": {"type": "string", "description": "The report to summarise", "required": True}}},
    "memory": {"type": "ephemeral"},
    "workers": [
        {"id": "drafter", "role": "Write the summary", "model": {"provider": "anthropic", "name": "claude-sonnet-4-5",
                                                                  "temperature": 0.2},
         "inputs": [{"from": "inputs.report"}], "outputs": {"name": "draft", "format": "markdown"},
         "timeout_seconds": 120, "cost_budget_usd": 0.05},
        {"id": "editor", "role": "Tighten the summary to the word limit", "model": {
            "provider": "anthropic", "name": "claude-sonnet-4-5", "temperature": 0.2},
         "depends_on": ["drafter"], "inputs": [{"from": "workers.drafter"}],
         "outputs": {"name": "summary", "format": "markdown"}, "timeout_seconds": 120, "cost_budget_usd": 0.05},
    ],
    "evaluators": [
        {"id": "word_limit", "type": "deterministic", "runs_after": ["editor"], "implementation": "checks.word_count"},
        {"id": "fidelity", "type": "llm_rubric", "runs_after": ["editor"], "model": {"provider": "openai",
                                                                                     "name": "gpt-4.1"},
         "rubric": {"dimensions": [{"name": "fidelity", "weight": 1.0, "scale": [0, 1],
                                    "criteria": "Keeps every key finding"}], "pass_threshold": 0.8}},
    ],
    "feedback_channels": [{"id": "fidelity_to_drafter", "source": "evaluators.fidelity",
                           "destination": "workers.drafter", "format": "structured",
                           "fields": ["dimension_scores", "remediation_hints"]}],
    "optimization_strategy": {"type": "prompt_refinement", "max_steps": 3,
                              "config": {"refinement_target": "workers.drafter"}},
    "termination_conditions": {"success": [{"metric": "fidelity", "operator": "gte", "value": 0.8, "consecutive": 1}],
                               "failure": [{"type": "max_iterations", "value": 4, "action": "halt"}]},
    "metrics": [{"name": "fidelity", "primary": True, "definition": "Rubric score", "source": "evaluators.fidelity",
                 "unit": "ratio"}],
    "safety_constraints": [],
    "cost_limits": {"per_iteration_usd": 0.1, "cumulative_usd": 0.4, "on_exceed": {"action": "halt"}},
}


def implied_defaults_table() -> str:
    """Return the Markdown table of the defaults the standard implies for absent keys."""
    rows = ["| where | key | value when absent |", "|---|---|---|"]
    rows += [f"| `{where}` | `{key}` | `{json.dumps(value)}` |" for where, key, value in IMPLIED_DEFAULTS]
    return "\n".join(rows)


def derived_values_table() -> str:
    """Return the Markdown table of the values LSS-min leaves out because they follow from the item."""
    rows = ["| where | key | derived from |", "|---|---|---|"]
    rows += [f"| `{where}` | `{key}` | {how} |" for where, key, how in DERIVED]
    return "\n".join(rows)


VERSIONS = {
    1: "short keys, per-list defaults, implied and derived values, short reference prefixes",
    2: "adds worker ids by index in depends_on, runs_after and applies_to; lists of items with distinct ids "
       "written as a map from id to item; rubric dimensions sharing one spec-wide pool (~p)",
    3: "adds items written as rows under one list of column keys (~c); lists of plain words written as one "
       "space-separated string; a depends_on, runs_after or applies_to of one worker written as its bare index",
}


def versions_table() -> str:
    """Return the Markdown table of every format version ``expand`` reads, marking the one ``minify`` writes."""
    rows = ["| version | what it adds | written by minify |", "|---:|---|---|"]
    rows += [f"| {v} | {VERSIONS[v]} | {'yes' if v == FORMAT_VERSION else 'no (still read)'} |" for v in SHAPES]
    return "\n".join(rows)


def example_breakdown_table() -> str:
    """Return the field-family breakdown of the worked example's LSS-min form."""
    return breakdown_table(breakdown(minify(EXAMPLE)))


TABLES: dict[str, Callable[[], str]] = {
    "versions": versions_table,
    "breakdown": example_breakdown_table,
    "markers": render_marker_table,
    "keys": render_key_table,
    "prefixes": render_prefix_table,
    "implied": implied_defaults_table,
    "derived": derived_values_table,
    "drops": render_drop_table,
    "intent-rules": render_intent_rules,
}
"""The tables a ``lean-table`` placeholder can show, by name."""


def lss_min_example() -> str:
    """Return the worked example: ``EXAMPLE`` as YAML, then its LSS-min form indented for reading."""
    example_yaml = dump_yaml(EXAMPLE)
    example_min = json.dumps(minify(EXAMPLE), indent=1, ensure_ascii=False)
    return (f"The spec:\n\n{code_fence(example_yaml, 'yaml')}\n\n"
            f"Its LSS-min form, indented here for reading (`loopctl minify` writes it on one line,\n"
            f"{len(minify_text(EXAMPLE))} characters against {len(example_yaml)} for the YAML):\n\n"
            f"{code_fence(example_min, 'json')}")
