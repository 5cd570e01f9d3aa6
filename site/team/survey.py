"""Survey links: one assessment link per team, tagging every response made through it.

    python build.py survey-links --survey acme-2026 --teams "sales=Sales floor,service" --wave w1 \
        --contact ana@example.org --min-group 5 --base-url https://...

prints one line per team. The assessment page reads `?survey=&team=&wave=`, shows whose survey it is and
stores the tags in the response (code fields `s`, `tm`, `w`), so the team view can group by team. A link
may also carry the team's display name (`team_name`), the consultant's email address (`contact`: the result
page then tells the respondent to send the response there and offers "Email my response") and the minimum
group size the consultant promises (`min`, given when it differs from the default of 5). The survey page
(`web/static/js/survey.js`) makes identical links, and reads team lists with the same syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlencode

from centricity.core import languages
from centricity.core.errors import CentricityError
from centricity.core.limits import CONTACT_MAX, CONTACT_PATTERN, MIN_GROUP, TAG_PATTERN, TEAM_NAME_MAX
from centricity.team.aggregate import check_min_group

TAG = re.compile(TAG_PATTERN)
CONTACT = re.compile(CONTACT_PATTERN)


def _tag(kind: str, value: str) -> str:
    if not TAG.fullmatch(value):
        raise CentricityError(f"{kind} {value[:70]!r} may use only letters, digits, '-' and '_' (1 to 64)")
    return value


def parse_teams(text: str) -> list[tuple[str, str]]:
    """`sales = Sales floor, service` (commas or new lines) as [(id, display name or "")]."""
    teams = []
    for item in re.split(r"[,\n]", text):
        tid, _, name = item.partition("=")
        if tid.strip() or name.strip():
            teams.append((tid, name))
    return unique_teams(teams)


def unique_teams(teams: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Checked (id, display name) pairs, spaces tidied, blanks and repeated ids left out (the first kept)."""
    out: dict[str, str] = {}
    for tid, name in teams:
        tid, name = tid.strip(), " ".join(name.split())
        if not tid and not name:
            continue
        _tag("team", tid)
        if len(name) > TEAM_NAME_MAX:
            raise CentricityError(f"team name {name[:70]!r} is longer than {TEAM_NAME_MAX} characters")
        out.setdefault(tid, name)
    return list(out.items())


def check_contact(contact: str) -> str:
    if len(contact) > CONTACT_MAX or not CONTACT.fullmatch(contact):
        raise CentricityError(f"contact {contact[:70]!r} is not an email address such as ana@example.org")
    return contact


def survey_links(
    base_url: str,
    lang: str,
    qid: str,
    survey: str,
    teams: Iterable[tuple[str, str]],
    wave: str = "",
    contact: str = "",
    min_group: int = MIN_GROUP,
) -> list[tuple[str, str]]:
    """(team, link) for each (team id, display name), in the order given, duplicates and blanks left out.

    With no team at all, one link tags the survey (and wave) only: ("", link).
    """
    if not re.match(r"^https?://[^\s/?#]+", base_url):
        raise CentricityError(f"base URL {base_url!r} must start with http:// or https:// and name a host")
    if "?" in base_url or "#" in base_url:
        raise CentricityError(f"base URL {base_url!r} must not contain '?' or '#'")
    if lang not in languages.supported():
        raise CentricityError(f"language {lang!r} is not one of {', '.join(languages.supported())}")
    _tag("questionnaire id", qid)
    _tag("survey", survey)
    if wave:
        _tag("wave", wave)
    if contact:
        check_contact(contact)
    check_min_group(min_group)
    named = unique_teams(teams)
    page = f"{base_url.rstrip('/')}/{lang}/assessment/{qid}/"
    links = []
    for team, name in named or [("", "")]:
        params = {"survey": survey, "team": team, "wave": wave, "team_name": name, "contact": contact}
        if min_group != MIN_GROUP:
            params["min"] = str(min_group)
        links.append((team, f"{page}?{urlencode({k: v for k, v in params.items() if v})}"))
    return links
