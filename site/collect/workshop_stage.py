"""What the projector, the facilitator's page and the phones' reveal show at a given moment (`Stage`), built
from the database in one place so the three can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from centricity.collect import results
from centricity.collect.db import Database
from centricity.collect.models import Survey, Workshop
from centricity.collect.workshop_reveal import Revealed, choices, reveal
from centricity.collect.workshop_room import Live, Rooms
from centricity.collect.workshops import ALL, ENDED, REVEALED, Scope, current_round, scopes
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import strings
from centricity.team import aggregate as agg
from centricity.team.wording import written_summary


@dataclass(frozen=True)
class Ending:
    """The end: the survey's team summary, as its report gives it."""

    summary: agg.TeamSummary
    text: dict[str, str]  # the report's written summary, keyed like its data-f attributes


@dataclass(frozen=True)
class Stage:
    workshop: Workshop
    survey: Survey
    q: Questionnaire
    live: Live
    scope: str  # the current round's scope id ("" before the first round)
    again_of: int | None
    revealed: tuple[Revealed, ...]  # in a reveal: the round's questions ranked by disagreement
    scopes: tuple[Scope, ...]
    ending: Ending | None

    @property
    def focused(self) -> Revealed | None:
        return self.revealed[min(self.workshop.focus, len(self.revealed) - 1)] if self.revealed else None

    def scope_title(self, scope_id: str, lang: str) -> str:
        """A scope's name: its dimension's title, its step's ("What you think"), "every question", or a
        question's id (one question voted again)."""
        if scope_id == ALL:
            return strings(lang)["workshop.scope.all"]
        if any(d.id == scope_id for d in self.q.dimensions):
            return self.q.dimension(scope_id).title[lang]
        if self.q.find_question(scope_id):
            return scope_id.upper()
        return strings(lang)[f"{scope_id}.title"]

    def labels(self, item: Revealed, lang: str) -> tuple[str, ...]:
        return choices(item.question, lang, strings(lang)["assessment.dont_know"])


def stage(db: Database, rooms: Rooms, workshop_id: int, q: Questionnaire, lang: str) -> Stage:
    live = rooms.live(workshop_id)
    with db.read() as session:
        workshop, survey = _rows(session, workshop_id)
        rnd = current_round(session, workshop)
        revealed = reveal(session, q, rnd, survey.min_group) if rnd and live.phase == REVEALED else ()
    ending = None
    if live.phase == ENDED:
        summary = results.team_figures(q, results.codes(db, survey.id), survey.min_group)[0]
        names = {t.id: t.name for t in survey.teams}
        ending = Ending(summary, written_summary(q, summary, lang, names))
    return Stage(
        workshop,
        survey,
        q,
        live,
        rnd.scope if rnd else "",
        rnd.again_of if rnd else None,
        revealed,
        scopes(q),
        ending,
    )


def ranking(session: Session, q: Questionnaire, min_group: int):
    """A round's questions as its reveal ranks them (`workshops.Ranking`), for the facilitator's steps."""
    return lambda rnd: [r.question.id for r in reveal(session, q, rnd, min_group)]


def _rows(session: Session, workshop_id: int) -> tuple[Workshop, Survey]:
    workshop = session.get(Workshop, workshop_id)
    assert workshop is not None, "rooms.live found it"
    survey = session.get(Survey, workshop.survey_id)
    assert survey is not None
    survey.teams  # noqa: B018 (loaded while the session is open)
    return workshop, survey
