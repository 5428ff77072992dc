"""Fenced code blocks in the content: extraction, markers, merging and validation helpers.

Every fenced YAML, JSON or TOML block in ``docs/guides/`` must parse. Every LSS fragment
anywhere in the content (``docs/``, ``patterns/``, ``case-studies/``, ``manifesto/``,
``loop-library/`` Markdown) must validate with ``loopctl``: either on its own, as a complete
spec, or once merged into a documented base spec that the page names.

A block names its base in one of two ways:

- an HTML comment on the line before the fence: ``<!-- fragment: completes BASE -->``
- a comment on the block's first line: ``# fragment: completes BASE``

``BASE`` is a repository path to a spec file (``loop-library/coding-agent.yaml``) or
``#ID``, a complete spec on the same page introduced by ``<!-- spec: ID -->``.

A page that builds one spec over several blocks marks each of them ``<!-- part: ID -->``; the
parts with the same ID are merged in page order and the whole must validate.
Merging is by key: mappings merge recursively, lists of items with an ``id`` merge item by
item (a fragment item replaces the base item with the same id, new ids are appended), and
anything else in the fragment replaces the base value.
"""
from __future__ import annotations

import copy
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

from loopctl.validate import SpecStore

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ["docs", "patterns", "case-studies", "manifesto", "loop-library"]
GUIDES = ROOT / "docs" / "guides"
CONFIG_LANGS = {"yaml": "yaml", "yml": "yaml", "json": "json", "jsonc": None, "toml": "toml"}
# Top-level LSS keys that mark a block as (part of) a spec. Generic words that other
# configuration files also use at the top ("version", "inputs", "metadata") do not count.
LSS_KEYS = {"loop_name", "objective", "memory", "workers", "evaluators", "feedback_channels",
            "optimization_strategy", "termination_conditions", "metrics", "safety_constraints",
            "cost_limits", "composition"}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*$")
_HTML_MARK = re.compile(r"<!--\s*(fragment:\s*completes|spec:|part:)\s*(\S+)\s*-->")
_FIRST_LINE_MARK = re.compile(r"^#\s*fragment:\s*completes\s+(\S+)\s*$")


@dataclass
class Block:
    """One fenced code block: where it is, its language, its text and its markers."""

    path: Path
    line: int            # 1-based line of the opening fence
    lang: str
    text: str
    completes: str | None = None
    spec_id: str | None = None
    part_of: str | None = None

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def extract_blocks(path: Path, text: str | None = None) -> list[Block]:
    """Return the fenced blocks of a Markdown file, with the markers that precede or open them."""
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    blocks, i = [], 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening.group("fence"), opening.group("indent")
        end = i + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip()
                         for line in lines[i + 1:end])
        block = Block(path, i + 1, opening.group("lang").lower(), body + "\n")
        previous = next((lines[j] for j in range(i - 1, max(i - 3, -1), -1) if lines[j].strip()), "")
        mark = _HTML_MARK.search(previous)
        if mark:
            if mark.group(1).startswith("spec"):
                block.spec_id = mark.group(2)
            elif mark.group(1).startswith("part"):
                block.part_of = mark.group(2)
            else:
                block.completes = mark.group(2)
        first = body.lstrip("\n").split("\n", 1)[0]
        inline = _FIRST_LINE_MARK.match(first.strip())
        if inline:
            block.completes = inline.group(1)
        blocks.append(block)
        i = end + 1
    return blocks


def parse_config(block: Block):
    """Parse a YAML, JSON or TOML block; raise the parser's own error when it does not parse."""
    kind = CONFIG_LANGS.get(block.lang)
    if kind == "yaml":
        return yaml.safe_load(block.text)
    if kind == "json":
        return json.loads(block.text)
    if kind == "toml":
        return tomllib.loads(block.text)
    return None


def is_lss(data) -> bool:
    """True when parsed data looks like (part of) an LSS spec: a mapping with an LSS top-level key."""
    return isinstance(data, dict) and bool(LSS_KEYS & set(data))


def merge(base, fragment):
    """Return ``base`` completed by ``fragment`` (see the module docstring for the rules)."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            merged[key] = merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    if (isinstance(base, list) and isinstance(fragment, list)
            and all(isinstance(x, dict) and "id" in x for x in base + fragment)):
        merged = [copy.deepcopy(x) for x in base]
        index = {x["id"]: n for n, x in enumerate(merged)}
        for item in fragment:
            if item["id"] in index:
                merged[index[item["id"]]] = merge(merged[index[item["id"]]], item)
            else:
                merged.append(copy.deepcopy(item))
        return merged
    return copy.deepcopy(fragment)


def markdown_files() -> list[Path]:
    files = []
    for folder in CONTENT:
        files += sorted((ROOT / folder).rglob("*.md"))
    return [f for f in files if not any(part.startswith(".") for part in f.relative_to(ROOT).parts)]


def lss_blocks() -> list[Block]:
    found = []
    for path in markdown_files():
        for block in extract_blocks(path):
            if CONFIG_LANGS.get(block.lang) in ("yaml", "json"):
                try:
                    data = parse_config(block)
                except (yaml.YAMLError, json.JSONDecodeError):
                    data = None
                if (is_lss(data) or block.completes) and not block.part_of:
                    found.append(block)
    return found


def spec_parts() -> list[tuple[str, list[Block]]]:
    """Return every multi-block spec as (page:ID, its blocks in page order)."""
    groups: dict[str, list[Block]] = {}
    for path in markdown_files():
        for block in extract_blocks(path):
            if block.part_of:
                groups.setdefault(f"{path.relative_to(ROOT).as_posix()}#{block.part_of}", []).append(block)
    return sorted(groups.items())


def guide_config_blocks() -> list[Block]:
    return [b for p in sorted(GUIDES.glob("*.md")) for b in extract_blocks(p) if b.lang in CONFIG_LANGS]


def resolve_base(block: Block) -> dict:
    """Load the base a fragment names; fail the test with a located message when it cannot."""
    ref = block.completes
    if ref.startswith("#"):
        named = [b for b in extract_blocks(block.path) if b.spec_id == ref[1:]]
        assert named, f"{block.where}: no block on this page is marked <!-- spec: {ref[1:]} -->"
        return yaml.safe_load(named[0].text)
    base = ROOT / ref
    assert base.is_file(), f"{block.where}: base spec {ref} does not exist"
    return yaml.safe_load(base.read_text(encoding="utf-8"))


def validation_errors(data: dict, tmp_path: Path, name: str) -> list[str]:
    """Validate spec data with loopctl; return the errors as `rule: message` strings."""
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = SpecStore(root=ROOT).validate(spec)
    return [f"{d.rule}: {d.message} ({d.pointer})" for d in result.errors]
