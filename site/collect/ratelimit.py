"""Fixed-window rate limits kept in the database, so every worker and every instance counts together.

One row per key (`login:<name>`, `submit:<survey>`...): an upsert either adds one to the current window
or starts a new window at one, and returns the count in the same statement, inside the caller's
transaction. Keys never hold an address or any other identifier of a person.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from centricity.collect.errors import CollectError
from centricity.collect.models import RateCounter
from centricity.collect.statements import RATE_HIT


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


def used(session: Session, key: str, limit: Limit, now: float | None = None) -> int:
    """Events counted under `key` in the current window, without counting one more."""
    r = RateCounter
    row = session.execute(select(r.count, r.window_start).where(r.key == key)).first()
    return row.count if row is not None and row.window_start == _window(limit, now) else 0
