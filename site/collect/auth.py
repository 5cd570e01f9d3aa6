"""Admin login, sessions and CSRF tokens.

Failed logins are counted in the database per admin name and for all names together, so a guesser meets
the same limit whichever worker or instance answers; no address is involved. The session cookie (signed by
a key kept in the database, HttpOnly, SameSite=Strict, Secure behind HTTPS) holds the admin's id and a
fingerprint of the password hash, so changing a password ends every session made with the old one.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field

from flask import Flask, Request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from sqlalchemy import select

from centricity.collect import ratelimit
from centricity.collect.db import Database
from centricity.collect.errors import Refused
from centricity.collect.models import Admin
from centricity.collect.passwords import hash_password, verify_password
from centricity.collect.submissions import digest
from centricity.core.limits import LOGIN_LIMIT_EVERYONE, LOGIN_LIMIT_PER_NAME, PASSWORD_MIN
from centricity.team.survey import TAG


class AdminSessions(SecureCookieSessionInterface):
    """Sessions are the admin area's. The respondents' API (under `public`) never reads one and its
    requests carry no cookie, so it skips opening one, which costs a key derivation on every request."""

    def __init__(self, public: str):
        self.public = public

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(self.public):
            return None  # Flask's null session: reading is empty, writing refused
        return super().open_session(app, request)


@dataclass(frozen=True)
class LoginLimits:
    per_name: ratelimit.Limit = field(default_factory=lambda: ratelimit.Limit.parse(LOGIN_LIMIT_PER_NAME))
    everyone: ratelimit.Limit = field(default_factory=lambda: ratelimit.Limit.parse(LOGIN_LIMIT_EVERYONE))


def _fingerprint(admin: Admin) -> str:
    return digest(admin.password_hash)[:16]


def login(db: Database, name: str, password: str, limits: LoginLimits) -> Admin:
    """The admin, or Refused: wrong name or password (401), or too many failures lately (429)."""
    with db.read() as s:
        admin = s.scalar(select(Admin).where(Admin.name == name)) if TAG.fullmatch(name) else None
        keys = [("login:*", limits.everyone)] + ([(f"login:{admin.name}", limits.per_name)] if admin else [])
        if any(ratelimit.used(s, key, limit) >= limit.count for key, limit in keys):
            raise Refused("collect.error.login_rate", 429, minutes=limits.per_name.seconds // 60)
    if verify_password(password, admin.password_hash if admin else None) and admin is not None:
        session.clear()  # a fresh session: nothing from before the login carries over
        session.permanent = True
        session["admin"] = admin.id
        session["auth"] = _fingerprint(admin)
        return admin
    with db.write() as s:
        for key, limit in keys:
            ratelimit.hit(s, key, limit)
    raise Refused("collect.error.login", 401)


def current_admin(db: Database) -> Admin | None:
    admin_id = session.get("admin")
    if not isinstance(admin_id, int):
        return None
    with db.read() as s:
        admin = s.get(Admin, admin_id)
    if admin is None or not hmac.compare_digest(session.get("auth", ""), _fingerprint(admin)):
        return None
    return admin


def logout() -> None:
    session.clear()


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf(sent: str | None) -> None:
    expected = session.get("csrf")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise Refused("collect.error.csrf", 400)


def set_password(db: Database, name: str, password: str, now: dt.datetime) -> bool:
    """Create the admin, or give an existing one a new password; True when created."""
    if not TAG.fullmatch(name):
        raise Refused("collect.error.admin_name", 400)
    if len(password) < PASSWORD_MIN:
        raise Refused("collect.error.password", 400, min=PASSWORD_MIN)
    hashed = hash_password(password)
    with db.write() as s:
        admin = s.scalar(select(Admin).where(Admin.name == name))
        if admin is not None:
            admin.password_hash = hashed
            return False
        s.add(Admin(name=name, password_hash=hashed, created=now))
        return True
