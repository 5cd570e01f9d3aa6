"""Loading and validating questionnaires: the shipped files pass, each broken file fails with its message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from centricity.core.errors import ValidationError
from centricity.model.questionnaire import load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
BROKEN = sorted((Path(__file__).parent / "data" / "broken").glob("*.yaml"))


def expected(path: Path) -> list[str]:
    """Each broken file lists the exact messages it must produce in `# expect:` lines."""
    return [
        line.split("# expect:", 1)[1].strip()
        for line in path.read_text().splitlines()
        if line.startswith("# expect:")
    ]


def test_shipped_questionnaires_are_valid():
    full = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")
    quick = load_questionnaire(ROOT / "questions" / "quick-check.yaml")
    assert [d.id for d in full.dimensions] == ["culture", "technology", "data", "strategy"]
    assert len(full.levels) == 5
    assert 24 <= len(full.practices) <= 32
    for d in full.dimensions:
        assert 6 <= len(full.questions_in(d.id)) <= 8
    assert 8 <= len(quick.practices) <= 16
    # a myth in the quick check rests on the same practices as in the full assessment, never on fewer
    tagged = {x.id for x in full.practices if any(o.myths for o in x.options)}
    assert tagged <= {x.id for x in quick.practices}
    assert {b.id for b in full.beliefs} == {b.id for b in quick.beliefs}
    assert {b.myth for b in full.beliefs} == {m.id for m in full.myths}
    for m in full.myths:
        statements = [b for b in full.beliefs if b.myth == m.id]
        assert 3 <= len(statements) <= 4 and any(b.reverse for b in statements), m.id
    for question in quick.questions:
        assert full.question(question.id) == question, "quick-check questions are copies of the full ones"


def test_shipped_options_are_behavioural():
    full = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")
    vague = re.compile(r"\b(agree|disagree|de acuerdo|en desacuerdo)\b", re.IGNORECASE)
    for question in full.practices:
        assert len(question.options) == 5
        for option in question.options:
            for lang in full.languages:
                assert not vague.search(option.label[lang]), (question.id, option)


def test_every_shipped_question_can_be_answered_honestly():
    """Anyone may not know; "does not apply" needs its own words; the description says who customers are."""
    for name in ("customer-centricity", "quick-check"):
        q = load_questionnaire(ROOT / "questions" / f"{name}.yaml")
        assert all(question.dont_know for question in q.questions), name
        for question in q.questions:
            if question.not_applicable:
                assert all(question.not_applicable[lang].strip() for lang in q.languages), question.id
        assert "ciudadanía" in q.description["es"] and "pacientes" in q.description["es"]
        assert "citizens" in q.description["en"] and "patients" in q.description["en"]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_reports_exact_problems(path):
    wanted = expected(path)
    assert wanted, f"{path.name} has no '# expect:' line"
    with pytest.raises(ValidationError) as info:
        load_questionnaire(path, f"tests/data/broken/{path.name}")
    got = [str(p) for p in info.value.problems]
    assert got == wanted


def test_all_problems_are_reported_at_once():
    path = Path(__file__).parent / "data" / "broken" / "several-problems.yaml"
    with pytest.raises(ValidationError) as info:
        load_questionnaire(path)
    assert len(info.value.problems) >= 3


def test_level_lookup_uses_half_open_bands(mini):
    assert mini.level_for(0).id == "low"
    assert mini.level_for(39.9).id == "low"
    assert mini.level_for(40).id == "mid"
    assert mini.level_for(100).id == "high"


def test_readme_example_is_a_valid_questionnaire(tmp_path):
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Writing a questionnaire", 1)[1]
    example = section.split("```yaml", 1)[1].split("```", 1)[0]
    path = tmp_path / "team-pulse.yaml"
    path.write_text(example)
    q = load_questionnaire(path)
    assert q.id == "team-pulse" and q.languages == ("en",)
    assert [lv.id for lv in q.levels] == ["low", "high"]
