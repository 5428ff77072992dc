"""The LSS-min key table and the key codec.

Every mapping key of a spec is written through one global table: a key the
table knows becomes its short code wherever it appears; any other key is kept,
except that a key which equals a short code or starts with ``~`` gets one more
``~`` in front. The codec is therefore a bijection on all strings, so keys
inside free-form objects (``config``, ``extensions``, input names) survive the
round trip too. Keys starting with ``~`` are reserved for the format's own
markers (see ``MARKERS``).

``KEY_TABLE`` is the single source of the published table: ``render_key_table``
turns it into the Markdown of the reference page.
"""

from __future__ import annotations

from loopctl.escape import markdown_table_cell

# (long key, short code, where the key appears). Order: as the fact sheet introduces the keys.
KEY_TABLE: list[tuple[str, str, str]] = [
    ("loop_name", "ln", "top level"),
    ("version", "vr", "top level"),
    ("objective", "ob", "top level"),
    ("inputs", "i", "top level; worker"),
    ("memory", "mm", "top level"),
    ("workers", "w", "top level"),
    ("evaluators", "e", "top level"),
    ("feedback_channels", "fc", "top level"),
    ("optimization_strategy", "os", "top level"),
    ("termination_conditions", "tc", "top level"),
    ("metrics", "ms", "top level"),
    ("safety_constraints", "sc", "top level"),
    ("cost_limits", "cl", "top level"),
    ("metadata", "md", "top level"),
    ("composition", "cp", "top level (LSS 1.1)"),
    ("extensions", "xn", "top level"),
    ("schema", "sh", "inputs; memory.write_policy"),
    ("examples", "ex", "inputs"),
    ("type", "t", "input field; memory; evaluator; optimizer; failure condition; constraint; composition"),
    ("description", "d", "input field"),
    ("required", "rq", "input field"),
    ("max_length", "xl", "input field"),
    ("min_length", "nl", "input field"),
    ("pattern", "pa", "input field"),
    ("values", "vs", "input field"),
    ("default", "dv", "input field"),
    ("minimum", "mn", "input field"),
    ("maximum", "mx", "input field"),
    ("items", "it", "input field"),
    ("backend", "bk", "memory"),
    ("retention", "rn", "memory"),
    ("unit", "u", "memory.retention; metric"),
    ("value", "v", "memory.retention; termination condition"),
    ("write_policy", "wp", "memory"),
    ("allowed_writers", "aw", "memory.write_policy"),
    ("max_entries", "xe", "memory.write_policy"),
    ("read_policy", "rp", "memory"),
    ("redaction", "rd", "memory"),
    ("role", "r", "worker; composition child"),
    ("model", "m", "worker; evaluator"),
    ("provider", "p", "model"),
    ("name", "n", "model; outputs; rubric dimension; metric"),
    ("temperature", "tp", "model"),
    ("max_tokens", "mt", "model; feedback channel"),
    ("top_p", "tq", "model"),
    ("from", "f", "worker input binding; adapter"),
    ("outputs", "o", "worker"),
    ("format", "fm", "outputs; feedback channel"),
    ("schema_ref", "sr", "outputs"),
    ("depends_on", "dp", "worker"),
    ("tools", "tl", "worker"),
    ("timeout_seconds", "ts", "worker; human evaluator"),
    ("retries", "rt", "worker"),
    ("cost_budget_usd", "cb", "worker"),
    ("runs_after", "ra", "evaluator"),
    ("aggregation", "ag", "evaluator"),
    ("implementation", "im", "deterministic evaluator"),
    ("rubric", "rb", "llm_rubric evaluator"),
    ("dimensions", "dm", "rubric"),
    ("weight", "wt", "rubric dimension"),
    ("scale", "sl", "rubric dimension"),
    ("criteria", "cr", "rubric dimension"),
    ("pass_threshold", "pt", "rubric"),
    ("queue", "q", "human evaluator"),
    ("instructions", "is", "human evaluator"),
    ("source", "s", "feedback channel; metric"),
    ("destination", "ds", "feedback channel"),
    ("fields", "fl", "feedback channel"),
    ("when", "wh", "feedback channel"),
    ("template_ref", "tr", "feedback channel"),
    ("max_steps", "xs", "optimizer"),
    ("config", "cf", "optimizer; constraint"),
    ("refinement_target", "re", "optimizer.config"),
    ("secondary_targets", "st", "optimizer.config"),
    ("preserve_sections", "ps", "optimizer.config"),
    ("human_gate_on", "hg", "optimizer.config"),
    ("search_space", "ss", "optimizer.config"),
    ("rollback", "rl", "optimizer"),
    ("on_metric_drop", "od", "optimizer.rollback"),
    ("on_safety_failure", "of", "optimizer.rollback"),
    ("success", "su", "termination"),
    ("failure", "fa", "termination"),
    ("stall", "sa", "termination"),
    ("metric", "mc", "success and stall conditions"),
    ("operator", "op", "success condition"),
    ("consecutive", "cn", "success and failure conditions"),
    ("action", "a", "conditions; constraint; cost_limits.on_exceed and on_approach"),
    ("window_iterations", "wi", "stall condition"),
    ("min_improvement", "mi", "stall condition"),
    ("definition", "de", "metric"),
    ("primary", "pr", "metric"),
    ("target", "ta", "metric"),
    ("regression_threshold", "rg", "metric"),
    ("scope", "sp", "constraint"),
    ("applies_to", "at", "constraint"),
    ("severity", "sv", "constraint"),
    ("on_error", "oe", "constraint"),
    ("rule", "ru", "constraint"),
    ("per_iteration_usd", "pi", "cost_limits"),
    ("cumulative_usd", "cu", "cost_limits"),
    ("on_exceed", "ox", "cost_limits"),
    ("token_soft_cap", "tk", "cost_limits"),
    ("on_approach", "oa", "cost_limits"),
    ("threshold_percent", "th", "cost_limits.on_approach"),
    ("price_table_ref", "px", "cost_limits"),
    ("taxonomy_level", "lv", "metadata"),
    ("patterns", "pn", "metadata"),
    ("tags", "tg", "metadata"),
    ("les_estimate", "le", "metadata"),
    ("children", "ch", "composition"),
    ("ref", "rf", "composition child"),
    ("adapters", "ad", "composition"),
    ("transform", "tf", "adapter"),
    ("merge", "mg", "composition"),
    ("strategy", "sg", "composition.merge"),
    ("min_branches_pass", "mb", "composition.merge"),
    ("preserve_dissent", "pd", "composition.merge"),
]

