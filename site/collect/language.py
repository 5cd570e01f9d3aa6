"""Which language the server answers a request in, one rule for the respondents' API and the admin area.

A page or a script that says which language it wants (`?lang=`, as the site's pages and send.js do) gets it;
the admin area also remembers the language picked with its switch (a cookie of its own, with no other
content); otherwise the browser's Accept-Language picks among the site's languages; otherwise the server's
default (`--admin-lang` for the admin area) or the site's first language.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, request

ADMIN_COOKIE = "centricity_admin_lang"


def asked(languages: Sequence[str], default: str, cookie: str = "") -> str:
    lang = request.args.get("lang", "")
    if lang in languages:
        return lang
    if cookie and request.cookies.get(cookie, "") in languages:
        return request.cookies[cookie]
    return request.accept_languages.best_match(languages) or default


def remember(response: Response, languages: Sequence[str], path: str) -> Response:
    """Keep the admin's pick from the language switch (`?lang=`) for the following pages."""
    lang = request.args.get("lang", "")
    if lang in languages and request.cookies.get(ADMIN_COOKIE) != lang:
        response.set_cookie(
            ADMIN_COOKIE, lang, max_age=365 * 86400, path=path, httponly=True, samesite="Strict"
        )
    return response
