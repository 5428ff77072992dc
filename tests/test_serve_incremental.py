"""The fast preview: ``mkdocs serve --dirty`` (``make serve``) on a throwaway project.

A real server is started as ``make serve`` starts it; an edit to a spec with
a companion page (whose Markdown does not change) must reach that page, a
broken edit must show its error box there, and the server must keep running
under ``strict: true``. Waits are bounded; nothing asserts on timing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_site_build import break_spec, free_port, make_project, wait_for

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parent.parent


def serve_command() -> list[str]:
    """The arguments of ``mkdocs`` in the Makefile's ``serve`` recipe, so the test runs what ``make serve`` runs."""
    recipe = re.search(r"^serve:.*\n\t\$\(BIN\)/mkdocs (?P<args>.+)$", (REPO / "Makefile").read_text(encoding="utf-8"),
                       re.MULTILINE)
    return [sys.executable, "-m", "mkdocs", *recipe.group("args").split()]


def test_make_serve_runs_the_dirty_preview():
    assert serve_command()[3:] == ["serve", "--dirty"]


def test_dirty_serve_shows_an_edited_spec_on_its_companion_page_and_its_error_box(tmp_path):
    project = make_project(tmp_path / "project")
    spec = project / "loop-library" / "alpha.yaml"
    original = spec.read_text(encoding="utf-8")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([*serve_command(), "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/loop-engineering/"
    healthy = 'id="specification-at-a-glance"'
    try:
        wait_for(base + "loop-library/alpha/", lambda body: healthy in body, timeout=180)
        assert original.count("Summarise") >= 1
        spec.write_text(original.replace("Summarise", "Condense every edited paragraph", 1), encoding="utf-8")
        edited = wait_for(base + "loop-library/alpha/", lambda body: "Condense every edited paragraph" in body,
                          timeout=180)
        assert healthy in edited and "The alpha loop summarises text." in edited   # companion prose kept
        break_spec(project, "alpha")
        broken = wait_for(base + "loop-library/alpha/", lambda body: "is not a valid LSS spec" in body, timeout=180)
        assert "lss.dangling-ref" in broken
        spec.write_text(original, encoding="utf-8")
        wait_for(base + "loop-library/alpha/",
                 lambda body: healthy in body and "is not a valid LSS spec" not in body, timeout=180)
        # A page the edits cannot alter is still served, with its navigation.
        assert "Loop library" in wait_for(base, lambda body: "<nav" in body, timeout=30)
        assert server.poll() is None, "mkdocs serve --dirty stopped"
    finally:
        server.terminate()
        try:
            log, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            log, _ = server.communicate()
    assert "Aborted" not in log, log[-3000:]
