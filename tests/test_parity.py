"""Python is the reference; the browser's engine.js must give identical results, codes and refusals."""

from __future__ import annotations

import json
import random
from dataclasses import asdict

import pytest

from centricity.core.errors import AnswerError
from centricity.engine import codec
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers, compare, score
from centricity.model.questionnaire import load_questionnaire
from tests.helpers import DATA, TAMPERED, holder_answers, random_answers
from tests.node import run


def as_json(a: Answers) -> dict:
    return {
        "choices": dict(a.choices),
        "context": dict(a.context),
        "felt": a.felt,
        "targets": dict(a.targets),
    }


@pytest.mark.parametrize("name", ["shipped", "quick", "mini", "evidence", "beliefs"])
def test_engine_parity_on_random_answer_sets(name, catalog, mini):
    q = {
        "shipped": catalog.questionnaires["customer-centricity"],
        "quick": catalog.questionnaires["quick-check"],
        "mini": mini,
        "evidence": load_questionnaire(DATA / "evidence.yaml"),
        "beliefs": load_questionnaire(DATA / "beliefs.yaml"),
    }[name]
    rng = random.Random(name)
    sets = [random_answers(q, rng) for _ in range(300 if name == "shipped" else 120)]
    sets += [holder_answers(q, m.id, rng) for m in q.myths for _ in range(20)]
    js = run("engine_cli.js", {"rules": engine_rules(q), "op": "score", "cases": [as_json(a) for a in sets]})
    flagged, unjudged, patterns = set(), set(), set()
    for a, got in zip(sets, js, strict=True):
        expected = json.loads(json.dumps(score(q, a).to_dict()))
        assert got == expected
        flagged.update(m["id"] for m in got["myths"])
        unjudged.update(got["unjudged"])
        patterns.update(
            tuple(e["subject"]) for m in got["myths"] for e in m["evidence"] if e["kind"] == "pattern"
        )
    if name in ("shipped", "evidence", "beliefs"):
        assert flagged >= reachable(q) and len(flagged) >= 2, "every myth rule that can fire fires"
        assert unjudged or name == "beliefs", "and leave some myth unjudged"


def reachable(q) -> set[str]:
    """The myths shown to someone who gives each one all the evidence it can have, alone."""
    out = set()
    for m in q.myths:
        choices = {qid: max(range(len(w)), key=w.__getitem__) for qid, w, _ in q.evidence_rows(m.id)}
        choices |= {x.id: 0 if x.reverse else 4 for x in q.beliefs if x.myth == m.id}
        out |= {f.id for f in score(q, Answers(choices)).myths}
    return out


def test_comparison_with_an_earlier_result_is_identical(shipped, catalog):
    """The result page compares with an earlier result in engine.js; scoring.compare is the reference."""
    rng = random.Random("compare")
    pairs = [(random_answers(shipped, rng), random_answers(shipped, rng)) for _ in range(150)]
    pairs.append((Answers({}, {}, None, {}), pairs[0][1]))  # nothing answered now: every change is None
    cases = [[as_json(a), as_json(b)] for a, b in pairs]
    js = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "compare", "cases": cases})
    for (a, b), got in zip(pairs, js, strict=True):
        assert got == compare(score(shipped, a), score(shipped, b))
    assert js[-1] == dict.fromkeys([*(d.id for d in shipped.dimensions), "overall"])
    assert any(v not in (None, 0) for change in js for v in change.values())


def test_codes_are_identical_in_both_engines(shipped):
    rng = random.Random(7)
    responses = []
    for i in range(60):
        a = random_answers(shipped, rng)
        responses.append(
            codec.Response(
                shipped.id,
                shipped.version,
                a,
                label=["", "Ana", "Zoë & co <b>"][i % 3],
                survey="acme-2026" if i % 2 else "",
                team="sales" if i % 4 == 1 else "",
                wave="w1" if i % 5 == 0 else "",
                created="2026-11-23",
            )
        )
    cases = [
        {
            "questionnaire": r.questionnaire,
            "version": r.version,
            "answers": as_json(r.answers),
            "label": r.label,
            "survey": r.survey,
            "team": r.team,
            "wave": r.wave,
            "created": r.created,
        }
        for r in responses
    ]
    js_codes = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "encode", "cases": cases})
    assert js_codes == [codec.encode(r) for r in responses]
    decoded = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "decode", "cases": js_codes})
    for r, d in zip(responses, decoded, strict=True):
        assert d["answers"]["choices"] == dict(r.answers.choices)
        assert d["label"] == r.label and codec.decode(shipped, codec.encode(r)) == r


@pytest.mark.parametrize("code", TAMPERED)
def test_tampered_codes_are_refused_by_both(shipped, code):
    with pytest.raises(AnswerError) as info:
        codec.decode(shipped, code)
    js = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "decode", "cases": [code]})[0]
    assert "error" in js, js
    if "%E0" not in code:
        assert js["error"] == str(info.value)


def test_json_files_parity(shipped):
    rng = random.Random(11)
    files = []
    for _ in range(30):
        r = codec.Response(
            shipped.id, shipped.version, random_answers(shipped, rng), label="Team lead", created="2026-11-01"
        )
        files.append(codec.to_json(shipped, r))
    js = run(
        "engine_cli.js",
        {
            "rules": engine_rules(shipped),
            "op": "to_json",
            "cases": [
                {
                    "questionnaire": f["questionnaire"],
                    "version": f["version"],
                    "label": f["label"],
                    "created": f["created"],
                    "survey": "",
                    "team": "",
                    "wave": "",
                    "answers": {
                        "choices": f["answers"],
                        "context": f["context"],
                        "felt": f["felt"],
                        "targets": f["targets"],
                    },
                }
                for f in files
            ],
        },
    )
    assert js == json.loads(json.dumps(files))
    tampered = json.loads(json.dumps(files[0]))
    tampered["scores"]["culture"] = 99.9
    back = run(
        "engine_cli.js", {"rules": engine_rules(shipped), "op": "from_json", "cases": [files[1], tampered]}
    )
    assert back[0]["answers"]["choices"] == files[1]["answers"]
    assert back[1] == {"error": "the scores in the file do not match its answers (the file was edited)"}
    with pytest.raises(AnswerError, match="do not match"):
        codec.from_json(shipped, tampered)
    assert asdict(codec.from_json(shipped, files[1]).answers)["choices"] == files[1]["answers"]


def test_version_1_codes_still_load_and_say_what_no_longer_applies(shipped):
    """A version-1 result link keeps the answers whose questions kept their meaning, in both engines."""
    code = "q=customer-centricity&v=1&a=cu1.2,cu6.0,te2.3,da1.1,st5.4,st1.2&f=7&c=size.large"
    expected = codec.decode(shipped, code)
    assert dict(expected.answers.choices) == {"cu1": 2, "te2": 3}
    assert set(expected.dropped) == {"cu6", "da1", "st5", "st1"} and expected.version == shipped.version
    js = run("engine_cli.js", {"rules": engine_rules(shipped), "op": "decode", "cases": [code]})[0]
    assert js["answers"]["choices"] == {"cu1": 2, "te2": 3}
    assert sorted(js["dropped"]) == sorted(expected.dropped)
