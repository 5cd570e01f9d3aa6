"""Admin login, sessions and CSRF tokens.

Failed logins are counted in the database per name typed and for all names together, so a guesser meets
the same limit whichever worker or instance answers; no address is involved. A name that does not exist is
counted like one that does, so the answers (401, then 429) never tell which names exist. The session cookie
(signed by a key kept in the database, HttpOnly, SameSite=Strict, Secure behind HTTPS) holds a random
token whose hash is a row of `admin_sessions`: logging out deletes the row, a new password or removing the
admin deletes all of theirs, and every worker and instance sees it at the next request.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field

from flask import Flask, Request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from sqlalchemy import delete, select

from centricity.collect import audit, ratelimit
from centricity.collect.db import Database
from centricity.collect.errors import Refused
from centricity.collect.models import ADMIN, VIEWER, Admin, AdminSession
from centricity.collect.passwords import hash_password, verify_password
from centricity.collect.submissions import digest
from centricity.core.limits import LOGIN_LIMIT_EVERYONE, LOGIN_LIMIT_PER_NAME, PASSWORD_MIN, SESSION_HOURS
from centricity.team.survey import TAG


class AdminSessions(SecureCookieSessionInterface):
    """Sessions are the admin area's (under `private`) only: respondents' pages and API never open one, so
    they set no cookie and skip a key derivation per request."""

    def __init__(self, private: str):
        self.private = private

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not request.path.startswith(self.private):
            return None  # Flask's null session: reading is empty, writing refused
        return super().open_session(app, request)


SESSION_LENGTH = dt.timedelta(hours=SESSION_HOURS)


@dataclass(frozen=True)
class LoginLimits:
    per_name: ratelimit.Limit = field(default_factory=lambda: ratelimit.Limit.parse(LOGIN_LIMIT_PER_NAME))
    everyone: ratelimit.Limit = field(default_factory=lambda: ratelimit.Limit.parse(LOGIN_LIMIT_EVERYONE))


def login(db: Database, name: str, password: str, limits: LoginLimits, now: dt.datetime) -> Admin:
    """The admin, or Refused: wrong name or password (401), or too many failures lately (429)."""
    keys = [("login:*", limits.everyone), (f"login:{digest(name)[:40]}", limits.per_name)]
    with db.read() as s:
        admin = s.scalar(select(Admin).where(Admin.name == name)) if TAG.fullmatch(name) else None
        if any(ratelimit.used(s, key, limit) >= limit.count for key, limit in keys):
            raise Refused("collect.error.login_rate", 429, minutes=limits.per_name.seconds // 60)
    if verify_password(password, admin.password_hash if admin else None) and admin is not None:
        start_session(db, admin, now)
        return admin
    with db.write() as s:
        for key, limit in keys:
            ratelimit.hit(s, key, limit)
    raise Refused("collect.error.login", 401)


def start_session(db: Database, admin: Admin, now: dt.datetime, how: str = "") -> None:
    """A fresh session for `admin`, recorded in the database: nothing from before the sign-in carries over."""
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        s.execute(delete(AdminSession).where(AdminSession.expires <= now))
        s.add(AdminSession(id=digest(token), admin_id=admin.id, expires=now + SESSION_LENGTH))
        audit.record(s, admin.name, "sign-in", now, detail=how)
    session.clear()
    session.permanent = True
    session["token"] = token


def current_admin(db: Database, now: dt.datetime) -> Admin | None:
    """The admin whose session the cookie names, if that session is still in the database."""
    token = session.get("token")
    if not isinstance(token, str):
        return None
    with db.read() as s:
        return s.scalar(
            select(Admin)
            .join(AdminSession, AdminSession.admin_id == Admin.id)
            .where(AdminSession.id == digest(token), AdminSession.expires > now)
        )


def logout(db: Database, actor: str, now: dt.datetime) -> None:
    token = session.get("token")
    if isinstance(token, str):
        with db.write() as s:
            s.execute(delete(AdminSession).where(AdminSession.id == digest(token)))
            audit.record(s, actor, "sign-out", now)
    session.clear()


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf(sent: str | None) -> None:
    expected = session.get("csrf")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise Refused("collect.error.csrf", 400)


def set_password(
    db: Database, name: str, password: str, now: dt.datetime, role: str | None = None, actor: str = ""
) -> bool:
    """Create the account (an admin unless `role` says viewer), or give an existing one a new password
    (and `role`, if given); True when created. Either way its sessions end."""
    if not TAG.fullmatch(name):
        raise Refused("collect.error.admin_name", 400)
    if len(password) < PASSWORD_MIN:
        raise Refused("collect.error.password", 400, min=PASSWORD_MIN)
    if role not in (None, ADMIN, VIEWER):
        raise Refused("collect.error.role", 400)
    hashed = hash_password(password)
    with db.write() as s:
        admin = s.scalar(select(Admin).where(Admin.name == name))
        audit.record(s, actor or audit.COMMAND_LINE, "account", now, detail=f"{name}: {role or 'password'}")
        if admin is not None:
            admin.password_hash = hashed
            admin.role = role or admin.role
            s.execute(delete(AdminSession).where(AdminSession.admin_id == admin.id))  # old sessions end
            return False
        s.add(Admin(name=name, password_hash=hashed, created=now, role=role or ADMIN))
        return True


def remove_admin(db: Database, name: str, now: dt.datetime, actor: str = "") -> None:
    """Remove the account and end every session of theirs."""
    with db.write() as s:
        audit.record(s, actor or audit.COMMAND_LINE, "account", now, detail=f"{name}: removed")
        admin = s.scalar(select(Admin).where(Admin.name == name)) if TAG.fullmatch(name) else None
        if admin is None:
            raise Refused("collect.error.no_admin", 404, name=name[:70])
        s.execute(delete(AdminSession).where(AdminSession.admin_id == admin.id))
        s.delete(admin)
