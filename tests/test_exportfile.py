"""A collecting server's export: each entry is judged on its own, in both twins (team/exportfile.py and
exportfile.js), so one entry nested 40 deep or too large costs only itself, with a response file's limit in
its message, while the export as a whole keeps its own limit."""

from __future__ import annotations

import base64
import json

import pytest

from centricity.core import limits
from centricity.core.errors import AnswerError
from centricity.engine import codec
from centricity.engine.scoring import Answers
from centricity.model.refusals import refusal
from centricity.team.exportfile import read_export
from centricity.team.reader import ResponseReader
from tests.node import run

DEEP = "the JSON is nested more than {max} levels deep"


def nested(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = [value]
    return value


def export(q, labels: list[object], survey: object = None) -> bytes:
    """An export of one response per label (a label may be anything: a list nests the entry deeper)."""
    items = []
    for i, label in enumerate(labels):
        r = codec.Response(q.id, q.version, Answers({q.questions[0].id: i % 3}, {}, None, {}))
        items.append({"key": f"{i:016x}", "response": {**codec.to_json(q, r), "label": label}})
    doc = {"format": limits.EXPORT_FORMAT, "survey": survey or {}, "responses": items}
    return json.dumps(doc).encode()


def python_side(raw: bytes) -> dict:
    """read_export's verdict, shaped as tests/js/export_cli.js reports it."""
    try:
        found = read_export(raw)
    except AnswerError as exc:
        return {"key": exc.key, "message": str(exc)}
    if found is None:
        return {"none": True}
    refused = {str(i): [e.key, str(e)] for i, e in found.refused.items()}
    return {"responses": len(found.data["responses"]), "refused": refused}


def cases(q) -> list[tuple[bytes, dict]]:
    big = "x" * limits.MAX_RESPONSE_BYTES
    at_most = limits.MAX_JSON_DEPTH - 1  # label lists this deep make files of the deepest a file may be
    return [
        (export(q, ["a", nested(40), "c"]), {"1": ["json_deep", DEEP.format(max=limits.MAX_JSON_DEPTH)]}),
        (export(q, ["a", big, nested(40)]), {"1": ["file_large", None], "2": ["json_deep", None]}),
        (export(q, [nested(at_most)] * 300), {}),  # kept, although the whole is deeper and larger than a file
        (export(q, [nested(at_most + 1)] + ["b"] * 300), {"0": ["json_deep", None]}),
    ]


def test_each_entry_is_judged_on_its_own_the_same_way_in_both_twins(shipped):
    given = cases(shipped)
    js = run("export_cli.js", {"cases": [base64.b64encode(raw).decode() for raw, _ in given]})
    for (raw, refused), browser in zip(given, js, strict=True):
        python = python_side(raw)
        assert browser == python
        assert python["responses"] == len(json.loads(raw)["responses"])
        assert {i: v[0] for i, v in python["refused"].items()} == {i: v[0] for i, v in refused.items()}
        assert all(v[1] is None or python["refused"][i][1] == v[1] for i, v in refused.items())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Deeper than an export may be outside its entries: the export's own limit (19), not a file's (16).
        (
            lambda q: export(q, ["a"] * 200, survey={"id": nested(30)}),
            {"key": "json_deep", "message": DEEP.format(max=limits.MAX_JSON_DEPTH + limits.EXPORT_DEPTH)},
        ),
        (lambda q: json.dumps({"format": "x", "responses": [nested(40)]}).encode(), {"none": True}),
        (lambda q: json.dumps({"answers": nested(30)}).encode(), {"none": True}),
    ],
    ids=["deep-outside-entries", "not-an-export", "no-responses-list"],
)
def test_what_is_no_export_or_fails_as_a_whole_gets_the_same_verdict(shipped, raw, expected):
    data = raw(shipped)
    assert python_side(data) == expected
    assert run("export_cli.js", {"cases": [base64.b64encode(data).decode()]}) == [expected]


def hostile_export(q) -> bytes:
    """Four good entries, one nested 40 deep, and two whose keys are names every plain JS object has."""
    doc = json.loads(export(q, ["a", nested(40), "c", "d"]))
    good = doc["responses"][0]["response"]
    doc["responses"] += [
        {"key": "__proto__", "response": good},
        {"constructor": 1, "hasOwnProperty": 1, "key": "00000000000000ff", "response": good},
    ]
    return json.dumps(doc).encode()


def test_the_reader_keeps_every_other_response_of_the_export(shipped):
    reader = ResponseReader(shipped)
    reader.read_json("export.json", hostile_export(shipped))
    assert len(reader.coded) == 3
    item = str(refusal("export_item"))
    assert reader.problems == [
        ("export.json#2", DEEP.format(max=limits.MAX_JSON_DEPTH)),
        ("export.json#5", item),
        ("export.json#6", item),
    ]


@pytest.mark.browser
def test_the_team_view_keeps_every_other_response_of_the_export(page, http_site, shipped, tmp_path):
    path = tmp_path / "responses.json"
    path.write_bytes(hostile_export(shipped))
    page.goto(http_site + f"en/team/{shipped.id}/index.html?min=2")
    page.set_input_files("[data-team-files]", str(path))
    page.wait_for_selector("[data-team-status][data-loaded='3']")
    assert page.get_attribute("[data-team-status]", "data-skipped") == "3"
    reasons = page.locator("[data-team-rejected] li").all_text_contents()
    assert [r.split(":")[0].strip() for r in reasons] == [f"responses.json#{n}" for n in (2, 5, 6)], reasons
    assert DEEP.format(max=limits.MAX_JSON_DEPTH) in reasons[0]
    assert all(str(refusal("export_item")) in r for r in reasons[1:])
