"""The admin area's accounts page: admins and viewers, which surveys each viewer may see, a new account or
a new password, removing one (its sessions end at once). Routes of the admin blueprint, admins only."""

from __future__ import annotations

from flask import g, redirect, request, url_for

from centricity.collect import access, audit, auth
from centricity.collect.admin import bp, page, server
from centricity.collect.app import now
from centricity.collect.errors import Refused


def _page(error: Refused | None = None):
    with server().db.read() as session:
        listed = access.accounts(session)
    message = error.text(server().admin_lang) if error else None
    return page("collect/accounts.html", accounts=listed, error=message), error.status if error else 200


@bp.route("/accounts/", methods=["GET", "POST"])
def accounts():
    if request.method == "GET":
        return _page()
    form = request.form
    name, role = form.get("name", "").strip(), form.get("role", "")
    wanted = [s.strip() for s in form.get("surveys", "").split(",") if s.strip()]
    try:
        auth.set_password(server().db, name, form.get("password", ""), now(), role, g.admin.name)
        with server().db.write() as session:
            for survey_id in wanted:
                access.grant(session, name, survey_id)
                audit.record(session, g.admin.name, "grant", now(), survey_id, name)
    except Refused as exc:
        return _page(exc)
    return redirect(url_for("collect_admin.accounts"))


@bp.post("/accounts/<tag:name>/remove/")
def remove_account(name: str):
    if name == g.admin.name:
        raise Refused("collect.error.forbidden", 403)
    auth.remove_admin(server().db, name, now(), g.admin.name)
    return redirect(url_for("collect_admin.accounts"))
