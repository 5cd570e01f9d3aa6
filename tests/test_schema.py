"""The response file format: the shipped JSON Schema describes exactly what `responses.to_json` writes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from centricity.engine import codec
from tests.helpers import random_answers
from tests.strategies import answers

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "site" / "schema" / "centricity-response.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

labels = st.text(max_size=codec.MAX_LABEL)
tags = st.one_of(st.just(""), st.from_regex(r"\A[A-Za-z0-9_-]{1,64}\Z"))
dates = st.sampled_from(
    ["", "2026-11-23", "2026-11-23T09:30", "2026-11-23T09:30:05.123+01:00", "2026-01-01T00:00Z"]
)


def test_schema_is_a_valid_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["format"]["const"] == codec.FORMAT


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_every_written_file_validates(catalog, mini, data):
    q = data.draw(st.sampled_from([*catalog.questionnaires.values(), mini]))
    r = codec.Response(
        q.id,
        q.version,
        data.draw(answers(q)),
        label=data.draw(labels),
        survey=data.draw(tags),
        team=data.draw(tags),
        wave=data.draw(tags),
        created=data.draw(dates),
    )
    doc = json.loads(json.dumps(codec.to_json(q, r)))
    errors = [e.message for e in VALIDATOR.iter_errors(doc)]
    assert errors == []
    assert set(doc) == set(SCHEMA["required"]) == set(SCHEMA["properties"])
    assert codec.from_json(q, doc) == r  # and what validates reads back the same


def test_shipped_profiles_and_many_random_files_validate(catalog):
    for profile in catalog.profiles.values():
        q = catalog.questionnaires[profile.response.questionnaire]
        assert list(VALIDATOR.iter_errors(codec.to_json(q, profile.response))) == []
    q = catalog.primary
    rng = random.Random(9)
    for _ in range(200):
        response = codec.Response(q.id, q.version, random_answers(q, rng))
        doc = json.loads(json.dumps(codec.to_json(q, response)))
        assert list(VALIDATOR.iter_errors(doc)) == []


def test_schema_example_is_a_real_response(catalog):
    q = catalog.primary
    for example in SCHEMA["examples"]:
        assert list(VALIDATOR.iter_errors(example)) == []
        assert codec.to_json(q, codec.from_json(q, example)) == example


@pytest.mark.parametrize(
    "change",
    [
        {"format": "centricity-response/2"},
        {"extra": 1},
        {"felt": 11},
        {"felt": "7"},
        {"version": 0},
        {"answers": {"cu1": -1}},
        {"answers": {"cu1": "2"}},
        {"answers": {"<b>": 1}},
        {"label": "x" * 81},
        {"survey": {"id": "acme 2026", "team": "", "wave": ""}},
        {"survey": {"id": ""}},
        {"created": "yesterday"},
        {"scores": {"culture": 101, "overall": 50}},
        {"scores": {"culture": 50}},
        {"context": {"role": 3}},
    ],
)
def test_schema_refuses_what_readers_refuse(catalog, change):
    q = catalog.primary
    doc = codec.to_json(q, codec.Response(q.id, q.version, random_answers(q, random.Random(1))))
    doc.update(change)
    assert list(VALIDATOR.iter_errors(doc)), change


def test_readme_documents_the_format():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "site/schema/centricity-response.schema.json" in readme
    assert codec.FORMAT in readme
    for key in SCHEMA["required"]:
        assert f"`{key}`" in readme, key
