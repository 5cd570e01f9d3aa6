"""Each group's figures as counts per value, counted column by column instead of row by row.

A 100,000-response report gives the figures of "Everyone" and of every team, role and wave shown; a Python
loop over the rows for each figure of each group cost seconds. Every averaged figure in stats.py is a
function of counts per value (sums of whole tenths, medians and ranges from counts), so counts are all a
group needs: the rows become columns once (one value per row), the group ids one more, and
`Counter(zip(ids, column))` counts (group, value) pairs in C. Groups are then added up from counts: in
aggregate.py, each team, role, wave and "Everyone" from the counts per combination of team, role and wave,
and "Others" from its groups' counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from centricity.team.rows import Row

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Columns:
    """The rows' figures, one tuple per figure with one value per row, in row order."""

    scores: tuple[tuple[float | None, ...], ...]  # per dimension, in questionnaire order
    targets: tuple[tuple[str | None, ...], ...]  # per dimension: the target chosen, where there is a score
    overall: tuple[float | None, ...]
    felt: tuple[int | None, ...]
    measured10: tuple[float | None, ...]


def columns(rows: Sequence[Row], dimensions: int) -> Columns:
    empty = ((),) * dimensions
    return Columns(
        tuple(zip(*(r.scores for r in rows), strict=True)) or empty,
        tuple(zip(*(r.targets for r in rows), strict=True)) or empty,
        tuple(r.overall for r in rows),
        tuple(r.response.answers.felt for r in rows),
        tuple(r.measured10 for r in rows),
    )


@dataclass(frozen=True)
class Tally:
    """One group: its size, and counts per value of its scores (per dimension), overall scores, and the
    felt ratings and measured scores (0-10) of those who have both."""

    n: int
    scores: tuple[Counter, ...]
    overall: Counter
    felt: Counter
    measured: Counter


def _empty(n: int, dimensions: int) -> Tally:
    return Tally(n, tuple(Counter() for _ in range(dimensions)), Counter(), Counter(), Counter())


def tallies(ids: Sequence[K], cols: Columns) -> dict[K, Tally]:
    """The Tally of each group, given each row's group id (in row order)."""
    out = {g: _empty(n, len(cols.scores)) for g, n in Counter(ids).items()}
    for i, column in enumerate(cols.scores):
        for (g, value), count in Counter(zip(ids, column, strict=True)).items():
            if value is not None:
                out[g].scores[i][value] = count
    for (g, value), count in Counter(zip(ids, cols.overall, strict=True)).items():
        if value is not None:
            out[g].overall[value] = count
    for (g, felt, measured), count in Counter(zip(ids, cols.felt, cols.measured10, strict=True)).items():
        if felt is not None and measured is not None:
            out[g].felt[felt] += count
            out[g].measured[measured] += count
    return out


def merged(groups: Iterable[Tally], dimensions: int) -> Tally:
    """One Tally for several groups together."""
    out = _empty(0, dimensions)
    n = 0
    for t in groups:
        n += t.n
        for mine, theirs in zip(out.scores, t.scores, strict=True):
            mine.update(theirs)
        out.overall.update(t.overall)
        out.felt.update(t.felt)
        out.measured.update(t.measured)
    return Tally(n, out.scores, out.overall, out.felt, out.measured)
