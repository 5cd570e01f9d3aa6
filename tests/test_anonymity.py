"""No group below the minimum can be worked out from the figures a consultant sees.

Every surface (the report, both CSV files, the team view, the collecting server's admin pages and downloads)
shows one `TeamSummary`: the parity tests prove they show the same figures. So the property is checked on
what the summary CSV publishes: for each group shown (Everyone, each team, role and wave, each "Others")
its number of respondents and its means, that is its sums. Whoever holds all of them can combine the sums
with any coefficients; a set T of respondents is exposed when some combination depends only on T. That
happens exactly when dropping T's columns from the published groups' incidence matrix lowers its rank.
Columns of respondents in exactly the same published groups are equal, and dropping only some of equal
columns keeps the rank, so it is enough to try unions of whole such classes: none smaller than the minimum
may lower the rank.

Scope: the number of responses of every team is published too (the response rate), but counts carry no
answers, so they add no sums; each mean is treated as the sum over all the group's members. A dimension's mean
is over those of the group who scored in it ("don't know" to all its questions leaves a person out), and the
felt rating over those who gave one: those subsets lie inside groups of at least the minimum, whose members
the figures do not tell apart.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from centricity.engine import codec
from centricity.team import aggregate as agg
from centricity.team.anonymity import OTHERS, decide
from centricity.team.export import summary_rows
from tests.helpers import random_answers

ROLES = ("", "executive", "manager", "frontline", "specialist")
WAVES = ("", "w1", "w2", "w3")


def rank(rows: list[list[int]]) -> int:
    """Exact rank (fractions, no rounding) of a small matrix."""
    m = [[Fraction(x) for x in r] for r in rows]
    done = 0
    for col in range(len(m[0]) if m else 0):
        pivot = next((i for i in range(done, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[done], m[pivot] = m[pivot], m[done]
        for i in range(len(m)):
            if i != done and m[i][col] != 0:
                f = m[i][col] / m[done][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[done], strict=True)]
        done += 1
    return done


def published_sets(rs: list[codec.Response], rows: list[list[str]]) -> list[frozenset[int]]:
    """The respondents behind each group whose count and means the summary publishes."""
    tags = {
        "team": [r.team for r in rs],
        "role": [r.answers.context.get("role", "") for r in rs],
        "wave": [r.wave for r in rs],
    }
    merged = {row[0]: row[4].split(" ") for row in rows if row[3] == "merged"}
    out = []
    for section, gid, _label, measure, _value in rows[1:]:
        if measure != "n" or section not in ("all", "team", "role", "wave"):
            continue
        if section == "all":
            out.append(frozenset(range(len(rs))))
            continue
        ids = set(merged[section]) if gid == OTHERS else {gid}
        out.append(frozenset(i for i, tag in enumerate(tags[section]) if tag in ids))
    return out


def exposed(n: int, sets: list[frozenset[int]], min_group: int) -> frozenset[int] | None:
    """A set of fewer than `min_group` respondents some combination of the sums depends on alone."""
    classes: dict[tuple[bool, ...], list[int]] = {}
    for i in range(n):
        classes.setdefault(tuple(i in s for s in sets), []).append(i)
    keys = [k for k in classes if any(k)]
    full = rank([[int(k[j]) for k in keys] for j in range(len(sets))])
    small = [k for k in keys if len(classes[k]) < min_group]
    for size in range(1, len(small) + 1):
        for drop in combinations(small, size):
            if sum(len(classes[k]) for k in drop) >= min_group:
                continue
            kept = [k for k in keys if k not in drop]
            if rank([[int(k[j]) for k in kept] for j in range(len(sets))]) < full:
                return frozenset(i for k in drop for i in classes[k])
    return None


def test_the_exposure_check_finds_the_differences_of_the_issue(shipped):
    """The check itself: the attacks that worked on groups protected one breakdown at a time."""
    everyone = frozenset(range(10))
    # teams of 9 and 1: Everyone minus the team of 9
    assert exposed(10, [everyone, frozenset(range(9))], 5) == {9}
    # "Others" by team (0-5) minus "Others" by role (0-3, 6, 7): the rank drops without 4 and 5 (with 6, 7)
    assert exposed(10, [everyone, frozenset(range(6)), frozenset([0, 1, 2, 3, 6, 7])], 5) is not None
    # a team minus a role that lies within it, where both have at least 5
    assert exposed(12, [frozenset(range(12)), frozenset(range(8)), frozenset(range(5))], 5) == {5, 6, 7}
    # two breakdowns whose cells cannot be told apart: nothing smaller than 5 comes out
    teams = [frozenset(range(10)), frozenset(range(10, 20))]
    roles = [frozenset([*range(5), *range(10, 15)]), frozenset([*range(5, 10), *range(15, 20)])]
    assert exposed(20, [frozenset(range(20)), *teams, *roles], 5) is None


def test_one_decision_for_the_shapes_of_the_issue():
    # teams sales 6, service 6, it 4: it and service are merged, never service alone
    (split,) = decide({("sales",): 6, ("service",): 6, ("it",): 4}, [["it", "sales", "service"]], 5)
    assert [g for g, _ in split.shown] == ["sales"] and split.merged == ("it", "service")
    # teams of 9 and 1: withheld, Everyone only
    (split,) = decide({("a",): 9, ("b",): 1}, [["a", "b"]], 5)
    assert split.withheld
    # teams 12, 3, 3 with four managers in one small team: "Others by role" never differs from
    # "Others by team" by fewer than 5
    cells = {("a", "staff"): 12, ("b", "manager"): 3, ("c", "manager"): 1, ("c", "staff"): 2}
    teams, roles = decide(cells, [["a", "b", "c"], ["manager", "staff"]], 5)
    assert [g for g, _ in teams.shown] == ["a"] and teams.merged == ("b", "c")
    assert roles.withheld


@st.composite
def survey(draw):
    """Respondents tagged with a team, a role and a wave (any of them possibly blank), and a minimum size."""
    teams = draw(st.lists(st.integers(0, 12), min_size=1, max_size=5))
    roles = draw(st.integers(1, len(ROLES)))
    waves = draw(st.integers(1, len(WAVES)))
    tags = []
    for t, size in enumerate(teams):
        for _ in range(size):
            role = ROLES[draw(st.integers(0, roles - 1))]
            wave = WAVES[draw(st.integers(0, waves - 1))]
            tags.append((f"t{t}", role, wave))
    return tags, draw(st.integers(1, 8)), draw(st.integers(0, 2**32))


@settings(max_examples=150, deadline=None)
@given(drawn=survey())
def test_no_group_below_the_minimum_can_be_worked_out(shipped, drawn):
    tags, min_group, seed = drawn
    rng = random.Random(seed)
    rs = []
    for i, (team, role, wave) in enumerate(tags):
        a = random_answers(shipped, rng)
        context = {k: v for k, v in a.context.items() if k != "role"} | ({"role": role} if role else {})
        a = type(a)(a.choices, context, a.felt, a.targets)
        rs.append(codec.Response(shipped.id, shipped.version, a, label=str(i), team=team, wave=wave))
    rows, _ = agg.prepare_coded(shipped, [(str(i), r) for i, r in enumerate(rs)]), 0
    s = agg.summarize_rows(shipped, rows, 0, min_group)
    ordered = [r.response for r in rows]
    sets = published_sets(ordered, summary_rows(shipped, s, "en"))
    if len(rs) < min_group:
        assert s.withheld and sets == []
        return
    assert all(len(x) >= min_group for x in sets)
    assert exposed(len(rs), sets, min_group) is None
