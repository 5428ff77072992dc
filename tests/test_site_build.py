"""End-to-end builds of throwaway sites: what a build publishes, and how it fails or keeps serving.

Each test builds a small site from ``spec_tree`` with the repository's
``mkdocs.yml``, hooks and assets (``conftest_site.throwaway_project``):
``mkdocs build --strict`` as a subprocess, the hooks in serve mode in-process,
and one real ``mkdocs serve`` that is watched while a spec breaks and heals.
Waits are bounded; nothing asserts on timing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest_site import built_site, mkdocs_build, throwaway_project
from loopctl.schema import schema_text
from spec_tree import write_tree

pytestmark = pytest.mark.site

HOME = "# Home\n\nSee the [patterns](patterns/README.md) and the [loop library](loop-library/README.md).\n"


def make_project(folder: Path) -> Path:
    project = write_tree(throwaway_project(folder))
    (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    return project


def run_build(project: Path, destination: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


def break_spec(project: Path, name: str = "beta") -> tuple[Path, int]:
    """Make the first evaluator of a library spec run after a missing worker; return the file and that line."""
    path = project / "loop-library" / f"{name}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "runs_after" in line)
    index = next(i for i in range(start, len(lines)) if "writer" in lines[i])
    lines[index] = lines[index].replace("writer", "ghost")
    path.write_text("".join(lines), encoding="utf-8")
    return path, index + 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("site") / "project")
    mkdocs_build(project, project / "site")
    return project / "site"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- what a build publishes


def test_spec_pages_raw_files_references_schemas_and_mermaid_are_published(built):
    for url in ("loop-library/alpha", "loop-library/beta", "loop-library/compositions/pair",
                "patterns/reflection-loop", "case-studies/study", "reference/lss-fields", "reference/rules",
                "reference/les", "reference/levels", "reference/cli"):
        assert (built / url / "index.html").is_file(), url
    for raw in ("loop-library/alpha.yaml", "loop-library/compositions/pair.yaml", "patterns/reflection-loop.yaml"):
        assert (built / raw).is_file(), raw
    for version in ("1.0", "1.1"):
        assert (built / "schema" / f"lss-{version}.json").read_text(encoding="utf-8") == schema_text(version)
    assert (built / "assets" / "javascripts" / "mermaid.min.js").stat().st_size > 100_000
    assert (built / "assets" / "javascripts" / "diagram-library.js").is_file()
    assert (built / "assets" / "javascripts" / "panzoom.min.js").is_file()


def test_companion_prose_comes_before_the_generated_parts(built):
    html = page(built, "loop-library/alpha")
    assert html.index("The alpha loop summarises text") < html.index('id="specification-at-a-glance"')
    assert html.count('class="loop-diagram-map"') == 1  # placed by the author, not appended again
    assert 'id="loop-diagram"' not in html
    assert 'class="les-chart"' in html and "design-time estimate" in html


def test_generated_page_has_every_part(built):
    html = page(built, "loop-library/beta")
    for anchor in ("specification-at-a-glance", "loop-diagram", "les-scorecard-design-time-estimate",
                   "validation", "full-spec", "related-pages"):
        assert f'id="{anchor}"' in html, anchor
    assert 'href="../beta.yaml"' in html and "download" in html


def test_links_to_docs_are_rewritten_to_the_site(built):
    html = page(built, "loop-library/alpha")
    assert re.search(r'href="\.\./\.\./"[^>]*>home page<', html)
    assert "../docs/" not in html


def test_edit_links_point_at_the_repository_file(built):
    assert "edit/main/loop-library/alpha.md" in page(built, "loop-library/alpha")
    assert "edit/main/loop-library/beta.yaml" in page(built, "loop-library/beta")
    assert "edit/main/docs/index.md" in (built / "index.html").read_text(encoding="utf-8")


def test_no_page_asks_another_host_for_a_script_style_font_or_mermaid(built):
    fetching = {"script": "src", "img": "src", "iframe": "src", "link": "href", "source": "src"}
    for path in built.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "fonts.googleapis" not in html, path
        for tag, attrs in start_tags(html):
            url = attrs.get(fetching.get(tag, ""), "") or ""
            if tag == "link" and attrs.get("rel") == "canonical":
                continue  # names the page's address, fetches nothing
            assert not re.match(r"^(https?:)?//", url), (path, tag, url)
    assert 'data-md-component="source"' not in (built / "index.html").read_text(encoding="utf-8")


def start_tags(html: str) -> list[tuple[str, dict]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_diagrams_are_drawn_at_build_time_and_mermaid_is_never_loaded_up_front(built):
    html = page(built, "loop-library/alpha")
    assert 'class="loop-drawn"><svg' in html and "mermaid" not in html   # so mkdocs-mermaid2 skips the page
    assert re.search(r'<script src="[./]*assets/javascripts/diagram-library\.js', html)
    assert not re.search(r'<script[^>]+src="[^"]*mermaid\.min\.js', html)  # loaded on demand, not up front
    assert "window.mermaidConfig" not in html  # the plugin configures only pages the browser draws


# --------------------------------------------------------------------------- how a build fails


def test_invalid_spec_fails_the_build_and_prints_each_diagnostic(tmp_path):
    project = make_project(tmp_path / "project")
    _, line = break_spec(project)
    done = run_build(project, tmp_path / "site")
    log = done.stdout + done.stderr
    assert done.returncode != 0
    assert re.search(rf"loop-library/beta\.yaml:{line}:\d+: error\[lss\.dangling-ref\] .*ghost", log), log
    assert "hint:" in log
    assert "2 spec file(s) have errors" in log  # beta, and the composition that includes it


def test_broken_link_or_anchor_fails_the_build(tmp_path):
    for bad in ("[gone](../docs/missing.md)", "[nowhere](../patterns/reflection-loop.md#no-such-heading)"):
        project = make_project(tmp_path / f"project-{len(bad)}")
        companion = project / "loop-library" / "alpha.md"
        companion.write_text(companion.read_text(encoding="utf-8") + f"\nSee {bad}.\n", encoding="utf-8")
        done = run_build(project, tmp_path / f"site-{len(bad)}")
        assert done.returncode != 0, bad
        assert "loop-library/alpha.md" in done.stdout + done.stderr


def test_bad_placeholder_fails_the_build_naming_page_and_line(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "docs" / "index.md").write_text(HOME + "\n<!-- loop:catalog level=9 -->\n", encoding="utf-8")
    done = run_build(project, tmp_path / "site")
    assert done.returncode != 0
    assert "docs/index.md:5: loop:catalog: level must be 1 to 6" in done.stdout + done.stderr


def test_missing_mermaid_fails_the_build_with_a_hint(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "node_modules")
    done = run_build(project, tmp_path / "site")
    assert done.returncode != 0 and "make setup" in done.stdout + done.stderr


# --------------------------------------------------------------------------- serving


def load_hooks_and_build(project: Path, command: str) -> Path:
    """Build in this process after telling the hooks which command started them (as ``mkdocs serve`` does)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_startup(command="build", dirty=False)  # leave the hook state as a build expects
    return project / "site"


