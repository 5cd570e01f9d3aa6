"""The item statistics and the answers as tidy CSV files, for R, SPSS, Stata or a spreadsheet.

Three files, each one `read.csv` away in R (plain UTF-8 without a byte-order mark, which would rename R's
first column; a header row; empty cells for missing values):

- the item statistics: one figure per row, `scope,id,statistic,value`, scope `dimension` or `item`;
- the answers: one row per respondent and question, the long form analysis tools reshape from, with the
  survey's tags and the context answers (role, ...) to group by; no labels (the names people typed), and
  respondents numbered within the file, not identified;
- the codebook: every column of the answers file explained, each question's and option's text in every
  language of the questionnaire, with the option's score and the question's dimension.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, strings
from centricity.team.export import csv_cell
from centricity.team.itemdata import Matrix
from centricity.team.items import ItemFigures, ItemReport
from centricity.team.rows import Row

STATS_HEADER = ("scope", "id", "statistic", "value")
TAGS = ("respondent", "survey", "team", "wave")  # then one column per context question, ctx_<id>
ANSWER = ("careless", "item", "dimension", "answer", "score", "missing")
CONTEXT = "ctx_"  # question ids never start with it (limits.RESERVED_QUESTION_PREFIXES)
MISSING = "missing"
CODEBOOK_HEADER = ("column", "item", "value", "score", "dimension")


def tidy_csv(rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """CSV lines (CRLF, RFC 4180), no byte-order mark; cells guarded as the team files guard them."""
    for row in rows:
        yield ",".join(csv_cell(c) for c in row) + "\r\n"


def figure(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.6f}"


def stats_rows(report: ItemReport) -> list[tuple[str, ...]]:
    """`scope,id,statistic,value`: per dimension its reliability, per question its figures."""
    out: list[tuple[str, ...]] = [STATS_HEADER]
    for d in report.dimensions:
        dimension = {
            "alpha": d.alpha,
            "alpha_std": d.alpha_std,
            "alpha_ci_low": d.ci_low,
            "alpha_ci_high": d.ci_high,
            "n": d.n,
            "items": d.k,
            "careless": report.careless,
            "careless_left_out": int(report.left_out),
        }
        out += [("dimension", d.id, name, figure(v)) for name, v in dimension.items()]
        for item in d.items:
            out += [("item", item.id, name, figure(v)) for name, v in _item_figures(item)]
        for p in d.pairs:
            out += [("item", p.a, f"r_{p.b}", figure(p.r)), ("item", p.b, f"r_{p.a}", figure(p.r))]
    return out


def _item_figures(x: ItemFigures) -> list[tuple[str, float | int | None]]:
    share = (lambda c: c / x.respondents) if x.respondents else (lambda c: None)
    return [
        ("n", x.n),
        ("mean", x.mean),
        ("sd", x.sd),
        *((f"option_{i}", c) for i, c in enumerate(x.counts)),
        ("dont_know", x.dont_know),
        ("not_applicable", x.not_applicable),
        ("unanswered", x.unanswered),
        ("dont_know_share", share(x.dont_know)),
        ("not_applicable_share", share(x.not_applicable)),
        ("missing_share", share(x.missing)),
        ("floor", x.floor),
        ("ceiling", x.ceiling),
        ("r_drop", x.r_drop),
        ("alpha_if_dropped", x.alpha_if_dropped),
        ("in_alpha", int(x.in_alpha)),
    ]


def answers_header(q: Questionnaire) -> tuple[str, ...]:
    return (*TAGS, *(CONTEXT + c.id for c in q.context), *ANSWER)


def answer_rows(
    q: Questionnaire, rows: Sequence[Row], m: Matrix, careless: np.ndarray
) -> Iterator[tuple[str, ...]]:
    """One row per respondent and question: the respondent's tags and context, then the option index and
    score, or why there is none."""
    yield answers_header(q)
    dont_know, not_applicable = m.dont_know(), m.not_applicable()
    for i, row in enumerate(rows):
        r = row.response
        context = tuple(r.answers.context.get(c.id, "") for c in q.context)
        head = (str(i + 1), r.survey, r.team, r.wave, *context, str(int(careless[i])))
        for j, x in enumerate(m.questions):
            if m.chosen[i, j]:
                answer, score, missing = str(int(m.raw[i, j])), f"{m.scores[i, j]:g}", ""
            else:
                answer = score = ""
                missing = (
                    "dont_know"
                    if dont_know[i, j]
                    else "not_applicable"
                    if not_applicable[i, j]
                    else "unanswered"
                )
            yield (*head, x.id, x.dimension, answer, score, missing)


def codebook_rows(q: Questionnaire, m: Matrix) -> list[tuple[str, ...]]:
    """Every column of the answers file, then every question, option and missing code, in each language."""
    langs = q.languages
    t = {lang: strings(lang) for lang in langs}
    out: list[tuple[str, ...]] = [(*CODEBOOK_HEADER, *(f"text_{lang}" for lang in langs))]
    for column in (*TAGS, *ANSWER):
        out.append((column, "", "", "", "", *(t[lang][f"items.codebook.{column}"] for lang in langs)))
    for c in q.context:
        texts = (fill(t[lang]["items.codebook.context"], prompt=c.prompt[lang]) for lang in langs)
        out.append((CONTEXT + c.id, "", "", "", "", *texts))
        out += [(CONTEXT + c.id, "", o.id, "", "", *(o.label[lang] for lang in langs)) for o in c.options]
    for x in m.questions:
        out.append(("item", x.id, "", "", x.dimension, *(x.prompt[lang] for lang in langs)))
        for i, o in enumerate(x.options):
            out.append(
                ("answer", x.id, str(i), f"{o.score:g}", x.dimension, *(o.label[lang] for lang in langs))
            )
        if x.dont_know:
            out.append(
                (MISSING, x.id, "dont_know", "", x.dimension, *(t[lang]["items.dont_know"] for lang in langs))
            )
        if x.not_applicable:
            out.append(
                (
                    MISSING,
                    x.id,
                    "not_applicable",
                    "",
                    x.dimension,
                    *(x.not_applicable[lang] for lang in langs),
                )
            )
        out.append(
            (
                MISSING,
                x.id,
                "unanswered",
                "",
                x.dimension,
                *(t[lang]["items.codebook.unanswered"] for lang in langs),
            )
        )
    return out
