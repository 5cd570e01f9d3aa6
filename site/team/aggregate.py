"""Team aggregation: many responses in, one TeamSummary out. Pure Python, no Flask.

`web/static/js/aggregate.js` does the same for the browser's team view and tests/test_aggregate.py requires
identical output, so every figure is computed the same way in both, in an order that does not depend on
the order of the inputs:

- responses are made canonical (answers in questionnaire order) and encoded; identical codes count once,
  and responses are processed in the order of their codes;
- sums are loops in a fixed order, never `sum()`: dimension statistics sort their values first (the
  median needs them sorted), group means follow the code order, question spreads are computed from
  counts per option, in option order;
- every reported figure is rounded with `round1`, once, at the end.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from centricity.engine.codec import Response, encode
from centricity.engine.scoring import Answers, holds, round1
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, number, strings

TOP_QUESTIONS = 10
ROLE = "role"
AGREEMENT_HIGH_BELOW = 10
AGREEMENT_MEDIUM_BELOW = 20
DASH = "\u2013"  # an en dash: between min and max
NONE = DASH  # no figure, as strings.number shows None


@dataclass(frozen=True)
class Stats:
    """Mean, median, range and population standard deviation ("spread") of some scores."""

    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    spread: float | None


@dataclass(frozen=True)
class DimensionSummary:
    id: str  # a dimension id, or "overall"
    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    spread: float | None
    agreement: str | None  # "high" | "medium" | "low"; None below two respondents
    level: str | None  # the level of the mean
    targets: dict[str, int]  # respondents per target level, in level order (empty for "overall")


@dataclass(frozen=True)
class QuestionSpread:
    id: str
    dimension: str
    n: int  # answers with an option (not "don't know")
    dont_know: int
    mean: float
    spread: float
    counts: tuple[int, ...]  # respondents per option, in option order


@dataclass(frozen=True)
class Group:
    kind: str  # "all" | "team" | "role"
    id: str  # "" for respondents without a team / role
    n: int
    dimensions: dict[str, float | None]  # mean score per dimension
    overall: float | None
    felt_n: int  # respondents with both a felt rating and an overall score
    felt: float | None  # their mean felt rating (0-10)
    measured: float | None  # their mean measured score on 0-10
    felt_gap: float | None  # felt - measured


@dataclass(frozen=True)
class MythCount:
    id: str
    n: int


@dataclass(frozen=True)
class TeamSummary:
    questionnaire: str
    version: int
    respondents: int
    duplicates: int
    overall: DimensionSummary
    dimensions: tuple[DimensionSummary, ...]
    disagreements: tuple[QuestionSpread, ...]
    everyone: Group
    teams: tuple[Group, ...]
    roles: tuple[Group, ...]
    myths: tuple[MythCount, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Row:
    """One unique response with the figures the aggregation needs (a light Result)."""

    code: str
    response: Response
    scores: tuple[float | None, ...]  # per dimension, in questionnaire order
    targets: tuple[str | None, ...]
    overall: float | None
    measured10: float | None
    myths: tuple[str, ...]


def canonical(q: Questionnaire, r: Response) -> Response:
    """The same response with its answers in questionnaire order, so equal answers encode equally."""
    a = r.answers
    choices = {x.id: a.choices[x.id] for x in q.questions if x.id in a.choices}
    context = {c.id: a.context[c.id] for c in q.context if c.id in a.context}
    targets = {d.id: a.targets[d.id] for d in q.dimensions if d.id in a.targets}
    return Response(
        r.questionnaire,
        r.version,
        Answers(choices, context, a.felt, targets),
        r.label,
        r.survey,
        r.team,
        r.wave,
        r.created,
        r.dropped,
    )


def canonical_code(q: Questionnaire, r: Response) -> str:
    return encode(canonical(q, r))


class Scorer:
    """What `scoring.score` computes that a team summary uses (scores, targets, overall, myths), fast.

    Myth rules go through the engine's own evaluator; the plan, the Result objects and the answer checks
    are left out (responses were validated when read). The arithmetic is scoring.py's, in the
    same order, and tests require equal figures to `score` on random answer sets of every questionnaire.
    """

    def __init__(self, q: Questionnaire):
        self.q = q
        self.dimensions = [(d.id, d.weight, q.score_rows(d.id)) for d in q.dimensions]
        self.default_target = {}
        for i, lv in enumerate(q.levels):
            self.default_target[lv.id] = q.levels[min(i + 1, len(q.levels) - 1)].id
        self.myths = [(m.id, m.when) for m in q.myths]

    def __call__(self, answers: Answers) -> tuple[tuple, tuple, float | None, float | None, tuple]:
        q = self.q
        choices = answers.choices
        scores: dict[str, float | None] = {}
        targets = []
        total = 0.0
        weights = 0.0
        for did, dweight, questions in self.dimensions:
            num = 0.0
            den = 0.0
            for qid, weight, option_scores in questions:
                choice = choices.get(qid)
                if choice is None:
                    continue
                num += weight * option_scores[choice]
                den += weight
            value = round1(num / den) if den else None
            scores[did] = value
            if value is None:
                targets.append(None)
                continue
            targets.append(answers.targets.get(did, self.default_target[q.level_for(value).id]))
            total += dweight * value
            weights += dweight
        overall = round1(total / weights) if weights else None
        measured10 = round1(overall / 10) if overall is not None else None
        felt = answers.felt
        gap = round1(felt - measured10) if felt is not None and measured10 is not None else None
        myths = tuple(
            mid for mid, when in self.myths if holds(q, when, mid, answers, scores, gap) is not None
        )
        return tuple(scores.values()), tuple(targets), overall, measured10, myths


def light_score(q: Questionnaire, answers: Answers) -> tuple[tuple, tuple, float | None, float | None, tuple]:
    """`Scorer(q)(answers)`, for one response."""
    return Scorer(q)(answers)


def prepare(q: Questionnaire, responses: Iterable[Response]) -> tuple[list[Row], int]:
    """Unique responses as Rows, in code order, and how many duplicates were left out."""
    return prepare_coded(q, ((canonical_code(q, r), r) for r in responses))


def prepare_coded(q: Questionnaire, coded: Iterable[tuple[str, Response]]) -> tuple[list[Row], int]:
    """`prepare` for (canonical code, response) pairs whose codes were computed already."""
    unique: dict[str, Response] = {}
    seen = 0
    for code, r in coded:
        seen += 1
        unique.setdefault(code, r)
    rows = []
    scorer = Scorer(q)
    for code in sorted(unique):
        r = unique[code]
        scores, targets, overall, measured10, myths = scorer(r.answers)
        rows.append(Row(code, r, scores, targets, overall, measured10, myths))
    return rows, seen - len(rows)


def aggregate(q: Questionnaire, responses: Iterable[Response]) -> TeamSummary:
    rows, duplicates = prepare(q, responses)
    return summarize(q, rows, duplicates)


def stats(values: Iterable[float]) -> Stats:
    xs = sorted(values)
    n = len(xs)
    if not n:
        return Stats(0, None, None, None, None, None)
    total = 0.0
    for x in xs:
        total += x
    mean = total / n
    squares = 0.0
    for x in xs:
        d = x - mean
        squares += d * d
    mid = n // 2
    median = xs[mid] if n % 2 else (xs[mid - 1] + xs[mid]) / 2
    return Stats(n, round1(mean), round1(median), xs[0], xs[-1], round1(math.sqrt(squares / n)))


def mean(values: Iterable[float]) -> float | None:
    """The mean, summed in the order given (callers give rows in code order, so the result is fixed)."""
    total = 0.0
    n = 0
    for x in values:
        total += x
        n += 1
    return round1(total / n) if n else None


def agreement(n: int, spread: float | None) -> str | None:
    if n < 2 or spread is None:
        return None
    return "high" if spread < AGREEMENT_HIGH_BELOW else "medium" if spread < AGREEMENT_MEDIUM_BELOW else "low"


def _dimension(q: Questionnaire, did: str, values: list[float], targets: dict[str, int]) -> DimensionSummary:
    s = stats(values)
    level = q.level_for(s.mean).id if s.mean is not None else None
    return DimensionSummary(
        did, s.n, s.mean, s.median, s.min, s.max, s.spread, agreement(s.n, s.spread), level, targets
    )


def _group(q: Questionnaire, kind: str, gid: str, rows: Sequence[Row]) -> Group:
    """Means over the group's rows, each summed in row (code) order: one pass, as `mean` would do."""
    k = len(q.dimensions)
    totals = [0.0] * k
    counts = [0] * k
    overall = 0.0
    overall_n = 0
    felt = 0.0
    measured = 0.0
    both = 0
    for r in rows:
        scores = r.scores
        for i in range(k):
            v = scores[i]
            if v is not None:
                totals[i] += v
                counts[i] += 1
        if r.overall is not None:
            overall += r.overall
            overall_n += 1
        if r.response.answers.felt is not None and r.measured10 is not None:
            felt += r.response.answers.felt
            measured += r.measured10
            both += 1
    felt_mean = round1(felt / both) if both else None
    measured_mean = round1(measured / both) if both else None
    gap = round1(felt_mean - measured_mean) if felt_mean is not None and measured_mean is not None else None
    dims = {d.id: round1(totals[i] / counts[i]) if counts[i] else None for i, d in enumerate(q.dimensions)}
    overall_mean = round1(overall / overall_n) if overall_n else None
    return Group(kind, gid, len(rows), dims, overall_mean, both, felt_mean, measured_mean, gap)


