"""The shipped questionnaires as an instrument: personas, evidence, "does not apply", retired ids, time.

The calibration of bench/instrument.py, on fewer random respondents: random respondents rarely see a myth,
straight-liners none, the personas of bench/personas/ read as written and hold when one answer moves; a
persona that names a question the full assessment lacks fails loudly. And the questionnaires keep the
properties the myths and the plan rely on.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

from centricity.engine.scoring import Answers, score
from centricity.model.conditions import AllOf, AnswerTest, AnyOf, ContextTest, FeltGapTest
from centricity.model.questionnaire import load_questionnaire
from centricity.model.reading import reading_minutes

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = ("customer-centricity", "quick-check")
# Questions of earlier versions whose meaning or option order changed: their ids must never come back.
RETIRED = {"cu5", "cu6", "cu7", "cu9", "te4", "te6", "te7", "da1", "da2", "da7", "da8", "da9"} | {
    *("st1", "st2", "st3", "st4", "st5", "st6", "st7", "st10")
}
# Questions that presuppose something an organization may rightly lack (areas, a plan, repeat customers,
# several channels, marketing messages, prices of its own, tools).
NOT_APPLICABLE = {"cu3", "cu11", "te1", "te2", "te3", "te5", "te9", "te11", "te12", "da4", "da6", "da10"} | {
    *("da13", "st11", "st13", "st14")
}


@pytest.fixture(scope="module", params=QUESTIONNAIRES)
def q(request):
    return load_questionnaire(ROOT / "questions" / f"{request.param}.yaml")


@pytest.fixture(scope="module")
def full():
    return load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("instrument_bench", ROOT / "bench" / "instrument.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


# The calibration targets of bench/instrument.py (issue 21), on fewer random respondents: a fast version.


def test_random_respondents_see_each_myth_at_most_5_percent(q, bench):
    rates, _ = bench.random_rates(q, 600)
    assert set(rates) == {m.id for m in q.myths}
    assert {mid: rate for mid, rate in rates.items() if rate > bench.RANDOM_MAX} == {}


def test_straight_liners_see_no_myth(q, bench):
    lines = bench.straight_liners(q)
    assert len(lines) == max(len(x.options) for x in q.questions)
    assert {column: myths for column, myths in lines.items() if myths} == {}


def test_personas_read_as_written_and_hold_when_one_answer_moves(q, bench, full):
    """The personas' stories, answered from the story: the myths shown are exactly those the organization
    holds, and few personas' shown myths change when any one answer moves by one option."""
    personas = bench.load_personas(full)
    read, fragile = bench.read_personas(q, personas)
    assert [(p.id, sorted(got ^ p.holds)) for p, got in read if got != p.holds] == []
    assert 100.0 * fragile / len(personas) <= bench.ROBUST_MAX == 25.0


def test_a_persona_is_read_by_both_questionnaires_and_fails_loudly_on_a_wrong_id(tmp_path, bench, full):
    quick = load_questionnaire(ROOT / "questions" / "quick-check.yaml")
    only_full = next(x for x in full.practices if not quick.find_question(x.id))
    both = next(x for x in quick.practices)
    story = {"id": "shop", "story": "A shop.", "holds": [], "felt": 4, "context": {"size": "micro"}}
    (tmp_path / "shop.yaml").write_text(
        yaml.safe_dump({**story, "answers": {only_full.id: 1, both.id: None if both.dont_know else 0}}),
        "utf-8",
    )
    [persona] = bench.load_personas(full, tmp_path)
    assert set(bench.persona_answers(quick, persona).choices) == {both.id}
    assert set(bench.persona_answers(full, persona).choices) == {only_full.id, both.id}
    (tmp_path / "shop.yaml").write_text(yaml.safe_dump({**story, "answers": {"st4": 1}}), "utf-8")
    with pytest.raises(bench.PersonaError, match=r"shop\.yaml: answers 'st4': no such question"):
        bench.load_personas(full, tmp_path)
    (tmp_path / "shop.yaml").write_text(yaml.safe_dump({**story, "answers": {both.id: 9}}), "utf-8")
    with pytest.raises(bench.PersonaError, match=f"answers {both.id}: 9 is not an answer"):
        bench.load_personas(full, tmp_path)


def test_every_question_says_what_changes_for_customers(q):
    for question in q.practices:
        assert question.benefit and all(question.benefit[lang] for lang in q.languages), question.id


def test_does_not_apply_only_where_a_practice_can_be_absent(q):
    offered = {x.id for x in q.questions if x.not_applicable}
    assert offered == NOT_APPLICABLE & {x.id for x in q.questions}
    for qid in offered:
        labels = q.question(qid).not_applicable
        assert all(labels[lang] for lang in q.languages)


def test_retired_ids_are_not_reused(q):
    assert not RETIRED & {x.id for x in q.questions}


def test_options_share_one_scale(q):
    for question in q.questions:
        assert tuple(o.score for o in question.options) == (0, 25, 50, 75, 100), question.id


def test_a_fully_answered_questionnaire_judges_every_myth(q):
    middle = {x.id: 2 for x in q.questions}
    r = score(q, Answers(middle, {c.id: c.options[0].id for c in q.context}, felt=5))
    assert r.unjudged == ()


def _sources(cond) -> set[str]:
    """What a pattern looks at: question ids, context question ids, or "felt" for the own rating."""
    if isinstance(cond, AllOf | AnyOf):
        return set().union(*(_sources(c) for c in cond.items))
    if isinstance(cond, AnswerTest | ContextTest):
        return {cond.question}
    return {"felt"} if isinstance(cond, FeltGapTest) else {type(cond).__name__}


def test_in_the_full_assessment_no_single_option_shows_a_myth():
    full = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")
    for myth in full.myths:
        strongest = max(weight for _, _, weight in full.evidence_rows(myth.id))
        assert strongest < myth.evidence.at_least, myth.id
        looked_at = {qid for qid, _, _ in full.evidence_rows(myth.id)}
        for pattern in myth.evidence.patterns:
            looked_at |= _sources(pattern.when)
        assert len(looked_at) >= 2, f"{myth.id} rests on one answer"


def test_minutes_are_the_reading_time_and_descriptions_state_no_figures(q):
    for lang in q.languages:
        assert q.minutes[lang] == reading_minutes(lang, q.description, q.context, q.questions)
        assert not re.search(r"\d", q.description[lang]), "counts and minutes come from the data, not prose"


def test_the_sources_pages_state_the_figures_the_bench_prints(q, bench, full):
    """The persona figures quoted on the sources page, in both languages, are the bench's for this version."""
    read, fragile = bench.read_personas(q, bench.load_personas(full))
    right = sum(got == p.holds for p, got in read)
    share = round(100 * fragile / len(read))
    en = (ROOT / "content" / "en" / "sources.md").read_text(encoding="utf-8")
    es = (ROOT / "content" / "es" / "sources.md").read_text(encoding="utf-8")
    assert f"{right} of {len(read)} in both questionnaires" in en
    assert f"{fragile} of {len(read)} ({share}%) in both questionnaires" in en
    assert f"{right} de {len(read)} en los dos cuestionarios" in es
    assert f"{fragile} de {len(read)} ({share} %) en los dos cuestionarios" in es
