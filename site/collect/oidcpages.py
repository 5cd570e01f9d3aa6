"""The single sign-on routes of the admin area (`oidc.py` does the protocol): start, and the return from
the provider, which ends in the same server-side session as a password sign-in."""

from __future__ import annotations

from flask import Response, current_app, redirect, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from centricity.collect import auth
from centricity.collect.admin import bp, page, server
from centricity.collect.app import now
from centricity.collect.errors import Refused
from centricity.collect.models import Admin
from centricity.collect.oidc import Attempt, Provider

COOKIE = "centricity-sso"
ATTEMPT_SECONDS = 600


def _provider() -> Provider:
    found = current_app.extensions.get("collect_oidc")
    if found is None:
        raise Refused("collect.error.not_found", 404)
    return found


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.secret_key), salt="centricity-sso")


def _callback() -> str:
    return url_for("collect_admin.sso_return", _external=True)


@bp.get("/login/sso/")
def sso_start():
    attempt = Attempt.new()
    response = redirect(_provider().authorize_url(attempt, _callback()))
    response.set_cookie(
        COOKIE,
        _signer().dumps(attempt.__dict__),
        max_age=ATTEMPT_SECONDS,
        path=url_for("collect_admin.sso_return"),
        secure=server().options.https,
        httponly=True,
        samesite="Lax",  # sent on the way back from the provider's site, unlike the session's Strict cookie
    )
    return response


@bp.get("/login/sso/return")
def sso_return():
    try:
        sent = _signer().loads(request.cookies.get(COOKIE, ""), max_age=ATTEMPT_SECONDS)
        attempt = Attempt(**sent)
    except (BadSignature, TypeError):
        attempt = None
    try:
        if attempt is None or request.args.get("state") != attempt.state or "code" not in request.args:
            raise Refused("collect.error.sso", 401, "no sign-in under way, or its state differs")
        name = _provider().identity(attempt, request.args["code"], _callback())
        with server().db.read() as session:
            admin = session.scalar(select(Admin).where(Admin.name == name))
        if admin is None:
            raise Refused("collect.error.sso_account", 403, name=name[:70])
    except Refused as exc:
        current_app.logger.warning("single sign-on refused: %s", exc)
        html = page("collect/login.html", error=exc.text(server().admin_lang))
        return html, exc.status
    auth.start_session(server().db, admin, now(), "single sign-on")
    # A page, not a redirect: the navigation began on the provider's site, so the browser would not send
    # the new SameSite=Strict cookie on a redirect; a refresh from this page is this site's own.
    target = url_for("collect_admin.index")
    response = Response(page("collect/signed_in.html", target=target))
    response.delete_cookie(COOKIE, path=url_for("collect_admin.sso_return"))
    return response
