"""The build stands on pinned versions: MkDocs below 2 and an exact constraints file that `make setup` uses."""

from __future__ import annotations

import re

from conftest import REPO

_EXACT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!_-]+$")


def pinning_problems(constraints: str) -> list[str]:
    """Return the lines of a constraints file that are not one exact ``name==version`` pin (or that pin loopctl)."""
    problems = []
    for line in constraints.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not _EXACT.match(line) or line.lower().startswith("loopctl=="):
            problems.append(line)
    return problems


def test_a_range_an_editable_install_or_loopctl_itself_is_not_a_pin():
    assert pinning_problems("mkdocs>=1.6\n-e /work/main\nloopctl==0.1.0\n") == [
        "mkdocs>=1.6", "-e /work/main", "loopctl==0.1.0"]


def test_constraints_file_pins_every_package_exactly():
    text = (REPO / "constraints.txt").read_text(encoding="utf-8")
    assert pinning_problems(text) == []
    pinned = {line.split("==")[0].lower() for line in text.splitlines() if "==" in line}
    assert {"mkdocs", "mkdocs-material", "pyyaml", "jsonschema", "pytest", "playwright"} <= pinned


def test_mkdocs_is_held_below_2():
    assert '"mkdocs>=1.6,<2"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_make_setup_installs_with_the_constraints_and_redoes_it_when_they_change():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(STAMP\): .*\bconstraints\.txt\b", makefile, re.M)
    assert "pip install --quiet -c constraints.txt -e '.[dev]'" in makefile


def test_only_make_screenshots_asks_for_the_readme_screenshots():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "LOOPCTL_UPDATE_SCREENSHOTS" not in test_recipe
    assert re.search(r"^screenshots:.*\n\tLOOPCTL_UPDATE_SCREENSHOTS=1 ", makefile, re.M)
