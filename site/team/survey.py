"""Survey links: one assessment link per team, tagging every response made through it.

`python build.py survey-links --survey acme-2026 --teams sales,service --wave w1 --base-url https://...`
prints one line per team. The assessment page reads `?survey=&team=&wave=`, shows whose survey it is and
stores the tags in the response (code fields `s`, `tm`, `w`), so the team view can group by team.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlencode

from centricity.core.errors import CentricityError
from centricity.model.questionnaire import SUPPORTED_LANGUAGES

TAG = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _tag(kind: str, value: str) -> str:
    if not TAG.fullmatch(value):
        raise CentricityError(f"{kind} {value[:70]!r} may use only letters, digits, '-' and '_' (1 to 64)")
    return value


def survey_links(
    base_url: str, lang: str, qid: str, survey: str, teams: Iterable[str], wave: str = ""
) -> list[tuple[str, str]]:
    """(team, link) for each team, in the order given, duplicates and blanks left out.

    With no team at all, one link tags the survey (and wave) only: ("", link).
    """
    if not re.match(r"^https?://[^\s/?#]+", base_url):
        raise CentricityError(f"base URL {base_url!r} must start with http:// or https:// and name a host")
    if "?" in base_url or "#" in base_url:
        raise CentricityError(f"base URL {base_url!r} must not contain '?' or '#'")
    if lang not in SUPPORTED_LANGUAGES:
        raise CentricityError(f"language {lang!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}")
    _tag("questionnaire id", qid)
    _tag("survey", survey)
    if wave:
        _tag("wave", wave)
    names = list(dict.fromkeys(_tag("team", t.strip()) for t in teams if t.strip())) or [""]
    page = f"{base_url.rstrip('/')}/{lang}/assessment/{qid}/"
    links = []
    for team in names:
        params = {"survey": survey}
        if team:
            params["team"] = team
        if wave:
            params["wave"] = wave
        links.append((team, f"{page}?{urlencode(params)}"))
    return links
