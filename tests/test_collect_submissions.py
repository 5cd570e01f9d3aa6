"""The checks of a submission and of a receipt, pinned so that a weakened check fails a test (they were
found by mutating `collect/submissions.py`), on SQLite and PostgreSQL where the database takes part."""

from __future__ import annotations

import json
import uuid
from collections import Counter

import pytest

from centricity.collect import ratelimit, surveys
from centricity.collect.app import Options, now
from centricity.collect.errors import Refused
from centricity.collect.ratelimit import Limit
from centricity.collect.submissions import RECEIPT_ALPHABET, digest, new_receipt, receipt_hash
from centricity.core.limits import RECEIPT_LENGTH
from tests import collect
from tests.collect import new_id, response_file, send, stored_count

served, make_app, postgres = collect.served, collect.make_app, collect.postgres  # fixtures


def post(client, survey: str, file: dict):
    return client.post(f"/api/surveys/{survey}/responses", json={"response_id": new_id(), "response": file})


@pytest.mark.parametrize("value", [False, True, "50", [50]])
def test_stated_scores_must_be_numbers(served, shipped, value):
    """`False == 0.0` in Python: a score of false passed, and made an export the team tools refuse."""
    file = response_file(shipped, choice=0)
    zero = [key for key, score in file["scores"].items() if score == 0]
    assert zero, "choice 0 gives a score of 0 somewhere"
    file["scores"][zero[0]] = value
    reply = post(served.app.test_client(), "acme", file)
    assert reply.status_code == 422 and reply.json["error"] == "collect.error.invalid"


def test_whole_numbers_written_with_a_point_are_whole(served, shipped):
    """docs/formats.md: numbers are read as the browser reads them, so 7.0 is 7 (and stored as 7)."""
    text = json.dumps({"response_id": new_id(), "response": response_file(shipped, felt=7)})
    body = text.replace('"felt": 7,', '"felt": 7.0,')
    assert '"felt": 7.0,' in body
    client = served.app.test_client()
    reply = client.post("/api/surveys/acme/responses", data=body, content_type="application/json")
    assert reply.status_code == 201, reply.json
    seen = client.post("/api/receipt", json={"receipt": reply.json["receipt"]}).json["response"]
    assert seen["felt"] == 7 and type(seen["felt"]) is int


def test_a_response_is_refused_by_another_survey_both_ways(served, shipped):
    client = served.app.test_client()
    for survey, named, team in (("acme", "globex", ""), ("globex", "acme", "sales"), ("acme", "", "sales")):
        reply = post(client, survey, response_file(shipped, survey=named, team=team))
        assert reply.status_code == 422 and reply.json["error"] == "collect.error.wrong_survey", survey


def test_a_wrong_receipt_neither_shows_nor_withdraws_anything(served, shipped):
    """Stored receipts are hashes; a wrong receipt must match none, not sort past one."""
    client = served.app.test_client()
    for _ in range(5):
        assert send(client, shipped).status_code == 201
    before = stored_count(served)
    for _ in range(30):
        wrong = {"receipt": new_receipt()}
        assert client.post("/api/receipt", json=wrong).status_code == 404
        assert client.post("/api/receipt/withdraw", json=wrong).status_code == 404
    assert stored_count(served) == before


def test_receipts_carry_80_random_bits():
    """Every position of a receipt takes every one of the 32 symbols, independently: 16 x 5 bits."""
    receipts = [new_receipt() for _ in range(3000)]
    assert len(set(receipts)) == len(receipts)
    raw = [r.replace("-", "") for r in receipts]
    assert all(len(r) == RECEIPT_LENGTH for r in raw)
    for position in range(RECEIPT_LENGTH):
        seen = Counter(r[position] for r in raw)
        assert set(seen) == set(RECEIPT_ALPHABET), position
        assert max(seen.values()) < 3000 / 32 * 1.6, position  # about 94 each; none far ahead
    pairs = Counter((r[0], r[-1]) for r in raw)
    assert len(pairs) > 600, "the first and last symbols vary independently (1,024 pairs)"


def test_a_checked_submission_cannot_be_changed_before_it_is_stored(catalog, shipped):
    from dataclasses import FrozenInstanceError

    from centricity.collect.submissions import Definition, prepare
    from centricity.team.rows import Scorer

    survey = Definition("acme", "Acme", shipped.id, frozenset({"sales"}))
    prepared = prepare(Scorer(shipped), survey, {"response_id": new_id(), "response": response_file(shipped)})
    with pytest.raises(FrozenInstanceError):
        prepared.team = "it"  # type: ignore[misc]


def test_a_receipt_is_read_as_people_type_it():
    receipt = new_receipt()
    typed = receipt.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert receipt_hash(typed) == receipt_hash(receipt) == digest(receipt)
    for wrong in (receipt[:-1], receipt + "0", receipt.replace("-", "") + "U", 42, None):
        with pytest.raises(Refused, match=r"^collect\.error\.receipt$"):
            receipt_hash(wrong)


@pytest.mark.parametrize("count", [1, 63, 64, 131, 600, 601, 999, 1024, 5000])
def test_the_shares_of_a_limit_add_up_to_it(count):
    limit = Limit(count, 60)
    shares = {}
    for _ in range(4000):
        key, _window, allowed = ratelimit.spread("submit:x", limit, 1000.0)
        shares[key] = allowed
    assert sum(shares.values()) == count
    assert len(shares) == max(1, min(ratelimit.MAX_SHARDS, count // ratelimit.MIN_SHARE))


def test_the_submission_limit_never_lets_more_through(served, catalog, shipped, make_app):
    """131 a window over two rows: rounding each row's share up let 132 through."""
    survey = f"rl{uuid.uuid4().hex[:8]}"
    with served.db.write() as session:
        surveys.create(session, surveys.SurveySpec(survey, shipped.id, "Limited", ()), catalog, now())
    client = make_app(served.url, Options(submit_limit=Limit(131, 3600))).test_client()
    codes = Counter(send(client, shipped, survey=survey, team="").status_code for _ in range(200))
    assert codes == {201: 131, 429: 69}
