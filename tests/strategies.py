"""Hypothesis strategies for answer sets, shared by the scoring, parity and aggregation tests."""

from __future__ import annotations

from hypothesis import strategies as st

from centricity.engine.scoring import Answers
from centricity.model.questionnaire import Questionnaire


def choice_for(question):
    options = st.integers(0, len(question.options) - 1 + bool(question.not_applicable))
    return st.one_of(options, st.none()) if question.dont_know else options


@st.composite
def answers(draw, q: Questionnaire, complete: bool = False) -> Answers:
    choices = {}
    for question in q.questions:
        if complete or draw(st.integers(0, 9)) > 0:
            choices[question.id] = draw(choice_for(question))
    context = {}
    for c in q.context:
        if draw(st.booleans()):
            context[c.id] = draw(st.sampled_from([o.id for o in c.options]))
    felt = draw(st.one_of(st.none(), st.integers(0, 10)))
    targets = {}
    for d in q.dimensions:
        if draw(st.integers(0, 3)) == 0:
            targets[d.id] = draw(st.sampled_from([lv.id for lv in q.levels]))
    return Answers(choices, context, felt, targets)
