"""The README documents every command and every rule, and its rule table is the generated one."""

import re

from conftest import REPO
from loopctl.cli import build_parser
from loopctl.render.rule_table import rule_table

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_rule_table_matches_the_registry():
    block = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", README, re.S)
    assert block, "README lost its rules block"
    assert block.group(1) == rule_table(), "regenerate the README rule table from loopctl.render.rule_table"


def test_every_command_is_documented():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    for name in commands:
        assert f"loopctl {name}" in README, name


def test_quick_start_is_two_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S).group(1)
    assert [line.split()[0:2] for line in block.strip().splitlines()] == [["make", "site"], ["make", "test"]]
