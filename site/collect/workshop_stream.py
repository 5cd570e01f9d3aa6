"""The projector's live feed as server-sent events: the workshop's state each time it changes.

The state lives in the database, so the stream reads it every `WORKSHOP_EVENT_SECONDS` (one small query)
and sends an event only when something shown changed: any worker or instance can hold the stream while
others take the answers. A comment line every few seconds keeps proxies from closing an idle connection.
The stream ends after `WORKSHOP_STREAM_SECONDS`, or at a database error, and the browser reconnects, so a
worker thread is never held for ever by a projector left open.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError

from centricity.collect.workshop_room import Rooms
from centricity.core.limits import WORKSHOP_EVENT_SECONDS, WORKSHOP_STREAM_SECONDS

LOG = logging.getLogger(__name__)
KEEP_ALIVE_SECONDS = 15
RETRY_MS = 1000  # how soon the browser reconnects once a stream ends


def events(rooms: Rooms, workshop_id: int, seconds: float = WORKSHOP_STREAM_SECONDS) -> Iterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    key = ""
    ends = time.monotonic() + seconds
    quiet = time.monotonic()
    while time.monotonic() < ends and not rooms.stopped.is_set():
        try:
            live = rooms.live(workshop_id)
        except DBAPIError as exc:  # the browser reconnects in a second, or falls back to asking
            LOG.error("database error in a workshop's event stream: %s", str(exc.orig).strip()[:500])
            return
        if live.key != key:
            key = live.key
            quiet = time.monotonic()
            yield f"data: {json.dumps(live.to_json())}\n\n"
        elif time.monotonic() - quiet > KEEP_ALIVE_SECONDS:
            quiet = time.monotonic()
            yield ": still here\n\n"
        time.sleep(WORKSHOP_EVENT_SECONDS)
