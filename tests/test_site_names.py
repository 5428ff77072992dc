"""File names in the content folders: one safe form (rule ``site.file-name``), and link targets that are encoded."""

from __future__ import annotations

import pytest

from loopctl.escape import link_target
from loopctl.rules.naming import RULE_ID, file_name_problems, suggest
from loopctl.rules.registry import all_rules
from loopctl.site.build import SiteBuild
from loopctl.site.collect import collect
from spec_tree import write_tree

HOSTILE_NAMES = [
    "loop-library/javascript:alert(1)<!-- x.yaml",
    "loop-library/a|b).yaml",
    "loop-library/Upper.yaml",
    "loop-library/two  spaces.md",
    "loop-library/quote\"s.json",
    "patterns/under_score.yml",
    "patterns/trailing-.yaml",
    "case-studies/Bad Folder/spec.yaml",
    "loop-library/x.YAML",
]
SAFE_NAMES = [
    "loop-library/coding-agent.yaml",
    "loop-library/compositions/review-then-fix.yml",
    "patterns/reflection-loop.json",
    "patterns/README.md",
    "case-studies/index.md",
    "manifesto/01-closing-the-loop.md",
    "loop-library/assets/diagram-1.png",
]


@pytest.mark.parametrize("path", HOSTILE_NAMES)
def test_a_name_outside_the_safe_form_is_a_located_file_name_error(path):
    [problem] = file_name_problems(path)
    assert (problem.file, problem.line, problem.column, problem.rule) == (path, 1, 1, RULE_ID)
    assert problem.severity == "error" and problem.message and "rename" in problem.hint


@pytest.mark.parametrize("path", SAFE_NAMES)
def test_a_lower_case_kebab_case_name_is_accepted(path):
    assert file_name_problems(path) == []


def test_the_hint_suggests_a_safe_name():
    assert suggest("javascript:alert(1)<!-- x.yaml") == "javascript-alert-1-x.yaml"
    assert suggest("Bad Folder") == "bad-folder"
    assert file_name_problems(f"loop-library/{suggest('A|b).YAML')}") == []


def test_the_rule_is_registered_with_its_documentation():
    rule = next(r for r in all_rules() if r.id == RULE_ID)
    assert rule.severity == "error" and rule.summary and rule.rationale and rule.example


def test_link_targets_are_percent_encoded_per_segment():
    assert link_target("../patterns/reflection-loop.md") == "../patterns/reflection-loop.md"
    assert link_target("javascript:alert(1)<!-- x.yaml") == "javascript%3Aalert%281%29%3C%21--%20x.yaml"
    assert link_target("a|b).md") == "a%7Cb%29.md"
    assert not set(link_target("x\"'<>|() []:&")) & set("\"'<>|() []:&")


def test_unsafe_files_are_neither_modelled_nor_published_and_are_errors(tmp_path):
    root = write_tree(tmp_path)
    beta = (root / "loop-library" / "beta.yaml").read_text(encoding="utf-8")
    (root / "loop-library" / "javascript:alert(1)<!-- x.yaml").write_text(beta, encoding="utf-8")
    (root / "loop-library" / "a|b).md").write_text("# Page\n", encoding="utf-8")
    model = collect(root)
    assert sorted(d.file for d in model.name_problems) == ["loop-library/a|b).md",
                                                          "loop-library/javascript:alert(1)<!-- x.yaml"]
    assert all(d.rule == RULE_ID for d in model.errors[:2])
    assert not [f for f in model.files if "alert" in f or "|" in f]
    assert not [s for s in model.entries if "alert" in s]
    from loopctl.site.build import ASSETS, MERMAID_SOURCE
    for source in (MERMAID_SOURCE, *(source for source, _ in ASSETS)):  # every front-end file the build copies
        (root / source).parent.mkdir(parents=True, exist_ok=True)
        (root / source).write_text("", encoding="utf-8")
    build = SiteBuild(root)
    assert not [p for p in build.files(set()) if "alert" in p.src_uri or "|" in p.src_uri]


def test_serve_mode_shows_refused_names_on_the_home_page_and_the_folder_index(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "javascript:alert(1)<!-- x.yaml").write_text("loop_name: x\n", encoding="utf-8")
    build = SiteBuild(root, serve=True)
    for page in ("index.md", "loop-library/README.md"):
        markdown = build.page_markdown(page, "# Title\n")
        assert markdown.count("loop-problems") == 1 and "site.file-name" in markdown
        assert "javascript:alert(1)&lt;!-- x.yaml" in markdown and "<!--" not in markdown
    assert "site.file-name" not in build.page_markdown("patterns/README.md", "# Patterns\n")
    assert "site.file-name" not in SiteBuild(write_tree(tmp_path / "clean"), serve=True).page_markdown(
        "index.md", "# Title\n")


def test_build_log_shows_control_characters_of_a_file_name_as_escapes(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "red\x1b[31m\u202e.yaml").write_text("loop_name: x\n", encoding="utf-8")
    build = SiteBuild(root)
    [line] = [build.describe(d) for d in build.errors]
    assert "\x1b" not in line and "\u202e" not in line
    assert "red\\x1b[31m\\u202e.yaml:1:1: error[site.file-name]" in line


def test_build_log_of_a_safe_name_is_printed_as_it_is(tmp_path):
    root = write_tree(tmp_path)
    (root / "loop-library" / "beta.yaml").write_text("loop_name: beta\n", encoding="utf-8")
    build = SiteBuild(root)
    assert build.describe(build.errors[0]).startswith("loop-library/beta.yaml:")


def test_a_content_file_linking_outside_the_project_is_refused(tmp_path):
    root = write_tree(tmp_path / "repo")
    secret = tmp_path / "secret.yaml"
    secret.write_text("loop_name: secret\n", encoding="utf-8")
    (root / "loop-library" / "leak.yaml").symlink_to(secret)
    (root / "loop-library" / "inside.yaml").symlink_to(root / "loop-library" / "beta.yaml")
    model = collect(root)
    assert [(d.file, d.rule) for d in model.name_problems] == [("loop-library/leak.yaml", "site.outside-link")]
    assert "loop-library/leak.yaml" not in model.files and "loop-library/inside.yaml" in model.files
