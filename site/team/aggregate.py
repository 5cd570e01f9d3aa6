"""Team aggregation: many responses in, one TeamSummary out. Pure Python, no Flask.

The public API, for the report, the team view's tests and the collecting server alike:
`summarize(q, responses, min_group=5) -> TeamSummary` (typed, frozen dataclasses), then `written_summary`,
`figures` (wording) and the CSV rows (export) for a language. `web/static/js/aggregate.js` computes the same
summary in the browser and tests require identical output. Each figure has one definition:

- respondents: unique responses (identical codes count once; see rows.py);
- a dimension's mean, median, min-max and spread: over the respondents with a score in it (stats.py);
  the overall figures likewise over respondents' overall scores, so the overall mean in the dimension
  table and in the "Everyone" row are one and the same number;
- a group's means: the same `stats` over the group's respondents;
- felt vs measured: the mean felt rating (0-10) and the mean measured score on 0-10 of the respondents
  who have both;
- targets: respondents per target level they chose, and how many chose none;
- myths: respondents the myth was flagged for; disagreements: spread of option scores per question;
- groups smaller than `min_group` are never shown on their own nor can be worked out from the groups
  shown, across breakdowns (anonymity.decide), and when fewer than
  `min_group` responded at all, nothing but the count is given.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from itertools import chain
from typing import Any

from centricity.core.errors import CentricityError
from centricity.core.limits import MIN_GROUP_MAX
from centricity.engine.codec import Response
from centricity.engine.diagnosis import careless
from centricity.engine.scoring import round1
from centricity.model.questionnaire import Questionnaire
from centricity.team.anonymity import MIN_GROUP, OTHERS, Split, decide
from centricity.team.rows import Row, canonical_code, prepare, prepare_coded
from centricity.team.stats import agreement, stats
from centricity.team.tally import Columns, Tally, columns, merged, tallies
from centricity.team.teamplan import TeamStep, team_plan, typical_answers

__all__ = [
    "MIN_GROUP",
    "OTHERS",
    "TOP_QUESTIONS",
    "Breakdown",
    "DimensionSummary",
    "Group",
    "GroupGap",
    "MythCount",
    "QuestionSpread",
    "Row",
    "TeamStep",
    "TeamSummary",
    "canonical_code",
    "check_min_group",
    "prepare",
    "prepare_coded",
    "summarize",
    "summarize_rows",
]

TOP_QUESTIONS = 10
ROLE = "role"
BREAKDOWNS = ("team", "role", "wave")


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
    targets: dict[str, int]  # respondents per target level they chose, in level order (empty for "overall")
    no_target: int  # respondents with a score here who chose no target


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
    kind: str  # "all" | "team" | "role" | "wave"
    id: str  # "" for respondents without a team / role / wave; OTHERS for the groups merged for anonymity
    n: int
    dimensions: dict[str, float | None]  # mean score per dimension
    overall: float | None
    felt_n: int  # respondents with both a felt rating and an overall score
    felt: float | None  # their mean felt rating (0-10)
    measured: float | None  # their mean measured score on 0-10
    felt_gap: float | None  # felt - measured


@dataclass(frozen=True)
class Breakdown:
    kind: str  # "team" | "role" | "wave"
    groups: tuple[Group, ...]  # each of at least min_group respondents, in display order; "Others" last
    merged: tuple[str, ...]  # ids merged into "Others" (or withheld), in display order
    withheld: bool  # no group reached min_group, so none is shown


@dataclass(frozen=True)
class GroupGap:
    """The widest difference in a dimension's mean between two groups shown (never "Others")."""

    kind: str
    dimension: str
    high: str
    low: str
    high_mean: float
    low_mean: float
    gap: float


@dataclass(frozen=True)
class MythCount:
    id: str
    n: int


@dataclass(frozen=True)
class TeamSummary:
    questionnaire: str
    version: int
    min_group: int
    respondents: int
    duplicates: int
    withheld: bool  # fewer respondents than min_group: every figure below is left out
    overall: DimensionSummary | None
    dimensions: tuple[DimensionSummary, ...]
    disagreements: tuple[QuestionSpread, ...]
    everyone: Group | None
    breakdowns: tuple[Breakdown, ...]  # team, role, wave: those some response is tagged with
    widest_gap: GroupGap | None
    myths: tuple[MythCount, ...]
    plan: tuple[TeamStep, ...]
    careless: int = 0  # respondents whose answers look careless (engine/diagnosis.py): no myth judged

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_min_group(value: int) -> int:
    if not 1 <= value <= MIN_GROUP_MAX:
        raise CentricityError(f"the minimum group size must be a whole number from 1 to {MIN_GROUP_MAX}")
    return value


