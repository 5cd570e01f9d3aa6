"""The stepped assessment on a 390 px phone: touch and keyboard, reloads midway, the browser's Back button,
focus on each step's heading, the list of unanswered questions, and the quick check's "go deeper"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from centricity.engine.present import Presenter
from centricity.engine.scoring import Answers, score

QID = "customer-centricity"


@pytest.fixture()
def phone(browser):
    """A 390 x 844 touch screen, as most phones are."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def planned(q) -> dict[str, int | None]:
    """Every option position somewhere, and "don't know" where allowed on every fifth question."""
    return {
        x.id: None if x.dont_know and i % 5 == 0 else (i * 3) % len(x.options)
        for i, x in enumerate(q.questions)
    }


def groups(q) -> list[tuple[str, tuple]]:
    """The answer steps in order: one per dimension, then the belief statements' step if there are any."""
    steps = [(d.id, q.questions_in(d.id)) for d in q.dimensions]
    return steps + ([("beliefs", q.beliefs)] if q.beliefs else [])


def value(choice: int | None) -> str:
    return "x" if choice is None else str(choice)


def radio(page: Page, qid: str, choice: int | None):
    return page.locator(f"input[name='{qid}'][value='{value(choice)}']")


def label(page: Page, qid: str, choice: int | None):
    return page.locator(f"input[name='{qid}'][value='{value(choice)}'] + label")


def open_assessment(page: Page, base: str, qid: str = QID) -> None:
    page.goto(f"{base}en/assessment/{qid}/index.html")
    expect(page.locator("#step-start")).to_be_visible()


def expect_step(page: Page, q, n: int, done: int) -> None:
    total = len(groups(q)) + 2
    expect(page.locator("[data-progress-text]")).to_have_text(
        f"Step {n} of {total} · {done} of {len(q.questions)} answered"
    )
    assert page.locator("[data-step]:not([hidden])").count() == 1


def expect_result(page: Page, q, choices, felt) -> None:
    page.wait_for_url(f"**/en/result/{q.id}/index.html#2~*")
    expect(page.locator("[data-result]")).to_have_attribute("data-scored", "true")
    result = score(q, Answers(choices, felt=felt))
    expect(page.locator("[data-slot=overall]")).to_have_text(Presenter(q, "en").num(result.overall))
    for d in result.dimensions:
        expect(page.locator(f"tr[data-row={d.id}] [data-cell=score]")).to_have_text(
            Presenter(q, "en").num(d.score)
        )
    assert len(page.url.split("#", 1)[1]) <= 140


def test_full_assessment_by_touch_with_a_reload_midway(phone: Page, http_site, shipped):
    open_assessment(phone, http_site)
    expect_step(phone, shipped, 1, 0)
    phone.locator("label[for=felt-7]").tap()
    phone.locator(f"input[name=ctx_{shipped.context[0].id}] + label").first.tap()
    phone.locator("[data-step-next]").tap()
    choices, done = planned(shipped), 0
    for i, (step, questions) in enumerate(groups(shipped)):
        expect(phone.locator(f"#h-{step}")).to_be_focused()
        expect_step(phone, shipped, i + 2, done)
        for x in questions:
            label(phone, x.id, choices[x.id]).tap()
            done += 1
        if i == 1:
            phone.reload()
            expect(phone.locator(f"#step-{step}")).to_be_visible()
            expect_step(phone, shipped, i + 2, done)
            expect(radio(phone, x.id, choices[x.id])).to_be_checked()
        phone.locator("[data-step-next]").tap()
    expect(phone.locator("#h-review")).to_be_focused()
    expect(phone.locator("[data-review-count]")).to_have_text(f"You have answered all {done} questions.")
    expect(phone.locator("[data-review-missing]")).to_be_hidden()
    phone.locator("[data-submit]").tap()
    expect_result(phone, shipped, choices, 7)


def keyboard_step(page: Page, wanted: dict[str, str]) -> None:
    """Tab through one step, Space and arrows on each radio group to pick `wanted`, then Enter on Next."""
    for _ in range(200):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "() => ({name: document.activeElement.name || '', step: "
            "document.activeElement.hasAttribute('data-step-next') || "
            "document.activeElement.hasAttribute('data-submit')})"
        )
        if info["step"]:
            page.keyboard.press("Enter")
            return
        if info["name"] in wanted:
            values = page.eval_on_selector_all(
                f"input[name='{info['name']}']", "els => els.map(e => e.value)"
            )
            page.keyboard.press("Space")
            for _ in range(values.index(wanted[info["name"]])):
                page.keyboard.press("ArrowDown")
            assert page.evaluate("document.activeElement.checked") is True
    raise AssertionError("never reached Next")


