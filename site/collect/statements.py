"""The statements a submission runs, written once as SQL with typed parameters.

A submission is the one request that must be cheap (hundreds a second on two cores), and building
SQLAlchemy statement objects for it costs more than running them. The same text runs on SQLite (3.35 and
later: upserts with RETURNING) and on PostgreSQL; `tests/test_collect_db.py` runs both.
"""

from __future__ import annotations

from sqlalchemy import JSON, Date, DateTime, Float, Integer, String, bindparam, text

# One row per key: add one in the current window, or start a new window at one; the new count comes back.
RATE_HIT = text(
    "INSERT INTO rate_counters (key, window_start, count) VALUES (:key, :window_start, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_counters.window_start = excluded.window_start "
    "THEN rate_counters.count + 1 ELSE 1 END, "
    "window_start = excluded.window_start "
    "RETURNING count"
).columns(count=Integer)

_RESPONSE_TYPES = (
    bindparam("survey_id", type_=String),
    bindparam("response_key", type_=String),
    bindparam("receipt_hash", type_=String),
    bindparam("team", type_=String),
    bindparam("payload", type_=JSON),
    bindparam("code", type_=String),
    bindparam("overall", type_=Float),
    bindparam("scores", type_=JSON),
    bindparam("updated", type_=DateTime),
    bindparam("today", type_=Date),
)

# Add the response, or replace the one sent before under the same response id, if the survey accepts
# answers today (the rule of surveys.accepts); `replaced` comes back 0 for a new response, and no
# row comes back when the survey is closed.
STORE_RESPONSE = (
    text(
        "INSERT INTO responses (survey_id, response_key, receipt_hash, team, payload, code, overall, scores, "
        "created, updated, replaced) SELECT id, :response_key, :receipt_hash, :team, :payload, "
        ":code, :overall, :scores, :updated, :updated, 0 FROM surveys "
        "WHERE id = :survey_id AND NOT closed AND (opens IS NULL OR opens <= :today) "
        "AND (closes IS NULL OR closes >= :today) "
        "ON CONFLICT (survey_id, response_key) DO UPDATE SET receipt_hash = excluded.receipt_hash, "
        "team = excluded.team, payload = excluded.payload, code = excluded.code, overall = excluded.overall, "
        "scores = excluded.scores, updated = excluded.updated, replaced = responses.replaced + 1 "
        "RETURNING replaced"
    )
    .bindparams(*_RESPONSE_TYPES)
    .columns(replaced=Integer)
)
