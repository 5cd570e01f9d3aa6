"""`create_collect_app`: the site's own Flask app (same pages, same origin) plus the respondents' JSON API,
the receipt page and the admin area.

Only this server's pages allow `connect-src 'self'`, so only they can send answers, and only to where
they came from; the static build keeps `connect-src 'none'`. The result page gains a "Send" panel by a
template that extends the site's own (`templates/result.html`), so the site's templates stay unaware of it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request, url_for
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from sqlalchemy import select

from centricity.collect import handlers, language, logs, ratelimit, retention
from centricity.collect.auth import AdminSessions, LoginLimits
from centricity.collect.db import Database, connect, require_migrated
from centricity.collect.models import Setting
from centricity.collect.oidc import OidcSettings, Provider
from centricity.collect.proxy import LOOPBACK, TrustedProxy
from centricity.collect.submissions import Collector
from centricity.core.limits import REQUEST_MAX_BYTES, SESSION_HOURS, SUBMIT_LIMIT
from centricity.model.catalog import Catalog
from centricity.model.config import SiteConfig
from centricity.web.app import CSP, create_app
from centricity.web.views import page_strings

COLLECT_CSP = CSP.replace("connect-src 'none'", "connect-src 'self'")
TEMPLATES = Path(__file__).resolve().parent / "templates"
API_SURVEYS = "/api/surveys/"


@dataclass
class Options:
    """What a consultant may set when starting the server (see `python build.py collect --help`)."""

    https: bool = False  # behind an HTTPS proxy: Secure cookies
    trusted_proxies: tuple[str, ...] = LOOPBACK  # whose X-Forwarded-Proto is believed (proxy.py)
    oidc: OidcSettings | None = None  # single sign-on beside passwords (oidc.py)
    submit_limit: ratelimit.Limit = field(default_factory=lambda: ratelimit.Limit.parse(SUBMIT_LIMIT))
    login_limits: LoginLimits = field(default_factory=LoginLimits)
    recipient: str = ""  # who receives the answers, as respondents are told (default: the site's own name)
    admin_lang: str = ""  # the admin area's language when the browser asks for none of the site's
    sweep_seconds: float = retention.SWEEP_SECONDS  # how often a worker looks for responses to forget


@dataclass
class Server:
    db: Database
    collector: Collector
    options: Options
    sweeper: retention.Sweeper

    @property
    def recipient(self) -> str:
        """Who receives the answers: `--recipient`, else the name of a site the consultant configured; ""
        when neither (respondents are then told the answers go to the survey's owner, named by the survey's
        name), never this project's own name."""
        name = self.collector.catalog.config.name
        return self.options.recipient or ("" if name == SiteConfig.name else name)

    @property
    def admin_lang(self) -> str:
        """The admin area's language for this request: the switch, else the browser's, else `--admin-lang`."""
        languages = self.collector.catalog.languages
        default = self.options.admin_lang or languages[0]
        return language.asked(languages, default, language.ADMIN_COOKIE) if has_request_context() else default


def server() -> Server:
    return current_app.extensions["collect"]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def create_collect_app(catalog: Catalog, db_url: str, options: Options | None = None) -> Flask:
    options = options or Options()
    db = connect(db_url)
    require_migrated(db)
    logs.configure()
    app = create_app(catalog, live=True)
    if options.oidc is not None:
        app.extensions["collect_oidc"] = Provider(options.oidc)
    sweeper = retention.Sweeper(db, options.sweep_seconds)
    app.extensions["collect"] = Server(db, Collector(db, catalog, options.submit_limit), options, sweeper)
    app.before_request(sweeper.on_request)
    with db.read() as session:
        stored = session.scalars(select(Setting.value).where(Setting.key == "secret_key")).one()
        app.secret_key = os.environ.get("CENTRICITY_SECRET") or stored
    app.config.update(
        CSP=COLLECT_CSP,
        MAX_CONTENT_LENGTH=REQUEST_MAX_BYTES,
        SESSION_COOKIE_NAME="__Host-centricity" if options.https else "centricity",
        SESSION_COOKIE_SECURE=options.https,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        FORM_CSRF=False,  # respondents get no cookie; the result form changes nothing on the server
    )
    app.wsgi_app = TrustedProxy(app.wsgi_app, options.trusted_proxies)  # type: ignore[method-assign]
    web, own = app.jinja_loader, app.jinja_env.loader
    assert web is not None and own is not None, "create_app sets the site's templates folder"
    app.jinja_env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), PrefixLoader({"web": web}), own])

    _routes(app, db)
    app.context_processor(lambda: {"collect_data": collect_data})

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", COLLECT_CSP)
        if options.https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    return app


def _routes(app: Flask, db: Database) -> None:
    """Every blueprint of the server, on the site's own app."""
    from centricity.collect import (
        accountpages,
        admin,
        api,
        auditpages,
        downloads,
        health,
        itempages,
        oidcpages,
        pages,
        workshop_admin,
        workshop_public,
    )

    # imported for their routes, which they add to the admin blueprints
    del accountpages, auditpages, downloads, itempages, oidcpages, workshop_admin
    app.extensions["workshop"] = workshop_public.Rooms(db, app.extensions["collect"].collector)

    handlers.install(app)  # before the blueprints: their routes use its URL converter
    app.register_blueprint(api.bp)
    app.session_interface = AdminSessions(f"{admin.bp.url_prefix}/")
    app.register_blueprint(pages.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(workshop_public.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin.API)


def collect_data(lang: str) -> dict:
    """What the result page's Send panel needs, embedded as JSON: where to send, and its texts."""
    return {
        "api": request.script_root + API_SURVEYS,
        "receipt_page": url_for("collect_pages.receipt", lang=lang),
        "recipient": server().recipient,
        "strings": page_strings(lang, "collect.send.", "collect.error."),
    }
