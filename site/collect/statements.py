"""The statements a submission runs, written once as SQL with typed parameters.

A submission is the one request that must be cheap (hundreds a second on two cores). The SQL runs on
SQLite (3.35 and later: upserts with RETURNING) and on PostgreSQL; `tests/test_collect_db.py` runs both.
On PostgreSQL, where each statement is a round trip to another process, the count and the store go as one
statement (`COUNT_AND_STORE`, the same two statements as data-modifying parts of a WITH), which SQLite
cannot run. `SubmitPath` compiles them once per database and runs them on the driver's own connection:
SQLAlchemy's work per execution (cache lookups, binding, building a result) cost as much CPU as the
database's own work (`bench/collect_load.py` measured it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Dialect, Float, Integer, String, bindparam, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.selectable import TextualSelect

# One row per key: add one in the current window, or start a new window at one; the new count comes back.
_RATE_HIT = (
    "INSERT INTO rate_counters (key, window_start, count) VALUES (:key, :window_start, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_counters.window_start = excluded.window_start "
    "THEN rate_counters.count + 1 ELSE 1 END, "
    "window_start = excluded.window_start "
    "RETURNING count"
)

# Add the response, or replace the one sent before under the same response id, if the survey accepts
# answers today (the rule of surveys.accepts); `replaced` comes back 0 for a new response, and no
# row comes back when the survey is closed. {also} is where COUNT_AND_STORE adds its rate condition.
_STORE = (
    "INSERT INTO responses (survey_id, response_key, receipt_hash, team, payload, code, overall, scores, "
    "created, updated, replaced) SELECT id, :response_key, :receipt_hash, :team, :payload, "
    ":code, :overall, :scores, :updated, :updated, 0 FROM surveys "
    "WHERE id = :survey_id AND NOT closed AND (opens IS NULL OR opens <= :today) "
    "AND (closes IS NULL OR closes >= :today){also} "
    "ON CONFLICT (survey_id, response_key) DO UPDATE SET receipt_hash = excluded.receipt_hash, "
    "team = excluded.team, payload = excluded.payload, code = excluded.code, overall = excluded.overall, "
    "scores = excluded.scores, updated = excluded.updated, replaced = responses.replaced + 1 "
    "RETURNING replaced"
)

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

RATE_HIT = text(_RATE_HIT).columns(count=Integer)

STORE_RESPONSE = text(_STORE.format(also="")).bindparams(*_RESPONSE_TYPES).columns(replaced=Integer)

# PostgreSQL: count under :key, and store only when the count is at most :allowed. Both parts run once,
# whatever the outer SELECT reads; it returns the count and `replaced` (NULL when nothing was stored).
COUNT_AND_STORE = (
    text(
        f"WITH hit AS ({_RATE_HIT}), "
        f"stored AS ({_STORE.format(also=' AND (SELECT count FROM hit) <= :allowed')}) "
        "SELECT (SELECT count FROM hit) AS count, (SELECT replaced FROM stored) AS replaced"
    )
    .bindparams(*_RESPONSE_TYPES, bindparam("allowed", type_=Integer))
    .columns(count=Integer, replaced=Integer)
)


class Prebuilt:
    """One statement compiled for one database, run on the driver's connection with the values bound by
    the types' own processors, so that what is stored is what SQLAlchemy would store; the driver's errors
    are raised as SQLAlchemy's, as every other statement's are."""

    def __init__(self, statement: TextualSelect, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.order = compiled.positiontup  # the names in order, for drivers that take values by position
        self.driver_error = dialect.loaded_dbapi.Error  # every DB-API driver's base class of errors
        self.processors = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self.processors[name] = process

    def first(self, connection: Connection, values: Mapping[str, Any]) -> Any:
        """The first row, inside the connection's transaction (or its autocommit)."""
        bound = {**values, **{name: p(values[name]) for name, p in self.processors.items()}}
        params = bound if self.order is None else [bound[name] for name in self.order]
        driver = connection.connection.driver_connection
        assert driver is not None, "a checked-out connection has its driver's"
        try:
            return driver.execute(self.sql, params).fetchone()
        except self.driver_error as exc:  # a broken connection is dropped by the pool when it is returned
            raise DBAPIError.instance(self.sql, params, exc, self.driver_error, hide_parameters=True) from exc


class SubmitPath:
    """Count a submission and store it if the count allows (`values["allowed"]`) and the survey is open."""

    def __init__(self, dialect: Dialect):
        self.combined = Prebuilt(COUNT_AND_STORE, dialect) if dialect.name == "postgresql" else None
        self.count = Prebuilt(RATE_HIT, dialect)
        self.store = Prebuilt(STORE_RESPONSE, dialect)

    def run(self, connection: Connection, values: Mapping[str, Any]) -> tuple[int, int | None]:
        """(the count, with this one; how often the response was replaced before, or None if not stored)."""
        if self.combined is not None:
            count, replaced = self.combined.first(connection, values)
            return count, replaced
        count = self.count.first(connection, values)[0]
        row = self.store.first(connection, values) if count <= values["allowed"] else None
        return count, None if row is None else row[0]
