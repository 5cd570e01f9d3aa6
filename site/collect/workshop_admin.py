"""The facilitator's side of a workshop, behind the admin area's guard (login, CSRF; these are routes of its
blueprints): start one from a survey or on the spot, the control page, the projector, the steps, and the
projector's live feed (server-sent events, with a JSON state for polling where events do not get through).

    POST /admin/surveys/<id>/workshop/          start a workshop on a survey
    GET  /admin/workshops/new/ (POST)           make a survey on the spot and start a workshop on it
    GET  /admin/workshops/<n>/                  the facilitator's controls
    GET  /admin/workshops/<n>/projector/        the room's screen (the keys drive it too)
    POST /admin/workshops/<n>/step              do=open|close|reveal|next|again|end, target=...
    GET  /admin/api/workshops/<n>/events        text/event-stream of the live state
    GET  /admin/api/workshops/<n>/live          the live state as JSON
"""

from __future__ import annotations

import secrets

import segno
from flask import Response, current_app, g, jsonify, redirect, request, url_for

from centricity.collect import audit, auth, surveys, workshops
from centricity.collect.admin import API, bp, page, server, survey_or_404
from centricity.collect.app import now
from centricity.collect.errors import Refused
from centricity.collect.models import Survey
from centricity.collect.workshop_room import Rooms
from centricity.collect.workshop_stage import ranking, stage
from centricity.collect.workshop_stream import events
from centricity.core.limits import MIN_GROUP
from centricity.model.strings import strings
from centricity.web.views import page_strings, render


def rooms() -> Rooms:
    return current_app.extensions["workshop"]


@bp.post("/surveys/<tag:survey_id>/workshop/")
def start_workshop(survey_id: str):
    survey, _q = survey_or_404(survey_id)
    return _start(survey)


def _room_lang() -> str:
    """The room's language (the projector's, the join link's): chosen when starting, else the admin's."""
    lang = request.form.get("lang", "")
    return lang if lang in server().collector.catalog.languages else server().admin_lang


def _start(survey: Survey):
    if not surveys.accepts(survey, now().date()):
        raise Refused("workshop.error.survey_closed", 409)
    with server().db.write() as session:
        found = session.get(Survey, survey.id)
        assert found is not None
        workshop_id = workshops.start(session, found, _room_lang(), now()).id
        audit.record(session, g.admin.name, "workshop", now(), survey.id, f"workshop {workshop_id}")
    return redirect(url_for("collect_admin.workshop", workshop_id=workshop_id))


@bp.route("/workshops/new/", methods=["GET", "POST"])
def new_workshop():
    """A survey made on the spot for a room: a name, a questionnaire, teams if any, the minimum group."""
    form = request.form if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            spec = _spot_survey(form)
            with server().db.write() as session:
                survey = surveys.create(session, spec, server().collector.catalog, now())
                audit.record(session, g.admin.name, "create", now(), spec.id)
            return _start(survey)
        except Refused as exc:
            error = exc
    title = strings(server().admin_lang)["workshop.new"]
    text = error.text(server().admin_lang) if error else None
    html = page("collect/workshop_new.html", form=form, error=text, title=title, default_min=MIN_GROUP)
    return html, error.status if error else 200


def _spot_survey(form) -> surveys.SurveySpec:
    try:
        min_group = int(form.get("min_group", "") or MIN_GROUP)
    except ValueError:
        min_group = 0  # refused by surveys.check, with its message
    return surveys.SurveySpec(
        id=f"workshop-{now():%Y%m%d-%H%M}-{secrets.token_hex(2)}",
        questionnaire=form.get("questionnaire", ""),
        name=form.get("name", ""),
        teams=surveys.parse_teams(form.get("teams", "")),
        min_group=min_group,
    )