def summarize(q: Questionnaire, responses: Iterable[Response], min_group: int = MIN_GROUP) -> TeamSummary:
    """The team summary of some responses; duplicates are counted and left out."""
    rows, duplicates = prepare(q, responses)
    return summarize_rows(q, rows, duplicates, min_group)


def summarize_rows(
    q: Questionnaire, rows: Sequence[Row], duplicates: int = 0, min_group: int = MIN_GROUP
) -> TeamSummary:
    """`summarize` for rows prepared already (rows.prepare, or prepare_coded for codes read from files)."""
    check_min_group(min_group)
    if len(rows) < min_group:
        return TeamSummary(
            q.id, q.version, min_group, len(rows), duplicates, True, None, (), (), None, (), None, (), ()
        )
    cols = columns(rows, len(q.dimensions))
    kinds, cells = _cells(q, rows, cols)
    everyone = merged(cells.values(), len(q.dimensions))
    dims = tuple(_dimension(q, i, everyone, cols) for i in range(len(q.dimensions)))
    overall = _stats_summary(q, "overall", everyone.overall, {}, 0)
    counts, unknown = option_counts(q, rows)
    orders = [sorted({ids[i] for ids in cells}, key=order) for i, (_, order) in enumerate(kinds)]
    splits = decide({ids: cell.n for ids, cell in cells.items()}, orders, min_group)
    breakdowns = tuple(
        b for i, (kind, _) in enumerate(kinds) if (b := _breakdown(q, kind, i, splits[i], cells))
    )
    flagged = Counter(chain.from_iterable(r.myths for r in rows))
    felts = [f for f in cols.felt if f is not None]
    typical = typical_answers(q, counts, felts, {d.id: d.targets for d in dims})
    return TeamSummary(
        questionnaire=q.id,
        version=q.version,
        min_group=min_group,
        respondents=len(rows),
        duplicates=duplicates,
        withheld=False,
        overall=overall,
        dimensions=dims,
        disagreements=_disagreements(q, counts, unknown),
        everyone=group(q, "all", "", everyone),
        breakdowns=breakdowns,
        widest_gap=widest_gap(q, breakdowns),
        myths=tuple(MythCount(m.id, flagged[m.id]) for m in q.myths),
        plan=team_plan(q, typical),
        careless=sum(1 for r in rows if careless(q, r.response.answers.choices)),
    )


def _stats_summary(
    q: Questionnaire, did: str, values: Counter, targets: dict[str, int], no_target: int
) -> DimensionSummary:
    s = stats(values)
    level = q.level_for(s.mean).id if s.mean is not None else None
    return DimensionSummary(
        did,
        s.n,
        s.mean,
        s.median,
        s.min,
        s.max,
        s.spread,
        agreement(s.n, s.spread),
        level,
        targets,
        no_target,
    )


def _dimension(q: Questionnaire, i: int, everyone: Tally, cols: Columns) -> DimensionSummary:
    """A dimension's figures over the respondents with a score in it, and the targets they chose."""
    targets = dict.fromkeys((lv.id for lv in q.levels), 0)
    no_target = 0
    for (value, target), count in Counter(zip(cols.scores[i], cols.targets[i], strict=True)).items():
        if value is None:
            continue
        if target is None:
            no_target += count
        else:
            targets[target] += count
    return _stats_summary(q, q.dimensions[i].id, everyone.scores[i], targets, no_target)


def group(q: Questionnaire, kind: str, gid: str, tally: Tally) -> Group:
    """A group's means, each by the one definition in stats.py, from its counts."""
    dims = {d.id: stats(tally.scores[i]).mean for i, d in enumerate(q.dimensions)}
    felt, measured = stats(tally.felt).mean, stats(tally.measured).mean
    gap = round1(felt - measured) if felt is not None and measured is not None else None
    both = 0
    for count in tally.felt.values():
        both += count
    return Group(kind, gid, tally.n, dims, stats(tally.overall).mean, both, felt, measured, gap)


