"""Forgetting on schedule: a survey's responses are deleted a set number of days after it closes, by the
server itself (no cron job to set up), and a whole survey can be deleted.

A survey closes on the day after its last day, or on the day it is closed by hand if that comes first; its
responses go `retention_days` after that. Each worker looks at most every `SWEEP_SECONDS`, in a thread of
its own after a request arrives (an idle server has nothing to forget that cannot wait for the next
request), so no request waits for it; deleting twice is harmless, so workers need not agree who does it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from centricity.collect import audit
from centricity.collect.db import Database
from centricity.collect.errors import Refused
from centricity.collect.models import StoredResponse, Survey, Workshop

SWEEP_SECONDS = 600
log = logging.getLogger(__name__)


def closed_since(survey: Survey) -> dt.date | None:
    """The first day the survey took no more answers, if it has closed or will by its dates."""
    days = [survey.closes + dt.timedelta(days=1)] if survey.closes else []
    if survey.closed and survey.closed_on:
        days.append(survey.closed_on)
    return min(days, default=None)


def forget_on(survey: Survey) -> dt.date | None:
    """The day the survey's responses are deleted, if it has a retention and a closing day."""
    since = closed_since(survey)
    if since is None or survey.retention_days is None:
        return None
    return since + dt.timedelta(days=survey.retention_days)


def sweep(db: Database, now: dt.datetime) -> dict[str, int]:
    """Delete the responses (and workshops) of every survey whose day to forget has come: {survey id:
    responses deleted}."""
    with db.read() as session:
        due = [
            s.id
            for s in session.scalars(select(Survey).where(Survey.retention_days.is_not(None)))
            if (day := forget_on(s)) is not None and day <= now.date()
        ]
    done = {}
    for survey_id in due:
        with db.write() as session:
            gone = delete(StoredResponse).where(StoredResponse.survey_id == survey_id)
            count = cast(CursorResult, session.execute(gone))
            # A workshop's participants and answers are responses too (the database deletes them with it).
            session.execute(delete(Workshop).where(Workshop.survey_id == survey_id))
            if count.rowcount:
                audit.record(session, audit.SERVER, "forget", now, survey_id, f"{count.rowcount} responses")
                done[survey_id] = count.rowcount
    return done


def delete_survey(session: Session, survey_id: str) -> int:
    """Delete a survey, its teams and every response; the number of responses deleted."""
    survey = session.get(Survey, survey_id)
    if survey is None:
        raise Refused("collect.error.no_survey", 404, id=survey_id[:70])
    r = StoredResponse
    count = session.scalar(select(func.count()).select_from(r).where(r.survey_id == survey_id)) or 0
    session.execute(delete(r).where(r.survey_id == survey_id))
    session.delete(survey)
    return count


class Sweeper:
    """Runs `sweep` in a background thread at most every `seconds` for this process."""

    def __init__(self, db: Database, seconds: float = SWEEP_SECONDS):
        self.db = db
        self.seconds = seconds
        self.next = 0.0
        self.lock = threading.Lock()

    def due(self, now: dt.datetime) -> threading.Thread | None:
        """Start a sweep if one is due and none is running; the thread, for tests to wait on."""
        if time.monotonic() < self.next or not self.lock.acquire(blocking=False):
            return None
        self.next = time.monotonic() + self.seconds
        thread = threading.Thread(target=self._run, args=(now,), daemon=True)
        thread.start()
        return thread

    def on_request(self) -> None:
        """Flask's before_request: a due sweep starts; the request goes on at once."""
        self.due(dt.datetime.now(dt.UTC).replace(tzinfo=None))

    def _run(self, now: dt.datetime) -> None:
        try:
            for survey_id, count in sweep(self.db, now).items():
                log.info("retention: deleted %d responses of survey %s", count, survey_id)
        except DBAPIError as exc:
            log.warning("retention sweep failed: %s", str(exc.orig).strip().splitlines()[0][:300])
        finally:
            self.lock.release()
