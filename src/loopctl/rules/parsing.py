"""Documentation entries for the rules the loader and the schema check emit directly.

The loader (``loader``, ``inputs``) and the schema check (``schema``) build
these diagnostics themselves; this module registers their ids with the
documentation, so ``--list-rules`` and the site describe them in one place.
"""

from loopctl.rules import DESCRIBED, ERROR, FILE, FRAGMENT, REPLACED, Rule

# A nesting one level deeper than the loader's default depth limit (64).
_TOO_DEEP = "a: " + "[" * 65 + "]" * 65
# Six levels of ten: the aliases repeat a million nodes, past the default limit of 100,000.
_LAUGHS = """a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]"""

_LOAD = [
    ("io.unreadable", "The file cannot be read.", "A path that does not exist or cannot be opened cannot be checked.",
     "loopctl validate missing.yaml", DESCRIBED, "a path that does not exist; the example test validates one"),
    ("yaml.too-large", "The file is larger than the size limit (1 MiB by default).",
     "Specs are small; a huge file is a mistake or an attack, and is refused before parsing.",
     "a 5 MB YAML file", DESCRIBED, "too long to show; the example test runs a valid spec with a 64-byte limit"),
    ("yaml.encoding", "The file is not UTF-8 text, or holds control characters.",
     "LSS files are UTF-8; other bytes would be misread.", "a file saved as Latin-1 with 'é'", DESCRIBED,
     "bytes that are not UTF-8 are not text; the example test writes them to a file"),
    ("yaml.tab", "A tab is used for indentation.", "YAML forbids tabs in indentation; editors hide them.",
     "workers:\n\t- id: a", FILE, ""),
    ("yaml.syntax", "The text is not valid YAML.", "Nothing can be checked until the file parses.",
     "workers: [a, b", FILE, ""),
    ("yaml.duplicate-key", "A key appears twice in one mapping.",
     "Most YAML loaders keep the last value silently; the first one is lost without notice.",
     "loop_name: a\nloop_name: b", FILE, ""),
    ("yaml.alias-expansion", "Aliases expand the document past the node limit.",
     "A 'billion laughs' file is a few lines long and expands to billions of nodes.", _LAUGHS, FILE, ""),
    ("yaml.recursive-alias", "An alias refers to a node that contains it.", "Recursive data cannot be a spec.",
     "a: &a [*a]", FILE, ""),
    ("yaml.too-deep", "Nesting is deeper than the limit (64).", "Deep nesting only serves to exhaust parsers.",
     _TOO_DEEP, FILE, ""),
    ("yaml.tag", "A tag outside YAML's core schema is used.",
     "Tags such as !!python/object would construct objects; nothing is ever built from a spec.",
     "run: !!python/object/apply:os.system [ls]", FILE, ""),
    ("yaml.value", "A scalar cannot be read as the type YAML gives it.", "Such values are mistakes.",
     "size: 99999... (5,000 digits)", DESCRIBED, "too long to show; the example test writes the 5,000 digits"),
    ("yaml.merge", "A '<<' merge key does not point at a mapping.", "Merges combine mappings only.", "<<: [1, 2]",
     FILE, ""),
    ("yaml.complex-key", "A mapping key is a mapping or a list.", "Spec keys are names.", "? [a, b]\n: 1", FILE, ""),
    ("yaml.alias-key", "An alias (*name) is used as a mapping key.",
     "Spec keys are names written out; a key that refers to another node hides what the key is.",
     "base: &k name\n*k : value", FILE, ""),
    ("yaml.multi-document", "The file holds several YAML documents.", "One file, one spec.", "a: 1\n---\nb: 2",
     FILE, ""),
    ("yaml.empty", "The file holds no document.", "An empty spec is always a mistake.", "# only a comment", FILE, ""),
    ("yaml.not-mapping", "The top level is not a mapping.", "A spec is a mapping of field names to values.",
     "- a\n- b", FILE, ""),
]
_SCHEMA = [
    ("schema.required", "A required key is missing.", "The 13 LSS fields (and required keys inside them) define a loop.",
     "memory: {type: ephemeral, retention: {unit: day}}  # retention needs a value", FRAGMENT, ""),
    ("schema.unknown-key", "A key is not allowed where it stands.",
     "Closed objects catch misspelt keys that would otherwise be ignored.", "workers: [{id: writer, rol: x}]",
     FRAGMENT, ""),
    ("schema.type", "A value has the wrong type.", "Types are part of the contract; YAML guesses types of unquoted text.",
     "loop_name: yes", FRAGMENT, ""),
    ("schema.enum", "A value is not one of the allowed values.", "Enumerations are closed.", "memory: {type: forever}",
     FRAGMENT, ""),
    ("schema.pattern", "A string does not have the required form.", "Names and references have fixed forms.",
     "version: '1.0'", FRAGMENT, ""),
    ("schema.size", "A list or mapping has too few or too many entries.", "Some lists must not be empty.",
     "evaluators: [{id: length, runs_after: []}]", FRAGMENT, ""),
    ("schema.length", "A string is too short or too long.", "An objective of three words says nothing.",
     "objective: fix it", FRAGMENT, ""),
    ("schema.non-finite", "A number is NaN, infinite, or too large for a double.",
     "YAML's .nan and .inf (and JSON's NaN, Infinity, 1e400) pass every range check, since NaN compares false "
     "with everything; no bound, cap or score can use them.", "optimization_strategy: {max_steps: .nan}", FRAGMENT,
     ""),
    ("schema.range", "A number is outside its range.", "Weights, temperatures and thresholds have bounds.",
     "workers: [{id: writer, model: {temperature: -1}}]", FRAGMENT, ""),
    ("schema.unique-items", "A list holds the same item twice.", "Duplicates in sets are mistakes.",
     "safety_constraints: [{id: pii, applies_to: [writer, writer]}]", FRAGMENT, ""),
    ("schema.any-of", "A value matches none of its allowed forms.",
     "Termination needs at least one non-empty list among success, failure and stall.",
     "termination_conditions: {}", REPLACED, ""),
    ("schema.invalid", "Any other schema violation.", "The schema is the contract.", "", DESCRIBED,
     "the fallback for a schema keyword without a rule of its own; no keyword of our schemas reaches it today"),
]

RULES = tuple(Rule(rule_id, ERROR, summary, rationale, example, scope="load", example_form=form, example_note=note)
              for rule_id, summary, rationale, example, form, note in _LOAD) \
    + tuple(Rule(rule_id, ERROR, summary, rationale, example, scope="schema", example_form=form, example_note=note)
            for rule_id, summary, rationale, example, form, note in _SCHEMA)
