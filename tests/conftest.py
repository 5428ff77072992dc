"""Shared fixtures: paths to the repository, the conformance data, and a minimal valid spec."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CONFORMANCE = REPO.parent / "shared" / "conformance"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def minimal_spec() -> dict:
    """A small spec that passes validate --strict; tests mutate their own copy."""
    return copy.deepcopy(yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8")))


@pytest.fixture
def write_spec(tmp_path):
    """Write a spec (dict or text) to a file under tmp_path and return the path."""
    def write(content, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path
    return write


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")
