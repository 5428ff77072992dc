"""One definition per term: the glossary is parsed into entries, and pages embed them unchanged."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from loopctl.render.definitions import TUPLE, define_block, find, relink, tuple_table
from loopctl.render.glossary import anchor, load_glossary, parse_glossary

SAMPLE = """# Glossary

## O

### Observation

What the decision rule can see, `o_t = obs(s_t, m_t)`, routed by a [feedback channel](#feedback-channel).

In LSS: worker `inputs` bindings.

Ask of a harness: What does the model see?

Often confused with: everything a tool returns.

See [State transitions](fundamentals/state-transitions.md).

### Level 3: multi-agent

Two workers act independently. See [Level 3](taxonomy/level-3.md).
"""


def test_entries_are_keyed_by_the_heading_anchor():
    entries = parse_glossary(SAMPLE)
    assert list(entries) == ["observation", "level-3-multi-agent"]
    assert anchor("Cost (LES category)") == "cost-les-category"


def test_the_closing_see_sentence_is_not_part_of_the_definition():
    entries = parse_glossary(SAMPLE)
    assert entries["level-3-multi-agent"].definition == "Two workers act independently."
    assert "See [" not in entries["observation"].definition


def test_lss_and_harness_paragraphs_are_read_separately():
    entry = parse_glossary(SAMPLE)["observation"]
    assert entry.in_lss == "worker `inputs` bindings." and entry.ask == "What does the model see?"


def test_glossary_links_are_rewritten_for_the_embedding_page():
    text = "a [channel](#feedback-channel), [page](fundamentals/feedback.md#x), [ext](https://example.org/a)"
    moved = relink(text, "taxonomy/level-2.md")
    assert "(../glossary.md#feedback-channel)" in moved and "(../fundamentals/feedback.md#x)" in moved
    assert "(https://example.org/a)" in moved


def test_define_block_quotes_the_glossary_definition_and_links_back():
    out = define_block(parse_glossary(SAMPLE), "observation", "fundamentals/state-transitions.md")
    assert out.startswith("**Observation.** What the decision rule can see")
    assert out.endswith("([glossary](../glossary.md#observation))")


def test_unknown_term_suggests_close_terms():
    with pytest.raises(KeyError) as caught:
        find(parse_glossary(SAMPLE), "observations")
    assert "did you mean observation" in caught.value.args[0]


def test_the_real_glossary_defines_every_core_term():
    entries = load_glossary(REPO)
    core = [term for _, term in TUPLE] + ["iteration", "feedback-channel", "les"] + [
        "level-1-single-step", "level-2-reflective", "level-3-multi-agent", "level-4-evolutionary",
        "level-5-self-modifying", "level-6-recursive-meta"]
    missing = [term for term in core if term not in entries or not entries[term].definition]
    assert missing == []
    assert all(entries[term].in_lss and entries[term].ask for _, term in TUPLE)



def test_observation_has_one_definition_the_projection_of_state():
    assert "o_t = obs(s_t, m_t)" in load_glossary(REPO)["observation"].definition


def test_tuple_table_has_the_seven_elements_in_order():
    table = tuple_table(load_glossary(REPO), "index.md").splitlines()
    assert [row.split("|")[1].strip() for row in table[2:]] == ["S", "A", "O", "T", "E", "M", "τ"]
    assert "depends_on` only orders the workers" in table[2 + 3]


def test_tuple_table_with_questions_pairs_each_question_with_its_lss_home():
    table = tuple_table(load_glossary(REPO), "guides/index.md", questions=True)
    assert "question to ask of a harness" in table and "→ `evaluators`" in table


@pytest.mark.parametrize("source", ["docs/index.md", "docs/fundamentals/what-is-a-loop.md"])
def test_pages_that_list_the_tuple_embed_the_generated_table(source):
    text = (REPO / source).read_text(encoding="utf-8")
    assert "<!-- loop:tuple-table -->" in text
    assert "| O | observation space |" not in text and "| `O` | observation space |" not in text


def test_iteration_is_one_edit_and_check_cycle_and_a_turn_cap_is_not_the_bound():
    entries = parse_glossary((REPO / "docs/glossary.md").read_text(encoding="utf-8"))
    assert "one edit-and-check cycle" in entries["iteration"].definition
    assert "agentic turn" in (REPO / "docs/glossary.md").read_text(encoding="utf-8")


CORE_BOLD = re.compile(r"^\*\*(State|Action|Observation|Transition|Evaluator|Memory|Iteration|Feedback|"
                       r"Termination|Feedback channel|Level \d[^*]*)( `[^`]+`)?\.\*\*", re.M)


def test_no_page_outside_the_glossary_types_a_core_definition():
    typed = []
    for path in sorted((REPO / "docs").rglob("*.md")):
        relative = path.relative_to(REPO).as_posix()
        if relative == "docs/glossary.md" or relative.startswith("docs/guides/"):
            continue
        text = path.read_text(encoding="utf-8")
        # Definitions live in a page's "## Definitions" section; bold leads elsewhere are labels, not definitions.
        definitions = text.split("\n## Definitions\n", 1)[1].split("\n## ", 1)[0] if "\n## Definitions\n" in text else ""
        typed += [f"{relative}: {m.group(0)}" for m in CORE_BOLD.finditer(definitions)]
    assert typed == [], "embed the glossary entry with <!-- loop:define term=... --> instead"


@pytest.mark.parametrize("level, words", [
    (2, ["evaluator", "worker"]),
    (3, ["independently", "worker sends feedback to another worker", "composition", "chain"]),
    (4, ["parameter_search", "search_space"]),
    (5, ["structural"]),
    (6, ["structural", "evaluator", "optimizer", "nested composition", "level 5"]),
])
def test_glossary_level_definitions_name_what_the_classifier_checks(level, words):
    from loopctl.level import LEVEL_NAMES, RULES
    entries = load_glossary(REPO)
    entry = entries[anchor(f"Level {level}: {LEVEL_NAMES[level]}")]
    assert all(word in entry.definition for word in words), entry.definition
    assert any(rule.level == level for rule in RULES)
