"""The keyboard checks: a Tab walk through every page, and each assessment completed with the keyboard only.

- Tab walk (at 320 px): the first Tab lands on a skip link to #main, and every focus stop shows an outline
  or box-shadow and is not hidden (off screen or under sticky content).
- Completion: every question answered with Tab, Space and arrow keys only, Enter on each step's Next,
  submitted with Enter; the result page must then show the overall level that Python's scoring gives. Once
  at 1280 px and once at 200% zoom (640 px wide at device scale 2), where the page must not scroll sideways.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from centricity.engine.scoring import Answers
from centricity.model.catalog import Catalog
from centricity.model.questionnaire import Questionnaire
from centricity.quality.checks import HEIGHT
from centricity.quality.pages import SEED, PageReport, expected_level, page_name
from centricity.quality.probes import probe
from centricity.quality.sampler import answers as random_answers

MAX_STOPS = 400  # a page with more focus stops than this is taken never to come back round
MAX_FORM_STOPS = 600  # the longest assessment has about 33 questions of up to 7 choices, plus links


async def tab_walk(page, rep: PageReport) -> None:
    """Tab through the page at 320 px: a skip link first, every stop visibly focused and not hidden."""
    await page.set_viewport_size({"width": 320, "height": 640})
    await page.evaluate(probe("reset_focus"))
    first = None
    for i in range(MAX_STOPS):
        await page.keyboard.press("Tab")
        f = await page.evaluate(probe("focus"))
        if f is None:
            break
        if i == 0:
            if f["tag"] != "a" or f["href"] != "#main":
                rep.add("keys", f"the first Tab lands on {f['name']}, not a skip link to #main")
            first = f["name"]
        elif f["name"] == first:
            break
        if not f["visible"]:
            rep.add("keys", f"no visible focus (outline or box-shadow) on {f['name']}")
        elif f["obscured"]:
            rep.add("keys", f"the focused {f['name']} is hidden (off screen or covered) at 320 px")
    else:
        rep.add("keys", f"Tab never comes back round ({MAX_STOPS} stops)")


@dataclass
class KeyboardRun:
    """One assessment answered by keyboard: what to choose, what went wrong, what it showed at the end."""

    rel: str
    zoom: bool
    q: Questionnaire
    answers: Answers
    problems: list[str] = field(default_factory=list)
    answered: int = 0
    completed: str = ""  # the line for the report, once the result shows Python's level

    @property
    def where(self) -> str:
        return f"{page_name(self.rel)} ({'200% zoom' if self.zoom else '1280 px'})"

    @property
    def want(self) -> dict[str, str]:
        """The value to check in each radio group, by input name."""
        a = self.answers
        return {
            "felt": str(a.felt),
            **{k: ("x" if v is None else str(v)) for k, v in a.choices.items()},
            **{f"ctx_{k}": v for k, v in a.context.items()},
        }

    def fail(self, problem: str) -> None:
        self.problems.append(f"{self.where}: {problem}")


async def complete_by_keyboard(
    browser, url: str, rel: str, zoom: bool, catalog: Catalog | None
) -> tuple[list[str], str]:
    """Answer every question with Tab/Space/arrows, submit with Enter; the result must show the level.
    Returns the problems, and the report's line when the run completed."""
    qid = rel.split("/")[2]
    q = catalog.questionnaires.get(qid) if catalog else None
    if q is None:
        return [
            f"{page_name(rel)} ({'200% zoom' if zoom else '1280 px'}): no questionnaire {qid!r} to answer"
        ], ""
    run = KeyboardRun(rel, zoom, q, random_answers(q, random.Random(f"{SEED}:{rel}:{zoom}")))
    viewport = {"width": 640, "height": 400} if zoom else {"width": 1280, "height": HEIGHT}
    ctx = await browser.new_context(
        viewport=viewport, device_scale_factor=2 if zoom else 1, locale="en-GB", service_workers="block"
    )
    page = await ctx.new_page()
    try:
        await page.goto(url, wait_until="load")
        await _start(page, run)
        if await _answer_all(page, run):
            await _submit(page, run)
    except Exception as exc:
        run.fail(f"the keyboard run could not finish: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await ctx.close()
    return run.problems, run.completed


async def _start(page, run: KeyboardRun) -> None:
    """No sideways scroll; the first Tab reaches a skip link, and Enter on it moves focus to #main."""
    sw, cw = await page.evaluate(probe("scroll"))
    if sw > cw:
        run.fail(f"scrolls sideways ({sw} px of content in {cw} px)")
    await page.keyboard.press("Tab")
    f = await page.evaluate(probe("focus"))
    if not f or f["tag"] != "a" or f["href"] != "#main":
        run.fail("the first Tab does not land on a skip link to #main")
        return
    await page.keyboard.press("Enter")
    if await page.evaluate(probe("active_id")) != "main":
        run.fail("the skip link does not move focus to #main")


async def _answer_all(page, run: KeyboardRun) -> bool:
    """Tab to each radio group, Space, arrows to the wanted value; False when the run cannot go on."""
    want = run.want
    done: set[str] = set()
    for _ in range(MAX_FORM_STOPS):
        await page.keyboard.press("Tab")
        f = await page.evaluate(probe("focus"))
        if f is None:
            continue
        if not f["visible"]:
            run.fail(f"no visible focus on {f['name']}")
        elif f["obscured"]:
            run.fail(f"the focused {f['name']} is hidden (off screen or covered)")
        if f["type"] == "submit":
            break
        if f["next"]:  # the stepped assessment: Enter on Next shows the next step
            await page.keyboard.press("Enter")
            continue
        name = f["inputName"]
        if f["type"] != "radio" or name not in want or name in done:
            continue
        if not await _choose(page, name, f["value"], want[name]):
            run.fail(f"could not choose {want[name]!r} for {name} with the keyboard")
            return False
        done.add(name)
        run.answered = len(done)
    else:
        run.fail("Tab never reaches the submit button")
        return False
    if set(want) - done:
        run.fail(f"Tab reached submit with {sorted(set(want) - done)} unanswered")
    return True


async def _choose(page, name: str, focused: str, wanted: str) -> bool:
    """From the focused radio of a group: Space checks it, ArrowDown moves (wrapping) to the wanted value."""
    values = await page.eval_on_selector_all(f"input[type=radio][name='{name}']", probe("radio_values"))
    await page.keyboard.press("Space")
    for _ in range((values.index(wanted) - values.index(focused)) % len(values)):
        await page.keyboard.press("ArrowDown")
    now = await page.evaluate(probe("focus"))
    return bool(now and now["checked"] and now["value"] == wanted)


async def _submit(page, run: KeyboardRun) -> None:
    """Enter submits; the answers travel in the fragment only, and the result shows Python's level."""
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/result/**", timeout=5000)
    parts = urlsplit(page.url)
    if parts.query:
        run.fail(f"the result URL has a query string ({parts.query[:40]})")
    if not parts.fragment:
        run.fail("the result URL carries no answers in its fragment")
    await page.wait_for_function(probe("level_shown"), timeout=5000)
    shown = (await page.locator("[data-slot=overall-level]").text_content() or "").strip()
    expected = expected_level(run.q, run.answers, run.rel.split("/")[0])
    if shown != expected:
        run.fail(f"the result shows level {shown!r}, Python scores {expected!r}")
    else:
        run.completed = f"{run.where}: {run.answered} answers by keyboard, Enter -> level {shown!r}"
