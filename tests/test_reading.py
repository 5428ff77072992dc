"""Reading times are derived from words, and every figure for a page or a path is the same everywhere."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from loopctl.render.paths import path_list, paths_table
from loopctl.render.reading import WORDS_PER_MINUTE, format_minutes, load_paths, minutes_for, page_minutes, word_count


def test_code_comments_and_link_targets_are_not_counted():
    text = ("# Two words\n\nOne [two](https://example.org/a/very/long/path) three.\n\n"
            "```python\nprint('not counted at all')\n```\n\n<!-- loop:stats -->\n")
    assert word_count(text) == 5


def test_reading_time_is_rounded_and_never_zero():
    assert minutes_for(0) == 1
    assert minutes_for(WORDS_PER_MINUTE * 7) == 7
    assert minutes_for(int(WORDS_PER_MINUTE * 7.4)) == 7


@pytest.mark.parametrize("minutes, text", [(7, "7 min"), (60, "1 h"), (95, "1 h 35 min")])
def test_minutes_are_written_in_hours_and_minutes(minutes, text):
    assert format_minutes(minutes) == text


def test_a_path_total_is_the_sum_of_its_steps():
    for path in load_paths(REPO).values():
        assert path.minutes == sum(page_minutes(REPO, step.page) for step in path.steps)


def test_the_paths_table_and_each_path_list_give_the_same_total():
    paths = load_paths(REPO)
    table = paths_table(paths, "index.md")
    for path in paths.values():
        assert f"| {format_minutes(path.minutes)} |" in table.split(f"#{path.key})", 1)[1].splitlines()[0]
        assert path_list(path, "onboarding.md").startswith(f"**Total:** {format_minutes(path.minutes)} ")


def test_the_theorist_path_includes_evaluation_and_optimization():
    pages = [step.page for step in load_paths(REPO)["theorist"].steps]
    assert "fundamentals/evaluation.md" in pages and "fundamentals/optimization.md" in pages


def test_step_labels_default_to_the_page_title():
    steps = {step.page: step.label for step in load_paths(REPO)["theorist"].steps}
    assert steps["fundamentals/state-transitions.md"] == "State transitions"


def test_a_missing_page_in_the_paths_file_names_the_file_and_the_path(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/onboarding-paths.yaml").write_text("reader:\n  title: R\n  steps: [nowhere.md]\n")
    with pytest.raises(ValueError) as caught:
        load_paths(tmp_path)
    assert "docs/onboarding-paths.yaml: path 'reader'" in str(caught.value) and "nowhere.md" in str(caught.value)


@pytest.mark.parametrize("text", ["[unclosed", "- a list\n", "reader: {title: R, steps: []}\n"])
def test_a_malformed_paths_file_is_a_value_error_not_a_traceback(tmp_path, text):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/onboarding-paths.yaml").write_text(text)
    with pytest.raises(ValueError, match=r"docs/onboarding-paths\.yaml"):
        load_paths(tmp_path)


@pytest.mark.parametrize("source", ["docs/index.md", "docs/onboarding.md", "docs/fundamentals/index.md"])
def test_pages_type_no_reading_time(source):
    text = (REPO / source).read_text(encoding="utf-8")
    typed = [line for line in text.splitlines() if re.search(r"\b\d+ min\b|\d+ h \d+", line)
             and "loop:" not in line]
    assert typed == []


def test_the_onboarding_page_states_the_rate_the_code_uses():
    assert f"({WORDS_PER_MINUTE} words a minute" in (REPO / "docs/onboarding.md").read_text(encoding="utf-8")


def test_the_home_page_types_no_spec_count():
    text = (REPO / "docs/index.md").read_text(encoding="utf-8").lower()
    assert not re.search(r"\b(thirteen|fourteen|five) (complete|reusable|sequential)", text)
    assert "<!-- loop:count kind=library -->" in text and "<!-- loop:count kind=pattern -->" in text
