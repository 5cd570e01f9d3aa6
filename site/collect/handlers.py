"""What the server answers when a request goes nowhere or something fails outside a view's own refusals.

A client's mistake (an unknown URL, a wrong method, a value the database cannot take) is a 4xx answer and
at most one warning line in the log, never a traceback: anyone can send them, so they must not fill the
log. Under `/api/` and `/admin/api/` the answer is JSON like every refusal there; elsewhere, a page. Only
a fault of the server itself (a 500) logs its traceback, as one JSON line (`logs.py`).
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound
from werkzeug.routing import BaseConverter

from centricity.collect import language
from centricity.collect.errors import Refused
from centricity.core.limits import ID_PATTERN
from centricity.web import views

JSON_PREFIXES = ("/api/", "/admin/api/")
_KEYS = {404: "collect.error.not_found", 405: "collect.error.method", 413: "collect.error.too_large"}


class TagConverter(BaseConverter):
    """`<tag:survey_id>`: a URL part that can be an id at all, so nothing else ever reaches a query (a NUL
    byte, 10,000 characters): routing answers 404 first."""

    regex = ID_PATTERN.strip("^$")


def _lang(app: Flask) -> str:
    """As the API's refusals: `?lang=`, else the browser's Accept-Language, else the site's first."""
    languages = app.extensions["collect"].collector.catalog.languages
    return language.asked(languages, languages[0])


def _wants_json() -> bool:
    return request.path.startswith(JSON_PREFIXES)


def install(app: Flask) -> None:
    app.url_map.converters["tag"] = TagConverter

    def refusal(status: int, key: str, fallback):
        if _wants_json():
            exc = Refused(key, status)
            return jsonify(error=exc.key, message=exc.text(_lang(app))), status
        return fallback()

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return refusal(404, _KEYS[404], lambda: (views.not_found_page(), 404))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 400
        return refusal(status, _KEYS.get(status, "collect.error.body"), lambda: exc)

    @app.errorhandler(InternalServerError)
    def server_error(exc: InternalServerError):
        return refusal(500, "collect.error.server", lambda: exc)
