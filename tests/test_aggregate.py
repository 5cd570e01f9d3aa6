"""Team aggregation: hand-computed cases, one definition per figure, anonymity for small groups, the team
plan, the fast scorer against the engine, and Python/JS parity (summary, both CSV files and every displayed
figure) on random response sets."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centricity.core.errors import CentricityError
from centricity.engine import codec
from centricity.engine.scoring import Answers, score
from centricity.team import aggregate as agg
from centricity.team.anonymity import protect
from centricity.team.export import csv_cell, csv_text, response_rows, summary_rows
from centricity.team.rows import Scorer, light_score
from centricity.team.stats import agreement, lower_median_index
from centricity.team.wording import figures, written_summary
from centricity.web.views import result_rules
from tests.helpers import TEAMS, four_in_a_team, group_of, holder_answers, random_answers, random_set
from tests.node import run
from tests.strategies import answers


def three(mini):
    """Three respondents on the mini questionnaire; every figure below is worked out by hand."""
    a = codec.Response(
        "mini",
        2,
        Answers({"c1": 2, "c2": 3, "t1": 1, "t2": 2}, {}, 9, {"culture": "high"}),
        label="A",
        team="sales",
    )
    b = codec.Response(
        "mini",
        2,
        Answers({"c1": 0, "c2": 0, "t1": None, "t2": 1}, {"size": "large"}),
        label="B",
        team="sales",
    )
    c = codec.Response(
        "mini",
        2,
        Answers(
            {"c1": 1, "c2": 2, "t1": 2, "t2": 0},
            {"size": "small"},
            3,
            {"culture": "high", "technology": "mid"},
        ),
        label="C",
        team="it",
    )
    return [a, b, c]


def test_hand_computed_three_respondents(mini):
    s = agg.summarize(mini, three(mini), min_group=1)
    # Respondent scores (scoring.py): culture A (100+2*100)/3 = 100, B 0, C (50+2*75)/3 = 66.7;
    # technology A (50+100)/2 = 75, B 30 (t1 "don't know"), C (100+0)/2 = 50;
    # overall (culture*1 + technology*3)/4: A 81.25 -> 81.3, B 22.5, C 54.175 -> 54.2.
    assert s.respondents == 3 and s.duplicates == 0 and s.min_group == 1 and not s.withheld
    culture, tech = s.dimensions
    # culture: mean 166.7/3 = 55.57 -> 55.6; median 66.7; SD sqrt((44.43^2 + 55.57^2 + 11.13^2)/3) = 41.6
    assert (culture.mean, culture.median, culture.min, culture.max) == (55.6, 66.7, 0.0, 100.0)
    assert culture.spread == 41.6
    assert culture.agreement == "low" and culture.level == "mid" and culture.n == 3
    # targets: only those chosen (A and C chose "high" for culture, C "mid" for technology), never the default
    assert (culture.targets, culture.no_target) == ({"low": 0, "mid": 0, "high": 2}, 1)
    assert (tech.targets, tech.no_target) == ({"low": 0, "mid": 1, "high": 0}, 2)
    # technology: 30, 50, 75: mean 51.7, median 50, SD sqrt((21.67^2 + 1.67^2 + 23.33^2)/3) = 18.4 -> medium
    assert (tech.mean, tech.median, tech.spread, tech.agreement) == (51.7, 50.0, 18.4, "medium")
    # overall: 22.5, 54.2, 81.3: mean 52.7, SD 24.0
    assert (s.overall.mean, s.overall.median, s.overall.spread, s.overall.level) == (52.7, 54.2, 24.0, "mid")
    assert (s.overall.targets, s.overall.no_target) == ({}, 0)
    # question spreads from option scores: c2 100, 0, 75 -> mean 58.3, SD 42.5; t2 100, 30, 0 -> 41.9;
    # c1 100, 0, 50 -> 40.8; t1 50, 100 (one "don't know") -> 25.0
    assert [(x.id, x.spread, x.n, x.dont_know) for x in s.disagreements] == [
        ("c2", 42.5, 3, 0),
        ("t2", 41.9, 3, 0),
        ("c1", 40.8, 3, 0),
        ("t1", 25.0, 2, 1),
    ]
    assert s.disagreements[0].mean == 58.3 and s.disagreements[0].counts == (1, 0, 1, 1)
    # teams sorted by id: it (C), sales (A, B): culture (0+100)/2 = 50, technology (30+75)/2 = 52.5,
    # overall (22.5+81.3)/2 = 51.9
    (teams,) = s.breakdowns  # no role question in mini, and no wave tag
    assert [(g.id, g.n) for g in teams.groups] == [("it", 1), ("sales", 2)] and teams.merged == ()
    assert (
        teams.groups[1].dimensions == {"culture": 50.0, "technology": 52.5}
        and teams.groups[1].overall == 51.9
    )
    # felt vs measured: A 9 vs 8.1, C 3 vs 5.4 (B gave no rating): 6.0 vs 6.75 -> 6.8, gap -0.8
    e = s.everyone
    assert (e.felt_n, e.felt, e.measured, e.felt_gap) == (2, 6.0, 6.8, -0.8)
    # the widest gap between teams: culture, it 66.7 against sales 50.0
    assert s.widest_gap == agg.GroupGap("team", "culture", "it", "sales", 66.7, 50.0, 16.7)
    # B: technology - culture = 30 (tech myth); large, culture below 40 and c2 at 0 (easy myth)
    assert [(m.id, m.n) for m in s.myths] == [("tech", 1), ("easy", 1)]


def test_the_team_plan_is_the_engines_plan_for_the_typical_answers(mini):
    s = agg.summarize(mini, three(mini), min_group=1)
    # Typical answers, the lower median of the options chosen: c1 (2, 0, 1) -> 1; c2 (3, 0, 2) -> 2;
    # t1 (1, 2; B does not know) -> 1; t2 (2, 1, 0) -> 1; felt (9, 3) -> 3; targets most chosen: culture high,
    # technology mid.
    typical = Answers({"c1": 1, "c2": 2, "t1": 1, "t2": 1}, {}, 3, {"culture": "high", "technology": "mid"})
    engine = score(mini, typical)
    assert [(st.dimension, st.question, st.current, st.to, st.reason) for st in s.plan] == [
        (p.dimension, p.question, p.current, p.to, p.reason) for p in engine.plan
    ]
    # culture (50 + 2*75)/3 = 66.7, 3.3 below "high" (70); technology (50+30)/2 = 40, at its target "mid"
    assert s.plan[0] == agg.TeamStep("culture", "c1", 1, 2, "target", 66.7, "high", 3.3)
    assert (
        len(s.plan) == 2
    )  # culture's two questions below their top option; technology has reached its target
    shown = figures(mini, s, "en")
    assert shown["plan.1.step"] == "C1? Today: “Some” Next: “All”"  # as on a result page
    assert (
        shown["plan.1.why"] == "Culture: the typical answers score 66.7, 3.3 points below the target, High."
    )


def test_lower_median_is_an_option_someone_chose():
    assert lower_median_index([1, 0, 1, 1]) == 2
    assert lower_median_index([0, 2, 0, 2]) == 1  # between two options: the lower one
    assert lower_median_index([0, 0, 0]) is None and lower_median_index([]) is None


def test_written_summary_in_both_languages(mini):
    s = agg.summarize(mini, three(mini), min_group=1)
    en = written_summary(mini, s, "en", {"it": "IT desk"})
    assert en["text.stands"] == (
        "3 people responded; the overall mean is 52.7 out of 100 (Middle). "
        "The strongest dimension is Culture (55.6) and the weakest is Technology (51.7)."
    )
    assert en["text.disagree"] == (
        "People disagree most about Culture: scores spread 41.6 points (agreement: Low). "
        "The question with the widest spread of answers is C2 “C2?”."
    )
    assert (
        en["text.groups"]
        == "The widest gap between groups is in Culture: IT desk 66.7 against sales 50 (16.7 points)."
    )
    assert en["text.myths"] == "Myths that recur: It is technical (1 of 3); It is easy (1 of 3)."
    es = written_summary(mini, s, "es")
    assert es["text.stands"].startswith("Respondieron 3 personas; la media global es 52,7 sobre 100 (Medio).")
    assert (
        es["text.groups"]
        == "La mayor diferencia entre grupos está en Cultura: it 66,7 frente a sales 50 (16,7 puntos)."
    )
    assert set(en) == set(es)


def test_one_definition_of_each_figure(shipped):
    """The overall mean in the dimension table is the "Everyone" overall, and each group's means use the same
    definition as the dimension table (the issue's 47.4 against 47.3)."""
    for seed in range(30):
        rs = random_set(shipped, random.Random(seed), random.Random(seed).randrange(5, 60))
        s = agg.summarize(shipped, rs, min_group=1)
        assert s.everyone.overall == s.overall.mean
        assert s.everyone.dimensions == {d.id: d.mean for d in s.dimensions}
        for b in s.breakdowns:
            for g in b.groups:
                alone = agg.summarize(shipped, [r for r in rs if _in_group(shipped, r, g)], min_group=1)
                assert g.overall == alone.overall.mean and g.n == alone.respondents


def _in_group(q, r, g) -> bool:
    value = {"team": r.team, "wave": r.wave, "role": r.answers.context.get("role", "")}[g.kind]
    return value == g.id


def test_roles_waves_and_untagged_groups(shipped):
    rs = [
        codec.Response(shipped.id, 1, Answers({"cu1": 0}, {"role": "manager"})),
        codec.Response(shipped.id, 1, Answers({"cu1": 4}, {"role": "executive"}), team="sales"),
        codec.Response(shipped.id, 1, Answers({"cu1": 2}, {})),
    ]
    s = agg.summarize(shipped, rs, min_group=1)
    teams, roles = s.breakdowns  # no response carries a wave, so there is no wave breakdown
    assert [g.id for g in roles.groups] == ["executive", "manager", ""]  # questionnaire order, untagged last
    assert [g.id for g in teams.groups] == ["sales", ""]
    assert roles.groups[0].dimensions["culture"] == 100.0 and roles.groups[0].dimensions["data"] is None
    assert s.dimensions[0].agreement == "low" and s.dimensions[1].n == 0 and s.dimensions[1].mean is None
    shown = figures(shipped, s, "en")
    assert (
        shown["group.role..label"] == "Role not given"
        and figures(shipped, s, "es")["group.team..label"] == "Sin equipo"
    )
    waves = agg.summarize(
        shipped, [replace(r, wave=w) for r, w in zip(rs, ["w2", "w1", ""], strict=True)], min_group=1
    )
    assert [(g.id, g.n) for g in waves.breakdowns[-1].groups] == [("w1", 1), ("w2", 1), ("", 1)]


def test_duplicates_count_once_whatever_the_key_order(mini):
    a, b, c = three(mini)
    shuffled = replace(
        a, answers=Answers(dict(reversed(list(a.answers.choices.items()))), {}, 9, {"culture": "high"})
    )
    s = agg.summarize(mini, [a, b, c, shuffled, b], min_group=1)
    assert s.respondents == 3 and s.duplicates == 2
    assert replace(s, duplicates=0) == agg.summarize(mini, [a, b, c], min_group=1)
    relabelled = replace(a, label="A again")  # another label is another respondent
    assert agg.summarize(mini, [a, relabelled], min_group=1).respondents == 2


def test_nothing_to_aggregate(mini):
    s = agg.summarize(mini, [], min_group=1)
    assert s.respondents == 0 and s.withheld and s.overall is None and s.breakdowns == ()
    empty = agg.summarize(mini, [codec.Response("mini", 2, Answers({}))], min_group=1)
    assert empty.respondents == 1 and empty.overall.n == 0 and empty.dimensions[0].agreement is None
    assert empty.plan == () and figures(mini, empty, "en")["plan.none"].startswith("No step to propose")
    assert written_summary(mini, empty, "en")["text.stands"].endswith("every answer was “don't know”.")
    with pytest.raises(CentricityError):
        agg.summarize(mini, [], min_group=0)


@pytest.mark.parametrize(
    ("n", "spread", "label"),
    [
        (1, 0.0, None),
        (2, 0.0, "high"),
        (2, 9.9, "high"),
        (2, 10.0, "medium"),
        (5, 19.9, "medium"),
        (5, 20.0, "low"),
    ],
)
def test_agreement_thresholds(n, spread, label):
    assert agreement(n, spread) == label


def test_top_ten_questions_ties_in_questionnaire_order(shipped):
    # Two respondents at opposite ends of every question: all spreads are equal (50), so order decides.
    low = codec.Response(shipped.id, 1, Answers({x.id: 0 for x in shipped.questions}))
    high = codec.Response(shipped.id, 1, Answers({x.id: len(x.options) - 1 for x in shipped.questions}))
    s = agg.summarize(shipped, [low, high], min_group=1)
    assert [x.id for x in s.disagreements] == [x.id for x in shipped.questions][: agg.TOP_QUESTIONS]
    assert all(x.spread == 50.0 for x in s.disagreements)
    # A question everyone answers alike shows no disagreement, and one answer is not a spread.
    same = agg.summarize(shipped, [low, replace(low, label="other")], min_group=1)
    assert same.disagreements == ()


# ---- anonymity ----


def test_protect_merges_small_groups_and_never_leaves_one_to_subtract():
    g = lambda gid, n: (gid, list(range(n)))  # noqa: E731
    # a group of 4 under 5 and one of 3: "Others" has 7, shown
    split = protect([g("a", 6), g("b", 4), g("c", 3)], 5)
    assert [gid for gid, _ in split.shown] == ["a"] and split.merged == ("b", "c") and len(split.others) == 7
    # a group of 4 alone would be "Others" of 4, and "Everyone" minus "a" would give it away: the smallest
    # shown group (the last among equals) joins it
    split = protect([g("a", 6), g("b", 5), g("c", 5), g("d", 4)], 5)
    assert (
        [gid for gid, _ in split.shown] == ["a", "b"]
        and split.merged == ("c", "d")
        and len(split.others) == 9
    )
    # no group of 5: the breakdown is withheld
    split = protect([g("a", 4), g("b", 4)], 5)
    assert split.withheld and split.shown == () and split.others == ()
    # every group large enough: nothing merged
    assert protect([g("a", 5), g("b", 5)], 5).merged == ()


SMALL = ("group.team.it.", "group.role.executive.", "group.wave.w2.")  # groups of 4 and 3: never shown


def test_a_group_of_four_is_never_shown_on_its_own(shipped):
    s = agg.summarize(shipped, four_in_a_team(shipped))
    teams, roles, waves = s.breakdowns
    # it (4) joins "Others"; an "Others" of 4 alone could be worked out from "Everyone" minus the teams shown,
    # so the smallest shown team (service: the last of the two teams of 6) joins it
    assert [(g.id, g.n) for g in teams.groups] == [("sales", 6), ("*", 10)] and teams.merged == (
        "it",
        "service",
    )
    # by role alone, frontline (7) and "Others" (9) would pass; but frontline is sales and one of it, so
    # frontline minus sales would give that one person away: roles are withheld as a whole
    assert roles.withheld and roles.groups == ()
    # w2 (4) joins "Others", which leaves w1 alone, that is "Everyone": the waves are not shown at all
    assert waves.withheld and waves.groups == ()
    shown = figures(shipped, s, "en")
    assert not [k for k in shown if k.startswith(SMALL)]
    assert (
        shown["note.team"]
        == "it, service: merged into “Others”, so that no group of fewer than 5 respondents is shown or can "
        "be worked out from the figures."
    )
    assert shown["note.wave"] == (
        "Results are not shown by wave: showing any wave would let a group of fewer than 5 respondents be "
        "seen or worked out from the figures."
    )
    assert s.widest_gap is None  # one named group per breakdown is left: "Others" is no group to name
    rows = summary_rows(shipped, s, "en")
    assert not [
        r for r in rows if r[0] in ("team", "role", "wave") and r[1] in ("it", "executive", "w2", "service")
    ]
    assert ["team", "*", "Others", "merged", "it service"] in rows


def test_waves_are_withheld_when_no_wave_has_enough(shipped):
    rng = random.Random(1)
    rs = group_of("sales", 4, shipped, rng, wave="w1") + group_of("it", 4, shipped, rng, wave="w2")
    s = agg.summarize(shipped, rs)
    teams, waves = s.breakdowns
    assert teams.withheld and waves.withheld and teams.groups == () and waves.groups == ()
    shown = figures(shipped, s, "es")
    assert (
        shown["note.team"]
        == "Los resultados no se muestran por equipo: mostrar cualquier equipo permitiría ver o deducir de "
        "las cifras un grupo de menos de 5 personas."
    )
    assert shown["text.groups"].startswith("No se indica ninguna diferencia entre dos grupos con nombre")
    assert s.widest_gap is None and not any(k.startswith(("group.team.", "group.wave.")) for k in shown)


def test_fewer_respondents_than_the_minimum_show_only_the_count(shipped):
    rs = group_of("sales", 4, shipped, random.Random(3))
    s = agg.summarize(shipped, rs)
    assert s.withheld and s.dimensions == () and s.everyone is None and s.myths == () and s.plan == ()
    shown = figures(shipped, s, "en")
    assert set(shown) == {"count", "note.min", "note.withheld"}
    assert shown["note.withheld"].startswith("4 responses so far: figures appear from 5 responses on")
    assert summary_rows(shipped, s, "en")[-1][:4] == ["respondents", "all", "Everyone", "withheld"]
    assert agg.summarize(shipped, rs, min_group=4).withheld is False


# ---- properties and the fast scorer ----


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_properties_on_the_shipped_questionnaire(shipped, data):
    sets = data.draw(st.lists(answers(shipped), min_size=1, max_size=12))
    teams = data.draw(st.lists(st.sampled_from(TEAMS), min_size=len(sets), max_size=len(sets)))
    min_group = data.draw(st.integers(1, 4))
    rs = [
        codec.Response(shipped.id, 1, a, team=t, label=str(i))
        for i, (a, t) in enumerate(zip(sets, teams, strict=True))
    ]
    s = agg.summarize(shipped, rs, min_group)
    if s.withheld:
        assert s.respondents < min_group
        return
    for d in (*s.dimensions, s.overall):
        if d.n:
            assert d.min <= d.mean <= d.max and d.min <= d.median <= d.max and d.spread >= 0
        assert sum(d.targets.values()) + d.no_target == (d.n if d.id != "overall" else 0)
    for b in s.breakdowns:
        assert all(g.n >= min_group for g in b.groups)
        assert b.withheld or sum(g.n for g in b.groups) == s.respondents
    order = data.draw(st.permutations(rs))
    assert agg.summarize(shipped, order, min_group) == s
    again = data.draw(st.lists(st.sampled_from(rs), max_size=6))
    assert agg.summarize(shipped, [*order, *again], min_group) == replace(s, duplicates=len(again))


def engine_figures(r, a: Answers):
    """What Scorer computes, from the engine's Result: targets only where chosen."""
    return (
        tuple(d.score for d in r.dimensions),
        tuple(a.targets.get(d.id) if d.score is not None else None for d in r.dimensions),
        r.overall,
        r.measured10,
        tuple(m.id for m in r.myths),
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_fast_scorer_agrees_with_the_engine(catalog, mini, data):
    q = data.draw(st.sampled_from([*catalog.questionnaires.values(), mini]))
    a = data.draw(answers(q))
    assert light_score(q, a) == engine_figures(score(q, a), a)


def test_fast_scorer_on_many_random_sets(catalog, mini):
    for q in (*catalog.questionnaires.values(), mini):
        rng = random.Random(q.id)
        scorer = Scorer(q)
        flagged = set()
        sets = [random_answers(q, rng) for _ in range(300)]
        sets += [holder_answers(q, m.id, rng) for m in q.myths for _ in range(20)]
        for a in sets:
            r = score(q, a)
            assert scorer(a) == engine_figures(r, a)
            flagged.update(m.id for m in r.myths)
        assert len(flagged) >= 2, "myth rules are exercised"


# ---- Python and the browser ----


NAMES = {"sales": "Sales floor", "it": "IT, desk & “ops”"}


def js_aggregate(
    q, lang: str, sets: list[list], min_group: int = agg.MIN_GROUP, names=None, keep_identical: bool = False
) -> list[dict]:
    data = result_rules(q, lang)
    payload = {
        "keep_identical": keep_identical,
        "rules": data["rules"],
        "texts": data["texts"],
        "strings": data["strings"],
        "lang": lang,
        "min_group": min_group,
        "names": list((names or {}).items()),
        "sets": sets,
    }
    return run("aggregate_cli.js", payload)


@pytest.mark.parametrize("name", ["shipped", "quick", "mini"])
def test_python_and_browser_aggregate_identically(name, catalog, mini):
    q = {"shipped": catalog.primary, "quick": catalog.questionnaires["quick-check"], "mini": mini}[name]
    rng = random.Random(f"team-{name}")
    sets = [random_set(q, rng, n) for n in (1, 2, 7, 60, 250)]
    sets.append(sets[-1][:40] + sets[-1][:10])  # with duplicates
    codes = [[codec.encode(r) for r in rs] for rs in sets]
    # The browser reads both codes and files: give it every other response as a file.
    mixed = [
        [c if i % 2 else codec.to_json(q, r) for i, (c, r) in enumerate(zip(cs, rs, strict=True))]
        for cs, rs in zip(codes, sets, strict=True)
    ]
    for lang, min_group in (("es", 1), ("en", 5), ("en", 20)):
        for items, rs, out in zip(mixed, sets, js_aggregate(q, lang, mixed, min_group, NAMES), strict=True):
            assert out["errors"] == [] and len(items) == len(rs)
            rows, dup = agg.prepare(q, rs)
            s = agg.summarize_rows(q, rows, dup, min_group)
            assert out["summary"] == json.loads(json.dumps(s.to_dict()))
            assert out["figures"] == figures(q, s, lang, NAMES)
            assert out["summary_csv"] == csv_text(summary_rows(q, s, lang, NAMES))
            assert out["responses_csv"] == csv_text(response_rows(q, rows, lang))
            assert out["codes"] == [r.code for r in rows]


def shaped_survey(q, rng: random.Random) -> list[codec.Response]:
    """Teams of 0 to 12 with roles and waves drawn at random: shapes where breakdowns protect each other."""
    rs = []
    for t in range(rng.randint(1, 4)):
        for _ in range(rng.randint(0, 12)):
            role = rng.choice(["", "executive", "manager", "frontline"][: rng.randint(1, 4)])
            rs += group_of(f"t{t}", 1, q, rng, role, rng.choice(["", "w1", "w2"]))
    return rs


def test_the_browser_takes_the_same_decision_across_breakdowns(shipped):
    """aggregate.js `decide` is anonymity.decide: same groups shown, merged and withheld, on shapes where
    one breakdown must give way to another."""
    rng = random.Random(2026)
    sets = [shaped_survey(shipped, rng) for _ in range(24)] + [four_in_a_team(shipped)]
    decided = 0
    for min_group in (3, 5):
        outs = js_aggregate(shipped, "en", [[codec.encode(r) for r in rs] for rs in sets], min_group)
        for rs, out in zip(sets, outs, strict=True):
            s = agg.summarize(shipped, rs, min_group)
            assert out["summary"] == json.loads(json.dumps(s.to_dict()))
            decided += any(b.withheld or b.merged for b in s.breakdowns)
    assert decided >= 10  # the shapes did make the decision merge or withhold


def test_identical_responses_kept_as_respondents_agree_in_both(shipped):
    """The collecting server's responses are one per respondent: alike answers are still two people."""
    rng = random.Random(8)
    base = random_set(shipped, rng, 6)
    rs = base + base[:4] + [base[0]] * 3
    for keep in (False, True):
        coded = ((agg.canonical_code(shipped, r), r) for r in rs)
        rows, dup = (agg.prepare_coded(shipped, coded), 0) if keep else agg.prepare(shipped, rs)
        assert (len(rows), dup) == ((13, 0) if keep else (6, 7))
        s = agg.summarize_rows(shipped, rows, dup, 5)
        out = js_aggregate(shipped, "en", [[codec.encode(r) for r in rs]], 5, keep_identical=keep)[0]
        assert out["summary"] == json.loads(json.dumps(s.to_dict()))
        assert out["codes"] == [r.code for r in rows]
        assert out["responses_csv"] == csv_text(response_rows(shipped, rows, "en"))


def test_canonical_codes_are_identical_in_both(shipped):
    rng = random.Random(4)
    rs = random_set(shipped, rng, 30)
    rs = [
        replace(
            r,
            answers=Answers(
                dict(reversed(list(r.answers.choices.items()))),
                dict(r.answers.context),
                r.answers.felt,
                dict(r.answers.targets),
            ),
        )
        for r in rs
    ]
    out = js_aggregate(shipped, "en", [[codec.encode(r) for r in rs]])[0]
    rows, _ = agg.prepare(shipped, rs)
    assert out["codes"] == [r.code for r in rows]
    assert sorted(agg.canonical_code(shipped, r) for r in rs) == [r.code for r in rows]


def test_csv_cells_are_quoted_and_never_formulas():
    assert csv_cell("plain") == "plain"
    assert csv_cell('a,"b"') == '"a,""b"""'
    assert csv_cell('=HYPERLINK("x")') == '"\'=HYPERLINK(""x"")"'
    assert csv_cell("+1") == "'+1" and csv_cell("@x") == "'@x"
    assert csv_cell("-2.5") == "-2.5" and csv_cell("-lead") == "'-lead"
    assert csv_cell("two\nlines") == '"two\nlines"'
    text = csv_text([["a", "b"], ["1", "2"]])
    assert text == "\ufeffa,b\r\n1,2\r\n"


def test_response_rows_say_they_identify_individual_answers(mini):
    rows, _ = agg.prepare(mini, three(mini))
    table = response_rows(mini, rows, "en")
    assert table[0] == [
        "# Identifies individual answers: one row per response, with the label each person typed. "
        "Share it only with people who may see them."
    ]
    assert response_rows(mini, rows, "es")[0][0].startswith("# Identifica respuestas individuales")
    assert table[1] == [
        "label",
        "survey",
        "team",
        "wave",
        "created",
        "context.size",
        "c1",
        "c2",
        "t1",
        "t2",
        "score.culture",
        "score.technology",
        "overall",
        "felt",
        "myths",
    ]
    by_label = {r[0]: r for r in table[2:]}
    assert by_label["B"] == [
        "B",
        "",
        "sales",
        "",
        "",
        "large",
        "0",
        "0",
        "x",
        "1",
        "0.0",
        "30.0",
        "22.5",
        "",
        "tech easy",
    ]
    assert by_label["A"][-3:] == ["81.3", "9", ""]


def test_figures_use_the_interface_strings(mini):
    s = agg.summarize(mini, three(mini), min_group=1)
    f = figures(mini, s, "es", {"sales": "Ventas"})
    assert f["count"] == "3 personas"
    assert f["dim.culture.mean"] == "55,6" and f["dim.culture.range"] == "0\u2013100"
    assert f["dim.culture.agreement"] == "Bajo" and f["dim.culture.targets"] == "Alto: 2; 1 sin elegir"
    assert f["dim.technology.targets"] == "Medio: 1; 2 sin elegir" and f["dim.overall.targets"] == "\u2013"
    assert f["disagree.1"].startswith("C2 ¿C2? (dispersión de 42,5 puntos, 3 respuestas)")
    assert f["group.team.sales.felt"] == "9 frente a 8,1" and f["group.team.it.label"] == "it"
    assert f["group.team.sales.label"] == "Ventas"
    assert f["myth.tech"] == "Es técnico: 1 de 3 personas"
    assert f["note.min"].startswith("Los grupos de menos de 1 personas")
