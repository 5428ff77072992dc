"""No output format crashes on any input text, and nothing from a spec can act on a terminal or a CI log."""

import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO
from loopctl.cli import main
from loopctl.diagnostics import Diagnostic
from loopctl.escape import terminal_text
from loopctl.report import format_github, format_json, format_text

HOSTILE = "a\x1b[31mred\x9b2J\u202egnp.exe\u2066x\u200f\x07\ud800"
FORMATS = ["text", "json", "github"]


def _hostile_json_spec(tmp_path, minimal_spec):
    minimal_spec["loop_name"] = HOSTILE
    minimal_spec["evaluators"][0]["runs_after"] = [HOSTILE]
    path = tmp_path / "hostile.json"
    # ensure_ascii writes the lone surrogate as \ud800, as a hand-made JSON file would
    path.write_text(json.dumps(minimal_spec), encoding="ascii")
    return path


def _run(args, encoding):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), PYTHONIOENCODING=encoding)
    return subprocess.run([sys.executable, "-m", "loopctl", *args], capture_output=True, env=env)


def _no_raw_controls(data: bytes) -> None:
    text = data.decode("utf-8", errors="strict")
    for bad in ("\x1b", "\x9b", "\u202e", "\u2066", "\u200f", "\x07"):
        assert bad not in text


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogate_and_controls_never_crash_an_output_format(tmp_path, minimal_spec, fmt, encoding):
    path = _hostile_json_spec(tmp_path, minimal_spec)
    done = _run(["validate", "--format", fmt, str(path)], encoding)
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
    _no_raw_controls(done.stdout)
    if fmt == "json":
        payload = json.loads(done.stdout)
        assert payload["errors"] >= 1 and payload["diagnostics"][0]["file"] == str(path)


def test_a_clean_spec_prints_the_same_under_an_ascii_stream():
    done = _run(["validate", str(FIXTURES / "minimal.yaml")], "ascii")
    assert done.returncode == 0 and done.stdout.strip().endswith(b"1 file checked: no problems")


def test_json_output_round_trips_hostile_text_exactly():
    d = Diagnostic("f\u202e.yaml", 1, 1, "error", "x.rule", HOSTILE, HOSTILE, "/a")
    text = format_json([d], 1)
    assert text.isascii() or all(ch not in text for ch in "\x1b\x9b\u202e\ud800")
    assert json.loads(text)["diagnostics"][0]["message"] == HOSTILE


def test_text_format_escapes_message_hint_file_and_source_line():
    d = Diagnostic("evil\x1b]0;title\x07.yaml", 1, 3, "error", "x.rule", "m\x1b[2J", "h\u202eint", "/p")
    out = format_text([d], 1, {"evil\x1b]0;title\x07.yaml": "ab\x1bcd\n"})
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "evil\\x1b]0;title\\x07.yaml:1:3" in out and "h\\u202eint" in out
    lines = out.splitlines()
    assert lines[1] == "    ab\\x1bcd" and lines[2] == "      ^"


def test_a_newline_in_a_message_cannot_forge_a_diagnostic_line():
    d = Diagnostic("a.yaml", 1, 1, "error", "x.rule", "fine\nb.yaml:9:9: error[fake] forged", "h", "")
    out = format_text([d], 1)
    assert not any(line.startswith("b.yaml:9:9") for line in out.splitlines())


def test_github_annotations_escape_properties_and_data():
    d = Diagnostic("we,ird:name%\n.yaml", 2, 3, "error", "x.rule", "50%\r\nnext::warning ::x", "h\x1b", "")
    line = format_github([d], 1).splitlines()[0]
    assert line.startswith("::error file=we%2Cird%3Aname%25%0A.yaml,line=2,col=3,endLine=2,endColumn=3,title=x.rule::")
    assert "\r" not in line and "\n" not in line and "\x1b" not in line
    assert line.split("::", 2)[2].startswith("50%25%0Anext::warning ::x (hint: h\\x1b)")


def test_terminal_text_keeps_ordinary_text_and_escapes_every_control_class():
    assert terminal_text("Déjà vu – 日本語 ✓") == "Déjà vu – 日本語 ✓"
    for ch in ["\x00", "\x1b", "\x7f", "\x85", "\x9b", "\u061c", "\u200e", "\u200f", "\u202a", "\u202e",
               "\u2066", "\u2069", "\u2028", "\ud800"]:
        assert ch not in terminal_text(f"x{ch}y")
    assert terminal_text("a\nb", multiline=True) == "a\nb" and terminal_text("a\nb") == "a\\nb"


