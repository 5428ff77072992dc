"""Bad input never raises: each case is one located diagnostic with a stable rule id."""

import pytest

from loopctl.cli import main
from loopctl.loader import LoadLimits, load_bytes, load_file, load_text

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=False))


@pytest.mark.parametrize("text, rule, line, column", [
    ("loop_name: a\nversion: 1\nloop_name: b\n", "yaml.duplicate-key", 3, 1),
    ("workers:\n\t- id: a\n", "yaml.tab", 2, 1),
    ("a: [1, 2\nb: 3\n", "yaml.syntax", 1, 4),
    ("run: !!python/object/apply:os.system [ls]\n", "yaml.tag", 1, 6),
    ("x: !custom thing\n", "yaml.tag", 1, 4),
    ("a: " + "[" * 100 + "]" * 100 + "\n", "yaml.too-deep", 1, 67),
    ("", "yaml.empty", 1, 1),
    ("# only a comment\n", "yaml.empty", 1, 1),
    ("- a\n- b\n", "yaml.not-mapping", 1, 1),
    ("just text\n", "yaml.not-mapping", 1, 1),
    ("a: 1\n---\nb: 2\n", "yaml.multi-document", 2, 1),
    ("a: &x [1, *x]\n", "yaml.recursive-alias", 1, 11),
    ("a: *nothing\n", "yaml.syntax", 1, 4),
    ("a: \x07\n", "yaml.encoding", 1, 4),
    ("? [a, b]\n: 1\n", "yaml.complex-key", 1, 3),
    ("a:\n  <<: [1, 2]\n", "yaml.merge", 2, 3),
])
def test_bad_text_is_one_located_diagnostic(text, rule, line, column):
    document, diagnostics = load_text(text, "bad.yaml")
    assert document is None
    assert [(d.rule, d.line, d.column) for d in diagnostics] == [(rule, line, column)]
    assert diagnostics[0].hint and diagnostics[0].file == "bad.yaml"


def test_billion_laughs_fails_fast_on_the_alias_that_crosses_the_limit():
    document, diagnostics = load_text(BILLION_LAUGHS, "lol.yaml", LoadLimits(max_nodes=10_000))
    assert document is None
    assert diagnostics[0].rule == "yaml.alias-expansion"
    assert diagnostics[0].line > 1


def test_aliases_within_the_limit_are_shared_not_copied():
    document, _ = load_text("base: &b {x: 1}\nuse: *b\n")
    assert document.data["use"] == {"x": 1}


def test_merge_keys_keep_explicit_values():
    document, _ = load_text("d: &d {x: 1, y: 2}\ne:\n  <<: *d\n  y: 3\n")
    assert document.data["e"] == {"x": 1, "y": 3}


def test_non_utf8_bytes_are_located():
    document, diagnostics = load_bytes(b"loop_name: ok\nobjective: caf\xe9\n", "latin.yaml")
    assert document is None
    assert (diagnostics[0].rule, diagnostics[0].line, diagnostics[0].column) == ("yaml.encoding", 2, 15)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    document, diagnostics = load_file(path, LoadLimits(max_bytes=1000))
    assert document is None and diagnostics[0].rule == "yaml.too-large"


def test_huge_integer_is_a_diagnostic():
    _document, diagnostics = load_text("a: " + "9" * 6000 + "\n")
    assert diagnostics[0].rule == "yaml.value"


def test_unquoted_yes_is_remembered_for_the_hint():
    document, _ = load_text("loop_name: yes\n")
    assert document.data["loop_name"] is True
    assert document.implicit_scalars["/loop_name"] == "yes"


def test_keys_keep_their_source_text():
    document, _ = load_text("on: 1\n2: b\n")
    assert list(document.data) == ["on", "2"]


