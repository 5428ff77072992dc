"""YAML syntax errors in plain words, placed where the mistake starts (rule yaml.syntax)."""

import pytest

from loopctl.loader import LoadLimits, load_text

JARGON = ("while scanning", "while parsing", "could not find expected", "<block", "simple key", "but found")


def one_error(text):
    document, diagnostics = load_text(text, "bad.yaml", LoadLimits(max_bytes=10_000_000))
    assert document is None and len(diagnostics) == 1
    d = diagnostics[0]
    assert d.rule == "yaml.syntax" and d.hint
    assert not any(word in d.message for word in JARGON), d.message
    return d


@pytest.mark.parametrize("text, line, column", [
    ('a: 1\nb: 2\nc: "hello\nd: 4\ne: 5\n', 3, 4),
    ("a: 1\nc: 'hello\nd: 4\n", 2, 4),
])
def test_unclosed_quote_is_reported_where_it_opens(text, line, column):
    d = one_error(text)
    assert (d.line, d.column) == (line, column)
    assert d.message == f"this quoted string opened on line {line} is never closed"


@pytest.mark.parametrize("text, kind, closer", [
    ("a: [1, 2\nb: 3\n", "list", "]"),
    ("a: [1, 2\n", "list", "]"),
    ("a: {x: 1\nb: 3\n", "mapping", "}"),
])
def test_unclosed_bracket_is_reported_where_it_opens(text, kind, closer):
    d = one_error(text)
    assert (d.line, d.column) == (1, 4)
    assert d.message.startswith(f"this {kind} opened with") and "never closed" in d.message
    assert f"'{closer}'" in d.hint


@pytest.mark.parametrize("text, line, indent, siblings", [
    ("a:\n    b: 1\n   c: 2\n", 3, 3, 4),
    ("a:\n    b: 1\n     c: 2\n", 3, 5, 4),
    ("a: 1\n  b: 2\n", 2, 2, 0),
    ("workers:\n  - id: a\n    role: x\n   model: y\n", 4, 3, 4),
])
def test_indentation_slip_names_the_indentation_and_the_siblings(text, line, indent, siblings):
    d = one_error(text)
    assert d.message == f"this line is indented {indent} spaces; its siblings use {siblings}"
    assert (d.line, d.column) == (line, indent + 1)
    assert f"{siblings} spaces" in d.hint


def test_line_without_a_colon_is_explained_at_that_line():
    d = one_error("a: 1\nb\nc: 2\n")
    assert (d.line, d.column) == (2, 1)
    assert "neither a 'key: value' pair nor a list item" in d.message


def test_colon_inside_an_unquoted_value_suggests_quotes():
    d = one_error("a: b: c\n")
    assert (d.line, d.column) == (1, 5) and "quotes" in d.hint


def test_key_among_list_items_is_explained():
    d = one_error("a:\n  - x\n  y: 1\n")
    assert (d.line, d.column) == (3, 3) and "list items" in d.message


def test_list_item_among_keys_is_explained():
    d = one_error("a: 1\n- b\n")
    assert (d.line, d.column) == (2, 1) and "list item" in d.message


def test_reserved_character_at_the_start_of_a_value_suggests_quotes():
    d = one_error("a: @x\n")
    assert (d.line, d.column) == (1, 4) and "'@'" in d.message and "quotes" in d.hint


def test_syntax_error_in_a_large_file_is_explained_the_same_way():
    body = "".join(f"k{n}: value {n}\n" for n in range(8000))
    d = one_error(body + 'last: "never closed\n')
    assert (d.line, d.column) == (8001, 7)
    assert d.message == "this quoted string opened on line 8001 is never closed"


@pytest.mark.parametrize("text", [
    'a: 1\nb: "closed"\n', "a: [1, 2]\nb: 3\n", "a:\n    b: 1\n    c: 2\n", "a:\n  - x\n  - y\n",
])
def test_well_formed_yaml_has_no_syntax_error(text):
    document, diagnostics = load_text(text)
    assert diagnostics == [] and document is not None


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\x85"])
def test_line_numbers_count_every_yaml_line_break(newline):
    d = one_error(newline.join(["a: 1", "b: 2", 'c: "open', "d: 4", ""]))
    assert (d.line, d.column) == (3, 4)


@pytest.mark.parametrize("text, line, column, is_json", [
    ('{"a": 1}}', 1, 9, True),
    ("a: 1\n]\n", 2, 1, False),
])
def test_stray_closing_bracket_is_named(text, line, column, is_json):
    _document, diagnostics = load_text(text, "x", is_json=is_json)
    assert [(d.rule, d.line, d.column) for d in diagnostics] == [("yaml.syntax", line, column)]
    assert "has no matching opening bracket" in diagnostics[0].message


def test_text_after_a_directive_is_explained():
    d = one_error("%FOO\na: 1\n")
    assert "already ended" in d.message and "---" in d.hint


def test_undefined_tag_handle_is_explained():
    d = one_error("a: !x!y 1\n")
    assert "handle" in d.message and "(the parser says" not in d.hint


@pytest.mark.parametrize("text, words", [
    ("a: - b\n", "same line as its key"),
    ("%YAML 1.1 x\n---\na: 1\n", "directive"),
    ("%<\na: 1\n", "directive"),
    ("a: !x<\n", "tag"),
    ("a: !<>\n", "tag"),
])
def test_rarer_syntax_errors_are_explained_too(text, words):
    d = one_error(text)
    assert words in d.message and "(the parser says" not in d.hint