def _key(q: Questionnaire, kind: str) -> tuple[Callable[[Row], str], Callable[[str], Any]] | None:
    """How rows are grouped for a breakdown, and the display order of its ids (untagged last)."""
    if kind == "team":
        return (lambda r: r.response.team), (lambda g: (g == "", g))
    if kind == "wave":
        return (lambda r: r.response.wave), (lambda g: (g == "", g))
    if not q.has("context", ROLE):
        return None
    order = {o.id: i for i, o in enumerate(q.context_question(ROLE).options)}
    return (lambda r: r.response.answers.context.get(ROLE, "")), (lambda g: order.get(g, len(order)))


def _cells(
    q: Questionnaire, rows: Sequence[Row], cols: Columns
) -> tuple[list[tuple[str, Callable[[str], Any]]], dict[tuple[str, ...], Tally]]:
    """The breakdowns this questionnaire has (kind, display order of its ids), and a Tally per combination
    of the respondents' group ids in them (team, role, wave): every group and "Everyone" are added up from
    these, so the rows are counted once, not once per breakdown."""
    kinds = [(kind, key) for kind in BREAKDOWNS if (key := _key(q, kind)) is not None]
    combos = list(zip(*([of(r) for r in rows] for _, (of, _) in kinds), strict=True)) or [()] * len(rows)
    numbers: dict[tuple[str, ...], int] = {}
    ids = [numbers.setdefault(c, len(numbers)) for c in combos]  # small ints count faster than tuples
    counted = tallies(ids, cols)
    return [(kind, order) for kind, (_, order) in kinds], {c: counted[i] for c, i in numbers.items()}


def _breakdown(
    q: Questionnaire, kind: str, i: int, split: Split[int], cells: dict[tuple[str, ...], Tally]
) -> Breakdown | None:
    """The groups of one kind (the i-th id of each cell) as `anonymity.decide` split them; None when no
    response is tagged with that kind."""
    members: dict[str, list[Tally]] = {}
    for ids, cell in cells.items():
        members.setdefault(ids[i], []).append(cell)
    if set(members) == {""}:
        return None
    by_group = {g: merged(cs, len(q.dimensions)) for g, cs in members.items()}
    groups = [group(q, kind, gid, by_group[gid]) for gid, _ in split.shown]
    if split.others:
        groups.append(group(q, kind, OTHERS, merged((by_group[g] for g in split.merged), len(q.dimensions))))
    return Breakdown(kind, tuple(groups), split.merged, split.withheld)


def option_counts(q: Questionnaire, rows: Sequence[Row]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Respondents per option of each question, and how many answered "don't know" ("does not apply",
    the index after the last option, is neither: it says nothing about maturity)."""
    counts = {x.id: [0] * len(x.options) for x in q.questions}
    unknown = dict.fromkeys(counts, 0)
    answered = Counter(chain.from_iterable(r.response.answers.choices.items() for r in rows))
    for (qid, choice), n in answered.items():
        if choice is None:
            unknown[qid] += n
        elif choice < len(counts[qid]):
            counts[qid][choice] += n
    return counts, unknown


def _disagreements(
    q: Questionnaire, counts: dict[str, list[int]], unknown: dict[str, int]
) -> tuple[QuestionSpread, ...]:
    """The practice questions whose option scores spread most, from counts per option in option order (a
    belief statement's scale is agreement, not maturity, and belongs to no dimension)."""
    spreads = []
    for x in q.practices:
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


def widest_gap(q: Questionnaire, breakdowns: Sequence[Breakdown]) -> GroupGap | None:
    """Between which groups people differ most: the first largest gap by breakdown, then dimension order."""
    best = None
    for b in breakdowns:
        named = [g for g in b.groups if g.id != OTHERS]
        for d in q.dimensions:
            scored = [(g, mean) for g in named if (mean := g.dimensions[d.id]) is not None]
            if len(scored) < 2:
                continue
            high = low = scored[0]
            for g in scored[1:]:
                if g[1] > high[1]:
                    high = g
                if g[1] < low[1]:
                    low = g
            gap = round1(high[1] - low[1])
            if gap > 0 and (best is None or gap > best.gap):
                best = GroupGap(b.kind, d.id, high[0].id, low[0].id, high[1], low[1], gap)
    return best
