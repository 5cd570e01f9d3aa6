"""Item statistics of a set of responses: the figures per dimension and per question against the team
figures and a direct computation, careless respondents counted and left out, the warnings and flags at
their thresholds, small groups withheld, and the tidy files (the answers file, read back by R, gives
psych's alpha)."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess

import numpy as np
import pytest

from centricity.core import limits
from centricity.engine import codec
from centricity.engine.scoring import Answers
from centricity.model.questionnaire import load_questionnaire
from centricity.quality.sampler import Mix, response
from centricity.team import aggregate as agg
from centricity.team.careless import careless
from centricity.team.itemdata import matrix, scored_questions
from centricity.team.itemexport import answer_rows, answers_header, codebook_rows, stats_rows
from centricity.team.items import item_report
from centricity.team.reliability import scale
from tests.helpers import COHERENT, DATA, coherent_set


def coherent_rows(q, n: int, seed: int = 1, **tags):
    rows, _ = agg.prepare(q, coherent_set(q, n, seed, **tags))
    return rows


def made(q, n: int, choose, label: str = "S"):
    """`n` responses whose answer to question x (and its position j) is `choose(i, j, x)`."""
    out = []
    for i in range(n):
        choices = {x.id: choose(i, j, x) for j, x in enumerate(q.questions)}
        choices = {k: v for k, v in choices.items() if v != "skip"}
        out.append(codec.Response(q.id, q.version, Answers(choices, {}, None, {}), label=f"{label}{i}"))
    return out


def test_figures_agree_with_the_team_counts_and_a_direct_computation(shipped):
    rows = coherent_rows(shipped, 240)
    report = item_report(shipped, rows)
    counts, unknown = agg.option_counts(shipped, rows)
    assert report.respondents == report.loaded == 240 and not report.withheld
    assert [d.id for d in report.dimensions] == [d.id for d in shipped.dimensions]
    for d in report.dimensions:
        ids = [x.id for x in shipped.questions_in(d.id)]
        assert [x.id for x in d.items] == ids and d.k == len(ids)
        x = np.array([[_score(shipped, r, qid) for qid in ids] for r in rows], dtype=float)
        assert d.alpha == pytest.approx(scale(x).alpha, abs=1e-12)
        assert d.alpha > limits.ALPHA_LOW and d.ci_low < d.alpha < d.ci_high
        for item in d.items:
            assert item.counts == tuple(counts[item.id]) and item.dont_know == unknown[item.id]
            assert item.n == sum(item.counts) == item.respondents - item.missing
            scores = [
                o.score
                for o, c in zip(shipped.question(item.id).options, item.counts, strict=True)
                for _ in range(c)
            ]
            assert item.mean == pytest.approx(np.mean(scores)) and item.sd == pytest.approx(
                np.std(scores, ddof=1)
            )
            assert item.floor == item.counts[0] / item.n and item.ceiling == item.counts[-1] / item.n
    assert any(i.not_applicable for d in report.dimensions for i in d.items)
    assert any(i.unanswered for d in report.dimensions for i in d.items)


def _score(q, row, qid):
    choice = row.response.answers.choices.get(qid)
    options = q.question(qid).options
    return options[choice].score if choice is not None and choice < len(options) else np.nan


def test_small_groups_get_only_their_count(shipped):
    rows = coherent_rows(shipped, 4)
    report = item_report(shipped, rows, min_group=5)
    assert report.withheld and report.dimensions == () and report.respondents == 4
    assert not item_report(shipped, rows, min_group=4).withheld


def test_straight_lining_is_counted_left_out_on_request_and_its_effect_shown(shipped):
    rows, _ = agg.prepare(
        shipped,
        [response(shipped, random.Random(2), COHERENT, label=f"R{i}") for i in range(1)]
        + made(shipped, 12, lambda i, j, x: None if j % 7 == 0 and x.dont_know else 2, "line")
        + [response(shipped, random.Random(i), COHERENT, label=f"C{i}") for i in range(60)],
    )
    kept = item_report(shipped, rows)
    assert kept.careless == 12 and not kept.left_out and kept.respondents == 73
    dropped = item_report(shipped, rows, drop_careless=True)
    assert dropped.left_out and dropped.respondents == 61 and dropped.loaded == 73
    assert [e.dimension for e in dropped.effect] == [d.id for d in shipped.dimensions]
    for e, d_all, d_without in zip(dropped.effect, kept.dimensions, dropped.dimensions, strict=True):
        assert e.alpha_all == d_all.alpha and e.alpha_without == d_without.alpha != d_all.alpha
    assert item_report(shipped, coherent_rows(shipped, 30)).effect == ()
    few = item_report(shipped, rows, min_group=13, drop_careless=True)  # 12 careless: too few to set apart
    assert few.careless == 12 and not few.left_out and few.respondents == 73 and few.effect == ()


def test_careless_answers_are_the_engines_own_rules(shipped):
    """Agreeing with every belief statement, forward and reverse alike, is acquiescence and contradiction
    (engine/diagnosis.py), however varied the practices; the report counts each rule."""
    rows, _ = agg.prepare(
        shipped,
        made(shipped, 6, lambda i, j, x: 4 if x.kind == "belief" else (i + j) % 5, "agree")
        + coherent_set(shipped, 40, seed=9),
    )
    report = item_report(shipped, rows)
    assert report.careless == 6 and dict(report.by_rule) == {
        "straight_line": 0,
        "acquiescence": 6,
        "contradiction": 6,
    }
    assert [
        r.response.label[:5] for r, f in zip(rows, careless(shipped, rows).flagged, strict=True) if f
    ] == ["agree"] * 6


def test_a_short_line_is_not_called_careless(shipped):
    few = limits.STRAIGHT_LINE_MIN - 1
    rows, _ = agg.prepare(
        shipped,
        made(shipped, 5, lambda i, j, x: 1 if j < few else "skip", "short")
        + made(shipped, 5, lambda i, j, x: 1 if j < few + 1 else "skip", "long")
        + made(shipped, 5, lambda i, j, x: j % 2 if j < 20 else "skip", "zigzag"),
    )
    flagged = careless(shipped, rows).flagged
    labels = [r.response.label[:4] for r in rows]
    assert sorted(lb for lb, f in zip(labels, flagged, strict=True) if f) == ["long"] * 5


def test_flags_pairs_and_warnings_at_their_thresholds(shipped):
    first = shipped.questions_in(shipped.dimensions[0].id)
    a, b, c, d = (x.id for x in first[:4])

    def choose(i, j, x):
        level = i % 5
        if x.id == b:
            return level  # the same answer as a: a redundant pair
        if x.id == c:
            return 4 - level  # the opposite: a negative pair
        if x.id == d:
            return 0  # everyone at the lowest option: no variance
        return level if x.id == a else (i * 7 + j) % 5

    rows, _ = agg.prepare(shipped, made(shipped, 20, choose))
    dim = item_report(shipped, rows).dimensions[0]
    items = {x.id: x for x in dim.items}
    assert "no_variance" in items[d].flags and not items[d].in_alpha and items[d].r_drop is None
    assert dim.k == len(first) - 1 and "floor" in items[d].flags
    kinds = {(p.a, p.b): p.kind for p in dim.pairs}
    assert kinds[(a, b)] == "redundant" and kinds[(a, c)] == "negative" and kinds[(b, c)] == "negative"
    assert "few" in dim.warnings  # 20 respondents
    assert items[a].flags == ("floor", "ceiling")  # 20% at each end, nothing missing


def test_missing_answers_are_flagged_above_a_tenth(shipped):
    x = shipped.questions_in(shipped.dimensions[0].id)[0]
    rows, _ = agg.prepare(
        shipped,
        made(shipped, 40, lambda i, j, q: (None if i < 5 else "skip") if q.id == x.id and i < 9 else i % 3),
    )
    item = item_report(shipped, rows).dimensions[0].items[0]
    assert item.id == x.id and item.dont_know == 5 and item.unanswered == 4 and item.missing == 9
    assert "missing" in item.flags
    rows, _ = agg.prepare(
        shipped, made(shipped, 40, lambda i, j, q: None if q.id == x.id and i < 4 else i % 3)
    )
    assert "missing" not in item_report(shipped, rows).dimensions[0].items[0].flags


def test_alpha_thresholds_name_the_problem(shipped):
    uniform = Mix(context=0.0, felt=0.0)
    rng = random.Random(4)
    rows, _ = agg.prepare(shipped, [response(shipped, rng, uniform, label=f"U{i}") for i in range(100)])
    report = item_report(shipped, rows)
    assert all("alpha_low" in d.warnings and "few" not in d.warnings for d in report.dimensions)
    same, _ = agg.prepare(shipped, made(shipped, 40, lambda i, j, x: (i + (j % 2 and i % 4 == 0)) % 5))
    assert any("alpha_high" in d.warnings for d in item_report(shipped, same).dimensions)


def test_belief_statements_stay_out_of_the_item_statistics():
    q = load_questionnaire(DATA / "beliefs.yaml")
    beliefs = {x.id for x in q.questions if x.kind == "belief"}
    assert beliefs and {x.id for x in scored_questions(q)} == {x.id for x in q.questions} - beliefs
    rows, _ = agg.prepare(q, coherent_set(q, 40, seed=2))
    assert any(r.response.answers.choices.get(b) is not None for r in rows for b in beliefs), "answered"
    report = item_report(q, rows)
    for d in report.dimensions:
        practices = [x.id for x in q.questions if x.dimension == d.id and x.scored]
        assert [x.id for x in d.items] == practices and d.k <= len(practices)
    book = codebook_rows(q, matrix(q, rows))
    assert not beliefs & {r[1] for r in book}


def test_stats_csv_names_every_figure(shipped):
    report = item_report(shipped, coherent_rows(shipped, 50))
    rows = stats_rows(report)
    assert rows[0] == ("scope", "id", "statistic", "value")
    table = {(s, i, st): v for s, i, st, v in rows[1:]}
    first = report.dimensions[0]
    for name in ("alpha", "alpha_std", "alpha_ci_low", "alpha_ci_high", "n", "items"):
        assert ("dimension", first.id, name) in table
    assert float(table[("dimension", first.id, "alpha")]) == pytest.approx(first.alpha, abs=1e-6)
    item = first.items[0]
    for name in (
        "mean",
        "sd",
        "r_drop",
        "alpha_if_dropped",
        "floor",
        "ceiling",
        "dont_know_share",
        "option_0",
    ):
        assert ("item", item.id, name) in table
    assert {s for s, *_ in rows[1:]} == {"dimension", "item"}


def test_codebook_explains_every_column_question_and_option_in_both_languages(shipped):
    m = matrix(shipped, [])
    book = codebook_rows(shipped, m)
    assert book[0][-2:] == ("text_es", "text_en")
    columns = {r[0] for r in book[1:] if not r[1] and not r[2]}
    assert columns == set(answers_header(shipped)) and "ctx_role" in columns
    roles = [r[2] for r in book if r[0] == "ctx_role" and r[2]]
    assert roles == [o.id for o in shipped.context_question("role").options]
    for x in scored_questions(shipped):
        mine = [r for r in book if r[1] == x.id]
        assert mine[0][:2] == ("item", x.id) and mine[0][-2:] == (x.prompt["es"], x.prompt["en"])
        options = [r for r in mine if r[0] == "answer"]
        assert [(r[2], float(r[3])) for r in options] == [(str(i), o.score) for i, o in enumerate(x.options)]
        assert all(r[-1] and r[-2] and r[4] == x.dimension for r in mine)


def test_the_answers_file_opens_in_r_with_one_read_csv_and_gives_psychs_alpha(tmp_path, shipped):
    rows = coherent_rows(shipped, 80, survey="acme", team="sales")
    m = matrix(shipped, rows)
    flagged = careless(shipped, rows).flagged
    text = "".join(",".join(r) + "\r\n" for r in answer_rows(shipped, rows, m, flagged))
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8", newline="")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == 80 * len(scored_questions(shipped))
    assert {p["missing"] for p in parsed} == {"", "dont_know", "not_applicable", "unanswered"}
    dim = shipped.dimensions[1].id
    script = (
        "suppressMessages(library(psych)); d <- read.csv(commandArgs(TRUE)[1]);"
        f"d <- d[d$dimension == '{dim}', c('respondent', 'item', 'score')];"
        "w <- reshape(d, idvar = 'respondent', timevar = 'item', direction = 'wide');"
        "a <- psych::alpha(w[, -1], warnings = FALSE); cat(a$total$raw_alpha)"
    )
    rscript = shutil.which("Rscript")
    assert rscript, (
        "Rscript is missing: apt-get install r-base-core r-cran-psych (the README's test command does)"
    )
    done = subprocess.run([rscript, "-e", script, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ours = next(d for d in item_report(shipped, rows).dimensions if d.id == dim)
    assert float(done.stdout) == pytest.approx(ours.alpha, abs=5e-4)
    assert json.dumps(parsed[0]["team"]) == '"sales"'
