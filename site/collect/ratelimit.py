"""Fixed-window rate limits kept in the database, so every worker and every instance counts together.

One row per key (`login:<name>`; a survey's submissions spread over a few, see `spread`): an upsert
either adds one to the current window or starts a new window at one, and returns the count in the same
statement, inside the caller's transaction. Keys never hold an address or any other identifier of a person.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from centricity.collect.errors import CollectError
from centricity.collect.models import RateCounter
from centricity.collect.statements import RATE_HIT

MAX_SHARDS = 16
MIN_SHARE = 64  # events a shard allows at least, so small limits stay exact


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """`COUNT/SECONDS`, as options and environment variables give it."""
        count, _, seconds = text.partition("/")
        if not (count.isascii() and count.isdigit() and seconds.isascii() and seconds.isdigit()):
            raise CollectError(f"rate limit {text[:40]!r}: write COUNT/SECONDS, e.g. 600/60")
        if not (int(count) > 0 and 0 < int(seconds) <= 86400):
            raise CollectError(
                f"rate limit {text[:40]!r}: both numbers must be positive (SECONDS at most 86400)"
            )
        return cls(int(count), int(seconds))


def _window(limit: Limit, now: float | None) -> int:
    return int((time.time() if now is None else now) // limit.seconds) * limit.seconds


def hit(db: Session | Connection, key: str, limit: Limit, now: float | None = None) -> bool:
    """Count one event under `key`; False when this event goes over the limit."""
    count = db.execute(RATE_HIT, {"key": key, "window_start": _window(limit, now)}).scalar_one()
    return count <= limit.count


def spread(key: str, limit: Limit, now: float | None = None) -> tuple[str, int, int]:
    """Where one event of a key that many workers count at the same moment (a survey's submissions) is
    counted: (row key, window start, events that row allows). Transactions that update one row wait for
    each other, so the count is split over up to 16 rows, picked at random, each allowed its share; the
    shares add up to the limit exactly. They fill unevenly, so refusals may begin a little before the
    limit, never after it; a small limit keeps one row and stays exact."""
    shards = max(1, min(MAX_SHARDS, limit.count // MIN_SHARE))
    if shards == 1:
        return key, _window(limit, now), limit.count
    shard = random.randrange(shards)
    share = limit.count // shards + (shard < limit.count % shards)
    return f"{key}:{shard}", _window(limit, now), share


def used(session: Session, key: str, limit: Limit, now: float | None = None) -> int:
    """Events counted under `key` in the current window, without counting one more."""
    r = RateCounter
    row = session.execute(select(r.count, r.window_start).where(r.key == key)).first()
    if row is None:
        return 0
    count, start = row  # by position: a Row's `count` is also the tuple method
    return count if start == _window(limit, now) else 0