def test_json_with_tab_indentation_loads(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text('{\n\t"loop_name": "abc",\n\t"n": [1,\n\t\t2]\n}\n')
    document, diagnostics = load_file(path)
    assert diagnostics == [] and document.data == {"loop_name": "abc", "n": [1, 2]}
    assert document.locate("/n/1") == (4, 3)


def test_positions_point_at_values_and_keys():
    document, _ = load_text("a:\n  b: [x, y]\n")
    assert document.locate("/a/b/1") == (2, 10)
    assert document.locate("/a/b", key=True) == (2, 3)
    assert document.locate("/a/missing/deeper") == (2, 3)


@pytest.mark.parametrize("content", [
    b"a: 1\na: 2\n", b"\ta: 1\n", b"x: [", b"run: !!python/name:os.system ''\n", b"", b"- 1\n",
    b"\xff\xfe", b"loop_name: yes\n", BILLION_LAUGHS.encode(),
])
def test_cli_reports_bad_files_with_exit_1_and_no_traceback(tmp_path, capsys, content):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    first = out.out.splitlines()[0]
    assert first.startswith(f"{path}:") and "error[" in first


# -- class 10: the right diagnosis ------------------------------------------------------------------

def _many_workers(count: int) -> str:
    lines = ["loop_name: big-loop", "workers:"]
    for n in range(count):
        lines += [f"  - id: w{n}", "    role: Do one part", "    model: {provider: p, name: m}",
                  "    inputs: [{from: inputs.task}]", "    outputs: {name: out, format: text}"]
    return "\n".join(lines) + "\n"


def test_a_real_ten_thousand_worker_spec_loads_with_a_raised_byte_limit():
    text = _many_workers(10_000)
    document, diagnostics = load_text(text, "big.yaml", LoadLimits(max_bytes=len(text) + 1))
    assert diagnostics == [] and len(document.data["workers"]) == 10_000


def test_alias_expansion_limit_counts_only_nodes_reached_through_aliases():
    written = "".join(f"k{n}: [1, 2, 3]\n" for n in range(200))
    document, diagnostics = load_text(written + "a: &a [1, 2, 3]\nb: [*a, *a]\n", "x.yaml", LoadLimits(max_nodes=10))
    assert diagnostics == [] and document.data["b"] == [[1, 2, 3], [1, 2, 3]]
    _, diagnostics = load_text("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", "x.yaml", LoadLimits(max_nodes=10))
    assert [d.rule for d in diagnostics] == ["yaml.alias-expansion"]


def test_two_merge_keys_in_one_mapping_are_a_duplicate_key():
    text = "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n"
    document, diagnostics = load_text(text, "merge.yaml")
    assert document is None
    assert [(d.rule, d.line, d.column) for d in diagnostics] == [("yaml.duplicate-key", 5, 3)]
    assert "line 4" in diagnostics[0].hint


def test_one_merge_key_with_a_list_of_mappings_loads():
    document, diagnostics = load_text("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n")
    assert diagnostics == [] and document.data["c"] == {"x": 1, "y": 2}


@pytest.mark.parametrize("text, line, column", [
    ("k: &k name\n*k : value\n", 2, 1),
    ("k: &k name\nm: {*k : value}\n", 2, 5),
    ("*missing : value\n", 1, 1),
])
def test_alias_used_as_a_key_is_reported_as_such(text, line, column):
    document, diagnostics = load_text(text, "alias.yaml")
    assert document is None
    assert [(d.rule, d.line, d.column) for d in diagnostics] == [("yaml.alias-key", line, column)]
    assert "no anchor" not in diagnostics[0].message


def test_alias_used_as_a_value_still_loads():
    document, diagnostics = load_text("k: &k name\nm: *k\n")
    assert diagnostics == [] and document.data["m"] == "name"


def test_fifo_is_refused_as_not_a_regular_file_without_opening_it(tmp_path, monkeypatch):
    import builtins
    import os
    path = tmp_path / "spec.yaml"
    os.mkfifo(path)

    def never(*args, **kwargs):  # opening a FIFO for reading blocks until a writer appears
        raise AssertionError("the loader opened a path that is not a regular file")
    monkeypatch.setattr(os, "open", never)
    monkeypatch.setattr(builtins, "open", never)
    document, diagnostics = load_file(path)
    assert document is None
    assert [d.rule for d in diagnostics] == ["io.unreadable"]
    assert "not a regular file" in diagnostics[0].message


@pytest.mark.parametrize("make", ["directory", "device"])
def test_directory_or_device_is_refused_as_not_a_regular_file(tmp_path, make):
    path = tmp_path / "spec.yaml"
    if make == "directory":
        path.mkdir()
    else:
        path = "/dev/null"
    document, diagnostics = load_file(path)
    assert document is None and "not a regular file" in diagnostics[0].message
    assert diagnostics[0].rule == "io.unreadable"


def test_missing_file_is_unreadable_but_not_called_irregular(tmp_path):
    _, diagnostics = load_file(tmp_path / "absent.yaml")
    assert diagnostics[0].rule == "io.unreadable" and "not a regular file" not in diagnostics[0].message


def test_regular_file_loads(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("a: 1\n")
    document, diagnostics = load_file(path)
    assert diagnostics == [] and document.data == {"a": 1}


def test_invalid_byte_column_counts_characters_not_bytes():
    _, diagnostics = load_bytes("objective: café ".encode() + b"\xff\n", "x.yaml")
    assert (diagnostics[0].rule, diagnostics[0].line, diagnostics[0].column) == ("yaml.encoding", 1, 17)


def test_path_swapped_for_a_fifo_after_the_check_is_refused_without_blocking(tmp_path, monkeypatch):
    import os
    regular = tmp_path / "regular.yaml"
    regular.write_text("a: 1\n")
    path = tmp_path / "spec.yaml"
    os.mkfifo(path)
    real_stat = os.stat
    # The first look sees a regular file; by the time the file is opened it is a FIFO.
    def stat(p, *args, **kwargs):
        return real_stat(regular) if str(p) == str(path) else real_stat(p, *args, **kwargs)
    monkeypatch.setattr(os, "stat", stat)
    document, diagnostics = load_file(path)
    assert document is None and "not a regular file" in diagnostics[0].message
