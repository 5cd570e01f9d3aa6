"""Filled states: the result, team and survey pages driven, in the browser, into the state a person sees
after using them, so the checks also cover what their scripts write into the page."""

from __future__ import annotations

from centricity.quality.pages import PageReport, Target
from centricity.quality.probes import probe

SURVEY = ("acme-2026", "sales, customer-service, it")  # what the audit types into the survey form
WAIT_MS = 5000


async def fill_state(page, t: Target, rep: PageReport) -> None:
    """Bring the open page into the state `t` names; a page that does not get there is a js problem."""
    if t.state != "filled":
        return
    if t.kind == "result":
        await _result(page, t, rep)
    elif t.kind == "team":
        await _team(page, t, rep)
    elif t.kind == "survey":
        await _survey(page, rep)


async def _result(page, t: Target, rep: PageReport) -> None:
    """The response code is in the URL's fragment already: the page must show Python's level for it."""
    try:
        await page.wait_for_function(probe("level_shown"), timeout=WAIT_MS)
    except Exception:
        rep.add("js", "the filled result shows no overall level")
        return
    shown = (await page.locator("[data-slot=overall-level]").text_content() or "").strip()
    if shown != t.expect_level:
        rep.add("js", f"the filled result shows level {shown!r}, Python scores {t.expect_level!r}")


async def _team(page, t: Target, rep: PageReport) -> None:
    box = page.locator("textarea[data-team-codes]")
    if not await box.count():
        rep.add("js", "no textarea[data-team-codes] to load responses into")
        return
    await box.fill("\n".join(t.team_codes))
    await page.locator("[data-team-add]").click()
    try:
        await page.locator("[data-team-output]").wait_for(state="visible", timeout=WAIT_MS)
    except Exception:
        rep.add(
            "js",
            f"{len(t.team_codes)} responses loaded, but the team summary ([data-team-output]) did not appear",
        )


async def _survey(page, rep: PageReport) -> None:
    form = page.locator("form[data-survey-form]")
    if not await form.count():
        rep.add("js", "no form[data-survey-form] to make survey links with")
        return
    survey, teams = SURVEY
    await form.locator("[name=survey]").fill(survey)
    await form.locator("[name=teams]").fill(teams)
    await form.locator("[type=submit]").click()
    try:
        await page.locator("[data-survey-links]").wait_for(state="visible", timeout=WAIT_MS)
    except Exception:
        rep.add("js", "the survey form made no table of links ([data-survey-links])")
