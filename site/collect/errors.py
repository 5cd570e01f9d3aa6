"""The collecting server's own errors. A refusal carries a strings key, so the API and the admin pages can
say what went wrong in the respondent's language, and the HTTP status it maps to."""

from __future__ import annotations

from flask import current_app, request
from sqlalchemy.exc import DataError, DBAPIError

from centricity.core.errors import AnswerError, CentricityError
from centricity.model.strings import fill, strings


class CollectError(CentricityError):
    """A problem with the server's set-up (database, options) that the consultant can fix."""


class NotMigrated(CollectError):
    """The database schema is missing or older than the code: serving would fail on the first query."""


class Refused(CentricityError):
    """A request the server will not carry out; `key` names the message in `site/strings/*.yaml`. A refusal
    of the answers themselves (`answers`) is worded in the same language as the message around it, from its
    own key, so one message never mixes two languages."""

    def __init__(
        self, key: str, status: int, detail: str = "", answers: AnswerError | None = None, **params: object
    ):
        self.key = key
        self.status = status
        self.detail = detail
        self.answers = answers
        self.params = params
        super().__init__(f"{key}: {detail}" if detail else key)

    def text(self, lang: str) -> str:
        t = strings(lang)
        params = dict(self.params)
        if self.answers is not None:
            a = self.answers
            params["reason"] = fill(t[f"refusal.{a.key}"], **a.params) if a.key else str(a)
        return fill(t[self.key], **params)


def database_failed(exc: DBAPIError, key: str) -> Refused:
    """The database failed (down, full, locked for too long): the reason goes to the server's log, where the
    operator looks, and the person gets the message `key` with status 503, never the driver's words.

    A value the database refuses to hold (DataError: a NUL byte in text for PostgreSQL, a number beyond its
    column) is the request's fault, not the database's: 400, and a warning instead of an error, since
    anyone can send one. Checks at the edges refuse such values first; this is the net below them."""
    reason = str(exc.orig).strip().splitlines()[0][:300] if exc.orig else type(exc).__name__
    if isinstance(exc, DataError):
        current_app.logger.warning("value refused by the database on %s: %s", request.path, reason)
        return Refused("collect.error.value", 400)
    current_app.logger.error("database error on %s: %s", request.path, reason)
    return Refused(key, 503)
