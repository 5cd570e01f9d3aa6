"""Team aggregation: hand-computed cases, properties, the fast scorer against the engine, and Python/JS parity
(summary, both CSV files and every displayed figure) on random response sets."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centricity.core.errors import CentricityError
from centricity.engine import codec as resp
from centricity.engine.scoring import Answers, score
from centricity.team import aggregate as agg
from centricity.team.survey import survey_links
from centricity.web.views import result_rules
from tests.node import run
from tests.strategies import answers
from tests.test_parity import random_answers

TEAMS = ["sales", "service", "it", ""]


def three(mini):
    """Three respondents on the mini questionnaire; every figure below is worked out by hand."""
    a = resp.Response(
        "mini", 2, Answers({"c1": 2, "c2": 3, "t1": 1, "t2": 2}, {}, 9), label="A", team="sales"
    )
    b = resp.Response(
        "mini",
        2,
        Answers({"c1": 0, "c2": 0, "t1": None, "t2": 1}, {"size": "large"}),
        label="B",
        team="sales",
    )
    c = resp.Response(
        "mini", 2, Answers({"c1": 1, "c2": 2, "t1": 2, "t2": 0}, {"size": "small"}, 3), label="C", team="it"
    )
    return [a, b, c]


def test_hand_computed_three_respondents(mini):
    s = agg.aggregate(mini, three(mini))
    # Respondent scores (scoring.py): culture A (100+2*100)/3 = 100, B 0, C (50+2*75)/3 = 66.7;
    # technology A (50+100)/2 = 75, B 30 (t1 "don't know"), C (100+0)/2 = 50;
    # overall (culture*1 + technology*3)/4: A 81.25 -> 81.3, B 22.5, C 54.175 -> 54.2.
    assert s.respondents == 3 and s.duplicates == 0
    culture, tech = s.dimensions
    # culture: mean 166.7/3 = 55.57 -> 55.6; median 66.7; SD sqrt((44.43^2 + 55.57^2 + 11.13^2)/3) = 41.6
    assert (culture.mean, culture.median, culture.min, culture.max) == (55.6, 66.7, 0.0, 100.0)
    assert culture.spread == 41.6
    assert culture.agreement == "low" and culture.level == "mid" and culture.n == 3
    # targets (next level up by default): A high -> high, B low -> mid, C mid -> high
    assert culture.targets == {"low": 0, "mid": 1, "high": 2}
    # technology: 30, 50, 75: mean 51.7, median 50, SD sqrt((21.67^2 + 1.67^2 + 23.33^2)/3) = 18.4 -> medium
    assert (tech.mean, tech.median, tech.spread, tech.agreement) == (51.7, 50.0, 18.4, "medium")
    # overall: 22.5, 54.2, 81.3: mean 52.7, SD 24.0
    assert (s.overall.mean, s.overall.median, s.overall.spread, s.overall.level) == (52.7, 54.2, 24.0, "mid")
    assert s.overall.targets == {}
    # question spreads from option scores: c2 100, 0, 75 -> mean 58.3, SD 42.5; t2 100, 30, 0 -> 41.9;
    # c1 100, 0, 50 -> 40.8; t1 50, 100 (one "don't know") -> 25.0
    assert [(x.id, x.spread, x.n, x.dont_know) for x in s.disagreements] == [
        ("c2", 42.5, 3, 0),
        ("t2", 41.9, 3, 0),
        ("c1", 40.8, 3, 0),
        ("t1", 25.0, 2, 1),
    ]
    assert s.disagreements[0].mean == 58.3 and s.disagreements[0].counts == (1, 0, 1, 1)
    # teams sorted by id: it (C), sales (A, B): culture (100+0)/2 = 50, technology (75+30)/2 = 52.5
    assert [(g.id, g.n) for g in s.teams] == [("it", 1), ("sales", 2)]
    assert s.teams[1].dimensions == {"culture": 50.0, "technology": 52.5} and s.teams[1].overall == 51.9
    # felt vs measured: A 9 vs 8.1, C 3 vs 5.4 (B gave no rating): 6.0 vs 6.75 -> 6.8, gap -0.8
    e = s.everyone
    assert (e.felt_n, e.felt, e.measured, e.felt_gap) == (2, 6.0, 6.8, -0.8)
    # B: technology - culture = 30 (tech myth); large, culture below 40 and c2 at 0 (easy myth)
    assert [(m.id, m.n) for m in s.myths] == [("tech", 1), ("easy", 1)]
    assert s.roles == ()  # mini has no "role" context question


def test_roles_and_untagged_groups(shipped):
    rs = [
        resp.Response(shipped.id, 1, Answers({"cu1": 0}, {"role": "manager"})),
        resp.Response(shipped.id, 1, Answers({"cu1": 4}, {"role": "executive"}), team="sales"),
        resp.Response(shipped.id, 1, Answers({"cu1": 2}, {})),
    ]
    s = agg.aggregate(shipped, rs)
    assert [g.id for g in s.roles] == ["executive", "manager", ""]  # questionnaire order, untagged last
    assert [g.id for g in s.teams] == ["sales", ""]
    assert s.roles[0].dimensions["culture"] == 100.0 and s.roles[0].dimensions["data"] is None
    assert s.dimensions[0].agreement == "low" and s.dimensions[1].n == 0 and s.dimensions[1].mean is None
    assert agg.group_label(shipped, s.roles[-1], "en") == "Role not given"
    assert agg.group_label(shipped, s.teams[-1], "es") == "Sin equipo"


def test_duplicates_count_once_whatever_the_key_order(mini):
    a, b, c = three(mini)
    shuffled = replace(a, answers=Answers(dict(reversed(list(a.answers.choices.items()))), {}, 9))
    s = agg.aggregate(mini, [a, b, c, shuffled, b])
    assert s.respondents == 3 and s.duplicates == 2
    assert replace(s, duplicates=0) == agg.aggregate(mini, [a, b, c])
    relabelled = replace(a, label="A again")  # another label is another respondent
    assert agg.aggregate(mini, [a, relabelled]).respondents == 2


def test_nothing_to_aggregate(mini):
    s = agg.aggregate(mini, [])
    assert s.respondents == 0 and s.overall.mean is None and s.disagreements == () and s.teams == ()
    assert all(m.n == 0 for m in s.myths) and s.everyone.overall is None
    empty = agg.aggregate(mini, [resp.Response("mini", 2, Answers({}))])
    assert empty.respondents == 1 and empty.overall.n == 0 and empty.dimensions[0].agreement is None


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
    assert agg.agreement(n, spread) == label


def test_top_ten_questions_ties_in_questionnaire_order(shipped):
    # Two respondents at opposite ends of every question: all spreads are equal (50), so order decides.
    low = resp.Response(shipped.id, 1, Answers({x.id: 0 for x in shipped.questions}))
    high = resp.Response(shipped.id, 1, Answers({x.id: len(x.options) - 1 for x in shipped.questions}))
    s = agg.aggregate(shipped, [low, high])
    assert [x.id for x in s.disagreements] == [x.id for x in shipped.questions][: agg.TOP_QUESTIONS]
    assert all(x.spread == 50.0 for x in s.disagreements)
    # A question everyone answers alike shows no disagreement, and one answer is not a spread.
    same = agg.aggregate(shipped, [low, replace(low, label="other")])
    assert same.disagreements == ()


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_properties_on_the_shipped_questionnaire(shipped, data):
    sets = data.draw(st.lists(answers(shipped), min_size=1, max_size=12))
    teams = data.draw(st.lists(st.sampled_from(TEAMS), min_size=len(sets), max_size=len(sets)))
    rs = [
        resp.Response(shipped.id, 1, a, team=t, label=str(i))
        for i, (a, t) in enumerate(zip(sets, teams, strict=True))
    ]
    s = agg.aggregate(shipped, rs)
    for d in (*s.dimensions, s.overall):
        if d.n:
            assert d.min <= d.mean <= d.max and d.min <= d.median <= d.max and d.spread >= 0
    for g in (s.everyone, *s.teams, *s.roles):
        for v in (*g.dimensions.values(), g.overall):
            assert v is None or 0 <= v <= 100
    assert sum(g.n for g in s.teams) == s.respondents == len(rs)
    order = data.draw(st.permutations(rs))
    assert agg.aggregate(shipped, order) == s
    again = data.draw(st.lists(st.sampled_from(rs), max_size=6))
    assert agg.aggregate(shipped, [*order, *again]) == replace(s, duplicates=len(again))


def engine_figures(r):
    """What Scorer computes, from the engine's Result."""
    return (
        tuple(d.score for d in r.dimensions),
        tuple(d.target for d in r.dimensions),
        r.overall,
        r.measured10,
        tuple(m.id for m in r.myths),
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_fast_scorer_agrees_with_the_engine(catalog, mini, data):
    q = data.draw(st.sampled_from([*catalog.questionnaires.values(), mini]))
    a = data.draw(answers(q))
    assert agg.light_score(q, a) == engine_figures(score(q, a))


def test_fast_scorer_on_many_random_sets(catalog, mini):
    for q in (*catalog.questionnaires.values(), mini):
        rng = random.Random(q.id)
        scorer = agg.Scorer(q)
        flagged = set()
        for _ in range(400):
            a = random_answers(q, rng)
            r = score(q, a)
            assert scorer(a) == engine_figures(r)
            flagged.update(m.id for m in r.myths)
        assert flagged == {m.id for m in q.myths}, "every myth rule is exercised"


def random_set(q, rng: random.Random, n: int) -> list[resp.Response]:
    labels = ["", "Ana", "Zoë, sales", 'She said "hi"', "=SUM(A1)", "-lead", "<b>bold</b>", "línea\nnueva"]
    out = []
    for i in range(n):
        out.append(
            resp.Response(
                q.id,
                q.version,
                random_answers(q, rng),
                label=rng.choice(labels) + str(i % 7),
                survey=rng.choice(["", "acme-2026"]),
                team=rng.choice(TEAMS),
                wave=rng.choice(["", "w1"]),
                created=rng.choice(["", "2026-11-23"]),
            )
        )
    return out


def js_aggregate(q, lang: str, sets: list[list]) -> list[dict]:
    data = result_rules(q, lang)
    payload = {
        "rules": data["rules"],
        "texts": data["texts"],
        "strings": data["strings"],
        "lang": lang,
        "sets": sets,
    }
    return run("aggregate_cli.js", payload)


@pytest.mark.parametrize("name", ["shipped", "quick", "mini"])
def test_python_and_browser_aggregate_identically(name, catalog, mini):
    q = {"shipped": catalog.primary, "quick": catalog.questionnaires["quick-check"], "mini": mini}[name]
    rng = random.Random(f"team-{name}")
    sets = [random_set(q, rng, n) for n in (1, 2, 7, 60, 250)]
    sets.append(sets[-1][:40] + sets[-1][:10])  # with duplicates
    for lang in ("es", "en"):
        codes = [[resp.encode(r) for r in rs] for rs in sets]
        # The browser reads both codes and files: give it every other response as a file.
        mixed = [
            [c if i % 2 else resp.to_json(q, r) for i, (c, r) in enumerate(zip(cs, rs, strict=True))]
            for cs, rs in zip(codes, sets, strict=True)
        ]
        for items, rs, out in zip(mixed, sets, js_aggregate(q, lang, mixed), strict=True):
            assert out["errors"] == [] and len(items) == len(rs)
            rows, dup = agg.prepare(q, rs)
            s = agg.summarize(q, rows, dup)
            assert out["summary"] == json.loads(json.dumps(s.to_dict()))
            assert out["figures"] == agg.figures(q, s, lang)
            assert out["summary_csv"] == agg.csv_text(agg.summary_rows(q, s, lang))
            assert out["responses_csv"] == agg.csv_text(agg.response_rows(q, rows))


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
    out = js_aggregate(shipped, "en", [[resp.encode(r) for r in rs]])[0]
    rows, _ = agg.prepare(shipped, rs)
    assert [line.split(",")[0] for line in out["responses_csv"].split("\r\n")[1:3]] == [
        agg.csv_cell(r.response.label) for r in rows[:2]
    ]
    assert sorted(agg.canonical_code(shipped, r) for r in rs) == [r.code for r in rows]


def test_csv_cells_are_quoted_and_never_formulas():
    assert agg.csv_cell("plain") == "plain"
    assert agg.csv_cell('a,"b"') == '"a,""b"""'
    assert agg.csv_cell('=HYPERLINK("x")') == '"\'=HYPERLINK(""x"")"'
    assert agg.csv_cell("+1") == "'+1" and agg.csv_cell("@x") == "'@x"
    assert agg.csv_cell("-2.5") == "-2.5" and agg.csv_cell("-lead") == "'-lead"
    assert agg.csv_cell("two\nlines") == '"two\nlines"'
    text = agg.csv_text([["a", "b"], ["1", "2"]])
    assert text == "\ufeffa,b\r\n1,2\r\n"


def test_response_rows(mini):
    rows, _ = agg.prepare(mini, three(mini))
    table = agg.response_rows(mini, rows)
    assert table[0] == [
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
    by_label = {r[0]: r for r in table[1:]}
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
    s = agg.aggregate(mini, three(mini))
    f = agg.figures(mini, s, "es")
    assert f["count"] == "3 personas"
    assert f["dim.culture.mean"] == "55,6" and f["dim.culture.range"] == "0\u2013100"
    assert f["dim.culture.agreement"] == "Bajo" and f["dim.culture.targets"] == "Medio: 1, Alto: 2"
    assert f["disagree.1"].startswith("C2 ¿C2? (dispersión de 42,5 puntos, 3 respuestas)")
    assert f["group.team.sales.felt"] == "9 frente a 8,1" and f["group.team.it.label"] == "it"
    assert f["myth.tech"] == "Es técnico: 1 de 3 personas"


# ---- survey links ----


def test_survey_links():
    links = survey_links(
        "https://example.org/centricity/",
        "en",
        "customer-centricity",
        "acme-2026",
        ["sales", " service ", "", "sales"],
        "w1",
    )
    assert links == [
        (
            "sales",
            "https://example.org/centricity/en/assessment/customer-centricity/?survey=acme-2026&team=sales&wave=w1",
        ),
        (
            "service",
            "https://example.org/centricity/en/assessment/customer-centricity/?survey=acme-2026&team=service&wave=w1",
        ),
    ]
    assert survey_links("http://x.test", "es", "q", "s", []) == [
        ("", "http://x.test/es/assessment/q/?survey=s")
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"survey": "acme 2026"},
        {"survey": ""},
        {"teams": ["sales", "<b>"]},
        {"wave": "w/1"},
        {"lang": "fr"},
        {"base_url": "example.org"},
        {"base_url": "https://x.test/?a=1"},
        {"qid": "../x"},
        {"survey": "x" * 65},
    ],
)
def test_survey_links_refuse_bad_ids(kwargs):
    args = {
        "base_url": "https://example.org/",
        "lang": "en",
        "qid": "customer-centricity",
        "survey": "acme",
        "teams": ["sales"],
        "wave": "",
        **kwargs,
    }
    with pytest.raises(CentricityError):
        survey_links(**args)


def test_survey_links_command(capsys):
    from centricity.cli import main

    assert (
        main(
            [
                "survey-links",
                "--survey",
                "acme-2026",
                "--teams",
                "sales,it",
                "--lang",
                "en",
                "--base-url",
                "https://example.org/",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "sales\thttps://example.org/en/assessment/customer-centricity/?survey=acme-2026&team=sales",
        "it\thttps://example.org/en/assessment/customer-centricity/?survey=acme-2026&team=it",
    ]
    assert main(["survey-links", "--survey", "bad id", "--teams", "x"]) == 1
    assert "may use only" in capsys.readouterr().err
