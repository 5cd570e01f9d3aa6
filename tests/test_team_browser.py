"""The team workflow in headless Chromium: survey links (team names, contact, minimum group size), answering,
what to send and to whom, "Email my response" and file names, the team view with its settings, and the same
figures from the command-line report."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from centricity.core import limits
from centricity.engine import codec
from centricity.engine.profiles import load_site
from centricity.quality.serving import Server
from centricity.team import aggregate as agg
from centricity.team.survey import parse_teams, survey_links
from centricity.team.wording import figures
from tests.helpers import (
    ACME,
    EVIL,
    REASONS,
    bad_inputs,
    build_acme,
    random_answers,
    random_set,
    run_cli,
    shown_figures,
    write_json,
)

QID = "customer-centricity"


@pytest.fixture(scope="module")
def acme_http(tmp_path_factory):
    with Server(build_acme(tmp_path_factory.mktemp("acme-browser") / "site")) as server:
        yield server.base


@pytest.fixture(scope="module")
def acme():
    return load_site(ACME / "questions", ACME / "content", ACME / "site.yaml").primary


def page_figures(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-team-output] [data-f]", "els => Object.fromEntries(els.map(e => [e.dataset.f, e.textContent]))"
    )


def load_files(page: Page, files: list[Path], expect_loaded: int) -> None:
    page.set_input_files("[data-team-files]", [str(f) for f in files])
    page.wait_for_selector(f"[data-team-status][data-loaded='{expect_loaded}']")


RESPONDENTS = [
    # team, answers (option index, "x" = don't know), role, felt, label
    ("sales", {"li1": 0, "li2": 0, "li3": 1, "de1": 1, "de2": 2, "de3": "x"}, "staff", 9, "Ana"),
    ("service", {"li1": 2, "li2": 1, "li3": 2, "de1": 2, "de2": 1, "de3": 2}, "manager", 6, "<b>Bo</b> & co"),
    ("it", {"li1": 1, "li2": 2, "li3": "x", "de1": 0, "de2": 0, "de3": 1}, "staff", None, ""),
]


CONTACT = "ana.consultant@example.org"
NAMES = {"sales": "Sales floor", "service": "Service desk"}


def answer(page: Page, choices: dict, role: str, felt: int | None) -> None:
    """Answer step by step (each step shows its own questions), then open the result."""
    wanted = {"ctx_role": role, **({"felt": felt} if felt is not None else {}), **choices}
    for _ in range(20):
        for name, value in wanted.items():
            option = page.locator(f"input[name='{name}'][value='{value}']")
            if option.is_visible() and not option.is_checked():
                option.evaluate("e => e.click()")  # as a tap on its label or Space does
        if not page.locator("[data-step-next]").is_visible():
            break
        page.click("[data-step-next]")
    page.click("button[type=submit]:visible")
    page.wait_for_selector("[data-result][data-scored=true]")


def test_three_respondents_on_team_links_then_the_team_view(browser: Browser, acme_http, acme, tmp_path):
    files = []
    for team, choices, role, felt, label in RESPONDENTS:
        context = browser.new_context(accept_downloads=True)  # a person's own browser: fresh storage
        page = context.new_page()
        name = NAMES.get(team, team)
        (link,) = survey_links(
            acme_http, "en", "acme-pulse", "acme-2026", [(team, NAMES.get(team, ""))], "w1", CONTACT, 3
        )
        page.goto(link[1])
        expect(page.locator("[data-survey-banner]")).to_have_text(
            f"You are answering for survey acme-2026, team {name}, wave w1. "
            "Results are shown only for groups of at least 3 people."
        )
        answer(page, choices, role, felt)
        # the team's name, as everywhere the respondent reads it
        expect(page.locator("[data-respondent]")).to_contain_text(f"acme-2026 · {name} · w1")
        # what to send and to whom
        expect(page.locator("[data-send-text]")).to_have_text(
            f"This response is for survey acme-2026, team {name}. To take part, send it to {CONTACT}: "
            "“Email my response” opens your email program with the response code in the message, "
            "or download the file and attach it."
        )
        expect(page.locator("[data-send-private]")).to_contain_text("only groups of at least 3 people")
        if label:
            page.fill("[data-response-label]", label)
        with page.expect_download() as download:
            page.click("[data-download]")
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        files.append(path)
        # "Email my response": a mailto: with the response code (label included) in the body
        mailto = urlsplit(page.get_attribute("[data-mailto]", "href"))
        fields = parse_qs(mailto.query)
        assert mailto.scheme == "mailto" and mailto.path == CONTACT
        assert fields["subject"] == [f"My response to survey acme-2026, team {name}"]
        code = fields["body"][0].strip().split("\r\n")[-1]
        assert codec.decode(acme, code) == codec.parse_file(acme, path.read_bytes())
        context.close()

    # The downloaded files hold exactly what was answered, tagged by the link, and their names say whose.
    for path, (team, choices, role, felt, label) in zip(files, RESPONDENTS, strict=True):
        r = codec.parse_file(acme, path.read_bytes())
        assert r.answers.choices == {k: None if v == "x" else v for k, v in choices.items()}
        assert (r.answers.context, r.answers.felt, r.label) == ({"role": role}, felt, label)
        assert (r.survey, r.team, r.wave) == ("acme-2026", team, "w1")
        slug = {"Ana": "_ana", "<b>Bo</b> & co": "_b-bo-b-co", "": ""}[label]
        assert path.name == f"centricity_acme-2026_{team}{slug}_{r.created}.json"

    page = browser.new_page()
    page.goto(
        f"{acme_http}en/team/acme-pulse/?min=1&teams=" + quote("sales=Sales floor,service=Service desk")
    )
    load_files(page, files, 3)
    shown = page_figures(page)
    summary = agg.summarize(acme, [codec.parse_file(acme, f.read_bytes()) for f in files], min_group=1)
    assert shown == figures(acme, summary, "en", NAMES)
    assert shown["count"] == "3 respondents"
    assert [shown[f"group.team.{t}.n"] for t in ("it", "sales", "service")] == ["1", "1", "1"]
    assert shown["group.team.sales.label"] == "Sales floor" and shown["group.team.it.label"] == "it"
    assert shown["group.role.staff.n"] == "2" and shown["group.role.manager.label"] == "Manager"
    # listening: Ana (0+0+50)/3 = 16.7, Bo (100+50+100)/3 = 83.3, it (50+100)/2 = 75 -> mean 58.3
    assert shown["dim.listening.mean"] == "58.3" and shown["dim.listening.range"] == "16.7\u201383.3"
    bar = page.locator("[data-chart-row=listening] [data-bar]")
    assert float(bar.get_attribute("width")) == pytest.approx(460 * 58.3 / 100)
    assert page.locator("[data-chart-row=listening] [data-range]").get_attribute("hidden") is None
    expect(page.locator("[data-team-output] figcaption")).to_have_text(
        "Bars show the mean score out of 100; the shaded band runs from the lowest to the highest score; "
        "bands are the maturity levels."
    )
    # Labels stay hidden until asked for; then they show as text, never as markup.
    assert page.locator("td[data-label]").count() == 0
    page.check("[data-team-labels]")
    assert page.locator("td[data-label]").all_text_contents().count("<b>Bo</b> & co") == 1
    assert page.locator("[data-team-output] b").count() == 0

    # The command-line report on the same three files shows the same figures.
    acme_site = ["--questions", str(ACME / "questions"), "--content", str(ACME / "content")]
    report = tmp_path / "report.html"
    options = [
        "--config",
        str(ACME / "site.yaml"),
        "--min-group",
        "1",
        "--teams",
        "sales=Sales floor,service=Service desk",
    ]
    code, _ = run_cli(*map(str, files), "--out", str(report), *acme_site, *options)
    assert code == 0
    assert shown_figures(report.read_text(encoding="utf-8")) == shown

    # At the usual minimum of 5, three people are too few to show anything but their number.
    page.fill("[data-team-min]", "5")
    page.dispatch_event("[data-team-min]", "change")
    expect(page.locator("[data-f='note.withheld']")).to_be_visible()
    assert set(page_figures(page)) == {"count", "note.min", "note.withheld"}
    assert page.locator("[data-chart-row=listening] [data-value]").text_content() == ""  # not even hidden
    assert page.locator("[data-team-figures] td").count() == 0


def test_send_box_and_file_names_on_the_result_page(browser: Browser, http_site, shipped):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    r = codec.Response(
        shipped.id, shipped.version, random_answers(shipped, random.Random(5)), created="2026-11-24"
    )
    survey = replace(r, survey="acme-2026", team="it", label='Zoë / O\'Brien: CON?*<>|\\ "x"')
    page.goto(
        f"{http_site}es/result/{QID}/?survey=acme-2026&team=it&team_name=Sistemas#{codec.encode(survey)}"
    )
    page.wait_for_selector("[data-result][data-scored=true]")
    # without a contact: send it to whoever sent the link, and no mailto
    expect(page.locator("[data-send-text]")).to_have_text(
        "Esta respuesta es para la encuesta acme-2026, equipo Sistemas. Para participar, envíala a quien "
        "te mandó el enlace: descarga el archivo y adjúntalo a un correo, o copia en él el código de "
        "respuesta."
    )
    expect(page.locator("[data-mailto]")).to_be_hidden()
    with page.expect_download() as download:
        page.click("[data-download]")
    # accents dropped, every character a file system may refuse replaced, at most 40 for the label
    assert download.value.suggested_filename == "centricity_acme-2026_it_zoe-o-brien-con-x_2026-11-24.json"
    page.fill("[data-response-label]", "..")
    with page.expect_download() as download:
        page.click("[data-download]")
    assert download.value.suggested_filename == "centricity_acme-2026_it_2026-11-24.json"
    # not from a survey: no send box, and the file is named after the questionnaire
    page.goto(f"{http_site}en/result/{QID}/#{codec.encode(replace(r, label='x' * 80))}")
    page.wait_for_selector("[data-result][data-scored=true]")
    expect(page.locator("[data-send]")).to_be_hidden()
    with page.expect_download() as download:
        page.click("[data-download]")
    assert download.value.suggested_filename == f"centricity_{QID}_{'x' * 40}_2026-11-24.json"
    context.close()


def test_survey_page_makes_the_same_links_as_the_command_line(page: Page, http_site):
    page.goto(f"{http_site}en/survey/{QID}/")
    page.fill("[name=survey]", "acme-2026")
    page.fill("[name=teams]", "sales = Sales  floor!, it, sales=again")
    page.fill("[name=wave]", "w1")
    page.fill("[name=contact]", CONTACT)
    page.fill("[name=min]", "7")
    page.click("button[type=submit]")
    links = page.locator("[data-survey-links] code").all_text_contents()
    teams = parse_teams("sales = Sales  floor!, it, sales=again")
    assert links == [
        url for _, url in survey_links(http_site, "en", QID, "acme-2026", teams, "w1", CONTACT, 7)
    ]
    team_view = page.get_attribute("[data-survey-team-view]", "href")
    assert team_view.endswith(f"/en/team/{QID}/index.html?min=7&teams=sales%3DSales+floor%21")
    page.goto(team_view)
    assert page.input_value("[data-team-min]") == "7"
    assert page.input_value("[data-team-names]") == "sales = Sales floor!"
    # a team that is not an id is refused with the reason
    page.goto(f"{http_site}en/survey/{QID}/")
    page.fill("[name=survey]", "acme-2026")
    page.fill("[name=teams]", "sales team")
    page.click("button[type=submit]")
    assert "Each team is an id" in page.eval_on_selector("[name=teams]", "e => e.validationMessage")
    expect(page.locator("[data-survey-links]")).to_be_hidden()


def test_bad_inputs_in_the_team_view(page: Page, http_site, shipped, catalog, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    files = bad_inputs(shipped, tmp_path / "in", catalog)
    valid = [
        write_json(tmp_path / "in" / f"ok{i}.json", codec.to_json(shipped, r))
        for i, r in enumerate(random_set(shipped, random.Random(8), 4))
    ]
    page.goto(f"{http_site}en/team/{QID}/")
    load_files(page, [*files.values(), *valid, valid[0]], 6)
    expect(page.locator("[data-team-status]")).to_have_text("6 responses loaded; 5 skipped.")
    rejected = page.locator("[data-team-rejected-list] li").all_text_contents()
    assert len(rejected) == 5
    browser_reasons = {
        "malformed": "not valid JSON",
        "other": REASONS["other"],
        "tampered": REASONS["tampered"],
        "huge": f"huge.json: the file is too large (52428800 bytes, at most {limits.MAX_LIST_BYTES})",
    }
    for kind, reason in browser_reasons.items():
        shown = [line for line in rejected if line.startswith(files[kind].name)]
        assert len(shown) == 1 and reason in shown[0], (kind, rejected)
    assert f"{valid[0].name}: duplicate of a response already loaded" in rejected
    notes = page.locator("[data-team-notes-list] li").all_text_contents()
    assert len(notes) == 1 and notes[0].startswith("older.json: from an earlier version")
    assert "GONE1" in notes[0]
    page.check("[data-team-labels]")
    labels = page.locator("td[data-label]").all_text_contents()
    assert EVIL[:80] in labels and "Older" in labels
    assert page.locator("main img").count() == 0 and dialogs == []
    assert page.locator("main script:not(#result-data)").count() == 0
    # The summary counts the six valid responses, like the command line does for the same files.
    summary = agg.summarize(
        shipped, [codec.parse_file(shipped, f.read_bytes()) for f in (files["older"], files["html"], *valid)]
    )
    assert page_figures(page) == figures(shipped, summary, "en")


def test_pasted_codes_links_drop_and_clear(page: Page, http_site, shipped):
    rs = random_set(shipped, random.Random(7), 5)
    page.goto(f"{http_site}es/team/{QID}/")
    link = f"{http_site}es/result/{QID}/#{codec.encode(rs[1])}"
    text = "\n".join([codec.encode(rs[0]), link, "", "basura"])
    page.fill("[data-team-codes]", text)
    page.click("[data-team-add]")
    expect(page.locator("[data-team-status]")).to_have_text("2 respuestas cargadas; 1 descartadas.")
    expect(page.locator("[data-team-rejected-list] li")).to_have_text(
        ["Texto pegado, línea 4: parte inesperada 'basura' en el código"]
    )
    assert page.input_value("[data-team-codes]") == ""
    # Dropping files on the drop zone reads them like the file input.
    doc = json.dumps(codec.to_json(shipped, rs[2]))
    page.evaluate(
        """([doc, codes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([doc], "dropped.json", {type: "application/json"}));
        dt.items.add(new File([codes], "codes.txt", {type: "text/plain"}));
        const zone = document.querySelector("[data-dropzone]");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""",
        [doc, "\n".join(codec.encode(r) for r in rs[3:])],
    )
    page.wait_for_selector("[data-team-status][data-loaded='5']")
    shown = page_figures(page)
    assert shown == figures(shipped, agg.summarize(shipped, rs), "es")
    assert shown["count"] == "5 personas"
    page.click("[data-team-clear]")
    expect(page.locator("[data-team-output]")).to_be_hidden()
    expect(page.locator("[data-team-rejected]")).to_be_hidden()


def test_five_thousand_responses_load(page: Page, http_site, shipped, tmp_path):
    """5,000 responses load and show; bench/team_view.py measures how fast."""
    rng = random.Random(50)
    codes = tmp_path / "codes.txt"
    codes.write_text("\n".join(codec.encode(r) for r in random_set(shipped, rng, 5000)), encoding="utf-8")
    page.goto(f"{http_site}en/team/{QID}/")
    load_files(page, [codes], 5000)
    assert page.locator("[data-team-respondents] tbody tr").count() == 0  # until asked for
    page.check("[data-team-labels]")
    assert page.locator("[data-team-respondents] tbody tr").count() == 500
    expect(page.locator("[data-team-more]")).to_have_text("4500 more respondents are in the responses CSV.")
