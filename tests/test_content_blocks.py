"""Code blocks in the content: configuration parses, LSS fragments validate.

The rules and the markers are described in ``content_blocks.py`` and in README.md.
"""
from __future__ import annotations

import json
import tomllib

import pytest
import yaml

from content_blocks import (
    CONFIG_LANGS,
    GUIDES,
    ROOT,
    Block,
    extract_blocks,
    guide_config_blocks,
    is_lss,
    lss_blocks,
    markdown_files,
    merge,
    parse_config,
    resolve_base,
    spec_parts,
    validation_errors,
)


def _id(block: Block) -> str:
    return block.where


# --------------------------------------------------------------------------- the content


@pytest.mark.parametrize("block", guide_config_blocks(), ids=_id)
def test_every_configuration_block_in_the_guides_parses(block):
    try:
        parse_config(block)
    except (yaml.YAMLError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        pytest.fail(f"{block.where}: {block.lang} block does not parse: {error}")


def content_config_blocks() -> list[Block]:
    return [b for p in markdown_files() for b in extract_blocks(p)
            if CONFIG_LANGS.get(b.lang) in ("yaml", "json", "toml") and not p.is_relative_to(GUIDES)]


@pytest.mark.parametrize("block", content_config_blocks(), ids=_id)
def test_every_yaml_json_or_toml_block_elsewhere_in_the_content_parses(block):
    # A block that does not parse could hide an LSS fragment from the validation below.
    try:
        parse_config(block)
    except (yaml.YAMLError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        pytest.fail(f"{block.where}: {block.lang} block does not parse: {error}")


@pytest.mark.parametrize("block", lss_blocks(), ids=_id)
def test_every_lss_block_validates_alone_or_once_completed(block, tmp_path):
    data = parse_config(block)
    if block.completes:
        data = merge(resolve_base(block), data)
        how = f"merged into {block.completes}"
    else:
        how = "as a complete spec (mark it `<!-- fragment: completes BASE -->` if it is a fragment)"
    errors = validation_errors(data, tmp_path, "block")
    assert not errors, f"{block.where}: LSS block does not validate {how}:\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("name,parts", spec_parts(), ids=[name for name, _ in spec_parts()])
def test_every_spec_built_over_several_blocks_validates_as_a_whole(name, parts, tmp_path):
    whole: dict = {}
    for part in parts:
        whole = merge(whole, parse_config(part))
    errors = validation_errors(whole, tmp_path, "parts")
    assert not errors, f"{name}: the {len(parts)} parts do not validate together:\n  " + "\n  ".join(errors)


def test_every_guide_carries_a_complete_spec_and_a_harness_configuration():
    for guide in sorted(GUIDES.glob("*.md")):
        if guide.name == "index.md":
            continue
        blocks = extract_blocks(guide)
        assert any(b.spec_id for b in blocks), f"{guide.name}: no complete spec marked <!-- spec: ID -->"
        harness = [b for b in blocks if b.lang in ("json", "toml", "python", "yaml")
                   and not b.spec_id and not b.completes and not is_lss(_safe(b))]
        assert harness, f"{guide.name}: no harness configuration block (settings file, hook, code)"


def _safe(block: Block):
    try:
        return parse_config(block)
    except (yaml.YAMLError, json.JSONDecodeError, tomllib.TOMLDecodeError):
        return None


# --------------------------------------------------------------------------- the checks themselves

_PAGE = """Intro.

<!-- spec: base -->
```yaml
loop_name: demo
workers:
  - {id: coder, role: old}
```

<!-- fragment: completes #base -->
```yaml
workers:
  - {id: coder, role: new}
  - {id: reviewer, role: reviews}
```

- a list item with an indented block:

    ```toml
    # fragment: completes loop-library/coding-agent.yaml
    key = 1
    ```
"""


def test_blocks_are_extracted_with_their_markers(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(_PAGE, encoding="utf-8")
    base, fragment, toml_block = extract_blocks(page)
    assert (base.spec_id, base.completes) == ("base", None)
    assert fragment.completes == "#base"
    assert toml_block.lang == "toml" and toml_block.completes == "loop-library/coding-agent.yaml"
    assert parse_config(toml_block) == {"key": 1}


def test_parts_of_one_spec_are_grouped_by_id(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- part: demo -->\n```yaml\nloop_name: demo\n```\n\n"
                    "<!-- part: demo -->\n```yaml\nversion: 1.0.0\n```\n", encoding="utf-8")
    blocks = extract_blocks(page)
    assert [b.part_of for b in blocks] == ["demo", "demo"]
    assert merge(parse_config(blocks[0]), parse_config(blocks[1])) == {"loop_name": "demo", "version": "1.0.0"}


def test_a_fragment_merges_by_id_into_its_base():
    merged = merge({"loop_name": "demo", "workers": [{"id": "coder", "role": "old", "tools": ["a"]}]},
                   {"workers": [{"id": "coder", "role": "new"}, {"id": "reviewer", "role": "r"}]})
    assert merged == {"loop_name": "demo", "workers": [{"id": "coder", "role": "new", "tools": ["a"]},
                                                       {"id": "reviewer", "role": "r"}]}


def test_a_block_without_lss_keys_is_not_an_lss_fragment():
    assert not is_lss({"permissions": {"allow": ["Bash(pytest:*)"]}})
    assert not is_lss({"version": 1, "hooks": {"beforeShellExecution": []}})
    assert is_lss({"workers": []})


def test_an_unmarked_fragment_fails_validation(tmp_path):
    assert validation_errors({"workers": [{"id": "coder"}]}, tmp_path, "fragment")


def test_a_complete_library_spec_passes_validation(tmp_path):
    data = yaml.safe_load((ROOT / "loop-library" / "support-triage.yaml").read_text(encoding="utf-8"))
    assert validation_errors(data, tmp_path, "complete") == []


def test_broken_json_in_a_block_is_reported_by_the_parser(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('```json\n{"hooks": [1,]}\n```\n', encoding="utf-8")
    (block,) = extract_blocks(page)
    with pytest.raises(json.JSONDecodeError):
        parse_config(block)