def _questions(q: Questionnaire, rows: Sequence[Row]) -> tuple[QuestionSpread, ...]:
    counts = {x.id: [0] * len(x.options) for x in q.questions}
    unknown = dict.fromkeys(counts, 0)
    for r in rows:
        for qid, choice in r.response.answers.choices.items():
            if choice is None:
                unknown[qid] += 1
            else:
                counts[qid][choice] += 1
    spreads = []
    for x in q.questions:
        c = counts[x.id]
        n = 0
        total = 0.0
        for i, o in enumerate(x.options):
            n += c[i]
            total += c[i] * o.score
        if n < 2:
            continue
        m = total / n
        squares = 0.0
        for i, o in enumerate(x.options):
            d = o.score - m
            squares += c[i] * (d * d)
        sd = round1(math.sqrt(squares / n))
        if sd > 0:
            spreads.append(QuestionSpread(x.id, x.dimension, n, unknown[x.id], round1(m), sd, tuple(c)))
    order = {x.id: i for i, x in enumerate(q.questions)}
    spreads.sort(key=lambda s: (-s.spread, order[s.id]))
    return tuple(spreads[:TOP_QUESTIONS])


def summarize(q: Questionnaire, rows: Sequence[Row], duplicates: int = 0) -> TeamSummary:
    dims = []
    for i, d in enumerate(q.dimensions):
        values = [r.scores[i] for r in rows if r.scores[i] is not None]
        targets = dict.fromkeys((lv.id for lv in q.levels), 0)
        for r in rows:
            if r.targets[i] is not None:
                targets[r.targets[i]] += 1
        dims.append(_dimension(q, d.id, values, targets))
    overall = _dimension(q, "overall", [r.overall for r in rows if r.overall is not None], {})

    by_team: dict[str, list[Row]] = {}
    for r in rows:
        by_team.setdefault(r.response.team, []).append(r)
    teams = tuple(_group(q, "team", t, by_team[t]) for t in sorted(by_team, key=lambda t: (t == "", t)))
    roles: tuple[Group, ...] = ()
    if q.has("context", ROLE):
        by_role: dict[str, list[Row]] = {}
        for r in rows:
            by_role.setdefault(r.response.answers.context.get(ROLE, ""), []).append(r)
        ids = [o.id for o in q.context_question(ROLE).options] + [""]
        roles = tuple(_group(q, "role", g, by_role[g]) for g in ids if g in by_role)

    flagged = dict.fromkeys((m.id for m in q.myths), 0)
    for r in rows:
        for m in r.myths:
            flagged[m] += 1
    return TeamSummary(
        questionnaire=q.id,
        version=q.version,
        respondents=len(rows),
        duplicates=duplicates,
        overall=overall,
        dimensions=tuple(dims),
        disagreements=_questions(q, rows),
        everyone=_group(q, "all", "", rows),
        teams=teams,
        roles=roles,
        myths=tuple(MythCount(m, n) for m, n in flagged.items()),
    )


