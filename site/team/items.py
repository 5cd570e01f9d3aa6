"""Item statistics of a set of responses: per dimension, Cronbach's alpha (with its Feldt interval),
standardized alpha and what they rest on; per question, its distribution, missing answers, item-rest
correlation and alpha if dropped; the pairs of questions that look redundant or pull apart; and the
respondents whose answers look careless, counted and, on request, left out.

What a researcher asks before using an instrument, and what a consultant is asked in a board meeting ("how
reliable is this?"). The report, its CSV and the collecting server's survey pages all show this one
`ItemReport`. Missing answers ("don't know", "does not apply", none) have no score, and reliability.py's one
rule (pairwise-complete covariances, as psych::alpha) handles them everywhere. Small groups stay protected:
with fewer respondents than the minimum group size, nothing but their number is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from centricity.core import limits
from centricity.model.questionnaire import Questionnaire
from centricity.team import reliability
from centricity.team.careless import careless
from centricity.team.itemdata import Matrix, matrix
from centricity.team.rows import Row

ESTIMATOR = reliability.ESTIMATOR


@dataclass(frozen=True)
class ItemFigures:
    id: str
    dimension: str
    respondents: int  # everyone the figures are on
    n: int  # those who chose an option
    mean: float | None  # of the option scores (0-100)
    sd: float | None  # sample standard deviation (n - 1), as R's sd
    counts: tuple[int, ...]  # respondents per option, in option order
    dont_know: int
    not_applicable: int
    unanswered: int
    floor: float | None  # share of those with an option who chose the lowest one
    ceiling: float | None  # ... the highest one
    r_drop: float | None  # correlation with the rest of its dimension
    alpha_if_dropped: float | None
    in_alpha: bool  # False: no variance (or fewer than two answers), so left out of the alpha, as psych does
    flags: tuple[str, ...]  # "floor", "ceiling", "missing", "no_variance"

    @property
    def missing(self) -> int:
        return self.respondents - self.n


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    r: float
    kind: str  # "redundant" (above REDUNDANT_R) | "negative"


@dataclass(frozen=True)
class DimensionReliability:
    id: str
    n: int  # respondents with at least one answer among the items of the alpha
    k: int  # items the alpha rests on
    alpha: float | None
    alpha_std: float | None
    ci_low: float | None
    ci_high: float | None
    items: tuple[ItemFigures, ...]
    pairs: tuple[Pair, ...]
    warnings: tuple[str, ...]  # "few", "alpha_low", "alpha_high", "no_alpha"


@dataclass(frozen=True)
class Effect:
    """A dimension's alpha with every respondent and without those whose answers look careless."""

    dimension: str
    alpha_all: float | None
    alpha_without: float | None


@dataclass(frozen=True)
class ItemReport:
    group: str  # "" for every respondent given, else the wave they are of
    respondents: int  # whom the figures are on (after leaving careless ones out, when asked)
    loaded: int  # respondents given
    careless: int  # of those given, how many look careless
    by_rule: tuple[tuple[str, int], ...]  # respondents per careless-answer rule (engine/diagnosis.py)
    left_out: bool  # careless respondents were left out of the figures
    withheld: bool  # fewer respondents than the minimum group size: only the counts are given
    min_group: int
    estimator: str
    dimensions: tuple[DimensionReliability, ...]
    effect: tuple[Effect, ...]  # empty unless at least min_group look careless (and as many do not)


def item_report(
    q: Questionnaire,
    rows: Sequence[Row],
    min_group: int = limits.MIN_GROUP,
    drop_careless: bool = False,
    group: str = "",
) -> ItemReport:
    """The item statistics of these respondents (a survey, a wave, any set loaded).

    Careless respondents are set apart (left out on request, their effect shown) only when there are at
    least `min_group` of them: figures with and without fewer would differ by a few people's answers."""
    m = matrix(q, rows)
    found = careless(q, rows)
    flagged = found.flagged
    apart = int(flagged.sum()) >= min_group and int((~flagged).sum()) >= min_group
    left_out = drop_careless and apart
    kept = m.take(~flagged) if left_out else m
    head = (group, kept.n, m.n, int(flagged.sum()), found.by_rule, left_out)
    if kept.n < min_group:
        return ItemReport(*head, True, min_group, ESTIMATOR, (), ())
    dims = tuple(dimension(q, d.id, kept) for d in q.dimensions)
    effect: tuple[Effect, ...] = ()
    if apart:  # the figures computed already give one side of each pair
        other = m if left_out else m.take(~flagged)
        effect = tuple(
            Effect(d.id, _alpha(d.id, other), d.alpha)
            if left_out
            else Effect(d.id, d.alpha, _alpha(d.id, other))
            for d in dims
        )
    return ItemReport(*head, False, min_group, ESTIMATOR, dims, effect)


