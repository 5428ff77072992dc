"""loopctl new: each intent chooses the pattern it should, and every scaffold passes validate --strict."""

import pytest

from loopctl import level
from loopctl.lean.dump import dump_yaml
from loopctl.scaffold import PATTERNS, ScaffoldError, scaffold
from loopctl.scaffold.build import loop_name_for
from loopctl.scaffold.cues import level_of
from loopctl.scaffold.intent import Score, best, read, render_intent_rules
from loopctl.scaffold.templates import build_template
from loopctl.validate import SpecStore

# intent, the pattern it should lead with, the composition it should ask for (None: one loop)
INTENTS = [
    ("Fix the failing unit tests in my Python repository", "reflection-loop", None),
    ("Plan a marketing campaign for our product launch", "planning-loop", None),
    ("Write a blog post about remote work and polish it with feedback", "critique-loop", None),
    ("Research the latest papers on battery chemistry and summarize the findings with citations",
     "research-loop", None),
    ("Verify that every invoice total matches the purchase order", "verification-loop", None),
    ("Simulate customer demand under different pricing scenarios", "simulation-loop", None),
    ("Debate the pros and cons of moving to a four-day work week", "debate-loop", None),
    ("Brainstorm and explore many novel product ideas for pet owners", "exploration-loop", None),
    ("Optimize the hyperparameters of our recommendation model to maximize click-through rate",
     "optimization-loop", None),
    ("Build a tutor that remembers what the student struggled with across sessions", "memory-augmented-loop", None),
    ("Draft replies to customer complaints and have a manager approve each one before sending",
     "human-in-the-loop", None),
    ("Summarize patient notes without ever exposing personal health information", "safety-constrained-loop", None),
    ("Coordinate a team of specialist agents to produce a market analysis report", "multi-agent-coordination", None),
    ("Create an agent that improves its own prompts and evaluation rubric over time",
     "recursive-improvement-loop", None),
    ("Refactor the payment module and make sure all tests still pass", "verification-loop", None),
    ("Translate the user manual into Spanish and have a reviewer critique the tone", "critique-loop", None),
    ("Break down the data migration into steps and schedule them over the next quarter", "planning-loop", None),
    ("Fact-check the claims in this news article", "verification-loop", None),
    ("Investigate why our churn rate increased last quarter", "research-loop", None),
    ("Run what-if scenarios for the supply chain if a port closes", "simulation-loop", None),
    ("Have two agents argue opposing positions on the merger and let a judge decide", "debate-loop", None),
    ("Tune the database query settings to reduce latency", "optimization-loop", None),
    ("Keep a long-term memory of my writing preferences and apply them to new drafts",
     "memory-augmented-loop", None),
    ("Triage incoming support tickets with a human supervisor signing off on escalations",
     "human-in-the-loop", None),
    ("Generate SQL queries safely, never touching production tables", "safety-constrained-loop", None),
    ("Orchestrate several agents that delegate subtasks to each other to build a travel itinerary",
     "multi-agent-coordination", None),
    ("Design a self-improving loop that rewrites its own workflow when scores drop",
     "recursive-improvement-loop", None),
    ("Research competitor pricing, then draft a pricing strategy memo", "research-loop", "sequential"),
    ("Explore alternative antenna designs and inside each round simulate their performance",
     "exploration-loop", "nested"),
    ("Research market trends and debate investment options in parallel", "research-loop", "parallel"),
    ("Plan a weekly study schedule for a chemistry exam", "planning-loop", None),
    ("Improve the landing page copy based on reviewer feedback", "critique-loop", None),
    ("Proofread and edit my cover letter", "critique-loop", None),
    ("Discover new molecules by trying many candidate structures", "exploration-loop", None),
    ("Check the quarterly report against accounting rules and flag violations", "verification-loop", None),
    ("Answer questions about our docs and learn from past conversations", "memory-augmented-loop", None),
    ("Do something useful for the team", "critique-loop", None),
]


def _strictly_valid(data, folder):
    path = folder / f"{data['loop_name']}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    result = SpecStore().validate(path)
    return result.errors + result.warnings


def test_the_table_is_varied_enough():
    assert len(INTENTS) >= 30
    assert {pattern for _, pattern, _ in INTENTS} == set(PATTERNS)
    assert {mode for _, _, mode in INTENTS} == {None, "sequential", "parallel", "nested"}


@pytest.mark.parametrize("intent,pattern,mode", INTENTS, ids=[i[0][:40] for i in INTENTS])
def test_each_intent_leads_with_the_expected_pattern(intent, pattern, mode):
    reading = read(intent)
    assert (reading.pattern, reading.composition) == (pattern, mode), reading.explain()


@pytest.mark.parametrize("intent,pattern,mode", INTENTS, ids=[i[0][:40] for i in INTENTS])
def test_each_scaffold_passes_validate_strict(tmp_path, intent, pattern, mode):
    result = scaffold(intent)
    assert _strictly_valid(result.data, tmp_path) == []
    meta = result.data["metadata"]
    assert meta["patterns"][0] == pattern
    assert meta["taxonomy_level"] == level.classify(result.data).level
    assert result.data["objective"].startswith(intent[:20])


