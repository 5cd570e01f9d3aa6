"""Shared fixtures: the shipped catalog, a small questionnaire for hand-computed cases, and one frozen
build of the shipped site per test session (built into tmp, never into the repo)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from centricity.engine.profiles import load_site
from centricity.model.questionnaire import load_questionnaire
from centricity.quality.audit import CHROMIUM, CHROMIUM_ARGS
from centricity.web.app import create_app
from centricity.web.freeze import build

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def http_site(site):
    """The frozen site on a local HTTP server; yields its base URL."""
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def subpath_site(site, tmp_path_factory):
    """The frozen site served under /some/path/ to prove every URL is relative."""
    root = tmp_path_factory.mktemp("subpath")
    shutil.copytree(site, root / "some" / "path")
    server = serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}/some/path/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session, driven by Playwright's own API (no plugin fixtures)."""
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
