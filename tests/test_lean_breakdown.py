"""The field-family breakdown of an LSS-min text adds up exactly and puts each piece in its family."""

from loopctl.lean import tokens
from loopctl.lean.breakdown import FAMILIES, breakdown, format_breakdown
from loopctl.lssmin.minify import dumps, minify


def test_characters_and_tokens_of_the_families_add_up_to_the_text(minimal_spec):
    packed = minify(minimal_spec)
    rows = breakdown(packed)
    text = dumps(packed)
    assert rows["total"] == {"characters": len(text), "tokens": tokens.count(text)}
    for unit in ("characters", "tokens"):
        assert sum(rows[family][unit] for family in FAMILIES) == rows["total"][unit]


def test_ids_references_numbers_and_prose_are_told_apart():
    packed = {"~v": 2, "ob": "Write a summary", "w": {"drafter": {"dp": [0], "ts": 60}}, "fc": [{"id": "back"}]}
    rows = breakdown(packed)
    assert rows["ids"]["characters"] == len("drafter") + len("back")
    assert rows["references"]["characters"] == 1
    assert rows["prose"]["characters"] == len("Write a summary")
    assert rows["numbers"]["characters"] == len("2") + len("60")
    assert "punctuation" in format_breakdown(rows)
