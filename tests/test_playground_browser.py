"""The playground page in Debian's Chromium: results, edits, share links, hostile specs, failures, parity with the CLI.

The site is built once per test run (``conftest_site.built_site``) and served
from 127.0.0.1 by the browser tests' server; every visit records console
errors, page errors, dialogs and requests, aborts any request to another
host, and each test ends with ``assert_clean``. Results are read through the
page's documented contract (docs/reference/playground.md): the
``data-playground-*`` elements and ``document.body.dataset.playgroundState``.
"""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from browsing import Browse
from conftest import CONFORMANCE, FIXTURES, REPO
from conftest_site import built_site
from loopctl.cli import main
from test_loader import test_bad_text_is_one_located_diagnostic as _bad_text
from test_loader import test_cli_reports_bad_files_with_exit_1_and_no_traceback as _bad_files

pytestmark = [pytest.mark.browser, pytest.mark.site]

PAGE = "playground/"
# The engine starts cold in each new browser context: Pyodide compiles its WebAssembly first.
ENGINE_TIMEOUT_MS = 120_000
# Settled: the latest analysis is shown (or the engine failed).
SETTLED = "() => ['ready', 'error'].includes(document.body.dataset.playgroundState)"
RESULTS = """() => ({
  state: document.body.dataset.playgroundState,
  runs: Number(document.body.dataset.playgroundRuns || 0),
  diagnostics: Array.from(document.querySelectorAll('[data-playground-diagnostics] > *')).map(el => ({
    rule: el.dataset.rule, line: Number(el.dataset.line), column: Number(el.dataset.column)})),
  level: document.querySelector('[data-playground-level]').dataset.level || null,
  les: document.querySelector('[data-playground-score]').dataset.les || null,
  svg: !!document.querySelector('[data-playground-diagram] svg'),
  status: document.querySelector('[data-playground-status]').textContent,
})"""


def _bad_inputs() -> dict[str, bytes]:
    """Every bad-input fixture of the loader's tests, as file contents by name."""
    texts = next(m for m in _bad_text.pytestmark if m.name == "parametrize").args[1]
    contents = next(m for m in _bad_files.pytestmark if m.name == "parametrize").args[1]
    found = {f"bad/text-{i:02d}.yaml": case[0].encode("utf-8") for i, case in enumerate(texts)}
    found.update({f"bad/bytes-{i:02d}.yaml": raw for i, raw in enumerate(contents)})
    return found


def _spec_text(mutate=None) -> str:
    data = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
    if mutate:
        mutate(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def warm(chromium, server):
    session = Browse(chromium, server)
    session.page.goto(server.url(PAGE))
    settle(session, 0)
    yield session
    session.close()


@pytest.fixture
def playground(warm) -> Browse:
    """The playground page of one context shared by the module (the engine starts once), reset to its
    default spec, with its records of errors, dialogs and requests emptied."""
    for record in (warm.errors, warm.dialogs, warm.requests, warm.foreign):
        record.clear()
    runs = warm.page.evaluate("Number(document.body.dataset.playgroundRuns)")
    warm.page.evaluate("() => { const p = window.loopPlayground; p.load(p.specText(p.data.default)); }")
    settle(warm, runs)
    return warm


def current(browse: Browse) -> dict:
    """What the page shows now, read through its contract."""
    return browse.page.evaluate(RESULTS)


def open_playground(browse: Browse, fragment: str = "") -> dict:
    browse.page.goto(browse.server.url(PAGE) + fragment)
    return settle(browse, 0)


def settle(browse: Browse, after_runs: int) -> dict:
    """Wait until an analysis newer than ``after_runs`` is shown, or the engine failed; return the results."""
    browse.page.wait_for_function(
        "(after) => document.body.dataset.playgroundState === 'error' || "
        "(document.body.dataset.playgroundState === 'ready' && Number(document.body.dataset.playgroundRuns) > after)",
        arg=after_runs, timeout=ENGINE_TIMEOUT_MS)
    results = browse.page.evaluate(RESULTS)
    assert results["state"] == "ready", f"the engine failed: {results['status']}; console: {browse.errors}"
    return results


def replace_text(browse: Browse, text: str, after_runs: int) -> dict:
    """Put ``text`` into the editor as a reader's edit would, and return the results of its analysis."""
    browse.page.evaluate("""(text) => {
      const view = window.loopPlayground.editor;
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});
    }""", text)
    return settle(browse, after_runs)


def editor_text(browse: Browse) -> str:
    return browse.page.evaluate("() => window.loopPlayground.editor.state.doc.toString()")


def test_valid_library_spec_gives_no_diagnostics_a_diagram_a_level_and_a_score(playground):
    results = current(playground)
    assert editor_text(playground) == (REPO / "loop-library" / "coding-agent.yaml").read_text(encoding="utf-8")
    assert results["diagnostics"] == []
    assert results["level"] == "3" and float(results["les"]) > 0
    assert results["svg"], "no svg inside [data-playground-diagram]"
    assert playground.page.locator("[data-playground-min] pre").inner_text().startswith("{")
    playground.assert_clean()


def test_dangling_reference_is_reported_at_its_line(playground):
    first = current(playground)
    text = _spec_text(lambda d: d["workers"][0].update(depends_on=["ghost_worker"]))
    results = replace_text(playground, text, first["runs"])
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "ghost_worker" in row)
    dangling = [d for d in results["diagnostics"] if d["rule"] == "lss.dangling-ref"]
    assert dangling and dangling[0]["line"] == line
    assert not results["svg"] and results["level"] is None
    link = playground.page.locator("[data-playground-diagnostics] > [data-rule='lss.dangling-ref'] a").first
    assert link.get_attribute("href").endswith("/reference/rules/#lssdangling-ref")
    playground.assert_clean()


