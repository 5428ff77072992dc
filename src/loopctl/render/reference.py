"""Reference pages generated from the code: LSS fields (from the JSON Schema), rules, LES, levels, CLI.

Every function returns Markdown and reads its facts from the module that owns
them (the packaged schema, the rule registry, ``score``, ``observed``,
``level``, the CLI's argparse parser), so the pages cannot drift from the code.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence, Set

from loopctl.escape import code_fence, markdown_inline, markdown_table_cell
from loopctl.level import RULES as LEVEL_RULES
from loopctl.links import SITE_URL, rule_anchor
from loopctl.observed import BASELINES, INTERVENTION_WEIGHTS
from loopctl.rules import CONFIG, DESCRIBED, FORMS, MERGING, RESULTS, Rule
from loopctl.score import BAND_MEANINGS, BANDS, QUESTIONS, WEIGHTS

SCHEMA_URL = SITE_URL + "schema/lss-{version}.json"

# The failure taxonomy of the standard: stable code, slug and meaning. Rules that detect a code
# at design time declare it as their ``failure_code``; the others can only be observed in runs.
FAILURE_TAXONOMY = [
    ("F1", "fail.open_loop", "open loop: no feedback reaches a worker or the optimizer"),
    ("F2", "fail.self_grade", "the actor grades its own output"),
    ("F3", "fail.evaluator_drift", "the evaluator's judgement drifts over time"),
    ("F4", "fail.tau_omission", "no termination bound or budget (critical)"),
    ("F5", "fail.false_pass", "the evaluator passes output that should fail"),
    ("F6", "fail.false_fail", "the evaluator fails output that should pass"),
    ("F7", "fail.oscillation", "the loop does not converge and swings between states"),
    ("F8", "fail.resource_bleed", "spending exceeds the cost limits (critical)"),
    ("F9", "fail.state_corruption", "memory becomes inconsistent across iterations"),
    ("F10", "fail.orchestration_deadlock", "multi-agent wait cycle"),
    ("F11", "fail.meta_instability", "self-modification degrades the loop's LES"),
    ("F12", "fail.safety_bypass", "a safety constraint is ignored (critical)"),
]

# The runtime formulas that ``loopctl.observed`` implements, one line per category.
FORMULAS = {
    "effectiveness": "G_final / G_target when the goal is met; x (T_budget / T_actual) when not met but "
                     "improving; x 0.5 when not met and not improving. Improving: G_t > G_(t-1) in at least "
                     "60% of the iterations of the final third.",
    "speed": "1 / (0.7 x median iteration time + 0.3 x p95 iteration time), in iterations per second; "
             "x 0.85 when any iteration took more than 3 x the median.",
    "cost": "goal progress per unit of cost, (G_final - G_0) / C_total; 0 when there is no progress; "
            "x 1.05 (capped at 1) when marginal cost falls in the second half of the run.",
    "robustness": "0.6 x (1 - mean degradation under perturbation) + 0.4 x (1 - mean recovery time / "
                  "T_budget); needs at least three perturbations.",
    "scalability": "mean over n = 2, 4, 8 of 0.5 x quality retention + 0.3 x speed retention + "
                   "0.2 x min(cost retention, 1).",
    "safety": "1 - min(violation severity / (violation budget + 1), 1) + min(human events / T_actual, 0.1), "
              "clamped; 0 after any unrecoverable severe violation.",
    "adaptability": "0.7 x (G_ood / G_train) + 0.3 x (1 - min(configuration changes / 5, 1)).",
    "autonomy": "(1 - min(intervention rate / 0.5, 1)) x (1 - min(human fraction / 0.3, 1)), with "
                "interventions weighted by kind.",
}


def _code(value: object) -> str:
    """Inline code that is safe inside a table cell (a ``<code>`` element around escaped text)."""
    return f"<code>{markdown_table_cell(value)}</code>"


# --------------------------------------------------------------------------- LSS fields

def schema_reference(schema: dict, baseline: dict | None = None) -> str:
    """Return the field reference of an LSS JSON Schema: the top level, then one section per ``$defs`` entry.

    Each table lists field, type, whether it is required, allowed values and
    constraints, and the description. With ``baseline`` (an older schema),
    top-level fields it lacks are marked as new.
    """
    defs = schema.get("$defs", {})
    out = [f"Generated from {_code(schema.get('$id', ''))}"
           f" ({markdown_inline(schema.get('title', ''))}).", ""]
    if schema.get("description"):
        out += [markdown_inline(schema["description"]), ""]
    new = set(schema.get("properties", {})) - set((baseline or {}).get("properties", {})) if baseline else set()
    out += ["## Top level", ""]
    out.append(_field_table(schema, defs, new=new))
    out.append(_conditions(schema, defs))
    for name in defs:
        node = defs[name]
        out += ["", f"## {name}", ""]
        if node.get("description"):
            out += [markdown_inline(node["description"]), ""]
        if _fields(node):
            out.append(_field_table(node, defs))
        else:
            out.append(f"Type: {_type_of(node, defs)}. {_constraints(node)}".rstrip())
        conditions = _conditions(node, defs)
        if conditions:
            out += ["", conditions]
    return "\n".join(out).rstrip() + "\n"


def _fields(node: dict, prefix: str = "") -> list[tuple[str, dict, bool]]:
    """Flatten an object schema into (dotted field, schema, required) rows, nested objects included."""
    rows = []
    required = set(node.get("required", []))
    for key, sub in node.get("properties", {}).items():
        if not isinstance(sub, dict):
            continue  # `true` marks a field defined by the parent schema
        path = f"{prefix}{key}"
        rows.append((path, sub, key in required))
        if "properties" in sub and "$ref" not in sub:
            rows += _fields(sub, path + ".")
        items = sub.get("items")
        if isinstance(items, dict) and "properties" in items and "$ref" not in items:
            rows += _fields(items, path + "[].")
    return rows


def _field_table(node: dict, defs: dict, new: Set[str] = frozenset()) -> str:
    lines = ["| field | type | required | allowed values and limits | description |",
             "|---|---|---|---|---|"]
    for path, sub, required in _fields(node):
        description = markdown_table_cell(sub.get("description", ""))
        if path in new:
            description = "*New in this version.* " + description
        lines.append(f"| {_code(path)} | {_type_of(sub, defs)} | {'yes' if required else ''} | "
                     f"{_constraints(sub)} | {description} |")
    if node.get("additionalProperties") is False:
        lines.append("")
        lines.append("No other keys are allowed.")
    elif node.get("additionalProperties") is True:
        lines.append("")
        lines.append("Other keys are allowed.")
    return "\n".join(lines)


def _anchor(def_name: str) -> str:
    return "#" + def_name.lower()


def _type_of(node: dict, defs: dict) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{markdown_table_cell(name)}]({_anchor(name)})" if name in defs else markdown_table_cell(name)
    if "enum" in node:
        return "enum"
    if "const" in node:
        return "constant"
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(markdown_table_cell(k) for k in kind)
    if kind == "array":
        items = node.get("items")
        return f"list of {_type_of(items, defs)}" if isinstance(items, dict) else "list"
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return f"map of name to {_type_of(node['additionalProperties'], defs)}"
    if kind:
        return markdown_table_cell(kind)
    return "any"


def _constraints(node: dict) -> str:
    parts = []
    if "enum" in node:
        parts.append("one of " + ", ".join(_code(_json_scalar(v)) for v in node["enum"]))
    items = node.get("items")
    if isinstance(items, dict) and "enum" in items:
        parts.append("each one of " + ", ".join(_code(_json_scalar(v)) for v in items["enum"]))
    if isinstance(items, dict) and "pattern" in items:
        parts.append(f"each matches {_code(items['pattern'])}")
    if "const" in node:
        parts.append(f"exactly {_code(_json_scalar(node['const']))}")
    if "pattern" in node:
        parts.append(f"matches {_code(node['pattern'])}")
    for key, text in (("minLength", "at least {} characters"), ("maxLength", "at most {} characters"),
                      ("minimum", "at least {}"), ("maximum", "at most {}"),
                      ("exclusiveMinimum", "more than {}"), ("exclusiveMaximum", "less than {}"),
                      ("minItems", "at least {} item(s)"), ("maxItems", "at most {} item(s)"),
                      ("minProperties", "at least {} entry(ies)")):
        if key in node:
            parts.append(text.format(markdown_table_cell(node[key])))
    if node.get("uniqueItems"):
        parts.append("no duplicates")
    if "default" in node:
        parts.append(f"default {_code(_json_scalar(node['default']))}")
    return "; ".join(parts)


def _conditions(node: dict, defs: dict) -> str:
    """Describe if/then rules (``when type is X: ...``) found directly or under allOf."""
    rules = [node] + [n for n in node.get("allOf", []) if isinstance(n, dict)]
    lines = []
    for rule in rules:
        condition, then = rule.get("if"), rule.get("then")
        if not isinstance(condition, dict) or not isinstance(then, dict):
            continue
        when = ", ".join(f"{_code(k)} is {_code(_json_scalar(v.get('const')))}"
                         for k, v in condition.get("properties", {}).items() if isinstance(v, dict) and "const" in v)
        effects = []
        if then.get("required"):
            effects.append("requires " + ", ".join(_code(r) for r in then["required"]))
        if "$ref" in then:
            effects.append(f"the fields of {_type_of(then, defs)} apply")
        if when and effects:
            lines.append(f"- When {when}: {'; '.join(effects)}.")
    return "\n".join(lines)


def _json_scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


# --------------------------------------------------------------------------- rules and failure codes

_EXAMPLE_LANGUAGES = {CONFIG: "toml", RESULTS: "json"}


def _example(r: Rule) -> list[str]:
    """The lines that show a rule's example, saying how it is applied (``loopctl.rules.FORMS``)."""
    how = markdown_inline(FORMS.get(r.example_form, ""))
    if r.example_form == RESULTS:
        how = f"{how} {markdown_inline(r.example_note)}"
    if r.example_form == DESCRIBED:
        return [f"*Example that triggers it* ({how}): {markdown_inline(r.example)}", ""]
    return [f"*Example that triggers it* ({how}):", "",
            code_fence(r.example, _EXAMPLE_LANGUAGES.get(r.example_form, "yaml")), ""]