# ---- CSV (the browser writes byte-identical files: aggregate.js) ----

CSV_BOM = "\ufeff"


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


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


def group_label(q: Questionnaire, g: Group, lang: str) -> str:
    t = strings(lang)
    if g.kind == "all":
        return t["team.all"]
    if g.kind == "team":
        return g.id or t["team.none"]
    if not g.id:
        return t["team.role.none"]
    return next(o.label[lang] for o in q.context_question(ROLE).options if o.id == g.id)


def summary_rows(q: Questionnaire, s: TeamSummary, lang: str) -> list[list[str]]:
    t = strings(lang)
    out = [
        ["section", "id", "label", "measure", "value"],
        ["respondents", "all", t["team.all"], "n", str(s.respondents)],
        ["respondents", "all", t["team.all"], "duplicates", str(s.duplicates)],
    ]
    for d in (*s.dimensions, s.overall):
        label = t["result.overall"] if d.id == "overall" else q.dimension(d.id).title[lang]
        out.append(["dimension", d.id, label, "n", str(d.n)])
        for key in ("mean", "median", "min", "max", "spread"):
            out.append(["dimension", d.id, label, key, dec(getattr(d, key))])
        out.append(["dimension", d.id, label, "agreement", d.agreement or ""])
        out.append(["dimension", d.id, label, "level", d.level or ""])
        for lid, n in d.targets.items():
            out.append(["dimension", d.id, label, f"target.{lid}", str(n)])
    for rank, x in enumerate(s.disagreements, 1):
        label = q.question(x.id).prompt[lang]
        out.append(["question", x.id, label, "rank", str(rank)])
        out.append(["question", x.id, label, "n", str(x.n)])
        out.append(["question", x.id, label, "dont_know", str(x.dont_know)])
        out.append(["question", x.id, label, "mean", dec(x.mean)])
        out.append(["question", x.id, label, "spread", dec(x.spread)])
        for i, n in enumerate(x.counts):
            out.append(["question", x.id, label, f"option.{i}", str(n)])
    for g in (s.everyone, *s.teams, *s.roles):
        label = group_label(q, g, lang)
        gid = g.id if g.kind != "all" else "all"
        out.append([g.kind, gid, label, "n", str(g.n)])
        for did, v in g.dimensions.items():
            out.append([g.kind, gid, label, did, dec(v)])
        out.append([g.kind, gid, label, "overall", dec(g.overall)])
        out.append([g.kind, gid, label, "felt_n", str(g.felt_n)])
        out.append([g.kind, gid, label, "felt", dec(g.felt)])
        out.append([g.kind, gid, label, "measured", dec(g.measured)])
        out.append([g.kind, gid, label, "felt_gap", dec(g.felt_gap)])
    for m in s.myths:
        out.append(["myth", m.id, q.myth(m.id).title[lang], "n", str(m.n)])
    return out


