"""The admin area's pages for what is kept and who did what: the audit log (page and CSV), a survey's
retention, and deleting a whole survey. Routes of the admin blueprint, so behind its login and CSRF guard."""

from __future__ import annotations

from flask import Response, g, redirect, request, url_for

from centricity.collect import audit, retention, surveys
from centricity.collect.admin import bp, page, server
from centricity.collect.app import now
from centricity.collect.errors import Refused
from centricity.collect.models import Survey


@bp.get("/audit/")
def audit_log():
    with server().db.read() as session:
        entries = audit.latest(session)
    return page("collect/audit.html", entries=entries, shown=audit.SHOWN)


@bp.get("/audit.csv")
def audit_csv():
    with server().db.read() as session:
        text = audit.export(session)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


@bp.post("/surveys/<tag:survey_id>/retention/")
def set_retention(survey_id: str):
    days = surveys.parse_days(request.form.get("retention_days", ""))
    surveys.check_retention(days)
    with server().db.write() as session:
        survey = session.get(Survey, survey_id)
        if survey is None:
            raise Refused("collect.error.no_survey", 404, id=survey_id)
        survey.retention_days = days
        detail = "keep" if days is None else f"{days} days after closing"
        audit.record(session, g.admin.name, "retention", now(), survey_id, detail)
    server().sweeper.next = 0  # look at once: the new retention may already be due
    return redirect(url_for("collect_admin.survey", survey_id=survey_id))


@bp.post("/surveys/<tag:survey_id>/delete-survey/")
def delete_survey(survey_id: str):
    if request.form.get("confirm", "").strip() != survey_id:
        raise Refused("collect.error.confirm", 400, id=survey_id)
    with server().db.write() as session:
        count = retention.delete_survey(session, survey_id)
        audit.record(session, g.admin.name, "delete-survey", now(), survey_id, f"{count} responses")
    server().collector.forget(survey_id)
    return redirect(url_for("collect_admin.index"))