def rules_reference(rules: Sequence[Rule]) -> str:
    """Return one section per registered rule: severity, failure code, summary, rationale, example."""
    out = [markdown_inline(MERGING), ""]
    titles = {"load": "Reading the file", "schema": "Schema", "spec": "Semantic rules",
              "composition": "Compositions (LSS 1.1)", "lint": "Suppressions and configuration",
              "site": "Site content files", "results": "Observed results (loopctl results check)"}
    scopes = list(titles) + sorted({r.scope for r in rules} - set(titles))
    for scope in scopes:
        title = titles.get(scope, scope.capitalize())
        chosen = [r for r in rules if r.scope == scope]
        if not chosen:
            continue
        out += [f"## {title}", ""]
        for r in chosen:
            code = f", failure code {r.failure_code}" if r.failure_code else ""
            # An explicit anchor keeps every rule's URL (links.rule_url) stable whatever the heading's text.
            out += [f"### {markdown_inline(r.id)} {{#{rule_anchor(r.id)}}}", "",
                    f"**{r.severity}**{code}. {markdown_inline(r.summary)}", ""]
            if r.rationale:
                out += [f"*Why:* {markdown_inline(r.rationale)}", ""]
            if r.example:
                out += _example(r)
    return "\n".join(out).rstrip() + "\n"


