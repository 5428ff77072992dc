"""The playground's Python side: the analysis the worker calls, the bundle it loads, the files the site publishes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import CONFORMANCE, REPO
from loopctl.playground import analysis, bundle


@pytest.fixture(scope="module")
def archive() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(bundle.python_bundle()))


def test_valid_spec_gets_level_score_diagram_and_minified_form():
    out = analysis.analyse(str(REPO / "loop-library" / "coding-agent.yaml"))
    assert out["diagnostics"] == [] and out["errors"] == 0
    assert out["level"]["level"] == 3 and out["level"]["reasons"]
    assert 0 <= out["score"]["les_display"] <= 100 and out["score"]["estimate"] is True
    assert out["diagram"].startswith("flowchart")
    assert json.loads(out["minified"]["text"]) and out["minified"]["tokens_estimate"] > 0


def test_spec_with_errors_gets_diagnostics_and_no_analysis(write_spec, minimal_spec):
    minimal_spec["workers"][0]["depends_on"] = ["ghost"]
    out = analysis.analyse(str(write_spec(minimal_spec)))
    assert "lss.dangling-ref" in {d["rule"] for d in out["diagnostics"]}
    assert out["level"] is out["score"] is out["diagram"] is out["minified"] is None


def test_bad_yaml_is_a_diagnostic_not_an_exception(write_spec):
    out = analysis.analyse(str(write_spec("a: [1, 2\nb: 3\n")))
    # the bracket opened on line 1 at column 4 is never closed
    assert [(d["rule"], d["line"], d["column"]) for d in out["diagnostics"]] == [("yaml.syntax", 1, 4)]


def test_composition_children_resolve_from_the_root(tmp_path):
    # The worker lays the site's specs out as in the repository and writes the edited text beside the compositions.
    shutil.copytree(REPO / "loop-library", tmp_path / "loop-library")
    text = (REPO / "loop-library" / "compositions" / "research-code-nest.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "loop-library" / "compositions" / "playground.yaml"
    spec.write_text(text, encoding="utf-8")
    out = analysis.analyse(str(spec), root=str(tmp_path))
    assert out["errors"] == 0 and "composition" in out["level"]["reasons"][0]


def test_diagnostics_equal_the_cli_json(capsys):
    from loopctl.cli import main

    spec = CONFORMANCE / "upstream" / "invalid" / "readme-example.yaml"
    main(["validate", "--format", "json", str(spec)])
    cli = json.loads(capsys.readouterr().out)["diagnostics"]
    ours = analysis.analyse(str(spec), display_base=str(spec.parent))["diagnostics"]
    assert cli and [(d["rule"], d["line"], d["column"], d["message"]) for d in ours] == \
        [(d["rule"], d["line"], d["column"], d["message"]) for d in cli]


def test_bundle_holds_loopctl_its_dependencies_and_the_rpds_standin(archive):
    names = set(archive.namelist())
    for required in ("loopctl/playground/analysis.py", "loopctl/schemas/lss-1.1.json", "yaml/loader.py",
                     "jsonschema/validators.py", "referencing/_core.py", "attrs/__init__.py",
                     "jsonschema_specifications/schemas/draft202012/metaschema.json", "rpds/__init__.py"):
        assert required in names
    assert archive.read("rpds/__init__.py") == (REPO / "src/loopctl/playground/rpds_standin.py").read_bytes()


def test_bundle_has_no_compiled_code_tests_or_tokenizer(archive):
    names = archive.namelist()
    assert not [n for n in names if n.endswith((".so", ".pyc", ".pyd"))]
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n]
    assert not [n for n in names if n.startswith(("tiktoken", "rpds_py", "_yaml"))]


def test_bundle_is_byte_for_byte_reproducible():
    assert bundle.python_bundle() == bundle.python_bundle()


def test_bundle_runs_alone_without_tiktoken_or_compiled_rpds(tmp_path, archive):
    """A Python that sees only the bundle (-I: no site-packages) analyses a spec as the browser will."""
    archive.extractall(tmp_path / "bundle")
    script = (
        "import sys, json; sys.path.insert(0, sys.argv[1])\n"
        "from loopctl.playground import analysis\n"
        "out = analysis.analyse(sys.argv[2])\n"
        "import rpds\n"
        "print(json.dumps({'tiktoken': 'tiktoken' in sys.modules, 'rpds': rpds.__file__,"
        " 'errors': out['errors'], 'level': out['level']['level']}))\n")
    done = subprocess.run([sys.executable, "-I", "-c", script, str(tmp_path / "bundle"),
                           str(REPO / "loop-library" / "coding-agent.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["tiktoken"] is False and seen["rpds"].startswith(str(tmp_path))
    assert seen["errors"] == 0 and seen["level"] == 3


def test_page_data_lists_every_library_composition_and_pattern_spec():
    data = bundle.page_data(REPO)
    paths = {s["path"] for s in data["specs"]}
    assert data["default"] in paths
    assert {s["kind"] for s in data["specs"]} == {"library", "composition", "pattern"}
    for folder in ("loop-library", "loop-library/compositions", "patterns"):
        assert {p.relative_to(REPO).as_posix() for p in (REPO / folder).glob("*.yaml")} <= paths
    assert data["rule_anchors"]["lss.dangling-ref"] == "lssdangling-ref"


def test_site_without_the_playground_page_publishes_nothing_of_it(tmp_path):
    from loopctl.site.build import _playground_files

    assert _playground_files(tmp_path, {"index.md"}) == []


def test_missing_pyodide_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "PYODIDE", "node_modules/not-installed")
    with pytest.raises(bundle.BundleError, match="make setup"):
        bundle.published(REPO)


def test_the_bundle_is_compressed_again_only_when_a_file_in_it_changed(tmp_path, monkeypatch):
    source = tmp_path / "module.py"
    source.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.setattr(bundle, "bundle_entries", lambda: [("module.py", source)])
    compressed = []
    real = bundle.python_bundle
    monkeypatch.setattr(bundle, "python_bundle", lambda entries: compressed.append(1) or real(entries))
    target, key = tmp_path / "out" / "bundle.zip", tmp_path / "bundle.key"
    target.parent.mkdir()
    bundle._write_bundle(target, key)
    bundle._write_bundle(target, key)
    assert len(compressed) == 1
    source.write_text("VALUE = 2\n", encoding="utf-8")
    bundle._write_bundle(target, key)
    assert len(compressed) == 2
    assert zipfile.ZipFile(target).read("module.py") == b"VALUE = 2\n"
    target.unlink()
    bundle._write_bundle(target, key)
    assert len(compressed) == 3 and target.is_file()