def _stage(workshop_id: int, room: bool = False):
    """What the pages show, in the admin's language, or in the room's for the projector (`room`)."""
    with server().db.read() as session:
        found = session.get(workshops.Workshop, workshop_id)
        survey_id, lang = (found.survey_id, found.lang) if found else (None, "")
    if survey_id is None:
        raise Refused("workshop.error.none", 404)
    _survey, q = survey_or_404(survey_id)
    return stage(server().db, rooms(), workshop_id, q, lang if room else server().admin_lang)


def _join_url(code: str) -> str:
    return request.host_url.rstrip("/") + url_for("workshop_public.short", code=code)


def _qr(link: str) -> str:
    """The join link as an inline SVG (no image request, no outside service)."""
    svg = segno.make(link, error="m").svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


@bp.get("/workshops/<int:workshop_id>/")
def workshop(workshop_id: int):
    st = _stage(workshop_id)
    title = strings(server().admin_lang)["workshop.control.title"] + " · " + st.survey.name
    return page(
        "collect/workshop_control.html", st=st, join=_join_url(st.workshop.code), title=title, data=_data(st)
    )


@bp.get("/workshops/<int:workshop_id>/projector/")
def projector(workshop_id: int):
    st = _stage(workshop_id, room=True)
    join, lang = _join_url(st.workshop.code), st.workshop.lang
    title = strings(lang)["workshop.projector.title"] + " · " + st.survey.name
    context = {"st": st, "join": join, "qr": _qr(join), "title": title, "data": _data(st)}
    return render(
        "collect/workshop_projector.html", lang, admin=g.get("admin"), csrf=auth.csrf_token(), **context
    )


def _data(st) -> dict:
    """What the pages' script needs: where the feed is, where steps go, and the key the page was drawn at."""
    wid = st.workshop.id
    return {
        "events": url_for("collect_admin_api.workshop_events", workshop_id=wid),
        "live": url_for("collect_admin_api.workshop_live", workshop_id=wid),
        "step": url_for("collect_admin.workshop_step", workshop_id=wid),
        "drawn": st.live.to_json(),
        "csrf": auth.csrf_token(),
        "scopes": [scope.id for scope in st.scopes],
        "strings": page_strings(server().admin_lang, "workshop.step.", "workshop.error."),
    }


@bp.post("/workshops/<int:workshop_id>/step")
def workshop_step(workshop_id: int):
    """A step from a form (back to the controls) or from the keys (the new live state, or the refusal, as
    JSON)."""
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        _take(workshop_id, workshops.Step(request.form.get("do", ""), request.form.get("target", "")))
    except Refused as exc:
        if not wants_json:
            raise
        return jsonify(error=exc.key, message=exc.text(server().admin_lang)), exc.status
    if wants_json:
        return jsonify(rooms().live(workshop_id).to_json())
    return redirect(url_for("collect_admin.workshop", workshop_id=workshop_id))


def _take(workshop_id: int, step: workshops.Step) -> None:
    with server().db.write() as session:
        workshop = workshops.locked(session, workshop_id)
        survey = session.get(Survey, workshop.survey_id)
        assert survey is not None
        q = server().collector.questionnaire(server().collector.definition(survey.id))
        if workshops.apply(session, workshop, q, step, ranking(session, q, survey.min_group)):
            stored = rooms().sync_responses(session, workshop_id, now())
            if workshop.phase == workshops.ENDED:
                audit.record(session, g.admin.name, "workshop-end", now(), survey.id, f"{stored} responses")


@API.get("/workshops/<int:workshop_id>/live")
def workshop_live(workshop_id: int):
    return jsonify(rooms().live(workshop_id).to_json())


@API.get("/workshops/<int:workshop_id>/events")
def workshop_events(workshop_id: int):
    rooms().live(workshop_id)  # a 404 now rather than an empty stream
    response = Response(events(rooms(), workshop_id), mimetype="text/event-stream")
    response.headers["X-Accel-Buffering"] = "no"  # nginx passes each event on at once
    return response