def test_full_assessment_by_keyboard_with_reloads(phone: Page, http_site, shipped):
    open_assessment(phone, http_site)
    choices = planned(shipped)
    keyboard_step(phone, {"felt": "3"})
    for i, (step, questions) in enumerate(groups(shipped)):
        expect(phone.locator(f"#h-{step}")).to_be_focused()
        if i % 2:
            phone.reload()
            expect(phone.locator(f"#step-{step}")).to_be_visible()
        wanted = {x.id: value(choices[x.id]) for x in questions}
        keyboard_step(phone, wanted)
    expect(phone.locator("#h-review")).to_be_focused()
    keyboard_step(phone, {})
    expect_result(phone, shipped, choices, 3)


def test_browser_back_moves_between_steps_and_focus_goes_to_the_heading(phone: Page, http_site, shipped):
    open_assessment(phone, http_site)
    first, second = shipped.dimensions[0].id, shipped.dimensions[1].id
    phone.locator("[data-step-next]").tap()
    phone.locator("[data-step-next]").tap()
    expect(phone.locator(f"#h-{second}")).to_be_focused()
    phone.go_back()
    expect(phone.locator(f"#step-{first}")).to_be_visible()
    expect(phone.locator(f"#step-{second}")).to_be_hidden()
    expect(phone.locator(f"#h-{first}")).to_be_focused()
    phone.go_back()
    expect(phone.locator("#step-start")).to_be_visible()
    phone.go_forward()
    expect(phone.locator(f"#h-{first}")).to_be_focused()
    phone.locator("[data-step-back]").tap()
    expect(phone.locator("#h-start")).to_be_focused()


def test_unanswered_questions_are_listed_with_links_and_a_partial_result_can_be_seen(
    phone: Page, http_site, shipped
):
    open_assessment(phone, http_site)
    first = shipped.questions_in(shipped.dimensions[0].id)
    phone.goto(f"{http_site}en/assessment/{QID}/index.html#step-{shipped.dimensions[0].id}")
    phone.locator(f"label[for={first[0].id}-2]").tap()
    phone.goto(f"{http_site}en/assessment/{QID}/index.html#step-review")
    expect(phone.locator("[data-review-count]")).to_have_text(
        f"You have answered 1 of {len(shipped.questions)} questions."
    )
    links = phone.locator("[data-review-list] a")
    expect(links).to_have_count(len(shipped.questions) - 1)
    expect(links.first).to_have_attribute("href", f"#q-{first[1].id}")
    links.first.tap()
    expect(phone.locator(f"#step-{shipped.dimensions[0].id}")).to_be_visible()
    expect(phone.locator(f"#{first[1].id}-0")).to_be_focused()
    phone.locator(f"label[for={first[1].id}-4]").tap()
    phone.go_back()
    expect(phone.locator("#step-review")).to_be_visible()
    expect(links).to_have_count(len(shipped.questions) - 2)
    phone.locator("[data-submit]").tap()
    phone.wait_for_url(f"**/en/result/{QID}/index.html#2~*")
    expect(phone.locator("[data-slot=coverage]")).to_contain_text(f"2 of {len(shipped.practices)} questions")


def test_quick_check_result_offers_to_go_deeper_with_its_answers(phone: Page, http_site, catalog):
    quick, full = catalog.questionnaires["quick-check"], catalog.questionnaires[QID]
    open_assessment(phone, http_site, quick.id)
    phone.locator("label[for=felt-4]").tap()
    for step, questions in groups(quick):
        phone.goto(f"{http_site}en/assessment/{quick.id}/index.html#step-{step}")
        for x in questions:
            phone.locator(f"label[for={x.id}-1]").tap()
    phone.goto(f"{http_site}en/assessment/{quick.id}/index.html#step-review")
    phone.locator("[data-submit]").tap()
    phone.wait_for_url(f"**/en/result/{quick.id}/index.html#2~*")
    deeper = phone.locator("[data-deeper]")
    expect(deeper).to_be_visible()
    deeper.tap()
    phone.wait_for_url(f"**/en/assessment/{QID}/index.html*")
    shared = [x.id for x in quick.questions if full.find_question(x.id)]
    assert shared
    expect(phone.locator("[data-restore-notice]")).to_contain_text(f"{len(shared)} of {len(full.questions)}")
    for qid in shared:
        expect(phone.locator(f"#{qid}-1")).to_be_checked()
    expect(phone.locator("#felt-4")).to_be_checked()
    assert "#" not in phone.url or "#2~" not in phone.url
