"""What a stranger's odd request gets, on SQLite and PostgreSQL: unknown URLs, wrong methods, NUL bytes,
numbers beyond a database column, newlines in a URL. Each is a 4xx answer in the right form (JSON under the
APIs, a page elsewhere), and the log gets no error and no traceback from any of them."""

from __future__ import annotations

import logging

import pytest

from centricity.collect.models import ROW_ID_MAX
from tests import collect
from tests.collect import csrf, login

served, postgres = collect.served, collect.postgres  # fixtures

ODD_PATHS = [
    ("GET", "/xx/yy/zz"),
    ("GET", "/en/nothing/here/"),
    ("GET", "/%0Afake%20log%20line/"),
    ("POST", "/api/surveys/acme/responses/x"),
    ("GET", "/api/surveys/%00"),
    ("POST", "/api/surveys/%00/responses"),
    ("GET", "/api/surveys/" + "a" * 65),
    ("GET", "/api/nothing/here"),
    ("DELETE", "/api/receipt"),
    ("GET", "/admin/api/surveys/%00/codes"),
]


@pytest.fixture()
def admin(served):
    client = served.app.test_client()
    assert login(client).status_code == 302
    return client


@pytest.mark.parametrize(("method", "path"), ODD_PATHS)
def test_odd_urls_are_answered_without_an_error_in_the_log(served, admin, caplog, method, path):
    caplog.set_level(logging.INFO)
    reply = admin.open(path, method=method, json={} if method == "POST" else None)
    assert 400 <= reply.status_code < 500, (path, reply.status_code)
    if path.startswith(("/api/", "/admin/api/")):
        assert reply.json["error"].startswith("collect.error.") and reply.json["message"]
    else:
        assert reply.mimetype == "text/html"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []


def test_admin_urls_and_forms_with_values_no_database_takes(served, admin, caplog):
    """A NUL in a survey id or name, or a response number beyond a 32-bit column: PostgreSQL refuses
    them, SQLite would store them; both are refused before the database, alike on both."""
    assert admin.get("/admin/surveys/%00/").status_code == 404
    token = csrf(admin, "/admin/surveys/acme/")
    for number in (str(ROW_ID_MAX + 1), "9" * 18, "0" * 13 + "1"):
        reply = admin.post("/admin/surveys/acme/delete/", data={"csrf_token": token, "number": number})
        assert reply.status_code == 404, number
    form = {"csrf_token": token, "id": "nul", "questionnaire": "customer-centricity", "teams": ""}
    for name in ("Acme\x00", "two\nlines"):
        assert admin.post("/admin/surveys/new/", data={**form, "name": name}).status_code == 400
    teams = {**form, "name": "Fine", "teams": "sales:4:Sa\x00les"}
    assert admin.post("/admin/surveys/new/", data=teams).status_code == 400
    assert admin.get("/admin/surveys/nul/").status_code == 404, "nothing was made"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []


def test_a_label_with_a_nul_is_stored_and_read_back(served, shipped):
    """NUL inside the JSON of a response is data like any other character, on both databases."""
    client = served.app.test_client()
    sent = collect.send(client, shipped, label="a\x00b")
    assert sent.status_code == 201
    seen = client.post("/api/receipt", json={"receipt": sent.json["receipt"]})
    assert seen.json["response"]["label"] == "a\x00b"
