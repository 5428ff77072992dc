"""Token counts: a real BPE tokenizer that never touches the network, and the authors' characters / 4 estimate."""

import socket

import pytest
import yaml

from conftest import CONFORMANCE
from loopctl.lean import tokens
from loopctl.lean.count import count_file, counts_table, format_counts
from loopctl.lssmin.minify import minify_text


@pytest.fixture
def no_network(monkeypatch):
    """Make every socket connection fail, and drop the cached encoding so it is loaded again."""
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "/nonexistent")
    tokens.encoding.cache_clear()
    yield
    tokens.encoding.cache_clear()


def test_the_tokenizer_loads_and_counts_with_no_network(no_network):
    assert tokens.count("hello world") == 2
    assert tokens.count("") == 0
    assert tokens.count("<|endoftext|>") > 1  # special-token spellings are plain text here


def test_the_vocabulary_is_the_pinned_cl100k_base_file():
    import hashlib
    path = tokens.vocabulary_path()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == tokens.VOCABULARY_SHA256


def test_the_encoding_round_trips_text():
    text = "Loop Engineering: évaluer, répéter — 反馈"
    encoded = tokens.encoding().encode(text)
    assert tokens.encoding().decode(encoded) == text


def test_the_estimate_is_characters_over_four():
    assert tokens.estimate("a" * 400) == 100
    assert tokens.estimate("abcdef") == 2


def test_the_authors_text_drops_metadata_examples_and_empty_values(minimal_spec):
    minimal_spec["metadata"] = {"taxonomy_level": 2}
    minimal_spec["inputs"]["examples"] = [{"text": "x"}]
    minimal_spec["safety_constraints"][0]["config"] = {}
    text = tokens.authors_text(minimal_spec)
    assert text.startswith("{") and "metadata" not in text and "examples" not in text
    parsed = yaml.safe_load(text)
    assert parsed["loop_name"] == "minimal-loop" and "config" not in parsed["safety_constraints"][0]


def test_the_authors_method_reproduces_their_trio_figure_within_two_percent():
    folder = CONFORMANCE / "upstream" / "enriched" / "loop-library"
    total = sum(tokens.authors_estimate(yaml.safe_load((folder / f"{n}.yaml").read_text()))
                for n in ("research-agent", "coding-agent", "autonomous-debugger"))
    assert abs(total - 3255) / 3255 < 0.02


def test_counting_files_gives_all_three_measures(tmp_path, minimal_spec):
    spec = tmp_path / "minimal-loop.yaml"
    spec.write_text(yaml.safe_dump(minimal_spec, sort_keys=False))
    packed = tmp_path / "minimal-loop.json"
    packed.write_text(minify_text(minimal_spec))
    notes = tmp_path / "notes.txt"
    notes.write_text("just words")
    rows = [count_file(spec), count_file(packed), count_file(notes)]
    assert rows[0].authors == tokens.authors_estimate(minimal_spec)
    assert abs(rows[1].authors - rows[0].authors) <= rows[0].authors / 50  # same data; key order moves line breaks
    assert rows[1].tokens < rows[0].tokens
    assert rows[2].authors is None and rows[2].tokens == tokens.count("just words")
    text = format_counts(rows)
    assert "total" in text and "cl100k_base" in text


def test_the_markdown_table_escapes_paths():
    from loopctl.lean.count import FileCount
    table = counts_table([FileCount("<b>x|y</b>.yaml", 4, 1, 1, None)])
    assert "<b>" not in table and "x|y" not in table
