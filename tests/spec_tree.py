"""A small repository of specs for the site tests: two library specs, a composition, a pattern, a case study.

``write_tree(root)`` writes the content folders under ``root`` and returns
it. Every spec is valid under ``loopctl validate --strict``. ``HOSTILE``
holds strings that try to break out of Markdown, HTML and Mermaid;
``write_tree(root, hostile=True)`` puts them in every free-text field of
``loop-library/alpha.yaml`` (the spec stays valid).
"""

from __future__ import annotations

from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"

HOSTILE = ('<script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) '
           '%%{init: {"securityLevel": "loose"}}%% click w1 call alert() {{ config }} {: onclick=alert(1) } '
           '| pipe | `tick`')


def minimal() -> dict:
    return yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))


def library_spec(name: str, patterns: list[str], hostile: bool = False) -> dict:
    spec = minimal()
    spec["loop_name"] = name
    spec["metadata"] = {"taxonomy_level": 2, "patterns": patterns, "tags": ["test"]}
    if hostile:
        spec["objective"] = "Summarise. " + HOSTILE
        spec["workers"][0]["role"] = HOSTILE
        spec["inputs"]["schema"]["text"]["description"] = HOSTILE
        spec["evaluators"][1]["rubric"]["dimensions"][0]["criteria"] = HOSTILE
        spec["metrics"][0]["definition"] = HOSTILE
        spec["metadata"]["tags"] = [HOSTILE]
    return spec


def composition_spec() -> dict:
    spec = minimal()
    spec["loop_name"] = "pair"
    spec["metadata"] = {"taxonomy_level": 3, "patterns": ["reflection-loop"], "tags": ["test"]}
    spec["composition"] = {
        "type": "sequential",
        "children": [{"id": "first", "ref": "../alpha.yaml", "role": "stage"},
                     {"id": "second", "ref": "../beta.yaml", "role": "stage"}],
        "adapters": [{"from": "children.first.outputs.writer", "to": "children.second.inputs.text"}],
    }
    return spec


def dump(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_tree(root: Path, hostile: bool = False) -> Path:
    """Write the content folders under ``root`` and return ``root``."""
    dump(root / "loop-library" / "alpha.yaml", library_spec("alpha", ["reflection-loop"], hostile))
    (root / "loop-library" / "alpha.md").write_text(
        "# Alpha loop\n\nThe alpha loop summarises text. It follows the "
        "[reflection loop](../patterns/reflection-loop.md); see also the [home page](../docs/index.md).\n\n"
        "## Structure\n\n<!-- loop:diagram -->\n\nThe raw file is [alpha.yaml](alpha.yaml).\n",
        encoding="utf-8")
    dump(root / "loop-library" / "beta.yaml", library_spec("beta", ["reflection-loop", "critique-loop"]))
    (root / "loop-library" / "README.md").write_text(
        "# Loop library\n\n- [Alpha](alpha.md)\n- [Beta](beta.md)\n- [Pair](compositions/pair.md)\n",
        encoding="utf-8")
    dump(root / "loop-library" / "compositions" / "pair.yaml", composition_spec())
    reflection = library_spec("reflection-loop", ["reflection-loop"])
    dump(root / "patterns" / "reflection-loop.yaml", reflection)
    (root / "patterns" / "reflection-loop.md").write_text(
        "# Reflection loop\n\nA worker revises its output from an evaluator's critique.\n\n"
        "<!-- loop:spec -->\n\n## Known uses\n\n"
        "<!-- loop:catalog pattern=reflection-loop format=list -->\n\n"
        "Back to the [patterns](README.md) and the [study](../case-studies/study.md).\n",
        encoding="utf-8")
    (root / "patterns" / "README.md").write_text(
        "# Patterns\n\n- [Reflection loop](reflection-loop.md)\n- [Library](../loop-library/README.md)\n",
        encoding="utf-8")
    study = library_spec("study", ["reflection-loop"])
    dump(root / "case-studies" / "study.yaml", study)
    (root / "case-studies" / "study.md").write_text(
        "# A study\n\nA system that uses the [reflection loop](../patterns/reflection-loop.md), "
        "described on [the home page](../docs/index.md#home).\n",
        encoding="utf-8")
    return root
