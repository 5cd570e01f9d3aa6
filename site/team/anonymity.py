"""Anonymity for small groups: which groups of a breakdown may be shown on their own.

Staff answer more honestly when nobody can single them out, so, as survey tools do, a group with fewer
respondents than the minimum group size (default 5, set per survey link and on the command line) is never
shown on its own: it is merged into "Others". When "Others" would itself be too small, the smallest shown
group joins it too, since otherwise "Everyone" minus the groups shown would give the small group away;
when no group is left to show, the whole breakdown is withheld. The browser does the same
(`web/static/js/aggregate.js`, `protect`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from centricity.core.limits import MIN_GROUP

__all__ = ["MIN_GROUP", "OTHERS", "Split", "protect"]

OTHERS = "*"  # the id of the "Others" group: never a valid team, role or wave id

T = TypeVar("T")


@dataclass(frozen=True)
class Split(Generic[T]):
    shown: tuple[tuple[str, Sequence[T]], ...]  # groups shown on their own, in display order
    merged: tuple[str, ...]  # ids merged into "Others", in display order
    others: tuple[T, ...]  # the members of "Others" (empty when nothing was merged or all is withheld)
    withheld: bool  # no group could be shown on its own


def protect(groups: Sequence[tuple[str, Sequence[T]]], min_group: int) -> Split[T]:
    """Split a breakdown (id, members) in display order into what may be shown and what is merged."""
    order = {gid: i for i, (gid, _) in enumerate(groups)}
    shown = [g for g in groups if len(g[1]) >= min_group]
    small = [g for g in groups if len(g[1]) < min_group]
    while shown and 0 < _size(small) < min_group:
        # the smallest shown group; among equals the last in display order
        smallest = min(range(len(shown)), key=lambda i: (len(shown[i][1]), -order[shown[i][0]]))
        small.append(shown.pop(smallest))
    small.sort(key=lambda g: order[g[0]])
    merged = tuple(gid for gid, _ in small)
    if not shown:
        return Split((), merged, (), bool(groups))
    others = tuple(member for _, members in small for member in members)
    return Split(tuple(shown), merged, others, False)


def _size(groups: Sequence[tuple[str, Sequence[T]]]) -> int:
    n = 0
    for _, members in groups:
        n += len(members)
    return n
