"""The one definition of every averaged team figure, so no figure can disagree with itself.

A mean is always the mean of the respondents' own (already rounded) scores, summed in ascending order and
rounded half up to one decimal once, at the end. The dimension table, the "Everyone" row, each group's row,
the written summary and both CSV files all come from `stats`, and `web/static/js/aggregate.js` sums in the
same order, so the browser and the command line give the same digits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from centricity.core.limits import AGREEMENT_HIGH_BELOW, AGREEMENT_MEDIUM_BELOW
from centricity.engine.scoring import round1


@dataclass(frozen=True)
class Stats:
    """Mean, median, range and population standard deviation ("spread") of some scores."""

    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    spread: float | None


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
    """`stats(values).mean`: the only mean there is."""
    return stats(values).mean


def agreement(n: int, spread: float | None) -> str | None:
    """How closely people agree, read from the spread; one answer cannot disagree with anything."""
    if n < 2 or spread is None:
        return None
    return "high" if spread < AGREEMENT_HIGH_BELOW else "medium" if spread < AGREEMENT_MEDIUM_BELOW else "low"


def lower_median_index(counts: Sequence[int]) -> int | None:
    """The option a typical respondent chose: the lower median of option indexes given as counts per option.

    The lower median is always an option someone chose, so a team plan step names a real answer."""
    running = list(accumulate(counts))
    if not running or not running[-1]:
        return None
    k = (running[-1] - 1) // 2
    return next(i for i, seen in enumerate(running) if seen > k)
