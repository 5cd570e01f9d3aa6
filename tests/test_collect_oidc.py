"""Single sign-on against a real OpenID provider (npm oidc-provider, started on loopback by
tests/js/oidc_provider.js), the sign-in driven in Chromium, on SQLite and PostgreSQL: an account known
to the server signs in, one it does not know is refused, and passwords still work."""

from __future__ import annotations

import subprocess
import time

import pytest

from centricity.collect import audit
from centricity.collect import db as database
from tests import collect
from tests.collect import PASSWORD, kill, start
from tests.helpers import ROOT
from tests.postgres import free_port, postgres  # noqa: F401 (a fixture)

SECRET = "a client secret for the test, long enough"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path, catalog):
    return collect.migrated_db(request, tmp_path, catalog)


def provider(port: int, redirect: str, log) -> subprocess.Popen:
    command = ["node", str(ROOT / "tests" / "js" / "oidc_provider.js"), str(port), redirect, SECRET]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True, preexec_fn=collect.die_with_parent
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.stdout is not None:
        if process.stdout.readline().strip() == "ready":
            return process
    process.kill()
    raise AssertionError("the OpenID provider did not start")


def sign_in(page, base: str, login: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("[data-sso]").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]").click()  # the provider's consent page: Continue


def test_single_sign_on_with_a_real_provider(url, tmp_path, page, monkeypatch):
    app_port, idp_port = free_port(), free_port()
    base = f"http://127.0.0.1:{app_port}"
    with (tmp_path / "idp.log").open("w") as log:
        idp = provider(idp_port, f"{base}/admin/login/sso/return", log)
    monkeypatch.setenv("CENTRICITY_OIDC_SECRET", SECRET)
    issuer = ["--oidc-issuer", f"http://127.0.0.1:{idp_port}", "--oidc-client-id", "centricity"]
    server = start(url, app_port, tmp_path / "server.log", *issuer)
    try:
        sign_in(page, base, "ana")
        page.wait_for_url(f"{base}/admin/")
        assert "Acme" in page.locator("main").inner_text()

        page.context.clear_cookies()
        sign_in(page, base, "mallory")
        page.wait_for_url(f"{base}/admin/login/sso/return*")
        assert "mallory" in page.locator("[role=alert]").inner_text()
        report = page.context.request.get(f"{base}/admin/surveys/acme/report.html", max_redirects=0)
        assert report.status == 302, "not signed in"

        page.context.clear_cookies()
        page.goto(f"{base}/admin/login/")
        page.locator("#login-name").fill("ana")
        page.locator("#login-password").fill(PASSWORD)
        page.locator("[data-login-form] button[type=submit]").click()
        page.wait_for_url(f"{base}/admin/")
    finally:
        kill(server)
        idp.terminate()
        idp.wait(timeout=10)
        if idp.stdout:
            idp.stdout.close()
    db = database.connect(url)
    with db.read() as session:
        entries = [(e.actor, e.action, e.detail) for e in audit.latest(session)]
    db.close()
    assert ("ana", "sign-in", "single sign-on") in entries and ("ana", "sign-in", "") in entries