def test_clicking_a_diagnostic_moves_the_cursor_to_it(playground):
    first = current(playground)
    results = replace_text(playground, _spec_text(lambda d: d["workers"][0].update(depends_on=["ghost_worker"])),
                           first["runs"])
    target = next(d for d in results["diagnostics"] if d["rule"] == "lss.dangling-ref")
    playground.page.locator("[data-playground-diagnostics] > [data-rule='lss.dangling-ref'] button").first.click()
    where = playground.page.evaluate("""() => {
      const view = window.loopPlayground.editor, head = view.state.selection.main.head, line = view.state.doc.lineAt(head);
      return [line.number, head - line.from + 1];
    }""")
    assert where == [target["line"], target["column"]]
    playground.assert_clean()


def test_typing_updates_the_results(playground):
    first = current(playground)
    playground.page.locator("[data-playground-editor] .cm-content").click()
    playground.page.keyboard.press("Control+Home")
    playground.page.keyboard.type("loop_name: twice\n")
    results = settle(playground, first["runs"])
    assert [d["rule"] for d in results["diagnostics"]] == ["yaml.duplicate-key"]
    assert results["diagnostics"][0]["line"] == 2
    playground.page.keyboard.press("Control+Home")
    playground.page.keyboard.press("Shift+ArrowDown")
    playground.page.keyboard.press("Delete")
    results = settle(playground, results["runs"])
    assert results["diagnostics"] == [] and results["svg"]
    playground.assert_clean()


def test_menu_offers_every_library_composition_and_pattern_spec(playground):
    offered = playground.page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-playground-menu] option')).map(o => o.value)")
    on_disk = sorted(p.relative_to(REPO).as_posix() for folder in ("loop-library", "loop-library/compositions",
                                                                  "patterns") for p in (REPO / folder).glob("*.yaml"))
    assert sorted(offered) == on_disk
    playground.assert_clean()


def test_composition_resolves_its_library_children_from_the_site(playground):
    first = current(playground)
    playground.page.select_option("[data-playground-menu]", "loop-library/compositions/research-code-nest.yaml")
    results = settle(playground, first["runs"])
    assert editor_text(playground) == (REPO / "loop-library/compositions/research-code-nest.yaml").read_text(
        encoding="utf-8")
    assert results["diagnostics"] == [] and results["svg"] and results["level"] == "3"
    reasons = playground.page.locator("[data-playground-level] li").all_inner_texts()
    assert any("composition" in reason for reason in reasons)
    playground.assert_clean()


def test_share_link_round_trips_the_text(playground):
    first = current(playground)
    text = _spec_text(lambda d: d.update(objective="Résumé à 100 mots, “quoted” ✓ and emoji 🚀 survive the link."))
    replace_text(playground, text, first["runs"])
    playground.page.locator("[data-playground-share]").click()
    link = playground.page.locator("[data-playground-link]").input_value()
    fragment = link.split("#", 1)[1]
    assert fragment.startswith("spec=") and "=" not in fragment[len("spec="):]
    encoded = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")
    assert fragment == "spec=" + encoded
    other = Browse(playground.page.context.browser, playground.server)
    try:
        other.page.goto(link)
        results = settle(other, 0)
        assert editor_text(other) == text and results["diagnostics"] == [] and results["svg"]
        other.assert_clean()
    finally:
        other.close()
    playground.assert_clean()


def test_malformed_share_link_falls_back_to_a_library_spec(browse):
    results = open_playground(browse, "#spec=%%%not-base64")
    assert "not base64url" in results["status"]
    assert editor_text(browse).startswith("loop_name: coding-agent")
    browse.assert_clean()


