"""Admin sessions and logins on SQLite and PostgreSQL: a session ends on the server (logout, a new password,
the admin removed) for every worker at once, even for a copied cookie; failed logins answer alike for real
and unknown names; respondents' pages set no cookie."""

from __future__ import annotations

import uuid

import pytest
from flask import session

from centricity.collect import auth
from centricity.collect.app import Options, now
from centricity.collect.auth import LoginLimits
from centricity.collect.ratelimit import Limit
from tests import collect
from tests.collect import PASSWORD, csrf, login

served, make_app, postgres = collect.served, collect.make_app, collect.postgres  # fixtures
COOKIE = "centricity"
PROTECTED = "/admin/surveys/acme/responses.json"


def new_admin(served) -> str:
    name = f"adm{uuid.uuid4().hex[:8]}"
    auth.set_password(served.db, name, PASSWORD, now())
    return name


def copied(served, make_app, client):
    """Another worker (a second app on the same database) holding a copy of the client's cookie."""
    other = make_app(served.url).test_client()
    other.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert other.get(PROTECTED).status_code == 200, "the copy works while the session lasts"
    return other


def test_logout_ends_the_session_for_a_copied_cookie_on_another_worker(served, make_app):
    client = served.app.test_client()
    assert login(client, new_admin(served)).status_code == 302
    other = copied(served, make_app, client)
    assert client.post("/admin/logout/", data={"csrf_token": csrf(client, "/admin/")}).status_code == 302
    assert other.get(PROTECTED).status_code == 302
    assert other.get("/admin/api/surveys/acme/status").status_code == 401


@pytest.mark.parametrize("how", ["new password", "removed"])
def test_a_new_password_or_removal_ends_every_session(served, make_app, how):
    name = new_admin(served)
    clients = [served.app.test_client() for _ in range(2)]
    for client in clients:
        assert login(client, name).status_code == 302
    other = copied(served, make_app, clients[0])
    if how == "removed":
        auth.remove_admin(served.db, name, now())
    else:
        auth.set_password(served.db, name, PASSWORD + "!", now())
    for client in (*clients, other):
        assert client.get(PROTECTED).status_code == 302
    if how == "new password":
        assert login(clients[0], name, PASSWORD + "!").status_code == 302, "a new login works"


def test_a_session_ends_when_its_time_is_up(served):
    client = served.app.test_client()
    assert login(client, new_admin(served)).status_code == 302
    with client.session_transaction("/admin/") as saved:
        token = saved["token"]
    with served.app.test_request_context("/admin/"):
        session["token"] = token
        assert auth.current_admin(served.db, now()) is not None
        assert auth.current_admin(served.db, now() + auth.SESSION_LENGTH) is None


def test_failed_logins_answer_alike_for_real_and_unknown_names(served, make_app):
    """Were only real names limited, the 429 would tell which names exist."""
    limits = Options(login_limits=LoginLimits(per_name=Limit(3, 900), everyone=Limit(1000, 900)))
    app = make_app(served.url, limits)
    answers = {}
    for name in (new_admin(served), f"nobody{uuid.uuid4().hex[:8]}", "not a valid name!"):
        client = app.test_client()
        answers[name] = [login(client, name, "wrong password!").status_code for _ in range(5)]
    assert list(answers.values()) == [[401, 401, 401, 429, 429]] * 3, answers


def test_respondents_pages_set_no_cookie(served, shipped):
    client = served.app.test_client()
    lang = "en"
    paths = [
        f"/{lang}/",
        f"/{lang}/assessment/{shipped.id}/?survey=acme&team=sales",
        f"/{lang}/result/{shipped.id}/",
        f"/{lang}/receipt/",
        "/api/surveys/acme",
        "/nothing/here/",
    ]
    for path in paths:
        reply = client.get(path)
        assert reply.status_code in (200, 404) and "Set-Cookie" not in reply.headers, path
    form = {q.id: "1" for q in shipped.questions}
    posted = client.post(f"/{lang}/assessment/{shipped.id}/", data=form)
    assert posted.status_code == 200 and "Set-Cookie" not in posted.headers
    assert client.get_cookie(COOKIE) is None