def test_level_score_and_diagram_outputs_escape_spec_strings(tmp_path, minimal_spec, capsys):
    minimal_spec["workers"][0]["role"] = "Write\x1b[2J the \u202esummary"
    minimal_spec["metadata"] = {"taxonomy_level": 2, "tags": ["\x1b]8;;http://x\x07"]}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(minimal_spec), encoding="utf-8")
    for command in (["level", str(path)], ["level", "--json", str(path)], ["score", str(path)],
                    ["score", "--json", str(path)], ["diagram", str(path)]):
        assert main(command) == 0, command
        captured = capsys.readouterr()
        assert "\x1b" not in captured.out + captured.err and "\u202e" not in captured.out + captured.err


def test_new_cleans_controls_and_overrides_from_the_intent(tmp_path, capsys):
    out = tmp_path / "fix-tests.yaml"
    assert main(["new", "Fix the failing\x1b[31m tests\u202e in my repo\x9b", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert not any(ch in text for ch in "\x1b\u202e\x9b")
    assert main(["validate", "--strict", str(out)]) == 0


def test_new_with_a_clean_intent_keeps_its_words(tmp_path):
    out = tmp_path / "fix-tests.yaml"
    assert main(["new", "Fix the failing tests in my repo", "-o", str(out)]) == 0
    assert "failing tests" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["Bad Name", "x", "evil\x1b[2J", "a\u202eb-loop", "../escape"])
def test_a_bad_name_is_a_usage_error_exit_2(tmp_path, name, capsys):
    assert main_exit(["new", "Fix the failing tests in my repo", "--name", name]) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "\x1b" not in err and "\u202e" not in err
    a, b = REPO / "patterns" / "critique-loop.yaml", REPO / "patterns" / "research-loop.yaml"
    assert main_exit(["combine", str(a), str(b), "--name", name]) == 2


@pytest.mark.parametrize("option", [["--max-bytes", "0"], ["--max-bytes", "lots"], ["--max-tokens", "-5"]])
def test_bad_option_values_are_usage_errors_exit_2(option):
    assert main_exit(["minify", str(FIXTURES / "minimal.yaml"), *option]) == 2


def test_a_good_name_is_accepted(tmp_path):
    assert main(["new", "Fix the failing tests in my repo", "--name", "fix-tests", "-o",
                 str(tmp_path / "x.yaml")]) == 0


def main_exit(argv) -> int:
    """Run main and return its exit code, including argparse's SystemExit for usage errors."""
    try:
        return main(argv)
    except SystemExit as exit_:
        return exit_.code


def test_minify_and_expand_write_hostile_strings_as_escapes_that_round_trip(tmp_path, minimal_spec, capsys):
    import yaml
    minimal_spec["objective"] = "Summarise\x1b[2J the text\u202e in at most 100 words\x9b, café"
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(minimal_spec), encoding="utf-8")
    assert main(["minify", str(source)]) == 0
    packed = capsys.readouterr().out
    assert not any(ch in packed for ch in "\x1b\u202e\x9b") and json.loads(packed)["ob"] == minimal_spec["objective"]
    (tmp_path / "spec.min.json").write_text(packed, encoding="utf-8")
    assert main(["expand", str(tmp_path / "spec.min.json")]) == 0
    expanded = capsys.readouterr().out
    assert not any(ch in expanded for ch in "\x1b\u202e\x9b")
    assert yaml.safe_load(expanded)["objective"] == minimal_spec["objective"]


def test_expand_keeps_ordinary_non_ascii_text_readable(tmp_path, minimal_spec, capsys):
    minimal_spec["objective"] = "Résumé d'un texte en moins de 100 mots, avec une note de 0,8 ou plus."
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(minimal_spec), encoding="utf-8")
    assert main(["minify", str(source), "-o", str(tmp_path / "s.min.json")]) == 0
    assert main(["expand", str(tmp_path / "s.min.json")]) == 0
    assert "Résumé" in capsys.readouterr().out