def test_serve_mode_shows_diagnostics_on_the_page_and_builds_the_rest(tmp_path):
    project = make_project(tmp_path / "project")
    _, line = break_spec(project)
    site = load_hooks_and_build(project, "serve")
    html = page(site, "loop-library/beta")
    assert "admonition failure" in html and "loop-library/beta.yaml is not a valid LSS spec" in html
    assert f"loop-library/beta.yaml:{line}:" in html and "lss.dangling-ref" in html
    assert 'id="specification-at-a-glance"' in page(site, "loop-library/alpha")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, predicate, timeout: float) -> str:
    """Fetch ``url`` until ``predicate(body)`` holds; return the body, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
            if predicate(body):
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not reach the expected state within {timeout} s; last body:\n{body[-2000:]}")


def test_mkdocs_serve_shows_a_broken_spec_and_recovers(tmp_path):
    project = make_project(tmp_path / "project")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/loop-engineering/loop-library/beta/"
    healthy = 'id="specification-at-a-glance"'
    try:
        wait_for(url, lambda body: healthy in body, timeout=120)
        path, _ = break_spec(project)
        good = path.read_text(encoding="utf-8").replace("ghost", "writer")
        broken = wait_for(url, lambda body: "is not a valid LSS spec" in body, timeout=120)
        assert "lss.dangling-ref" in broken
        path.write_text(good, encoding="utf-8")
        wait_for(url, lambda body: healthy in body and "is not a valid LSS spec" not in body, timeout=120)
        assert server.poll() is None, "mkdocs serve stopped"
    finally:
        server.terminate()
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


# --------------------------------------------------------------------------- the real repository


def test_real_repository_builds_strict_with_every_generated_page():
    site = built_site()  # mkdocs build --strict of the repository, shared with test_site_content
    for url in ("catalog/", "reference/", "reference/lss-fields/", "reference/rules/", "reference/les/",
                "reference/levels/", "reference/cli/", "contributing/"):
        assert url in site.pages, url
    for version in ("1.0", "1.1"):
        assert (site.root / "schema" / f"lss-{version}.json").is_file()
    assert "yaml-language-server: $schema=https://loop-engineering.github.io/loop-engineering/schema/lss-1.1.json" \
        in site.html("reference/")
