"""ruff checks every Python file of the project: no exclusion pattern catches a folder of the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

FOLDERS = ("src", "tests", "hooks", "benchmarks")


def test_ruff_checks_every_python_file_make_lint_names():
    listed = subprocess.run([sys.executable, "-m", "ruff", "check", "--show-files", *FOLDERS], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    checked = {Path(line.strip()).resolve() for line in listed if line.strip().endswith(".py")}
    expected = {path.resolve() for folder in FOLDERS for path in (REPO / folder).rglob("*.py")
                if "__pycache__" not in path.parts}
    assert expected - checked == set()
