"""The frozen site in headless Chromium: what a respondent does and sees."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from centricity.core import languages
from centricity.engine import codec
from centricity.engine.present import Presenter
from centricity.engine.scoring import Answers, score
from centricity.model.strings import strings
from tests.helpers import V

QID = "customer-centricity"


def planned_answers(q) -> dict[str, int | None]:
    """A fixed answer set that covers every option position and some "don't know"."""
    out = {}
    for i, question in enumerate(q.questions):
        if question.dont_know and i % 5 == 0:
            out[question.id] = None
        else:
            out[question.id] = (i * 3) % len(question.options)
    return out


def answer_by_keyboard(page: Page, q, choices: dict[str, int | None], felt: int) -> None:
    """Tab into each radio group, Space to pick the first option, arrows to move; never the mouse."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    targets = {"felt": felt, **{k: ("x" if v is None else v) for k, v in choices.items()}}
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            return {tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '',
                    submit: e.type === 'submit', next: e.hasAttribute('data-step-next')}; }""")
        if info["next"]:
            page.keyboard.press("Enter")
            continue
        if info["submit"]:
            page.keyboard.press("Enter")
            return
        if info["type"] != "radio" or info["name"] not in targets:
            continue
        want = targets[info["name"]]
        values = page.eval_on_selector_all(f"input[name='{info['name']}']", "els => els.map(e => e.value)")
        page.keyboard.press("Space")
        for _ in range(values.index(str(want))):
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.checked") is True
    raise AssertionError("never reached the submit button")


def show(page: Page, fragment: str) -> None:
    """The assessment shows one step at a time; a fragment naming a step, or a question in it, shows it."""
    page.evaluate("f => { location.hash = f; }", fragment)


def answer_all(page: Page, q, choice: int) -> None:
    for d in q.dimensions:
        show(page, f"step-{d.id}")
        for question in q.questions_in(d.id):
            page.locator(f"label[for={question.id}-{choice}]").click()


def expected_rows(q, choices, felt, lang="en"):
    result = score(q, Answers(choices, felt=felt))
    p = Presenter(q, lang)
    return result, {
        d.id: (p.num(d.score), q.level(d.level).name[lang] if d.level else "–") for d in result.dimensions
    }


def shown_rows(page: Page, q):
    out = {}
    for d in q.dimensions:
        row = page.locator(f"tr[data-row={d.id}]")
        out[d.id] = (
            row.locator("[data-cell=score]").inner_text(),
            row.locator("[data-cell=level]").inner_text(),
        )
    return out


def collect_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


@pytest.mark.parametrize("where", ["http", "subpath", "file"])
def test_keyboard_only_assessment_matches_python(page: Page, shipped, site, http_site, subpath_site, where):
    base = {"http": http_site, "subpath": subpath_site, "file": site.as_uri() + "/"}[where]
    requests = collect_requests(page)
    page.goto(f"{base}en/assessment/{QID}/index.html")
    choices = planned_answers(shipped)
    answer_by_keyboard(page, shipped, choices, felt=8)
    page.wait_for_url(f"**/en/result/{QID}/index.html#*")
    expect(page.locator("[data-result]")).to_have_attribute("data-scored", "true")
    result, rows = expected_rows(shipped, choices, 8)
    assert shown_rows(page, shipped) == rows
    expect(page.locator("[data-slot=overall]")).to_have_text(Presenter(shipped, "en").num(result.overall))
    expect(page.locator("[data-slot=overall-level]")).to_have_text(
        shipped.level(result.overall_level).name["en"]
    )
    shown_myths = page.locator("ul[data-myths] > li h3").all_inner_texts()
    assert shown_myths == [shipped.myth(m.id).title["en"] for m in result.myths]
    assert page.locator("ol[data-plan] > li").count() == len(result.plan)
    origin = base.split("/")[0] + "//" + base.split("/")[2] if where != "file" else "file://"
    assert all(
        url.startswith(origin) or url.startswith("data:") or url.startswith("blob:") for url in requests
    ), requests
    assert page.context.cookies() == []


def test_reload_midway_keeps_answers(page: Page, http_site, shipped):
    page.goto(f"{http_site}es/assessment/{QID}/index.html")
    page.locator("label[for=felt-6]").click()
    page.locator("input[name=ctx_size][value=large]").check()
    show(page, "q-cu1")
    page.locator("label[for=cu1-2]").click()
    show(page, "q-te3")
    page.locator("label[for=te3-5]").click()
    expect(page.locator("[data-progress-text]")).to_contain_text(f"2 de {len(shipped.questions)} respondidas")
    page.reload()
    expect(page.locator("#cu1-2")).to_be_checked()
    expect(page.locator("#te3-5")).to_be_checked()
    expect(page.locator("#felt-6")).to_be_checked()
    expect(page.locator("input[name=ctx_size][value=large]")).to_be_checked()
    expect(page.locator("[data-restore-notice]")).to_be_visible()
    expect(page.locator("[data-progress-text]")).to_contain_text(f"2 de {len(shipped.questions)} respondidas")
    show(page, "step-review")
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-start-over]").click()
    expect(page.locator("#cu1-2")).not_to_be_checked()
    page.reload()
    expect(page.locator("#cu1-2")).not_to_be_checked()


def test_older_version_answers_keep_existing_questions(page: Page, http_site, shipped):
    page.goto(f"{http_site}en/assessment/{QID}/index.html")
    page.evaluate("""() => localStorage.setItem('centricity:customer-centricity:0',
        JSON.stringify({version: 0, choices: {cu1: 3, gone9: 1}, context: {}, felt: 4}))""")
    page.reload()
    expect(page.locator("#cu1-3")).to_be_checked()
    expect(page.locator("#felt-4")).to_be_checked()
    expect(page.locator("[data-restore-notice]")).to_contain_text("number left out: 1")


def test_result_link_reproduces_result_in_fresh_context(browser, http_site, shipped):
    choices = planned_answers(shipped)
    code = codec.encode(
        codec.Response(
            QID,
            shipped.version,
            Answers(choices, {"size": "large"}, felt=9, targets={"data": "leading"}),
            label="Ana",
        )
    )
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{http_site}en/result/{QID}/index.html#{code}")
    _, rows = expected_rows(shipped, choices, 9)
    result = score(shipped, Answers(choices, {"size": "large"}, felt=9, targets={"data": "leading"}))
    assert {k: v for k, v in shown_rows(page, shipped).items()} == rows
    expect(page.locator("tr[data-row=data] [data-cell=target]")).to_have_text("Leading")
    expect(page.locator("[data-respondent]")).to_contain_text("Ana")
    expect(page.locator("[data-perception]")).to_contain_text("9/10")
    link = page.locator("[data-share-link]").input_value()
    ctx.close()
    other = browser.new_context()
    fresh = other.new_page()
    fresh.goto(link)
    assert shown_rows(fresh, shipped) == rows
    assert fresh.locator("ul[data-myths] > li").count() == len(result.myths)
    other.close()


def test_changing_a_target_updates_table_plan_and_link(page: Page, http_site, shipped):
    choices = {q.id: 1 for q in shipped.questions}
    code = codec.encode(codec.Response(QID, shipped.version, Answers(choices)))
    page.goto(f"{http_site}en/result/{QID}/index.html#{code}")
    page.locator("#target-strategy").select_option("leading")
    expect(page.locator("tr[data-row=strategy] [data-cell=gap]")).to_have_text("55")
    assert codec.decode(shipped, page.url).answers.targets == {"strategy": "leading"}
    # every dimension scores 25 and culture comes first; with the others' targets met, strategy takes the plan
    assert page.locator("ol[data-plan] > li").first.get_attribute("data-question").startswith("cu")
    for did in ("culture", "technology", "data"):
        page.locator(f"#target-{did}").select_option("emerging")
    expect(page.locator("ol[data-plan] > li").first).to_have_attribute("data-question", re.compile("^st"))


@pytest.mark.parametrize(
    "fragment",
    [
        f"q=customer-centricity&v={V}&a=cu1.9",
        f"q=customer-centricity&v={V}&n=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&a=cu1.<b>",
        "garbage",
        f"q=customer-centricity&v={V}&a=%E0%A4%A",
    ],
)
def test_tampered_link_shows_message(page: Page, http_site, fragment):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{http_site}en/result/{QID}/index.html#{fragment}")
    message = page.locator("[data-result-error]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("This result link cannot be read")
    expect(page.locator("[data-result]")).to_be_hidden()
    assert page.locator("main img, main b").count() == 0
    assert errors == []


def test_language_switch_lands_on_equivalent_page(page: Page, http_site):
    page.goto(f"{http_site}en/levels/emerging/index.html")
    page.locator(".lang-switch a[hreflang=es]").click()
    assert page.url == f"{http_site}es/levels/emerging/index.html"
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator(".lang-switch a[hreflang=en]").click()
    assert page.url == f"{http_site}en/levels/emerging/index.html"


def test_root_picks_the_browser_language(browser, http_site):
    for locale, lang in (("es-ES", "es"), ("en-GB", "en"), ("de-DE", None)):
        ctx = browser.new_context(locale=locale)
        page = ctx.new_page()
        page.goto(http_site)
        if lang:
            page.wait_for_url(f"{http_site}{lang}/index.html")
        else:
            page.wait_for_timeout(200)
            assert page.url == http_site
            expect(page.locator("a[hreflang=en]")).to_be_visible()
        ctx.close()


def test_amend_answers_from_the_result(page: Page, http_site, shipped):
    choices = {q.id: 2 for q in shipped.questions}
    code = codec.encode(codec.Response(QID, shipped.version, Answers(choices, felt=5)))
    page.goto(f"{http_site}en/result/{QID}/index.html#{code}")
    page.locator("[data-amend]").click()
    page.wait_for_url(f"**/en/assessment/{QID}/index.html#*")
    expect(page.locator("#cu1-2")).to_be_checked()
    expect(page.locator("#felt-5")).to_be_checked()
    show(page, "q-cu1")
    page.locator("label[for=cu1-4]").click()
    show(page, "step-review")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"**/en/result/{QID}/index.html#*")
    assert codec.decode(shipped, page.url).answers.choices["cu1"] == 4


def test_felt_rating_and_targets_survive_reload_and_sharing(page: Page, browser, http_site, shipped):
    page.goto(f"{http_site}en/assessment/{QID}/index.html")
    page.locator("label[for=felt-9]").click()
    answer_all(page, shipped, 1)
    page.reload()
    expect(page.locator("#felt-9")).to_be_checked()
    show(page, "step-review")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"**/en/result/{QID}/index.html#*")
    expect(page.locator("[data-perception]")).to_contain_text(
        "You rate your organization 9/10; your answers place it at 2.5/10."
    )
    expect(page.locator("[data-perception]")).to_contain_text("A gap of 6.5 points is large")
    page.locator("#target-culture").select_option("established")
    page.locator("#target-data").select_option("leading")
    plan = page.locator("ol[data-plan] > li").all_inner_texts()
    page.reload()
    expect(page.locator("#target-culture")).to_have_value("established")
    assert page.locator("ol[data-plan] > li").all_inner_texts() == plan
    link = page.locator("[data-share-link]").input_value()
    ctx = browser.new_context()
    fresh = ctx.new_page()
    fresh.goto(link)
    expect(fresh.locator("tr[data-row=data] [data-cell=target]")).to_have_text("Leading")
    expect(fresh.locator("tr[data-row=data] [data-cell=gap]")).to_have_text("55")
    expect(fresh.locator("[data-perception]")).to_contain_text("9/10")
    assert fresh.locator("ol[data-plan] > li").all_inner_texts() == plan
    result = score(
        shipped,
        Answers(
            {q.id: 1 for q in shipped.questions},
            felt=9,
            targets={"culture": "established", "data": "leading"},
        ),
    )
    steps = page.locator("ol[data-plan] > li")
    assert [s.question for s in result.plan] == [
        steps.nth(i).get_attribute("data-question") for i in range(3)
    ]
    ctx.close()


def test_compare_with_an_earlier_result(page: Page, http_site, shipped):
    before = codec.encode(
        codec.Response(
            QID, shipped.version, Answers({q.id: 1 for q in shipped.questions}), created="2026-03-10"
        )
    )
    now = {q.id: 1 for q in shipped.questions}
    now.update({q.id: 3 for q in shipped.questions_in("data")})
    page.goto(
        f"{http_site}en/result/{QID}/index.html#"
        + codec.encode(codec.Response(QID, shipped.version, Answers(now)))
    )
    page.locator("#compare-input").fill(f"{http_site}en/result/{QID}/index.html#{before}")
    page.locator("[data-compare-form] button").click()
    expect(page.locator("[data-compare-output]")).to_contain_text("+50 in Data since March 2026")
    expect(page.locator("tr[data-row=data] [data-cell=change]")).to_have_text("+50")
    expect(page.locator("tr[data-row=culture] [data-cell=change]")).to_have_text("0")
    assert page.locator("[data-chart-row=data] [data-earlier]").get_attribute("hidden") is None
    page.locator("#compare-input").fill(f"q=customer-centricity&v={V}&a=cu1.7")
    page.locator("[data-compare-form] button").click()
    expect(page.locator("[data-compare-output] .error")).to_contain_text("has no option 7")


@pytest.mark.parametrize("lang", languages.supported())
def test_the_quick_check_says_it_compares_only_with_itself(page: Page, http_site, catalog, lang):
    """A full assessment's result pasted on a quick check's page is readable but not comparable: the page says
    so in its language, instead of calling it unreadable."""
    quick, full = catalog.questionnaires["quick-check"], catalog.questionnaires[QID]
    mine = codec.encode(codec.Response(quick.id, quick.version, Answers({x.id: 1 for x in quick.practices})))
    other = codec.encode(codec.Response(QID, full.version, Answers({x.id: 2 for x in full.practices})))
    page.goto(f"{http_site}{lang}/result/{quick.id}/index.html#{mine}")
    page.locator("#compare-input").fill(f"{http_site}{lang}/result/{QID}/index.html#{other}")
    page.locator("[data-compare-form] button").click()
    t = strings(lang)
    expected = t["compare.other"].replace("{title}", quick.title[lang])
    expect(page.locator("[data-compare-output] .error")).to_have_text(expected)


def test_compare_with_an_older_version_says_what_was_dropped(page: Page, http_site, shipped):
    old = "q=customer-centricity&v=0&a=cu1.0,cu2.0,retired1.2&d=2025-11-01"
    page.goto(
        f"{http_site}en/result/{QID}/index.html#"
        + codec.encode(codec.Response(QID, shipped.version, Answers({q.id: 2 for q in shipped.questions})))
    )
    page.locator("#compare-input").fill(old)
    page.locator("[data-compare-form] button").click()
    expect(page.locator("[data-compare-output]")).to_contain_text("number left out: 1")
    expect(page.locator("[data-compare-output]")).to_contain_text("since November 2025")


def test_sample_profile_page_shows_its_result_and_link(page: Page, http_site, catalog):
    page.goto(f"{http_site}en/learn/index.html")
    page.locator("#h-profiles ~ ul a").first.click()
    expect(page.locator("[data-result]")).to_have_attribute("data-scored", "true")
    slug = page.url.rstrip("/").split("/")[-2]
    profile = catalog.profiles[slug]
    q = catalog.questionnaires[profile.response.questionnaire]
    result = score(q, profile.response.answers)
    assert page.locator("ul[data-myths] > li h3").all_inner_texts() == [
        q.myth(m.id).title["en"] for m in result.myths
    ]
    assert "#2~" in page.locator("[data-share-link]").input_value()


@pytest.mark.parametrize("contact", ["", "ana@example.org"])
def test_a_survey_links_result_says_on_a_phones_first_screen_that_nothing_is_sent_yet(
    browser, http_site, shipped, contact
):
    """The static site too: the top of the result says the response is not sent, and one tap reaches the
    box that says where to send it, its first action focused (email when the link names the consultant)."""
    answers = Answers(planned_answers(shipped), {}, felt=6, targets={})
    code = codec.encode(codec.Response(QID, shipped.version, answers, survey="acme-2026", team="sales"))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        query = "?survey=acme-2026&team=sales&team_name=Sales+floor" + (
            f"&contact={contact}" if contact else ""
        )
        page.goto(f"{http_site}en/result/{QID}/index.html{query}#{code}")
        banner = page.locator("[data-send-banner]")
        expect(banner).to_contain_text("Your answers are not sent yet")
        box = banner.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844
        expect(page.locator("[data-respondent]")).to_contain_text("acme-2026 · Sales floor")
        banner.locator("[data-send-banner-go]").click()
        focused = page.locator("[data-mailto]" if contact else "[data-download]")
        expect(focused).to_be_focused()
        expect(page.locator("[data-send-text]")).to_be_in_viewport()
        expect(page.locator("[data-send-text]")).to_contain_text(", team Sales floor")
    finally:
        page.close()


def test_a_result_without_a_survey_has_no_send_banner(page: Page, http_site, shipped):
    code = codec.encode(codec.Response(QID, shipped.version, Answers(planned_answers(shipped), {}, 6, {})))
    page.goto(f"{http_site}en/result/{QID}/index.html#{code}")
    expect(page.locator("[data-respondent]")).to_be_hidden()
    expect(page.locator("[data-send-banner]")).to_be_hidden()
