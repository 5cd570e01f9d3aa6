"""The receipt page reads a stored response back as questions and the options chosen, in either language."""

from __future__ import annotations

import pytest

from centricity.collect.readable import Line, readable
from centricity.model.strings import strings


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_stored_response_reads_as_questions_and_options(shipped, lang):
    t = strings(lang)
    first, second = shipped.questions[:2]
    na = next(x for x in shipped.questions if x.not_applicable)
    role = shipped.context_question("role")
    payload = {
        "answers": {first.id: 1, second.id: None, na.id: len(na.options), "gone": 2},
        "context": {"role": role.options[0].id, "nope": "x"},
        "felt": 7,
        "targets": {"culture": "leading", "data": "no-such-level"},
        "label": "Ana",
    }
    lines = readable(shipped, payload, lang)
    assert lines[:2] == [Line(role.prompt[lang], role.options[0].label[lang]), Line(t["felt.legend"], "7/10")]
    assert Line(first.prompt[lang], first.options[1].label[lang]) in lines
    assert Line(second.prompt[lang], t["assessment.dont_know"]) in lines
    assert Line(na.prompt[lang], na.not_applicable[lang]) in lines
    culture = shipped.dimension("culture").title[lang]
    assert lines[-2:] == [
        Line(f"{t['team.targets']}: {culture}", shipped.level("leading").name[lang]),
        Line(t["team.label"], "Ana"),
    ]
    assert len(lines) == 7, "ids the questionnaire does not know are left out, not guessed"
