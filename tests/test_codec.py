"""The codec's refusals, each pinned at its edge in both twins (engine/codec.py and codec.js): the checks a
mutation run of engine/codec.py found no test holding (issue 20), on the values just inside and just outside.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from centricity.core import limits
from centricity.core.errors import AnswerError
from centricity.engine import codec
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import Answers
from tests.node import run


def verdicts(q, cases: list[tuple[str, str]]) -> list[str | None]:
    """The refusal key (None: accepted) of each (kind, text) in Python, after checking codec.js agrees."""
    python = []
    for kind, text in cases:
        try:
            codec.decode(q, text) if kind == "code" else codec.parse_file(q, text.encode())
            python.append(None)
        except AnswerError as exc:
            python.append(exc.key)
    payload = [{"kind": "code" if kind == "code" else "paste", "data": text} for kind, text in cases]
    browser = run("hostile_cli.js", {"rules": engine_rules(q), "cases": payload})
    assert [b.get("key") for b in browser] == python, browser
    return python


def code(q, **extra: str) -> str:
    fields = {"q": q.id, "v": str(q.version), "a": f"{q.questions[0].id}.1", **extra}
    return "&".join(f"{k}={v}" for k, v in fields.items())


def test_a_code_without_its_version_or_its_questionnaire_is_refused(shipped):
    q = shipped
    cases = [("code", f"q={q.id}&a={q.questions[0].id}.1"), ("code", f"v={q.version}"), ("code", code(q))]
    assert verdicts(q, cases) == ["code_names", "code_names", None]


@pytest.mark.parametrize(
    ("created", "accepted"),
    [
        ("2026-06-30", True),
        ("2026-06-31", False),  # June has 30 days
        ("2026-12-31", True),
        ("2026-13-01", False),
        ("2026-00-10", False),
        ("2026-05-00", False),
        ("0000-01-01", False),
        ("0001-01-01", True),  # the first year there is
        ("2000-02-29", True),  # divisible by 400: a leap year
        ("1900-02-29", False),  # divisible by 100, not by 400: not one
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2026-01-01T23:59", True),
        ("2026-01-01T24:00", False),
        ("2026-01-01T10:59", True),
        ("2026-01-01T10:75", False),  # minute 75
        ("2026-01-01T10:30:59", True),
        ("2026-01-01T10:30:60", False),  # second 60
        ("2026-01-01T10:30+23:59", True),
        ("2026-01-01T10:30+24:00", False),
        ("2026-01-01T10:30+01:60", False),  # a zone of 60 minutes
        ("2026-01-01T10:30-05:30", True),
    ],
)
def test_dates_are_checked_on_the_calendar_and_the_clock(shipped, created, accepted):
    assert codec.valid_date(created) is accepted
    key = None if accepted else "bad_date"
    response = codec.Response(shipped.id, shipped.version, Answers({shipped.questions[0].id: 1}))
    file = json.dumps({**codec.to_json(shipped, response), "created": created})
    in_code = code(shipped, d=quote(created, safe=""))  # "+" in a code is a space
    assert verdicts(shipped, [("code", in_code), ("file", file)]) == [key, key]


def test_a_file_version_above_the_maximum_is_refused(shipped):
    q = shipped

    def file(version: int) -> str:
        data = codec.to_json(q, codec.Response(q.id, q.version, Answers({q.questions[0].id: 1})))
        return json.dumps({**data, "version": version})

    cases = [("file", file(limits.VERSION_MAX + 1)), ("file", file(-1)), ("file", file(limits.VERSION_MAX))]
    cases += [("code", f"q={q.id}&v={limits.VERSION_MAX + 1}"), ("code", f"q={q.id}&v={limits.VERSION_MAX}")]
    # The largest version is another version of the questionnaire: its answers are kept where they still fit.
    assert verdicts(q, cases) == ["version_type", "version_type", None, "code_version", None]


@pytest.mark.parametrize(
    "change",
    [
        lambda s: {**s, "extra": 1.0},
        lambda s: {("other" if k == "overall" else k): v for k, v in s.items()},
        lambda s: {k: v for k, v in s.items() if k != "overall"},
        lambda s: {**s, "overall": None},
        lambda s: {**s, "overall": str(s["overall"])},
        lambda s: {**s, "overall": True},
        lambda s: [],
    ],
    ids=["extra-key", "renamed-key", "missing-key", "null", "text", "boolean", "list"],
)
def test_scores_that_are_not_exactly_the_computed_ones_are_refused(shipped, change):
    q = shipped
    data = codec.to_json(q, codec.Response(q.id, q.version, Answers({x.id: 1 for x in q.questions})))
    assert data["scores"]["overall"] is not None
    edited = json.dumps({**data, "scores": change(data["scores"])})
    assert verdicts(q, [("file", json.dumps(data)), ("file", edited)]) == [None, "edited"]


def test_a_code_of_the_maximum_length_is_read_and_one_more_is_refused(shipped):
    q = shipped
    longest = code(q).ljust(limits.MAX_CODE, "&")  # empty parts between "&" are allowed, and count
    assert verdicts(q, [("code", longest), ("code", longest + "&")]) == [None, "code_too_long"]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_ends_on_its_own_last_day(month):
    last = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    assert codec.valid_date(f"2026-{month:02}-{last:02}")
    assert not codec.valid_date(f"2026-{month:02}-{last + 1:02}")


def test_an_earlier_versions_answers_are_kept_only_where_they_still_fit(mini):
    """c2 has no "don't know" (x) and four options; c1 has "don't know" and three; gone is no question."""
    old = f"q={mini.id}&v={mini.version - 1}&a=c1.x,c2.3,t1.2,t2.x,gone.1,c2x.0"
    response = codec.decode(mini, old)
    assert response.answers.choices == {"c1": None, "c2": 3, "t1": 2}
    assert sorted(response.dropped) == ["c2x", "gone", "t2"]
    over = codec.decode(mini, f"q={mini.id}&v={mini.version - 1}&a=c1.3,c2.4")  # one past the last option
    assert (over.answers.choices, sorted(over.dropped)) == ({}, ["c1", "c2"])
    browser = run("hostile_cli.js", {"rules": engine_rules(mini), "cases": [{"kind": "code", "data": old}]})
    assert browser[0]["response"]["dropped"] == list(response.dropped)


def test_a_hash_inside_the_code_is_part_of_it(shipped):
    """Only the first "#" of a link starts the code: a label may hold one."""
    link = "https://example.org/result/#" + code(shipped, n="a#b")
    assert codec.decode(shipped, link).label == "a#b"
    case = {"kind": "code", "data": link}
    browser = run("hostile_cli.js", {"rules": engine_rules(shipped), "cases": [case]})
    assert browser[0]["response"]["label"] == "a#b"
