"""Spec text quoted in engine messages shows control, bidi and format characters as escapes."""

from conftest import FIXTURES
from loopctl.diagnostics import visible
from loopctl.loader import load_text
from loopctl.validate import SpecStore

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
HOSTILE = ("\u202e", "\u2066", "\x1b", "\u200b", "\ud800")


def test_visible_escapes_controls_bidi_and_format_characters():
    assert visible("a\u202eb\x1bc") == "a\\u202eb\\u001bc"
    assert visible("plain text, café") == "plain text, café"


def test_visible_cuts_long_text():
    assert visible("x" * 100, 10) == "xxxxxxx..."


def test_unknown_key_message_escapes_a_bidi_override(write_spec):
    path = write_spec(MINIMAL + "  tok\u202een_soft_cap: 5\n")
    found = [d for d in SpecStore(display_base=path.parent).validate(path).diagnostics if d.rule == "lss.unknown-key"]
    assert found and "\\u202e" in found[0].message
    assert not any(c in d.message for d in found for c in HOSTILE)


def test_schema_message_escapes_spec_text(write_spec):
    path = write_spec(MINIMAL.replace("type: ephemeral", 'type: "eph\u202eemeral"'))
    result = SpecStore(display_base=path.parent).validate(path)
    enum = next(d for d in result.diagnostics if d.rule == "schema.enum")
    assert "\\u202e" in enum.message and "\u202e" not in enum.message


def test_syntax_message_escapes_the_quoted_line():
    _, diagnostics = load_text("a: 1\nb\u202ec\nd: 2\n")
    assert "\\u202e" in diagnostics[0].message and "\u202e" not in diagnostics[0].message
