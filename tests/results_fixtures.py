"""Results files for the site and browser tests: the published entries and a hostile copy."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import REPO

PUBLISHED = REPO / "loop-library" / "results" / "loopbench.results.json"
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'
LINK = "[click](javascript:window.__pwned=3)"
ATTR = '{: onclick="window.__pwned = 4"}'
HOSTILE_NAME = f"{SCRIPT}{IMG} {LINK} {ATTR} | pipes || <!-- loop:catalog -->"


def published() -> dict:
    return copy.deepcopy(json.loads(PUBLISHED.read_text(encoding="utf-8")))


def hostile() -> dict:
    """A results file that checks clean but carries markup wherever a contributor writes text."""
    data = published()
    data["entries"] = data["entries"][:1]
    entry = data["entries"][0]
    entry["submitter"] = HOSTILE_NAME
    entry["spec_path"] = 'https://example.org/a"><script>window.__pwned=5</script>(x).yaml'
    entry["submitted_at"] = IMG
    run = entry["results"][0]["runs"][0]
    run["task_instance_id"] = SCRIPT
    run["termination_reason"] = LINK
    data["source"]["attribution"] = IMG + LINK
    return data


def rejected() -> dict:
    """A results file with an error (a javascript: spec path): never published, listed with its diagnostic."""
    data = published()
    data["entries"] = data["entries"][:1]
    data["entries"][0]["spec_path"] = "javascript:window.__pwned=6"
    return data


def write_results(project: Path, files: dict[str, dict]) -> None:
    folder = project / "loop-library" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
