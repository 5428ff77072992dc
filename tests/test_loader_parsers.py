"""libyaml and PyYAML's own parser read every text the loader gives libyaml the same way.

The loader parses with libyaml unless ``uses_libyaml`` finds a corner where the
two parsers are known to differ; these tests generate YAML-like text and check
that, wherever libyaml is used, it yields PyYAML's events, marks and verdicts.
"""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loopctl.loader
from loopctl.loader import load_text, uses_libyaml

pytestmark = pytest.mark.skipif(loopctl.loader._CPARSER is None, reason="PyYAML was built without libyaml")

PIECES = ["a", "key", "b c", ":", ": ", "- ", "-", " ", "  ", "\n", "\n  ", "\n- ", "#", " # note", "'", '"',
          "[", "]", "{", "}", ",", "&x ", "*x", "!!str ", "!x ", "!", "! ", "<<: ", "|", ">", "|-", "\\",
          "1", "1.5", "1e5", ".nan", "~", "null", "true", "on", "2026-01-01", "?", "? ", "---", "...", "%YAML 1.1",
          "\t", "\r\n", "\r", "\x85", "\u2028", "é", "\U0001f600", "\ufeff", "@", "`", "%"]

MARKED = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent,
          yaml.DocumentStartEvent)

texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _events(text, parser):
    instance = parser(text)
    found = []
    try:
        while True:
            event = instance.get_event()
            if event is None:
                break
            # The loader reads the marks of these events only; where a stream or a collection ends, it does not.
            mark = (event.start_mark.line, event.start_mark.column) if isinstance(event, MARKED) else None
            found.append((type(event).__name__, getattr(event, "value", None), getattr(event, "tag", None),
                          getattr(event, "implicit", None), getattr(event, "anchor", None), mark))
            if isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.YAMLError:
        return found, "error"
    finally:
        instance.dispose()
    return found, "ok"


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_libyaml_gives_pyyamls_events_wherever_the_loader_uses_it(text):
    if not uses_libyaml(text):
        return
    fast, fast_verdict = _events(text, loopctl.loader._CPARSER)
    slow, slow_verdict = _events(text, yaml.SafeLoader)
    if any(e[0] == "ScalarEvent" and not e[1] for e in fast):
        return  # an empty value: the loader parses the text again with PyYAML
    if fast_verdict == "ok":
        # libyaml accepted: PyYAML must accept it too and read it the same way.
        assert (slow, slow_verdict) == (fast, fast_verdict)
    # libyaml rejected: the loader parses again with PyYAML, whose verdict is the one reported.


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_loading_gives_the_same_document_and_diagnostics_with_either_parser(text):
    loader = loopctl.loader
    fast_doc, fast_diags = load_text(text, "t.yaml")
    saved = loader._CPARSER
    loader._CPARSER = None
    try:
        slow_doc, slow_diags = load_text(text, "t.yaml")
    finally:
        loader._CPARSER = saved
    assert fast_diags == slow_diags
    assert (fast_doc is None) == (slow_doc is None)
    if fast_doc is not None:
        assert (fast_doc.data, fast_doc.positions, fast_doc.key_positions, fast_doc.implicit_scalars) == \
               (slow_doc.data, slow_doc.positions, slow_doc.key_positions, slow_doc.implicit_scalars)


def test_texts_in_a_parser_corner_are_left_to_pyyaml():
    for text in ["a: ! x\n", "a: b\r\n", "a: b\u2028c\n", "a: \U0001f600\n", "%YAML 1.1\n---\na: 1\n", "a: [!, b]\n"]:
        assert not uses_libyaml(text), text


def test_a_spec_in_a_corner_loads_as_pyyaml_reads_it():
    document, diagnostics = load_text("a: \r\nb: {c: }\n", "t.yaml")
    assert diagnostics == [] and document.data == {"a": None, "b": {"c": None}}
    assert document.positions["/b/c"] == (2, 7)


def test_ordinary_specs_are_parsed_by_libyaml():
    assert uses_libyaml("loop_name: demo\nworkers:\n  - id: coder\n    note: 'hi!'\n")
