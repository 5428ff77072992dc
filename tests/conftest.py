"""Shared fixtures: paths to the repository, the conformance data, a minimal valid spec, and the browser."""

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


CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """One Debian Chromium for the whole session, driven by Playwright's sync API.

    The sync API allows one running Playwright per thread, so every browser test module shares this one.
    """
    from playwright.sync_api import sync_playwright

    if not CHROMIUM_PATH.is_file():
        pytest.fail(f"{CHROMIUM_PATH} is missing: the browser tests need Debian's Chromium "
                    "(`make chromium`, or `apt-get install chromium`); they never skip", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_FLAGS, timeout=60_000)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site():
    """The site built once for the session (``conftest_site.built_site``); a module may define its own."""
    from conftest_site import built_site

    return built_site()


@pytest.fixture(scope="module")
def server(site):
    """``site`` served from 127.0.0.1 for one test module (``browsing.Server``)."""
    from browsing import Server, configured_site_url

    served = Server(site.root, configured_site_url())
    yield served
    served.close()


@pytest.fixture
def browse(chromium, server):
    """A fresh browser context on ``server``: cold cache, its own records (``browsing.Browse``)."""
    from browsing import Browse

    session = Browse(chromium, server)
    yield session
    session.close()