def failure_codes_table(rules: Sequence[Rule]) -> str:
    """Return the F1..F12 taxonomy with the rule that detects each code from the spec, if any."""
    by_code: dict[str, list[str]] = {}
    for r in rules:
        if r.failure_code:
            by_code.setdefault(r.failure_code, []).append(r.id)
    lines = ["| code | slug | failure | detected by |", "|---|---|---|---|"]
    for code, slug, meaning in FAILURE_TAXONOMY:
        detectors = by_code.get(code)
        detected = ", ".join(_code(d) + " (lint)" for d in detectors) if detectors else \
            "observed in runs; not visible in a spec"
        lines.append(f"| {code} | {_code(slug)} | {markdown_table_cell(meaning)} | {detected} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- LES

def les_weights_table() -> str:
    """Return the eight LES categories with their weights and questions."""
    lines = ["| category | weight | question |", "|---|---|---|"]
    lines += [f"| {name} | {weight:.2f} | {markdown_table_cell(QUESTIONS.get(name, ''))} |"
              for name, weight in WEIGHTS.items()]
    lines.append(f"| **total** | {sum(WEIGHTS.values()):.2f} | |")
    return "\n".join(lines)


def les_bands_table() -> str:
    """Return the interpretation bands of the display score."""
    lines = ["| display score | band | meaning |", "|---|---|---|"]
    upper = None
    for minimum, name in BANDS:
        span = f"{minimum:g} or more" if upper is None else f"{minimum:g} to below {upper:g}"
        lines.append(f"| {span} | {name} | {markdown_table_cell(BAND_MEANINGS.get(name, ''))} |")
        upper = minimum
    return "\n".join(lines)


def les_reference() -> str:
    """Return the LES reference: weights, formula, bands, runtime formulas and baselines, estimate notes."""
    out = ["## Weights", "", les_weights_table(), "",
           "LES = sum over the eight categories of weight x N(category), where N(x) = clamp((x - floor) / "
           "(ceiling - floor), 0, 1). The canonical value lies in [0, 1]; the display value is "
           "round(LES x 100, 1).", "",
           "## Bands", "", les_bands_table(), "",
           "## Runtime formulas", "",
           "`loopctl score --observed RUN.json` computes these from measured runs.", "",
           "| category | raw value | floor | ceiling |", "|---|---|---|---|"]
    for name in FORMULAS:
        floor, ceiling = BASELINES.get(name, ("", ""))
        out.append(f"| {name} | {markdown_table_cell(FORMULAS[name])} | {floor:g} | {ceiling:g} |")
    out += ["", "Intervention weights used by autonomy:", "",
            "| intervention | weight |", "|---|---|"]
    out += [f"| {markdown_table_cell(k.replace('_', ' '))} | {v:g} |" for k, v in INTERVENTION_WEIGHTS.items()]
    out += ["", "Edge cases: with fewer than two iterations or an error, every category except safety is "
            "halved; a category without data is dropped and the other weights renormalised, and the result "
            "is labelled partial; unbounded loops are not valid LES subjects.", "",
            "## Design-time estimate", "",
            "`loopctl score SPEC` and the scorecard on every spec page estimate each category from the "
            "structure of the spec alone: evaluators and rubric detail, success and stall conditions, the "
            "iteration bound, cost caps and actions, worker layout, memory, feedback, optimizer type, input "
            "breadth, safety constraints and human involvement. Every point comes with its reason, shown "
            "in the table under each chart. It is an estimate, never a substitute for measured runs."]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- levels

def level_rules_table() -> str:
    """Return the classifier's rules: level, name and how it is recognised."""
    lines = ["| level | name | recognised when |", "|---|---|---|"]
    lines += [f"| {r.level} | {markdown_table_cell(r.name)} | {markdown_table_cell(r.description)} |"
              for r in LEVEL_RULES]
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI

def cli_reference(parser: argparse.ArgumentParser) -> str:
    """Return the command-line reference: one section per subcommand with usage and options."""
    out = [markdown_inline(parser.description or ""), "", code_fence(_usage(parser), "text"), ""]
    for name, sub, help_text in _subcommands(parser):
        out += [f"## {markdown_inline(parser.prog + ' ' + name)}", ""]
        if help_text:
            out += [markdown_inline(help_text[0].upper() + help_text[1:]) + ".", ""]
        out += [code_fence(_usage(sub), "text"), ""]
        rows = []
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            names = ", ".join(action.option_strings) or action.metavar or action.dest
            details = []
            if action.choices:
                details.append("one of " + ", ".join(_code(c) for c in action.choices))
            if action.default not in (None, False, argparse.SUPPRESS) and action.option_strings:
                details.append(f"default {_code(action.default)}")
            if action.nargs in ("*", "+"):
                details.append("repeatable")
            rows.append(f"| {_code(names)} | {markdown_table_cell(action.help or '')} | {'; '.join(details)} |")
        if rows:
            out += ["| argument | meaning | values |", "|---|---|---|", *rows, ""]
    out += ["## Exit codes", "", "| code | meaning |", "|---|---|",
            "| 0 | success |", "| 1 | the input has problems (errors, or warnings with `--strict`) |",
            "| 2 | usage error or unreadable input |"]
    return "\n".join(out).rstrip() + "\n"


def _usage(parser: argparse.ArgumentParser) -> str:
    return " ".join(parser.format_usage().split())


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, sub, helps.get(name) or ""
