"""Who may see what: an admin sees and does everything; a viewer (a client contact, say) sees only the
surveys given to them, and of those only the protected figures and the report, never single responses,
codes, links or anything that changes the server.

What a viewer may open is a list of endpoints (`VIEWER_PAGES`); every other route of the admin area, including
any added later, is refused to viewers before its view runs (`check`, called by the admin area's guard).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from centricity.collect.errors import Refused
from centricity.collect.models import ADMIN, VIEWER, Admin, Survey, SurveyAccess

ROLES = (ADMIN, VIEWER)
VIEWER_PAGES = frozenset(
    {
        "collect_admin.index",
        "collect_admin.logout",
        "collect_admin.report",
        "collect_admin.summary_csv",
        "collect_admin.summary_json",
        "collect_admin.items_page",  # item statistics: protected figures, as the report's
        "collect_admin.items_csv",
        "collect_admin.codebook_csv",
    }
)


def granted(session: Session, admin: Admin) -> set[str] | None:
    """The ids of the surveys `admin` may see; None for an admin, who sees them all."""
    if admin.role == ADMIN:
        return None
    return set(session.scalars(select(SurveyAccess.survey_id).where(SurveyAccess.admin_id == admin.id)))


def check(
    session: Session, admin: Admin, endpoint: str | None, view_args: Mapping[str, object] | None
) -> None:
    """Refuse (403) what a viewer may not open; an admin may open everything."""
    if admin.role == ADMIN:
        return
    survey_id = (view_args or {}).get("survey_id")
    allowed = granted(session, admin) or set()
    if endpoint not in VIEWER_PAGES or (survey_id is not None and survey_id not in allowed):
        raise Refused("collect.error.forbidden", 403)


def account(session: Session, name: str) -> Admin:
    found = session.scalar(select(Admin).where(Admin.name == name))
    if found is None:
        raise Refused("collect.error.no_admin", 404, name=name[:70])
    return found


def grant(session: Session, name: str, survey_id: str) -> None:
    who = account(session, name)
    if session.get(Survey, survey_id) is None:
        raise Refused("collect.error.no_survey", 404, id=survey_id[:70])
    if session.get(SurveyAccess, (who.id, survey_id)) is None:
        session.add(SurveyAccess(admin_id=who.id, survey_id=survey_id))


def revoke(session: Session, name: str, survey_id: str) -> None:
    who = account(session, name)
    session.execute(
        delete(SurveyAccess).where(SurveyAccess.admin_id == who.id, SurveyAccess.survey_id == survey_id)
    )


def accounts(session: Session) -> list[tuple[Admin, list[str]]]:
    """Every account with the surveys given to it (sorted), for the accounts page."""
    given: dict[int, list[str]] = {}
    for admin_id, survey_id in session.execute(select(SurveyAccess.admin_id, SurveyAccess.survey_id)):
        given.setdefault(admin_id, []).append(survey_id)
    return [(a, sorted(given.get(a.id, []))) for a in session.scalars(select(Admin).order_by(Admin.name))]
