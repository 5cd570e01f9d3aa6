"""The calibration personas (bench/personas/*.yaml): stories written first, then every question of the full
assessment answered from the story. Here only that each file is complete and well formed; what the rules make
of them is measured by bench/instrument.py."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from centricity.model.questionnaire import load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
FULL = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")
FILES = sorted((ROOT / "bench" / "personas").glob("*.yaml"))


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_persona_answers_every_question_of_the_full_assessment(path):
    p = read(path)
    assert set(p) == {"id", "story", "holds", "context", "felt", "answers"} and p["id"] == path.stem
    assert len(re.findall(r"\.(?:\s|$)", p["story"])) >= 5, "a story of five sentences or more"
    assert set(p["holds"]) <= {m.id for m in FULL.myths}
    for cid, option in p["context"].items():
        assert option in FULL.context_options(cid), (cid, option)
    assert isinstance(p["felt"], int) and 0 <= p["felt"] <= 10
    assert set(p["answers"]) == {q.id for q in FULL.questions}, "every question, and no other"
    for qid, answer in p["answers"].items():
        question = FULL.question(qid)
        if answer == "na":
            assert question.not_applicable, f"{qid} offers no 'does not apply'"
        elif answer is None:
            assert question.dont_know, qid
        else:
            assert type(answer) is int and 0 <= answer < len(question.options), (qid, answer)


def test_the_personas_cover_every_myth_and_many_without_one():
    personas = [read(path) for path in FILES]
    holding = Counter(m for p in personas for m in p["holds"])
    assert all(holding[m.id] >= 3 for m in FULL.myths), holding
    assert sum(not p["holds"] for p in personas) >= 10
    sizes = {p["context"]["size"] for p in personas}
    sectors = {p["context"]["sector"] for p in personas}
    assert {"micro", "small", "medium", "large", "enterprise"} <= sizes
    assert {"public", "nonprofit", "health", "education"} <= sectors