HOSTILE = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "\"]; click writer call alert(1); %%{init: {'securityLevel': 'loose'}}%% A[\"",
    "%%{init: {\"theme\": \"dark\", \"securityLevel\": \"loose\"}}%%\nflowchart LR\n  x-->y",
    "<a href=\"javascript:window.__pwned='link'\">x</a> &lt;b&gt;",
]


@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_spec_stays_inert(playground, payload):
    first = current(playground)

    def mutate(data):
        data["objective"] = payload
        data["workers"][0]["role"] = payload
        data["inputs"]["schema"]["text"]["description"] = payload
        data["evaluators"][0]["implementation"] = payload
    results = replace_text(playground, _spec_text(mutate), first["runs"])
    assert results["svg"], results
    assert playground.page.evaluate("() => window.__pwned") is None
    inside = playground.page.evaluate("""() => {
      const box = document.querySelector('.lp-results');
      return {scripts: box.querySelectorAll('script, iframe, object, embed, img').length,
              handlers: Array.from(box.querySelectorAll('*')).flatMap(el => Array.from(el.attributes))
                .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)).map(a => a.name)};
    }""")
    assert inside == {"scripts": 0, "handlers": []}
    playground.assert_clean()


@pytest.mark.parametrize("missing", ["pyodide.asm.wasm", "loopctl-bundle.zip", "pyodide.js"])
def test_engine_that_cannot_load_shows_a_message_not_a_blank_page(browse, missing):
    browse.context.route(f"**/{missing}", lambda route: route.abort())
    browse.page.goto(browse.server.url(PAGE))
    browse.page.wait_for_function(SETTLED, timeout=ENGINE_TIMEOUT_MS)
    assert browse.page.evaluate("document.body.dataset.playgroundState") == "error"
    status = browse.page.locator("[data-playground-status]")
    assert status.is_visible() and "could not" in status.inner_text()
    # The aborted request is logged by the browser as a console error; that is the point of this test.
    browse.errors.clear()
    browse.assert_clean()


def test_browser_without_webassembly_gets_a_message(browse):
    browse.context.add_init_script("delete window.WebAssembly")
    browse.page.goto(browse.server.url(PAGE))
    browse.page.wait_for_function(SETTLED, timeout=ENGINE_TIMEOUT_MS)
    assert browse.page.evaluate("document.body.dataset.playgroundState") == "error"
    assert "needs WebAssembly" in browse.page.locator("[data-playground-status]").inner_text()
    assert not [u for u in browse.requests if "pyodide" in u]
    browse.assert_clean()


def test_only_the_playground_page_loads_the_playground():
    site = built_site()
    for html in site.root.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if html.relative_to(site.root).as_posix() == "playground/index.html":
            assert "assets/playground/playground.js" in text
        else:
            assert "assets/playground/" not in text, f"{html} loads the playground"


def test_playground_diagnostics_equal_the_cli_for_conformance_specs_and_bad_inputs(playground, tmp_path, monkeypatch,
                                                                                      capsys):
    expected = json.loads((CONFORMANCE / "expected.json").read_text(encoding="utf-8"))
    files = {f"conformance/{rel}": (CONFORMANCE / rel).read_bytes()
             for rel in sorted(p.relative_to(CONFORMANCE).as_posix() for p in CONFORMANCE.rglob("*.yaml"))}
    assert set(expected) <= {name[len("conformance/"):] for name in files}
    files.update(_bad_inputs())
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    main(["validate", "--format", "json", *files])
    cli = {name: [] for name in files}
    for d in json.loads(capsys.readouterr().out)["diagnostics"]:
        cli[d["file"]].append((d["rule"], d["line"], d["column"], d["message"]))

    encoded = {f"/parity/{name}": base64.b64encode(content).decode("ascii") for name, content in files.items()}
    answer = playground.page.evaluate("""async (encoded) => {
      const files = {};
      for (const [path, b64] of Object.entries(encoded)) {
        files[path] = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
      }
      await window.loopPlayground.request('files', {files});
      return window.loopPlayground.request('batch', {paths: Object.keys(files), root: null, displayBase: '/parity'});
    }""", encoded)
    ours = {path[len("/parity/"):]: [(d["rule"], d["line"], d["column"], d["message"]) for d in found]
            for path, found in answer.items()}
    assert len(ours) == len(files) >= 40
    assert ours == cli
    playground.assert_clean()


def test_instant_navigation_starts_the_engine_and_leaving_stops_it(browse):
    browse.visit("")
    browse.click_link_to("/playground/", scope=".md-tabs")
    settle(browse, 0)
    browse.click_link_to("/patterns/", scope=".md-tabs")
    browse.page.wait_for_url("**/patterns/")
    browse.page.wait_for_function("() => document.body.dataset.playgroundState === undefined")
    browse.assert_clean()
