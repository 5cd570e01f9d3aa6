"""The consultant's admin area: login, surveys (list, create, close, reopen), each survey's dashboard
(response rate per team against the expected headcount, the latest responses, deleting one) and the live
team view.
Reports and exports are in `downloads.py`, on the same guard.

Every route needs a logged-in admin except the login form itself, and every POST needs the session's
CSRF token: both are checked before any view runs (`guard`), so a new route cannot forget them.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, jsonify, redirect, request, url_for
from sqlalchemy.exc import DBAPIError
from werkzeug.wrappers import Response as BaseResponse

from centricity.collect import access, audit, auth, language, results, retention, surveys
from centricity.collect.app import now, server
from centricity.collect.errors import Refused, database_failed
from centricity.collect.models import ROW_ID_MAX, Survey
from centricity.core.limits import MIN_GROUP, MIN_GROUP_MAX
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import strings
from centricity.team.aggregate import Breakdown, TeamSummary
from centricity.team.survey import survey_links
from centricity.team.wording import Wording
from centricity.web.views import render, result_rules

bp = Blueprint("collect_admin", __name__, url_prefix="/admin")
API = Blueprint("collect_admin_api", __name__, url_prefix="/admin/api")
PUBLIC = {"collect_admin.login", "collect_admin.sso_start", "collect_admin.sso_return"}


def guard() -> BaseResponse | None:
    """Login first (a stranger learns nothing, not even whether a CSRF token was right), then CSRF."""
    g.admin = auth.current_admin(server().db, now())
    if g.admin is None and request.endpoint not in PUBLIC:
        if request.blueprint == API.name or request.method != "GET":
            return refused(Refused("collect.error.login_required", 401))
        return redirect(url_for("collect_admin.login"))
    if g.admin is not None:
        with server().db.read() as session:
            access.check(session, g.admin, request.endpoint, request.view_args)
    if request.method == "POST":
        auth.check_csrf(request.form.get("csrf_token"))
    return None


def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    disposition = response.headers.get("Content-Disposition", "")
    if response.status_code == 200 and disposition.startswith("attachment") and g.get("admin"):
        name = disposition.partition("filename=")[2].strip('"')
        survey_id = (request.view_args or {}).get("survey_id", "")
        with server().db.write() as session:  # every download route, whichever module adds it
            audit.record(session, g.admin.name, "download", now(), survey_id, name)
    return response


def refused(exc: Refused):
    lang = server().admin_lang
    if request.blueprint == API.name:
        return jsonify(error=exc.key, message=exc.text(lang)), exc.status
    return page("collect/error.html", message=exc.text(lang)), exc.status


def remember_language(response: Response) -> Response:
    if response.mimetype == "text/html" and "Content-Disposition" not in response.headers:
        language.remember(response, server().collector.catalog.languages, request.script_root + "/admin/")
    return response


def unavailable(exc: DBAPIError):
    return refused(database_failed(exc, "collect.error.database"))


for blueprint in (bp, API):
    blueprint.before_request(guard)
    blueprint.after_request(private)
    blueprint.after_request(remember_language)
    blueprint.errorhandler(Refused)(refused)
    blueprint.errorhandler(DBAPIError)(unavailable)


def page(template: str, **context) -> str:
    """An admin page in the admin's language, with a switch to the others on every page."""
    lang = server().admin_lang
    args = request.view_args or {}
    languages = server().collector.catalog.languages
    endpoint = request.endpoint or "collect_admin.index"
    switch = [(other, url_for(endpoint, **args, lang=other)) for other in languages]
    sso = "collect_oidc" in current_app.extensions
    return render(
        template, lang, admin=g.get("admin"), csrf=auth.csrf_token(), switch=switch, sso=sso, **context
    )


def survey_or_404(survey_id: str) -> tuple[Survey, Questionnaire]:
    with server().db.read() as session:
        survey = session.get(Survey, survey_id)
        if survey is not None:
            survey.teams  # noqa: B018 (loaded while the session is open)
    if survey is None:
        raise Refused("collect.error.no_survey", 404, id=survey_id[:70])
    return survey, server().collector.questionnaire(server().collector.definition(survey_id))


