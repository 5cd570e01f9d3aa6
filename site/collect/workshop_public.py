"""The participants' side of a workshop: no account, no cookie, no address kept.

    GET  /w/<code>                          the short link the projector shows (and its QR code)
    GET  /<lang>/workshop/                  type the code
    GET  /<lang>/workshop/<code>/           the phone's page: join, answer, see the reveal
    GET  /<lang>/workshop/<code>/reveal     the reveal as an HTML fragment, once the facilitator reveals
    POST /api/workshops/<code>/join         {"token", "team"}: join or rejoin; the round's answers come back
    GET  /api/workshops/<code>/state        phase, round and its questions (polled by the phones)
    POST /api/workshops/<code>/answers      {"token", "round", "question", "choice"}

The API routes sit under `/api/`, where the server opens no session, and its errors are the respondents'
API's: `{"error", "message"}` in the language of `?lang=`.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, request, url_for

from centricity.collect.api import body
from centricity.collect.api import bp as api_bp
from centricity.collect.app import now, server
from centricity.collect.errors import Refused
from centricity.collect.workshop_room import Rooms
from centricity.collect.workshop_stage import stage
from centricity.collect.workshops import REVEALED
from centricity.core.limits import RECEIPT_BODY_MAX_BYTES
from centricity.model.strings import strings
from centricity.web.views import lang_or_404, page_strings, render

bp = Blueprint("workshop_public", __name__)


def rooms() -> Rooms:
    return current_app.extensions["workshop"]


@bp.errorhandler(Refused)
def refused(exc: Refused):
    """A page's refusal (an unknown code for the reveal, say) as plain text in the page's language."""
    lang = (request.view_args or {}).get("lang", "")
    lang = lang if lang in server().collector.catalog.languages else server().admin_lang
    return exc.text(lang), exc.status, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/w/")
@bp.get("/w/<code>")
def short(code: str = ""):
    """The link on the projector: straight to the workshop's page in the workshop's language."""
    if not code:
        return redirect(url_for("workshop_public.enter", lang=server().admin_lang))
    try:
        meta = rooms().meta(code)
    except Refused:
        return redirect(url_for("workshop_public.enter", lang=server().admin_lang, code=code[:20]))
    return redirect(url_for("workshop_public.room", lang=meta.lang, code=meta.code))


@bp.get("/<lang>/workshop/")
def enter(lang: str):
    t = lang_or_404(lang)
    typed = request.args.get("code", "")[:20]
    error = None
    if typed:
        try:
            meta = rooms().meta(typed)
            return redirect(url_for("workshop_public.room", lang=lang, code=meta.code))
        except Refused as exc:
            error = exc.text(lang)
    html = render(
        "collect/workshop_enter.html", lang, typed=typed, error=error, title=t["workshop.enter.title"]
    )
    return html, 404 if error else 200


@bp.get("/<lang>/workshop/<code>/")
def room(lang: str, code: str):
    t = lang_or_404(lang)
    try:
        meta = rooms().meta(code)
    except Refused as exc:
        html = render(
            "collect/workshop_enter.html",
            lang,
            typed=code[:20],
            error=exc.text(lang),
            title=t["workshop.enter.title"],
        )
        return html, 404
    data = {
        "code": meta.code,
        "join": url_for("collect_api.workshop_join", code=meta.code, lang=lang),
        "state": url_for("collect_api.workshop_state", code=meta.code),
        "answer": url_for("collect_api.workshop_answer", code=meta.code, lang=lang),
        "reveal": url_for("workshop_public.reveal", lang=lang, code=meta.code),
        "strings": page_strings(lang, "workshop.phone.", "workshop.error."),
    }
    return render(
        "collect/workshop_phone.html", lang, q=meta.q, meta=meta, data=data, title=t["workshop.phone.title"]
    )


@bp.get("/<lang>/workshop/<code>/reveal")
def reveal(lang: str, code: str):
    """What the room sees on the screen, for a phone: only once the facilitator has revealed it."""
    lang_or_404(lang)
    meta = rooms().meta(code)
    st = stage(server().db, rooms(), meta.id, meta.q, lang)
    if st.live.phase != REVEALED:
        return strings(lang)["workshop.phone.not_revealed"], 409
    response = current_app.make_response(render("collect/workshop_reveal.html", lang, st=st))
    response.headers["Cache-Control"] = "no-store"
    return response


@api_bp.post("/workshops/<code>/join")
def workshop_join(code: str):
    data = body(RECEIPT_BODY_MAX_BYTES)
    if not isinstance(data, dict) or set(data) != {"token", "team"}:
        raise Refused("collect.error.body", 400)
    _meta, mine = rooms().join(code, data["token"], data["team"], now())
    return jsonify(joined=True, mine=mine, state=_state(code))


def _state(code: str) -> dict:
    return rooms().state(rooms().meta(code).id)


@api_bp.get("/workshops/<code>/state")
def workshop_state(code: str):
    return jsonify(_state(code))


@api_bp.post("/workshops/<code>/answers")
def workshop_answer(code: str):
    rooms().answer(code, body(RECEIPT_BODY_MAX_BYTES))
    return jsonify(saved=True)
