"""Page weight: the page plus every same-origin file the browser requested for it, raw and gzip, against
the budgets. Budgets: the assessment page (what a respondent opens on a phone) at most 32 KB gzip in at most 5
requests; the team view (a consultant's desk tool that loads every browser twin: engine, codec, plan, team
figures and wording) at most 80 KB; a result or sample profile (the engine, its rules and every question's
text, to render any link) at most 64 KB; any other page at most 60 KB gzip (1 KB = 1024 B). Requests elsewhere
are a privacy failure, found here because only here are they seen."""

from __future__ import annotations

from urllib.parse import urlsplit

from centricity.quality.checks import has_answers
from centricity.quality.files import SiteFiles
from centricity.quality.pages import PageReport

KB = 1024
BUDGET_ASSESSMENT_GZIP = 32 * KB
BUDGET_ASSESSMENT_REQUESTS = 5
BUDGET_TEAM_GZIP = 80 * KB
BUDGET_RESULT_GZIP = 64 * KB
RESULT_KINDS = ("result", "profile")
BUDGET_PAGE_GZIP = 60 * KB


def weigh(rep: PageReport, requests: list[str], origin: str, files: SiteFiles) -> None:
    """Add up the requested files of the site into `rep`; report requests to other origins."""
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        if f"{parts.scheme}://{parts.netloc}" != origin:
            rep.add("privacy", f"request to another origin: {url[:120]}")
            continue
        if has_answers(parts.query):
            rep.add("privacy", f"a request carries answers in its query: {parts.path}?{parts.query[:60]}")
        rep.requests += 1
        file = files.file_for(parts.path)
        if file is not None and file.is_dir():
            file = file / "index.html"
        if file is not None and file.is_file():
            raw, gz = files.sizes(file)
            rep.raw += raw
            rep.gzip += gz
    check_budget(rep)


def check_budget(rep: PageReport) -> None:
    if rep.kind == "assessment":
        if rep.gzip > BUDGET_ASSESSMENT_GZIP:
            budget = BUDGET_ASSESSMENT_GZIP // KB
            rep.add("weight", f"{rep.gzip / KB:.1f} KB gzip, over the assessment budget of {budget} KB")
        if rep.requests > BUDGET_ASSESSMENT_REQUESTS:
            rep.add(
                "weight",
                f"{rep.requests} requests, over the assessment budget of {BUDGET_ASSESSMENT_REQUESTS}",
            )
    if rep.kind == "team":
        if rep.gzip > BUDGET_TEAM_GZIP:
            budget = BUDGET_TEAM_GZIP // KB
            rep.add("weight", f"{rep.gzip / KB:.1f} KB gzip, over the team view budget of {budget} KB")
    elif rep.kind in RESULT_KINDS:
        if rep.gzip > BUDGET_RESULT_GZIP:
            budget = BUDGET_RESULT_GZIP // KB
            rep.add("weight", f"{rep.gzip / KB:.1f} KB gzip, over the result budget of {budget} KB")
    elif rep.gzip > BUDGET_PAGE_GZIP:
        rep.add("weight", f"{rep.gzip / KB:.1f} KB gzip, over the page budget of {BUDGET_PAGE_GZIP // KB} KB")
