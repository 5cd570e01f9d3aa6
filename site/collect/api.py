"""The respondents' JSON API: the only routes without login, since they act on what the respondent holds.

- `GET  /api/surveys/<id>`            what the Send panel shows before sending: the survey's name, who
                                      receives the answers, whether it accepts answers now
- `POST /api/surveys/<id>/responses`  send (or replace) a response: `{"response_id", "response"}`
- `POST /api/receipt`                 see the response a receipt stands for: `{"receipt"}`
- `POST /api/receipt/withdraw`        withdraw it

Bodies must be `application/json` (which a form on another site cannot send without the browser asking
this server first, and it never agrees) and small. Errors are `{"error": key, "message": text}` in the
language given by `?lang=`, else by the Accept-Language header (`language.py`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import RequestEntityTooLarge

from centricity.collect import language
from centricity.collect.app import now, server
from centricity.collect.errors import Refused, database_failed
from centricity.collect.models import Survey
from centricity.collect.readable import readable
from centricity.collect.surveys import accepts
from centricity.core.errors import AnswerError
from centricity.core.limits import MAX_JSON_DEPTH, RECEIPT_BODY_MAX_BYTES, SUBMIT_MAX_BYTES
from centricity.model.jsonsource import parse_json

bp = Blueprint("collect_api", __name__, url_prefix="/api")


def _lang() -> str:
    """`?lang=` (send.js and receipt.js give the page's), else the browser's Accept-Language."""
    languages = server().collector.catalog.languages
    return language.asked(languages, languages[0])


@bp.errorhandler(Refused)
def refused(exc: Refused):
    return jsonify(error=exc.key, message=exc.text(_lang())), exc.status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc):
    return refused(Refused("collect.error.too_large", 413))


@bp.errorhandler(DBAPIError)
def unavailable(exc: DBAPIError):
    """The respondent keeps the answers in the browser and is told to send again."""
    return refused(database_failed(exc, "collect.error.unavailable"))


@bp.after_request
def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def body(limit: int) -> Any:
    """The request's JSON, refusing other types, bodies over `limit` bytes, bad UTF-8, bad or too deep JSON.
    It is read as the browser and the team tools read a response file (`jsonsource`): `7.0` is 7, a
    5,000-digit number is infinity, a response file nests one level below the envelope."""
    if request.mimetype != "application/json":
        raise Refused("collect.error.json_type", 415)
    request.max_content_length = limit
    raw = request.get_data(cache=False)
    try:
        return parse_json(raw.decode("utf-8"), MAX_JSON_DEPTH + 1)
    except (UnicodeDecodeError, AnswerError):
        raise Refused("collect.error.body", 400) from None


@bp.get("/surveys/<tag:survey_id>")
def survey(survey_id: str):
    definition = server().collector.definition(survey_id)
    with server().db.read() as session:
        state = session.get(Survey, definition.id)
        is_open = state is not None and accepts(state, now().date())
    return jsonify(
        id=definition.id,
        name=definition.name,
        recipient=server().recipient,
        open=is_open,
        teams=dict(definition.team_names),
    )


@bp.post("/surveys/<tag:survey_id>/responses")
def submit(survey_id: str):
    ticket = server().collector.submit(survey_id, body(SUBMIT_MAX_BYTES), now())
    return jsonify(receipt=ticket.receipt, survey=ticket.survey, replaced=ticket.replaced), 201


def _receipt() -> Any:
    data = body(RECEIPT_BODY_MAX_BYTES)
    return data.get("receipt") if isinstance(data, dict) else None


@bp.post("/receipt")
def receipt():
    """The stored response, and its reading: each question with the chosen option, in the asked language."""
    found = server().collector.receipt(_receipt())
    survey = server().collector.definition(found["survey"]["id"])
    lines = readable(server().collector.questionnaire(survey), found["response"], _lang())
    return jsonify(
        {**found, "team_name": survey.team_name(found["team"]), "answers": [asdict(line) for line in lines]}
    )


@bp.post("/receipt/withdraw")
def withdraw():
    server().collector.withdraw(_receipt())
    return jsonify(withdrawn=True)
