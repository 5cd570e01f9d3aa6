"""Centricity: a customer-centricity maturity assessment, frozen into a static site.

`create_app` follows Flask's factory pattern: the catalog (validated inputs) is loaded first, so a
broken questionnaire fails before any page is rendered.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask
from jinja2 import StrictUndefined

from centricity.model.catalog import Catalog

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def create_app(catalog: Catalog, *, live: bool = False, freezing: bool = False) -> Flask:
    app = Flask(__name__)
    # A missing strings key or template variable is an error when the page is built, never an empty text.
    app.jinja_env.undefined = StrictUndefined
    app.extensions["centricity"] = catalog
    app.config.update(LIVE=live, FREEZING=freezing, CSP=CSP, OFFLINE_ZIP=None)
    app.secret_key = os.environ.get("CENTRICITY_SECRET") or secrets.token_hex(32)
    app.config.update(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True)

    from centricity.web import views

    app.register_blueprint(views.bp)

    @app.errorhandler(404)
    def not_found(_error):
        return views.not_found_page(), 404

    if live:

        @app.after_request
        def headers(response):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            return response

    return app
