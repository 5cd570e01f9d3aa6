"""A survey's report and exports, behind the admin area's guard (they are routes of its blueprint):

- `report.html`: the team report, as `python build.py report` writes it (self-contained, no scripts)
- `responses.csv` and `summary.csv`: the team view's two CSV files
- `summary.json`: the report's figures (`TeamSummary`), for the client: the same protected set of figures
- `responses.json`: every stored response file, which `build.py report` and the team view can read back
  (one per person, like `responses.csv`: for the consultant's own tools, not for the client)
"""

from __future__ import annotations

import json

from flask import Response, request, stream_with_context

from centricity.collect import results
from centricity.collect.admin import bp, server, survey_or_404
from centricity.collect.models import Survey
from centricity.model.questionnaire import Questionnaire
from centricity.team import aggregate as agg
from centricity.team.export import csv_text, response_rows, summary_rows
from centricity.web.itemsection import survey_items
from centricity.web.report import render_report, survey_facts

REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


def _lang() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in server().collector.catalog.languages else server().admin_lang


def _attachment(body, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _figures(survey: Survey, q: Questionnaire) -> tuple[agg.TeamSummary, list]:
    return results.team_figures(q, results.codes(server().db, survey.id), survey.min_group)


def _names(survey: Survey) -> dict[str, str]:
    return {t.id: t.name for t in survey.teams}


@bp.get("/surveys/<tag:survey_id>/report.html")
def report(survey_id: str):
    survey, q = survey_or_404(survey_id)
    summary, rows = _figures(survey, q)
    config = server().collector.catalog.config
    facts = survey_facts(
        rows,
        _names(survey),
        {t.id: t.expected for t in survey.teams},
        name=survey.name,
        opens=survey.opens.isoformat() if survey.opens else "",
        closes=survey.closes.isoformat() if survey.closes else "",
    )
    items = survey_items(q, rows, summary, False, "")
    html = render_report(
        q, _lang(), summary, rows, config, team_names=_names(survey), survey=facts, items=items
    )
    response = _attachment(html, "text/html", f"{survey.id}-report.html")
    response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


@bp.get("/surveys/<tag:survey_id>/responses.csv")
def responses_csv(survey_id: str):
    survey, q = survey_or_404(survey_id)
    _summary, rows = _figures(survey, q)
    text = csv_text(response_rows(q, rows, _lang()))
    return _attachment(text, "text/csv", f"{survey.id}-responses.csv")


@bp.get("/surveys/<tag:survey_id>/summary.csv")
def summary_csv(survey_id: str):
    survey, q = survey_or_404(survey_id)
    summary, _rows = _figures(survey, q)
    text = csv_text(summary_rows(q, summary, _lang(), _names(survey)))
    return _attachment(text, "text/csv", f"{survey.id}-summary.csv")


@bp.get("/surveys/<tag:survey_id>/summary.json")
def summary_json(survey_id: str):
    survey, q = survey_or_404(survey_id)
    summary, _rows = _figures(survey, q)
    body = json.dumps(
        {"survey": {"id": survey.id, "name": survey.name}, **summary.to_dict()}, ensure_ascii=False
    )
    return _attachment(body, "application/json", f"{survey.id}-summary.json")


@bp.get("/surveys/<tag:survey_id>/responses.json")
def responses_json(survey_id: str):
    survey, q = survey_or_404(survey_id)
    header = {"id": survey.id, "name": survey.name, "questionnaire": q.id}
    body = stream_with_context(results.export_json(server().db, survey.id, header))
    return _attachment(body, "application/json", f"{survey.id}-responses.json")
