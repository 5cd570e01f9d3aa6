"""A survey's item statistics on the collecting server, behind the admin area's guard (routes of its
blueprint, so whoever may see the survey may see them, and nobody else; a viewer gets the page, its CSV
and the codebook, which are protected figures and texts, but not the answers file):

- `items/`: the page, in the admin area's language (its switch, `?lang=`), on the whole survey or one
  wave the team figures show on its own (`?wave=`), careless respondents kept or left out
  (`?careless=drop`), with its warnings;
- `items.csv`: the same figures, one per row (`scope,id,statistic,value`);
- `answers.csv`: one row per respondent and question, for R, SPSS or Stata: individual answers (never a
  label), like `responses.csv`, so for admins only;
- `codebook.csv`: what every column and code of `answers.csv` means, in every language.

The figures are `build.py report`'s (web/itemsection.py, team/items.py), on the stored responses.
"""

from __future__ import annotations

from flask import Response, g, request, stream_with_context

from centricity.collect import results
from centricity.collect.admin import bp, page, server, survey_or_404
from centricity.collect.errors import Refused
from centricity.collect.models import ADMIN
from centricity.core.errors import CentricityError
from centricity.model.strings import strings
from centricity.team.aggregate import OTHERS
from centricity.web.itemsection import ItemText, stats_module, survey_items


def _figures(survey_id: str):
    """The survey, its questionnaire, rows and item statistics as the request asks for them."""
    survey, q = survey_or_404(survey_id)
    summary, rows = results.team_figures(q, results.codes(server().db, survey.id), survey.min_group)
    drop = request.args.get("careless") == "drop"
    wave = request.args.get("wave", "")
    try:
        report = survey_items(q, rows, summary, drop, wave)
    except CentricityError:
        raise Refused("collect.error.no_wave", 404, wave=wave[:70]) from None
    shown = [x.id for b in summary.breakdowns if b.kind == "wave" for x in b.groups]
    waves = [w for w in shown if w not in (OTHERS, "")]
    return survey, q, rows, report, waves


def _csv(lines, name: str) -> Response:
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/surveys/<tag:survey_id>/items/")
def items_page(survey_id: str):
    survey, q, _rows, report, waves = _figures(survey_id)
    lang = server().admin_lang
    query = {k: v for k, v in request.args.items() if k in ("careless", "wave", "lang")}
    return page(
        "collect/items.html",
        survey=survey,
        q=q,
        items=report,
        it=ItemText(lang),
        waves=waves,
        query=query,
        answers=g.admin.role == ADMIN,  # single answers are for admins only, never for a viewer
        title=strings(lang)["items.title"] + " · " + survey.name,
    )


@bp.get("/surveys/<tag:survey_id>/items.csv")
def items_csv(survey_id: str):
    survey, _q, _rows, report, _waves = _figures(survey_id)
    _items, export = stats_module()
    return _csv(export.tidy_csv(export.stats_rows(report)), f"{survey.id}-items.csv")


@bp.get("/surveys/<tag:survey_id>/answers.csv")
def answers_csv(survey_id: str):
    survey, q, rows, _report, _waves = _figures(survey_id)
    items, export = stats_module()
    m = items.matrix(q, rows)
    lines = export.tidy_csv(export.answer_rows(q, rows, m, items.careless(q, rows).flagged))
    return _csv(lines, f"{survey.id}-answers.csv")


@bp.get("/surveys/<tag:survey_id>/codebook.csv")
def codebook_csv(survey_id: str):
    survey, q = survey_or_404(survey_id)
    items, export = stats_module()
    return _csv(export.tidy_csv(export.codebook_rows(q, items.matrix(q, []))), f"{survey.id}-codebook.csv")
