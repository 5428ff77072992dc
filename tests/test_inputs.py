"""Every command honours --max-bytes before reading, refuses binary input, and reads `-` and LSS-min."""

import io
import json
import sys

import pytest

from conftest import FIXTURES
from loopctl.cli import main
from loopctl.inputs import read_input
from loopctl.lssmin.minify import minify_text

MINIMAL = FIXTURES / "minimal.yaml"
SPEC_COMMANDS = [["validate"], ["score"], ["level"], ["diagram"], ["minify"], ["tokens"], ["expand"]]


def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize("command", SPEC_COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_a_file_over_max_bytes_with_a_located_diagnostic(command, capsys):
    assert main([*command, str(MINIMAL), "--max-bytes", "100"]) == 1
    captured = capsys.readouterr()
    assert "yaml.too-large" in captured.out + captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize("command", [["validate"], ["score"], ["level"], ["diagram"], ["minify"], ["tokens"]],
                         ids=lambda c: c[0])
def test_every_command_accepts_a_file_within_max_bytes(command, capsys):
    assert main([*command, str(MINIMAL), "--max-bytes", "100000"]) == 0


@pytest.mark.parametrize("command", SPEC_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("content", [b"loop_name: a\x00b\n", b"loop_name: caf\xe9\n", bytes(range(256))])
def test_every_command_refuses_binary_input(tmp_path, command, content, capsys):
    path = tmp_path / "spec.yaml"
    path.write_bytes(content)
    assert main([*command, str(path)]) == 1
    captured = capsys.readouterr()
    assert "yaml.encoding" in captured.out + captured.err and "Traceback" not in captured.err


def test_tokens_refuses_a_50_mb_file_from_its_size_without_reading_it(tmp_path, capsys, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to read
    reads = []
    real_open = open

    def spying_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if str(file) == str(big):
            original = handle.read
            handle.read = lambda n=-1: reads.append(n) or original(n)
        return handle

    monkeypatch.setattr("builtins.open", spying_open)
    assert main(["tokens", str(big)]) == 1
    assert "over the limit" in capsys.readouterr().err
    assert reads == []


def test_read_input_never_reads_more_than_the_limit_from_stdin():
    data = io.BytesIO(b"x" * 5000)
    read, problem = read_input("-", max_bytes=100, stdin=data)
    assert read is None and problem.rule == "yaml.too-large" and data.tell() == 101


@pytest.mark.parametrize("command", [["validate"], ["score"], ["level"], ["diagram"], ["minify"], ["tokens"]],
                         ids=lambda c: c[0])
def test_every_command_reads_standard_input_from_dash(command, monkeypatch, capsys):
    _stdin(monkeypatch, MINIMAL.read_bytes())
    assert main([*command, "-"]) == 0
    assert capsys.readouterr().out.strip()


def test_expand_reads_standard_input_from_dash(monkeypatch, capsys):
    import yaml
    _stdin(monkeypatch, minify_text(yaml.safe_load(MINIMAL.read_text())).encode())
    assert main(["expand", "-"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["loop_name"] == "minimal-loop"


def test_invalid_standard_input_is_located_at_stdin(monkeypatch, capsys):
    _stdin(monkeypatch, b"loop_name: [unclosed\n")
    assert main(["validate", "-"]) == 1
    assert capsys.readouterr().out.startswith("<stdin>:")


@pytest.mark.parametrize("command", [["validate"], ["score"], ["level"], ["diagram"], ["minify"], ["tokens"]],
                         ids=lambda c: c[0])
def test_every_command_reads_lss_min(tmp_path, command, capsys):
    import yaml
    packed = tmp_path / "minimal.min.json"
    packed.write_text(minify_text(yaml.safe_load(MINIMAL.read_text())), encoding="utf-8")
    assert main([*command, str(packed)]) == 0
    capsys.readouterr()


def test_validate_on_lss_min_reports_no_bogus_errors(tmp_path, capsys):
    import yaml
    packed = tmp_path / "minimal.min.json"
    packed.write_text(minify_text(yaml.safe_load(MINIMAL.read_text())), encoding="utf-8")
    assert main(["validate", "--strict", str(packed)]) == 0
    assert capsys.readouterr().out.strip().endswith("1 file checked: no problems")


def test_validate_on_broken_lss_min_locates_the_problem_in_the_min_file(tmp_path, capsys):
    import yaml
    spec = yaml.safe_load(MINIMAL.read_text())
    spec["evaluators"][0]["runs_after"] = ["ghost"]
    text = json.dumps(json.loads(minify_text(spec)), indent=1)  # one key per line, so lines can be told apart
    packed = tmp_path / "broken.min.json"
    packed.write_text(text, encoding="utf-8")
    assert main(["validate", "--format", "json", str(packed)]) == 1
    found = [d for d in json.loads(capsys.readouterr().out)["diagnostics"] if d["rule"] == "lss.dangling-ref"]
    assert len(found) == 1 and found[0]["file"] == str(packed)
    assert "ghost" in text.splitlines()[found[0]["line"] - 1]
    assert found[0]["pointer"].startswith("/evaluators/")  # the pointer names the spec's node


def test_a_yaml_syntax_error_shows_the_source_line_with_a_caret(write_spec, capsys):
    path = write_spec("loop_name: ok\nversion: [1, 2\nobjective: x\n")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "error[yaml." in lines[0]
    assert lines[1].startswith("    ") and lines[2].strip() == "^"


def test_a_size_refusal_shows_no_source_excerpt(write_spec, capsys):
    path = write_spec("loop_name: ok\n" * 20)
    assert main(["validate", "--max-bytes", "50", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "yaml.too-large" in lines[0] and lines[1].startswith("  hint:")


def test_a_huge_max_bytes_reads_only_what_the_file_holds(capsys):
    assert main(["validate", "--max-bytes", str(10 ** 30), str(MINIMAL)]) == 0


def test_read_input_refuses_a_file_over_the_limit_with_a_located_diagnostic(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("loop_name: x\n", encoding="utf-8")
    read, problem = read_input(str(path), max_bytes=5)
    assert read is None and problem.rule == "yaml.too-large"
