"""Every command documents itself: an example per subcommand, a help text per option; shell completion."""

from __future__ import annotations

import argparse
import shutil
import subprocess

import pytest

from loopctl.cli.completion import SHELLS, completion_script
from loopctl.cli.main import build_parser, main


def subparsers(parser: argparse.ArgumentParser, path: str = "loopctl"):
    """Yield (command path, parser) for the parser and every subcommand at every depth."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from subparsers(child, f"{path} {name}")


def top_level_commands() -> list[str]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_every_command_ends_its_help_with_an_example():
    for path, parser in subparsers(build_parser()):
        assert parser.epilog and "examples:" in parser.epilog and "loopctl" in parser.epilog, path


def test_every_option_and_argument_has_a_help_text():
    for path, parser in subparsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
                continue
            assert action.help, f"{path}: {action.dest}"


def test_help_prints_the_examples(capsys):
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    assert "loopctl diff main:loop-library/" in capsys.readouterr().out


@pytest.mark.parametrize("shell", SHELLS)
def test_the_completion_script_names_every_subcommand(shell):
    script = completion_script(build_parser(), shell)
    for command in top_level_commands():
        assert command in script, (shell, command)


def test_completion_bash_prints_a_script_bash_accepts(capsys, tmp_path):
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "loopctl.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    bash = shutil.which("bash")
    assert bash, "bash is needed to check the script"
    checked = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_completion_refuses_an_unknown_shell(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["completion", "powershell"])
    assert raised.value.code == 2
