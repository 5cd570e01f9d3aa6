"""At 320 px (a small phone, or 1280 px at 400% zoom, WCAG 1.4.10) no page scrolls sideways and no table
hides a column: one page of every kind, the filled result, team and survey pages and every assessment step."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from centricity.quality.pages import targets
from centricity.quality.states import SURVEY

# Every table either fits its box, or scrolls inside a box a keyboard can reach and scroll; the result's own
# table must fit (it turns into one card per dimension).
TABLES = """() => [...document.querySelectorAll('table')].filter(t => t.offsetParent).map(t => {
  const box = t.closest('.table-wrap');
  const cells = [...t.querySelectorAll('th, td')];
  const hidden = cells.filter(c => !c.hidden && getComputedStyle(c).display === 'none');
  return {scores: t.matches('.scores'), fits: t.scrollWidth <= (box || t.parentElement).clientWidth + 1,
          scrolls: !!box && getComputedStyle(box).overflowX === 'auto' && box.tabIndex === 0,
          hidden: hidden.length};
})"""


def one_of_each_kind(site, catalog):
    seen, out = set(), []
    for t in targets(site, catalog):
        if (t.kind, t.state) not in seen and t.rel.startswith(("es/", "index", "404")):
            seen.add((t.kind, t.state))
            out.append(t)
    return out


@pytest.fixture()
def narrow(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def fill(page: Page, t) -> None:
    if t.state != "filled":
        return
    if t.kind == "team":
        page.locator("textarea[data-team-codes]").fill("\n".join(t.team_codes))
        page.locator("[data-team-add]").click()
        expect(page.locator("[data-team-output]")).to_be_visible()
    elif t.kind == "survey":
        page.locator("form[data-survey-form] [name=survey]").fill(SURVEY[0])
        page.locator("form[data-survey-form] [name=teams]").fill(SURVEY[1])
        page.locator("form[data-survey-form] [type=submit]").click()
        expect(page.locator("[data-survey-links]")).to_be_visible()
    elif t.kind == "result":
        expect(page.locator("[data-result]")).to_have_attribute("data-scored", "true")


def assert_narrow(page: Page, name: str) -> None:
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, f"{name} scrolls sideways at 320 px: {width} > {client}"
    for table in page.evaluate(TABLES):
        assert table["hidden"] == 0, f"{name}: a table hides {table['hidden']} cells"
        assert table["fits"] or (table["scrolls"] and not table["scores"]), (
            f"{name}: a table is cut off: {table}"
        )


def test_no_page_scrolls_sideways_or_hides_a_column_at_320_px(narrow: Page, http_site, site, catalog):
    pages = one_of_each_kind(site, catalog)
    assert {t.kind for t in pages} >= {
        "root",
        "404",
        "home",
        "assessment",
        "result",
        "team",
        "survey",
        "myth",
    }
    for t in pages:
        narrow.goto(http_site + t.rel + (f"#{t.fragment}" if t.fragment else ""))
        fill(narrow, t)
        assert_narrow(narrow, t.name)


def test_every_assessment_step_fits_at_320_px(narrow: Page, http_site, shipped):
    narrow.goto(f"{http_site}es/assessment/{shipped.id}/index.html")
    for step in ["start", *(d.id for d in shipped.dimensions), "review"]:
        narrow.evaluate("f => { location.hash = f; }", f"step-{step}")
        expect(narrow.locator(f"#step-{step}")).to_be_visible()
        assert_narrow(narrow, f"step {step}")


# Boxes of the chart's level names, in screen pixels: two that share any pixel overlap.
LABEL_BOXES = """() => [...document.querySelectorAll('.chart .band-label')].map(el => {
  const r = el.getBoundingClientRect();
  return {name: el.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
})"""


@pytest.mark.parametrize("width", [320, 390])
def test_chart_level_names_never_overlap_on_a_phone(browser, http_site, catalog, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    slug = next(iter(catalog.profile_sources))
    for lang in catalog.languages:
        page.goto(f"{http_site}{lang}/profiles/{slug}/")
        boxes = page.evaluate(LABEL_BOXES)
        assert len(boxes) == len(catalog.primary.levels)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a["right"] <= b["left"] or b["right"] <= a["left"]
                assert apart or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (lang, a, b)
    context.close()
