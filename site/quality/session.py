"""One browser session of the audit: every page state opened in its own context of one headless Chromium,
a few at a time, with the keyboard runs of the assessments alongside.

Each page is opened with the script errors, console errors, CSP violations and failed requests it causes
recorded against it, brought into its state, checked, and weighed once the network is quiet.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from centricity.model.catalog import Catalog
from centricity.quality.checks import HEIGHT, check_axe, check_facts
from centricity.quality.chromium import launch_options
from centricity.quality.files import SiteFiles
from centricity.quality.keyboard import complete_by_keyboard, tab_walk
from centricity.quality.pages import PageReport, Target
from centricity.quality.states import fill_state
from centricity.quality.weight import weigh

T = TypeVar("T")


@dataclass
class Session:
    """What the pages of one run share, and what they found. Without `axe_source` only the weight is
    measured (the page weight bench)."""

    files: SiteFiles
    catalog: Catalog | None
    origin: str
    axe_source: str = ""
    workers: int = 2
    reports: list[PageReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # of the keyboard runs
    completed: list[str] = field(default_factory=list)  # the keyboard runs that completed

    def url(self, t: Target | str) -> str:
        if isinstance(t, str):
            return self.origin + self.files.prefix + t
        return self.origin + self.files.prefix + t.rel + (f"#{t.fragment}" if t.fragment else "")


def _listen(page, rep: PageReport, requests: list[str], origin: str) -> None:
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: rep.add("js", f"script error: {str(e).splitlines()[0][:160]}"))

    def on_console(msg) -> None:
        if msg.type != "error" or "Failed to load resource" in msg.text:
            return  # failed loads are reported from the response, with the URL
        if "Content Security Policy" in msg.text:
            rep.add("privacy", f"CSP violation: {msg.text[:200]}")
        else:
            rep.add("js", f"console error: {msg.text[:200]}")

    def on_response(r) -> None:
        if r.status >= 400 and r.url.startswith(origin):
            rep.add("links", f"{r.request.resource_type} {urlsplit(r.url).path} answered {r.status}")

    page.on("console", on_console)
    page.on("response", on_response)


async def _check(ctx, page, rep: PageReport, s: Session) -> None:
    await check_facts(page, rep, s.origin, s.files)
    await tab_walk(page, rep)
    await check_axe(page, rep, s.axe_source)
    cookies = await ctx.cookies()
    if cookies:
        rep.add("privacy", f"cookies set: {', '.join(c['name'] for c in cookies)}")


async def audit_page(browser, t: Target, s: Session) -> PageReport:
    """Open one page state in a fresh context and check it; a page that cannot be audited is a failure."""
    rep = PageReport(t.name, t.rel, t.kind, t.state)
    if t.error:
        rep.add("js", t.error)
        return rep
    requests: list[str] = []
    ctx = None
    try:
        # The root page sends a browser whose language it knows to that language's home: a locale it does
        # not know keeps it where it is, to be audited.
        ctx = await browser.new_context(
            viewport={"width": 1280, "height": HEIGHT},
            color_scheme="light",
            locale="fr-FR" if t.kind == "root" else "en-GB",
            service_workers="block",
        )
        page = await ctx.new_page()
        _listen(page, rep, requests, s.origin)
        await page.goto(s.url(t), wait_until="load")
        await fill_state(page, t, rep)
        if s.axe_source:
            await _check(ctx, page, rep, s)
        # Late requests (Chromium asks for the icon after "load") count too: weigh once the network is quiet;
        # after the checks above it usually has been for a while, and this returns at once.
        await page.wait_for_load_state("networkidle")
        weigh(rep, requests, s.origin, s.files)
    except Exception as exc:
        first = (str(exc).splitlines() or [""])[0][:200]
        rep.add("js", f"the audit could not finish: {type(exc).__name__}: {first}")
    finally:
        if ctx is not None:
            await ctx.close()
    return rep


async def run_pages(s: Session, pages: list[Target], keyboard: bool = True) -> None:
    """Every page state, and (with `keyboard`) each plain assessment completed at 1280 px and at 200% zoom;
    what they found goes into the session."""
    from playwright.async_api import async_playwright

    sem = asyncio.Semaphore(s.workers)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(audit=True))
        try:

            async def one(t: Target) -> PageReport:
                async with sem:
                    return await audit_page(browser, t, s)

            async def kbd(rel: str, zoom: bool) -> list[str]:
                async with sem:
                    problems, completed = await complete_by_keyboard(
                        browser, s.url(rel), rel, zoom, s.catalog
                    )
                if completed:
                    s.completed.append(completed)
                return problems

            forms = [t.rel for t in pages if t.kind == "assessment" and not t.state] if keyboard else []
            # The slow keyboard runs first, so they overlap the page audits instead of trailing them.
            runs = asyncio.gather(*(kbd(rel, z) for rel in forms for z in (False, True)))
            found = await asyncio.gather(runs, asyncio.gather(*(one(t) for t in pages)))
        finally:
            await browser.close()
    problems, reports = found
    s.reports = list(reports)
    s.problems = [p for run in problems for p in run]


def in_thread(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a fresh event loop in its own thread (safe where a loop already runs)."""
    out: dict[str, Any] = {}

    def main() -> None:
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:
            out["error"] = exc

    thread = threading.Thread(target=main, name="centricity-audit")
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]
