"""Anonymity for small groups: which groups of each breakdown may be shown on their own.

Staff answer more honestly when nobody can single them out, so, as survey tools do, a group with fewer
respondents than the minimum group size (default 5, set per survey link and on the command line) is never
shown on its own: it is merged into "Others". When "Others" would itself be too small, the smallest shown
group joins it too, since otherwise "Everyone" minus the groups shown would give the small group away;
when no group is left to show, the whole breakdown is withheld.

Protecting each breakdown on its own is not enough: "Others by role" minus "Others by team", or a team minus
the managers, can still single out a few people. So `decide` looks at all breakdowns at once: every set of
respondents that the published groups tell apart (team x role x wave, each as shown, "Others" or withheld)
must be empty or reach the minimum. Every published count and mean then covers whole such sets, so no sum,
difference or other combination of them, on any surface, concerns fewer than the minimum. The browser does
the same (`web/static/js/aggregate.js`, `protect` and `decide`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from centricity.core.limits import MIN_GROUP

__all__ = ["MIN_GROUP", "OTHERS", "Split", "decide", "protect"]

OTHERS = "*"  # the id of the "Others" group: never a valid team, role or wave id
HIDDEN = "**"  # every respondent's label in a breakdown withheld as a whole

T = TypeVar("T")


@dataclass(frozen=True)
class Split(Generic[T]):
    shown: tuple[tuple[str, Sequence[T]], ...]  # groups shown on their own, in display order
    merged: tuple[str, ...]  # ids merged into "Others", in display order
    others: tuple[T, ...]  # the members of "Others" (empty when nothing was merged or all is withheld)
    withheld: bool  # no group could be shown on its own


def protect(
    groups: Sequence[tuple[str, Sequence[T]]], min_group: int, merge: Collection[str] = ()
) -> Split[T]:
    """Split a breakdown (id, members) in display order into what may be shown and what is merged; the ids
    in `merge` are merged whatever their size."""
    order = {gid: i for i, (gid, _) in enumerate(groups)}
    shown = [g for g in groups if len(g[1]) >= min_group and g[0] not in merge]
    small = [g for g in groups if len(g[1]) < min_group or g[0] in merge]
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


def decide(
    cells: Mapping[tuple[str, ...], int], orders: Sequence[Sequence[str]], min_group: int
) -> list[Split[int]]:
    """The one decision for a set of responses: per breakdown (the i-th id of each cell's key, its ids in
    display order in `orders[i]`), which groups are shown, merged or withheld. `cells` counts the respondents
    of each combination of ids. While some set of respondents the published groups tell apart is smaller than
    the minimum, its group in the last breakdown that names it (wave, then role, then team) joins "Others";
    when no breakdown names it, the last breakdown still shown is withheld. With "Everyone" of at least the
    minimum this ends, at the latest with every breakdown withheld."""
    merge: list[set[str]] = [set() for _ in orders]
    hidden = [False] * len(orders)
    while True:
        splits = [_split(cells, i, ids, min_group, merge[i], hidden[i]) for i, ids in enumerate(orders)]
        labels = [_labels(split) for split in splits]
        sets: Counter[tuple[str, ...]] = Counter()
        for key, n in cells.items():
            sets[tuple(labels[i].get(gid, OTHERS) for i, gid in enumerate(key))] += n
        small = [(n, key) for key, n in sets.items() if 0 < n < min_group]
        if not small:
            return splits
        _, key = min(small)
        named = [i for i, label in enumerate(key) if label not in (OTHERS, HIDDEN)]
        if named:
            merge[named[-1]].add(key[named[-1]])
        else:
            hidden[max(i for i, h in enumerate(hidden) if not h)] = True


def _split(
    cells: Mapping[tuple[str, ...], int],
    i: int,
    ids: Sequence[str],
    min_group: int,
    merge: set[str],
    hidden: bool,
) -> Split[int]:
    if hidden:
        return Split((), tuple(ids), (), True)
    sizes = dict.fromkeys(ids, 0)
    for key, n in cells.items():
        sizes[key[i]] += n
    return protect([(gid, range(sizes[gid])) for gid in ids], min_group, merge)


def _labels(split: Split[int]) -> dict[str, str]:
    """Each id's label in the published figures: its own when shown, else "Others" (or HIDDEN)."""
    if split.withheld:
        return dict.fromkeys(split.merged, HIDDEN)
    return {gid: gid for gid, _ in split.shown}
