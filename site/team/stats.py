"""The one definition of every averaged team figure, so no figure can disagree with itself.

Every score a respondent has is already rounded to one decimal, so it is a whole number of tenths; the team
figures are computed from those whole numbers, exactly: the mean is the sum of tenths (an exact integer,
whatever the order) divided once by the count and rounded half up to one decimal; the median and the range
come from counts per value; the spread is the population standard deviation. The dimension table, the
"Everyone" row, each group's row, the written summary and both CSV files all come from `stats`, and
`web/static/js/aggregate.js` does the same integer arithmetic, so the browser and the command line give the
same digits, in time proportional to the number of respondents (no sorting of 100,000 values). `stats`
takes the scores as counts per value, which is how tally.py counts each group's scores.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
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


def stats(counts: Mapping[float, int]) -> Stats:
    """The figures of some scores, given as how many times each value occurs."""
    tenths: Counter = Counter()
    for v, c in counts.items():  # a few hundred distinct values at most
        tenths[round(v * 10)] += c
    n = total = squares = 0
    for t, c in tenths.items():
        n += c
        total += t * c
        squares += t * t * c
    if not n:
        return Stats(0, None, None, None, None, None)
    m = total / n
    variance = squares / n - m * m
    keys = sorted(tenths)
    low, high = _middle(keys, tenths, n)
    return Stats(
        n,
        round1(total / (10 * n)),
        round1((low + high) / 20),
        keys[0] / 10,
        keys[-1] / 10,
        round1(math.sqrt(max(variance, 0.0)) / 10),
    )


def _middle(keys: list[int], counts: Counter, n: int) -> tuple[int, int]:
    """The values at positions (n - 1) // 2 and n // 2 in ascending order (equal when n is odd)."""
    found: list[int] = []
    seen = 0
    for k in keys:
        seen += counts[k]
        while len(found) < 2 and seen > ((n - 1) // 2 if not found else n // 2):
            found.append(k)
    return found[0], found[1]


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