def _columns(did: str, m: Matrix) -> list[int]:
    return [j for j, x in enumerate(m.questions) if x.dimension == did]


def _alpha(did: str, m: Matrix) -> float | None:
    cols = [j for j in _columns(did, m) if _has_variance(m.scores[:, j])]
    return reliability.scale(m.scores[:, cols]).alpha


def _has_variance(column: np.ndarray) -> bool:
    values = column[~np.isnan(column)]
    return values.size >= 2 and bool(values.min() < values.max())


def dimension(q: Questionnaire, did: str, m: Matrix) -> DimensionReliability:
    cols = _columns(did, m)
    used = [j for j in cols if _has_variance(m.scores[:, j])]
    s = reliability.scale(m.scores[:, used])
    position = {j: i for i, j in enumerate(used)}
    part = m.take_columns(cols)
    missing = np.stack(
        [part.dont_know().sum(axis=0), part.not_applicable().sum(axis=0), part.unanswered().sum(axis=0)]
    )
    items = tuple(_item(m, j, s, position.get(j), missing[:, i]) for i, j in enumerate(cols))
    warnings = []
    if s.alpha is None:
        warnings.append("no_alpha")
    elif s.alpha < limits.ALPHA_LOW:
        warnings.append("alpha_low")
    elif s.alpha > limits.ALPHA_HIGH:
        warnings.append("alpha_high")
    if s.n < limits.FEW_RESPONDENTS:
        warnings.append("few")
    ids = [m.questions[j].id for j in used]
    return DimensionReliability(
        did, s.n, s.k, s.alpha, s.alpha_std, s.ci_low, s.ci_high, items, _pairs(ids, s), tuple(warnings)
    )


def _pairs(ids: list[str], s: reliability.Scale) -> tuple[Pair, ...]:
    found = []
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            r = s.correlations[i][j]
            if r is not None and (r > limits.REDUNDANT_R or r < 0):
                found.append(Pair(a, ids[j], r, "redundant" if r > 0 else "negative"))
    return tuple(found)


def _item(m: Matrix, j: int, s: reliability.Scale, at: int | None, missing: np.ndarray) -> ItemFigures:
    """Question j's figures; `missing` holds its counts of "don't know", "does not apply" and none."""
    x = m.questions[j]
    chosen = m.chosen[:, j]
    values = m.scores[chosen, j]
    n = int(values.size)
    counts = np.bincount(m.raw[chosen, j].astype(np.intp), minlength=len(x.options))
    floor = float(counts[0] / n) if n else None
    ceiling = float(counts[-1] / n) if n else None
    flags = [
        name
        for name, share in (("floor", floor), ("ceiling", ceiling))
        if share is not None and share > limits.FLOOR_CEILING_SHARE
    ]
    if m.n and (m.n - n) / m.n > limits.MISSING_SHARE:
        flags.append("missing")
    if at is None:
        flags.append("no_variance")
    return ItemFigures(
        id=x.id,
        dimension=x.dimension,
        respondents=m.n,
        n=n,
        mean=float(values.mean()) if n else None,
        sd=float(values.std(ddof=1)) if n > 1 else None,
        counts=tuple(int(c) for c in counts),
        dont_know=int(missing[0]),
        not_applicable=int(missing[1]),
        unanswered=int(missing[2]),
        floor=floor,
        ceiling=ceiling,
        r_drop=s.r_drop[at] if at is not None else None,
        alpha_if_dropped=s.alpha_if_dropped[at] if at is not None else None,
        in_alpha=at is not None,
        flags=tuple(flags),
    )
