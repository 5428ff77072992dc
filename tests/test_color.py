"""Colour in text output: only on a terminal, never with NO_COLOR, unless asked with --color always."""

from __future__ import annotations

import io

import yaml

from conftest import FIXTURES
from loopctl.cli import main
from loopctl.cli.output import use_color

ESC = "\x1b["


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_colours_a_terminal_only():
    assert use_color("auto", Terminal(), {}) is True
    assert use_color("auto", io.StringIO(), {}) is False


def test_no_color_turns_auto_off_even_on_a_terminal():
    assert use_color("auto", Terminal(), {"NO_COLOR": "1"}) is False
    assert use_color("auto", Terminal(), {"NO_COLOR": ""}) is True  # set but empty does not count


def test_always_and_never_ignore_the_stream_and_never_wins_over_a_terminal():
    assert use_color("always", io.StringIO(), {"NO_COLOR": "1"}) is True
    assert use_color("never", Terminal(), {}) is False


def _warned_spec(tmp_path):
    spec = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
    spec["metrics"][0]["primary"] = False
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return str(path)


def test_color_always_styles_the_location_and_severity(tmp_path, capsys):
    main(["validate", "--color", "always", _warned_spec(tmp_path)])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(ESC + "1m") and ESC + "1;33mwarning[lss.primary-metric]" in first


def test_color_never_and_a_captured_stream_print_no_escape(tmp_path, capsys, monkeypatch):
    path = _warned_spec(tmp_path)
    main(["validate", "--color", "never", path])
    assert ESC not in capsys.readouterr().out
    main(["validate", path])  # auto, and pytest's capture is no terminal
    assert ESC not in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["validate", "--color", "auto", path])
    assert ESC not in capsys.readouterr().out


def test_colour_never_lets_spec_text_inject_escapes(tmp_path, capsys):
    path = tmp_path / "evil\x1b[31m.yaml"
    path.write_text("loop_name: [\n", encoding="utf-8")
    main(["validate", "--color", "always", str(path)])
    out = capsys.readouterr().out
    assert "evil\x1b[31m" not in out
