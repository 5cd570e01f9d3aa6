"""The two CSV files: the summary (one figure per row) and one row per response.

The browser writes byte-identical files (`web/static/js/teamtext.js`) and tests compare them. The summary
holds only what the team view shows (groups below the minimum size are merged or withheld, with the note
saying why); the per-response file identifies individual answers and says so on its first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import strings
from centricity.team.aggregate import OTHERS, DimensionSummary, Group, Row, TeamSummary
from centricity.team.wording import Wording, written_summary

CSV_BOM = "\ufeff"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
HEADER = ("section", "id", "label", "measure", "value")


def csv_cell(value: str) -> str:
    """One CSV field: text a spreadsheet would run as a formula gets a leading ', then quotes if needed."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(value):
        value = "'" + value
    if any(ch in value for ch in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """RFC 4180 with CRLF line ends and a byte-order mark, so spreadsheets read the accents right."""
    return CSV_BOM + "".join(",".join(csv_cell(c) for c in row) + "\r\n" for row in rows)


def dec(value: float | None) -> str:
    """A figure in a CSV cell: one decimal, a dot, empty when there is none."""
    return "" if value is None else f"{value:.1f}"


def summary_rows(
    q: Questionnaire, s: TeamSummary, lang: str, team_names: Mapping[str, str] | None = None
) -> list[list[str]]:
    w = Wording(q, s, lang, team_names)
    everyone = w.t["team.all"]
    out = [
        list(HEADER),
        ["respondents", "all", everyone, "n", str(s.respondents)],
        ["respondents", "all", everyone, "duplicates", str(s.duplicates)],
        ["respondents", "all", everyone, "min_group", str(s.min_group)],
    ]
    texts = written_summary(q, s, lang, team_names)
    if s.withheld:
        return [*out, ["respondents", "all", everyone, "withheld", texts["note.withheld"]]]
    for key in ("text.stands", "text.disagree", "text.groups", "text.myths"):
        out.append(["summary", key.removeprefix("text."), "", "text", texts[key]])
    assert s.overall is not None and s.everyone is not None, "set whenever the figures are not withheld"
    for d in (*s.dimensions, s.overall):
        out += _dimension_rows(w, d)
    for rank, x in enumerate(s.disagreements, 1):
        label = q.question(x.id).prompt[lang]
        out.append(["question", x.id, label, "rank", str(rank)])
        out.append(["question", x.id, label, "n", str(x.n)])
        out.append(["question", x.id, label, "dont_know", str(x.dont_know)])
        out.append(["question", x.id, label, "mean", dec(x.mean)])
        out.append(["question", x.id, label, "spread", dec(x.spread)])
        for i, n in enumerate(x.counts):
            out.append(["question", x.id, label, f"option.{i}", str(n)])
    out += _group_rows(w, s.everyone)
    for b in s.breakdowns:
        if b.withheld or b.merged:
            heading = w.t[f"team.by_{b.kind}"]
            out.append([b.kind, "", heading, "note", w.breakdown_note(b)])
        if b.merged and not b.withheld:
            out.append([b.kind, OTHERS, w.t["team.others"], "merged", " ".join(b.merged)])
        for g in b.groups:
            out += _group_rows(w, g)
    for m in s.myths:
        out.append(["myth", m.id, q.myth(m.id).title[lang], "n", str(m.n)])
    for rank, st in enumerate(s.plan, 1):
        label = q.question(st.question).prompt[lang]
        out.append(["plan", st.question, label, "rank", str(rank)])
        out.append(["plan", st.question, label, "from", str(st.current)])
        out.append(["plan", st.question, label, "to", str(st.to)])
        out.append(["plan", st.question, label, "reason", st.reason])
    return out


def _dimension_rows(w: Wording, d: DimensionSummary) -> list[list[str]]:
    label = w.dim_title(d.id)
    out = [["dimension", d.id, label, "n", str(d.n)]]
    for key in ("mean", "median", "min", "max", "spread"):
        out.append(["dimension", d.id, label, key, dec(getattr(d, key))])
    out.append(["dimension", d.id, label, "agreement", d.agreement or ""])
    out.append(["dimension", d.id, label, "level", d.level or ""])
    if d.id != "overall":
        for lid, n in d.targets.items():
            out.append(["dimension", d.id, label, f"target.{lid}", str(n)])
        out.append(["dimension", d.id, label, "target.none", str(d.no_target)])
    return out


def _group_rows(w: Wording, g: Group) -> list[list[str]]:
    label = w.group_label(g)
    gid = g.id if g.kind != "all" else "all"
    out = [[g.kind, gid, label, "n", str(g.n)]]
    for did, v in g.dimensions.items():
        out.append([g.kind, gid, label, did, dec(v)])
    out.append([g.kind, gid, label, "overall", dec(g.overall)])
    out.append([g.kind, gid, label, "felt_n", str(g.felt_n)])
    out.append([g.kind, gid, label, "felt", dec(g.felt)])
    out.append([g.kind, gid, label, "measured", dec(g.measured)])
    out.append([g.kind, gid, label, "felt_gap", dec(g.felt_gap)])
    return out


def response_rows(q: Questionnaire, rows: Sequence[Row], lang: str) -> list[list[str]]:
    """A notice that the file identifies individual answers, the column names, then one row per response:
    tags, label, context, answers (option index, "x": don't know), scores, myths."""
    head = [
        "label",
        "survey",
        "team",
        "wave",
        "created",
        *(f"context.{c.id}" for c in q.context),
        *(x.id for x in q.questions),
        *(f"score.{d.id}" for d in q.dimensions),
        "overall",
        "felt",
        "myths",
    ]
    out = [["# " + strings(lang)["team.csv.responses.notice"]], head]
    for row in rows:
        r, a = row.response, row.response.answers
        choices = [
            "" if x.id not in a.choices else "x" if a.choices[x.id] is None else str(a.choices[x.id])
            for x in q.questions
        ]
        out.append(
            [
                r.label,
                r.survey,
                r.team,
                r.wave,
                r.created,
                *(a.context.get(c.id, "") for c in q.context),
                *choices,
                *(dec(v) for v in row.scores),
                dec(row.overall),
                "" if a.felt is None else str(a.felt),
                " ".join(row.myths),
            ]
        )
    return out