def response_rows(q: Questionnaire, rows: Sequence[Row]) -> list[list[str]]:
    """One row per unique response: tags, context, answers (option index, "x": don't know), scores, myths."""
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
    out = [head]
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


# ---- the figures as shown (report.html and the team view show the same texts under the same keys) ----


def figures(q: Questionnaire, s: TeamSummary, lang: str) -> dict[str, str]:
    """Every figure of the team view as displayed text, keyed like the pages' `data-f` attributes."""
    t = strings(lang)

    def num(v: float | None) -> str:
        return number(v, lang)

    out = {"count": fill(t["team.count"], n=s.respondents)}
    for d in (*s.dimensions, s.overall):
        k = f"dim.{d.id}."
        out[k + "mean"] = num(d.mean)
        out[k + "median"] = num(d.median)
        out[k + "range"] = f"{num(d.min)}{DASH}{num(d.max)}" if d.n else NONE
        out[k + "spread"] = num(d.spread)
        out[k + "agreement"] = t[f"team.agreement.{d.agreement}"] if d.agreement else NONE
        out[k + "level"] = q.level(d.level).name[lang] if d.level else NONE
        out[k + "targets"] = (
            ", ".join(f"{q.level(lid).name[lang]}: {n}" for lid, n in d.targets.items() if n) or NONE
        )
    for i, x in enumerate(s.disagreements, 1):
        out[f"disagree.{i}"] = fill(
            t["team.disagree.item"],
            question=x.id.upper(),
            prompt=q.question(x.id).prompt[lang],
            spread=num(x.spread),
            n=x.n,
        )
    for g in (s.everyone, *s.teams, *s.roles):
        k = f"group.{g.kind}.{g.id}."
        out[k + "label"] = group_label(q, g, lang)
        out[k + "n"] = str(g.n)
        for did, v in g.dimensions.items():
            out[k + did] = num(v)
        out[k + "overall"] = num(g.overall)
        out[k + "felt"] = (
            fill(t["team.felt.value"], felt=num(g.felt), measured=num(g.measured)) if g.felt_n else NONE
        )
    for m in s.myths:
        out[f"myth.{m.id}"] = fill(
            t["team.myths.item"], myth=q.myth(m.id).title[lang], n=m.n, total=s.respondents
        )
    return out