@pytest.mark.parametrize("intent,pattern,mode", INTENTS[::3], ids=[i[0][:40] for i in INTENTS[::3]])
def test_scaffolds_from_built_in_templates_pass_too(tmp_path, intent, pattern, mode):
    empty = tmp_path / "no-patterns"
    empty.mkdir()
    result = scaffold(intent, patterns_dir=empty)
    assert any("built-in template" in note for note in result.notes)
    assert _strictly_valid(result.data, tmp_path) == []


@pytest.mark.parametrize("slug", PATTERNS)
def test_every_built_in_template_is_strictly_valid_at_its_typical_level(tmp_path, slug):
    data = build_template(slug)
    data["metadata"]["taxonomy_level"] = level.classify(data).level
    assert data["metadata"]["taxonomy_level"] == level_of(slug)
    assert _strictly_valid(data, tmp_path) == []


def test_a_marketing_plan_is_not_a_coding_task():
    reading = read("Plan a marketing campaign")
    assert reading.pattern == "planning-loop" and reading.domain == "business"
    assert reading.scores["reflection-loop"].total < 0 and reading.scores["verification-loop"].total <= 0
    assert "software" not in scaffold("Plan a marketing campaign").data["metadata"]["tags"]


def test_software_cues_need_a_software_context():
    assert read("Test which marketing message works").scores["verification-loop"].total <= 0
    assert read("Run the unit tests in the repository").scores["verification-loop"].total > 0


def test_negative_cues_count_against():
    with_human = read("Approve each refund with a human")
    without = read("Process refunds without human approval, fully automatically")
    assert with_human.scores["human-in-the-loop"].total > without.scores["human-in-the-loop"].total


def _scores(**totals):
    out = {}
    for slug, (total, phrases) in totals.items():
        slug = slug.replace("_", "-")
        out[slug] = Score(slug, total, phrases, [("cue", total)])
    return out


def test_ties_go_to_phrase_evidence_then_the_simpler_loop_then_catalog_order():
    assert best(_scores(critique_loop=(3, 0), debate_loop=(3, 1))) == "debate-loop"
    assert best(_scores(exploration_loop=(3, 0), debate_loop=(3, 0))) == "debate-loop"
    assert best(_scores(planning_loop=(3, 0), critique_loop=(3, 0))) == "critique-loop"
    assert best(_scores(planning_loop=(3.5, 0), critique_loop=(3, 2))) == "planning-loop"


def test_safeguards_lead_only_when_no_work_pattern_is_clear():
    assert best(_scores(human_in_the_loop=(6, 1), reflection_loop=(4, 0))) == "reflection-loop"
    assert best(_scores(human_in_the_loop=(6, 1), reflection_loop=(2, 0))) == "human-in-the-loop"
    assert best({}) is None


def test_modifiers_add_their_safeguards():
    result = scaffold("Fix the failing tests and have a human approve the patch before merging")
    assert "human-in-the-loop" in result.reading.modifiers
    constraints = result.data["safety_constraints"]
    assert any(c["type"] == "human_gate" for c in constraints)
    assert "human-in-the-loop" in result.data["metadata"]["patterns"]


def test_compositions_become_one_flat_spec_with_every_stage(tmp_path):
    result = scaffold("Research competitor pricing, then draft a pricing strategy memo")
    assert result.data["metadata"]["patterns"][:2] == ["research-loop", "critique-loop"]
    assert "sequential" in result.data["metadata"]["tags"]
    assert _strictly_valid(result.data, tmp_path) == []


def test_the_same_intent_gives_the_same_spec():
    intent = "Debate the pros and cons of remote work"
    assert dump_yaml(scaffold(intent).data) == dump_yaml(scaffold(intent).data)


def test_named_pattern_and_name(tmp_path):
    result = scaffold(pattern="optimization-loop", name="ad-bids")
    assert result.data["loop_name"] == "ad-bids"
    assert result.data["metadata"]["patterns"][0] == "optimization-loop"
    assert _strictly_valid(result.data, tmp_path) == []


def test_bad_requests_are_refused():
    with pytest.raises(ScaffoldError, match="10 characters"):
        scaffold("do it")
    with pytest.raises(ScaffoldError, match="unknown pattern"):
        scaffold(pattern="spiral-loop")
    with pytest.raises(ScaffoldError, match="kebab"):
        scaffold("Plan a marketing campaign", name="Bad Name")


def test_names_come_from_the_intent():
    assert loop_name_for("Plan a marketing campaign for our product launch", "x") == "plan-marketing-campaign-product"
    assert loop_name_for("!!", "fallback-name") == "fallback-name"


def test_the_rules_table_is_generated_from_the_cues():
    table = render_intent_rules()
    for slug in PATTERNS:
        assert f"`{slug}`" in table
    assert "software" in table and "tie" in table.lower()