@bp.route("/login/", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            auth.login(
                server().db,
                request.form.get("name", ""),
                request.form.get("password", ""),
                server().options.login_limits,
                now(),
            )
            return redirect(url_for("collect_admin.index"))
        except Refused as exc:
            error = exc
    html = page("collect/login.html", error=error.text(server().admin_lang) if error else None)
    return html, error.status if error else 200


@bp.post("/logout/")
def logout():
    auth.logout(server().db, g.admin.name, now())
    return redirect(url_for("collect_admin.login"))


@bp.get("/")
def index():
    with server().db.read() as session:
        listed = surveys.all_surveys(session)
        allowed = access.granted(session, g.admin)
    if allowed is not None:  # a viewer: their surveys' report and protected figures, nothing else
        return page("collect/viewer.html", listed=[(s, n) for s, n in listed if s.id in allowed])
    return page("collect/surveys.html", listed=listed, today=now().date(), accepts=surveys.accepts)


@bp.route("/surveys/new/", methods=["GET", "POST"])
def new_survey():
    catalog = server().collector.catalog
    form = request.form if request.method == "POST" else {}
    if request.method == "POST":
        try:
            spec = _spec(form)
            with server().db.write() as session:
                surveys.create(session, spec, catalog, now())
                audit.record(session, g.admin.name, "create", now(), spec.id)
            return redirect(url_for("collect_admin.survey", survey_id=spec.id))
        except Refused as exc:
            return page("collect/new.html", form=form, error=exc.text(server().admin_lang)), exc.status
    return page("collect/new.html", form=form, error=None)


def _spec(form) -> surveys.SurveySpec:
    try:
        min_group = int(form.get("min_group", "") or MIN_GROUP)
    except ValueError:
        raise Refused("collect.error.min_group", 400, max=MIN_GROUP_MAX) from None
    return surveys.SurveySpec(
        id=form.get("id", "").strip(),
        questionnaire=form.get("questionnaire", ""),
        name=form.get("name", ""),
        teams=surveys.parse_teams(form.get("teams", "")),
        opens=surveys.parse_date(form.get("opens", "")),
        closes=surveys.parse_date(form.get("closes", "")),
        min_group=min_group,
        retention_days=surveys.parse_days(form.get("retention_days", "")),
    )


@bp.get("/surveys/<tag:survey_id>/")
def survey(survey_id: str):
    survey, q = survey_or_404(survey_id)
    with server().db.read() as session:
        status = surveys.status(session, survey)
        latest = results.recent(session, survey.id)
    lang = server().admin_lang
    summary, means = protected_teams(survey, q)
    base = request.host_url.rstrip("/") + request.script_root + "/"
    teams = [(t.id, "" if t.name == t.id else t.name) for t in survey.teams]
    links = [
        (lg, team, link)
        for lg in server().collector.catalog.languages
        for team, link in survey_links(base, lg, q.id, survey.id, teams, min_group=survey.min_group)
    ]
    # The team view reads its settings from its own link, as it does from a survey link's.
    names = "\n".join(f"{tid} = {name}" for tid, name in teams if name)
    live = {"min": survey.min_group, **({"teams": names} if names else {})}
    return page(
        "collect/survey.html",
        survey=survey,
        q=q,
        status=status,
        latest=latest,
        links=links,
        live_query=live,
        is_open=surveys.accepts(survey, now().date()),
        title=survey.name,
        dims=[(d.id, d.title[lang]) for d in q.dimensions],
        means=means,
        wording=Wording(q, summary, lang, {t.id: t.name for t in survey.teams}),
        forget_on=retention.forget_on(survey),
    )


_SUMMARIES: dict[tuple[str, str, int, str, int], TeamSummary] = {}
SUMMARIES_KEPT = 16  # per worker: the latest summaries of the surveys being watched


def protected_teams(survey: Survey, q: Questionnaire) -> tuple[TeamSummary, Breakdown | None]:
    """The team means as the report and the team view show them: the survey's one protected set of figures,
    so that no page can be set against another to work out a small team. Worked out again only when the
    stored responses change (`results.version`): 10,000 responses take about 2 s (bench/collect_load.py)."""
    key = (survey.id, results.version(server().db, survey.id), survey.min_group, q.id, q.version)
    summary = _SUMMARIES.get(key)
    if summary is None:
        summary, _rows = results.team_figures(q, results.codes(server().db, survey.id), survey.min_group)
        if len(_SUMMARIES) >= SUMMARIES_KEPT:
            _SUMMARIES.pop(next(iter(_SUMMARIES)))
        _SUMMARIES[key] = summary
    return summary, next((b for b in summary.breakdowns if b.kind == "team"), None)


@bp.post("/surveys/<tag:survey_id>/close/")
def close(survey_id: str):
    return _set_closed(survey_id, True)


@bp.post("/surveys/<tag:survey_id>/reopen/")
def reopen(survey_id: str):
    return _set_closed(survey_id, False)


def _set_closed(survey_id: str, closed: bool):
    with server().db.write() as session:
        surveys.set_closed(session, survey_id, closed, now().date())
        audit.record(session, g.admin.name, "close" if closed else "reopen", now(), survey_id)
    return redirect(url_for("collect_admin.survey", survey_id=survey_id))


@bp.post("/surveys/<tag:survey_id>/delete/")
def delete_response(survey_id: str):
    number = request.form.get("number", "")
    if not number.isascii() or not number.isdigit() or len(number) > 12 or int(number) > ROW_ID_MAX:
        raise Refused("collect.error.no_response", 404, number=number[:20])
    with server().db.write() as session:
        results.delete_one(session, survey_id, int(number))
        audit.record(session, g.admin.name, "delete-response", now(), survey_id, f"response {number}")
    return redirect(url_for("collect_admin.survey", survey_id=survey_id))


@bp.get("/surveys/<tag:survey_id>/team/")
def team(survey_id: str):
    survey, q = survey_or_404(survey_id)
    lang = server().admin_lang
    t = strings(lang)
    return page(
        "collect/team.html",
        q=q,
        survey=survey,
        data={**result_rules(q, lang), "keep_identical": True},  # as results.team_figures
        feed=url_for("collect_admin_api.codes", survey_id=survey.id),
        title=t["team.title"] + " · " + survey.name,
        description=t["team.lead"],
    )


@API.get("/surveys/<tag:survey_id>/codes")
def codes(survey_id: str):
    """The stored responses' codes, for the live team view. It polls with the version it holds, and gets
    the codes again only when responses were added, replaced or deleted since."""
    survey, _q = survey_or_404(survey_id)
    version = results.version(server().db, survey.id)
    if request.args.get("version") == version:
        return jsonify(survey=survey.id, version=version, changed=False)
    return jsonify(
        survey=survey.id, version=version, changed=True, codes=results.codes(server().db, survey.id)
    )


@API.get("/surveys/<tag:survey_id>/status")
def status(survey_id: str):
    survey, q = survey_or_404(survey_id)
    with server().db.read() as session:
        found = surveys.status(session, survey)
    summary, means = protected_teams(survey, q)
    wording = Wording(q, summary, server().admin_lang, {t.id: t.name for t in survey.teams})
    return jsonify(
        survey=survey.id,
        responses=found.responses,
        expected=found.expected,
        rate=found.rate,
        latest=found.latest.isoformat() if found.latest else None,
        teams=[line.__dict__ for line in found.lines],
        means=[
            {"id": g.id, "n": g.n, "overall": g.overall, "dimensions": g.dimensions}
            for g in (means.groups if means else ())
        ],
        means_note=wording.breakdown_note(means) if means else "",
    )