# The format's own keys. None of them can come from a spec: a spec key starting with '~' is escaped.
FORMAT_KEY = "~v"        # top level: the LSS-min format version
DEFAULTS_KEY = "~d"      # first element of a list (or a key of a map): defaults shared by the items
ABSENT_KEY = "~"         # in an item: keys the item does not have although the defaults give them
RAW_KEY = "~r"           # a value kept verbatim where a shorthand was expected
POOL_KEY = "~p"          # top level (version 2): spec-wide defaults pools, by list
COLUMNS_KEY = "~c"       # beside the defaults of a list (version 3): the keys of the items written as rows
MARKERS = {
    FORMAT_KEY: "top level: the LSS-min format version (currently 3; 1 and 2 are still read)",
    DEFAULTS_KEY: "first element of a list, or a key of a map of input fields: values shared by the items",
    ABSENT_KEY: "in an item or a nested object: the keys that the item does not have although the defaults give them",
    RAW_KEY: "a value kept verbatim where a shorthand was expected: a worker input binding that is not a plain "
             "{from: ...} mapping; (version 2) a workers, evaluators, feedback_channels or safety_constraints "
             "value that is not a list; an integer in depends_on, runs_after or applies_to (written ~~r there)",
    POOL_KEY: "top level (version 2): defaults shared by every rubric dimension of every evaluator, "
              "under dm; each dimensions list starts from them",
    COLUMNS_KEY: "(version 3) beside ~d, in the first element of a list or as a key of a map written by id or by "
                 "name: the keys of the items written as rows; a row holds one value per column (~ for a "
                 "column the item lacks), then a mapping of the item's other keys",
}

TO_SHORT: dict[str, str] = {long: short for long, short, _ in KEY_TABLE}
TO_LONG: dict[str, str] = {short: long for long, short, _ in KEY_TABLE}


class Absent:
    """The in-memory marker key for "keys this item lacks"; encoded as ``~``. Never equal to a string."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT = Absent()


def encode_key(key) -> str:
    """Return the LSS-min form of a mapping key; refuses keys that are not strings (the loader never makes them)."""
    if key is ABSENT:
        return ABSENT_KEY
    if not isinstance(key, str):
        raise TypeError(f"mapping keys must be strings, not {type(key).__name__} ({key!r})")
    if key in TO_SHORT:
        return TO_SHORT[key]
    if looks_short(key) and "~" + key in MARKERS:
        return f"~{key}~"  # "d" must not become the defaults marker "~d"
    if key in TO_LONG or key.startswith("~") or looks_short(key):
        return "~" + key
    return key


# Keys of the standard that are as short as a code and are written as they are (they have no code).
PLAIN_KEYS = {"id", "to"}


def looks_short(code: str) -> bool:
    """True for a key of one or two lower-case letters that is not a plain key of the standard.

    Such a key in a spec is written with a leading ``~``, so that in LSS-min a
    bare key of that form is always a code, and an unknown one is an error.
    """
    return (1 <= len(code) <= 2 and code.isascii() and code.isalpha() and code.islower()
            and code not in PLAIN_KEYS)


def decode_key(code: str):
    """Return the spec key of an LSS-min key (the inverse of ``encode_key``)."""
    if code == ABSENT_KEY:
        return ABSENT
    if len(code) >= 3 and code.startswith("~") and code.endswith("~") and looks_short(code[1:-1]):
        return code[1:-1]
    if code.startswith("~"):
        return code[1:]
    return TO_LONG.get(code, code)


def render_key_table() -> str:
    """Return the Markdown table of every long key with its short code and where it appears."""
    rows = ["| key | LSS-min code | where it appears |", "|---|---|---|"]
    for long, short, where in KEY_TABLE:
        rows.append(f"| `{long}` | `{short}` | {markdown_table_cell(where)} |")
    return "\n".join(rows)


def render_marker_table() -> str:
    """Return the Markdown table of the format's reserved marker keys."""
    rows = ["| marker | meaning |", "|---|---|"]
    for marker, meaning in MARKERS.items():
        rows.append(f"| `{marker}` | {markdown_table_cell(meaning)} |")
    return "\n".join(rows)
