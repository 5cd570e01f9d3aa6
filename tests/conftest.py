"""Shared fixtures: the shipped catalog, a small questionnaire for hand-computed cases, one frozen build of
the shipped site per test session (built into tmp, never into the repo), the site served, and one Chromium.

Every test that drives Chromium carries the `browser` marker, so `pytest -m "not browser"` is the fast loop:
tests that use the `browser` fixture (or `page`, built on it) get it here; others set it themselves. Helpers
shared by test modules live in tests/helpers.py, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from centricity.engine.profiles import load_site
from centricity.model.questionnaire import load_questionnaire
from centricity.quality.chromium import launch_options
from centricity.quality.serving import Server
from centricity.web.app import create_app
from centricity.web.freeze import build
from tests.helpers import DATA, ROOT


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def catalog():
    return load_site(ROOT / "questions", ROOT / "content")


@pytest.fixture(scope="session")
def shipped(catalog):
    return catalog.questionnaires["customer-centricity"]


@pytest.fixture(scope="session")
def mini():
    return load_questionnaire(DATA / "mini.yaml")


@pytest.fixture()
def app(catalog):
    return create_app(catalog)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def live_client(catalog):
    app = create_app(catalog, live=True)
    return app.test_client()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The shipped site, frozen once for the whole session."""
    out = tmp_path_factory.mktemp("site") / "build"
    build(ROOT / "questions", ROOT / "content", None, out)
    return out


@pytest.fixture(scope="session")
def http_site(site):
    """The frozen site on a local HTTP server; yields its base URL."""
    with Server(site) as server:
        yield server.base


@pytest.fixture(scope="session")
def subpath_site(site):
    """The frozen site served under /some/path/ (nothing answers outside it): every URL must be relative."""
    with Server(site, "/some/path/") as server:
        yield server.base


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session, driven by Playwright's own API (no plugin fixtures)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(**launch_options())
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh context per test, so storage never leaks; fail fast, since every page of this site is local."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()
