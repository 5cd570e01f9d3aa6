"""The team workflow in headless Chromium: survey links, answering, exporting, the team view, and the same
figures from the command-line report."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from centricity.engine import codec as resp
from centricity.engine.profiles import load_site
from centricity.quality.serving import Server
from centricity.team import aggregate as agg
from tests.helpers import (
    ACME,
    EVIL,
    REASONS,
    bad_inputs,
    build_acme,
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


def test_three_respondents_on_team_links_then_the_team_view(browser: Browser, acme_http, acme, tmp_path):
    files = []
    for team, choices, role, felt, label in RESPONDENTS:
        context = browser.new_context(accept_downloads=True)  # a person's own browser: fresh storage
        page = context.new_page()
        page.goto(f"{acme_http}en/assessment/acme-pulse/?survey=acme-2026&team={team}&wave=w1")
        expect(page.locator("[data-survey-banner]")).to_contain_text(f"team {team}")
        if felt is not None:
            page.check(f"input[name=felt][value='{felt}']")
        page.check(f"input[name=ctx_role][value='{role}']")
        for qid, value in choices.items():
            page.check(f"input[name='{qid}'][value='{value}']")
        page.click("button[type=submit]")
        page.wait_for_selector("[data-result][data-scored=true]")
        expect(page.locator("[data-respondent]")).to_contain_text(f"acme-2026 · {team} · w1")
        if label:
            page.fill("[data-response-label]", label)
        with page.expect_download() as download:
            page.click("[data-download]")
        path = tmp_path / f"{team}.json"
        download.value.save_as(path)
        files.append(path)
        context.close()

    # The downloaded files hold exactly what was answered, tagged by the link.
    for path, (team, choices, role, felt, label) in zip(files, RESPONDENTS, strict=True):
        r = resp.parse_file(acme, path.read_bytes())
        assert r.answers.choices == {k: None if v == "x" else v for k, v in choices.items()}
        assert (r.answers.context, r.answers.felt, r.label) == ({"role": role}, felt, label)
        assert (r.survey, r.team, r.wave) == ("acme-2026", team, "w1")

    page = browser.new_page()
    page.goto(f"{acme_http}en/team/acme-pulse/")
    load_files(page, files, 3)
    shown = page_figures(page)
    summary = agg.aggregate(acme, [resp.parse_file(acme, f.read_bytes()) for f in files])
    assert shown == agg.figures(acme, summary, "en")
    assert shown["count"] == "3 respondents"
    assert [shown[f"group.team.{t}.n"] for t in ("it", "sales", "service")] == ["1", "1", "1"]
    assert shown["group.role.staff.n"] == "2" and shown["group.role.manager.label"] == "Manager"
    # listening: Ana (0+0+50)/3 = 16.7, Bo (100+50+100)/3 = 83.3, it (50+100)/2 = 75 -> mean 58.3
    assert shown["dim.listening.mean"] == "58.3" and shown["dim.listening.range"] == "16.7\u201383.3"
    assert page.locator("td[data-label]").all_text_contents().count("<b>Bo</b> & co") == 1
    assert page.locator("[data-team-output] b").count() == 0
    bar = page.locator("[data-chart-row=listening] [data-bar]")
    assert float(bar.get_attribute("width")) == pytest.approx(460 * 58.3 / 100)
    assert page.locator("[data-chart-row=listening] [data-range]").get_attribute("hidden") is None
    expect(page.locator("[data-team-output] figcaption")).to_have_text(
        "Bars show the mean score out of 100; the shaded band runs from the lowest to the highest score; "
        "bands are the maturity levels."
    )

    # The command-line report on the same three files shows the same figures.
    code, _ = run_cli(
        *map(str, files),
        "--out",
        str(tmp_path / "report.html"),
        "--questions",
        str(ACME / "questions"),
        "--content",
        str(ACME / "content"),
        "--config",
        str(ACME / "site.yaml"),
    )
    assert code == 0
    assert shown_figures((tmp_path / "report.html").read_text(encoding="utf-8")) == shown


def test_bad_inputs_in_the_team_view(page: Page, http_site, shipped, catalog, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    files = bad_inputs(shipped, tmp_path / "in", catalog)
    valid = [
        write_json(tmp_path / "in" / f"ok{i}.json", resp.to_json(shipped, r))
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
        "huge": "huge.json: the file is too large (52428800 bytes, at most 262144)",
    }
    for kind, reason in browser_reasons.items():
        shown = [line for line in rejected if line.startswith(files[kind].name)]
        assert len(shown) == 1 and reason in shown[0], (kind, rejected)
    assert f"{valid[0].name}: duplicate of a response already loaded" in rejected
    notes = page.locator("[data-team-notes-list] li").all_text_contents()
    assert len(notes) == 1 and notes[0].startswith("older.json: from an earlier version")
    assert "GONE1" in notes[0]
    labels = page.locator("td[data-label]").all_text_contents()
    assert EVIL[:80] in labels and "Older" in labels
    assert page.locator("main img").count() == 0 and dialogs == []
    assert page.locator("main script:not(#result-data)").count() == 0
    # The summary counts the six valid responses, like the command line does for the same files.
    summary = agg.aggregate(
        shipped, [resp.parse_file(shipped, f.read_bytes()) for f in (files["older"], files["html"], *valid)]
    )
    assert page_figures(page) == agg.figures(shipped, summary, "en")


def test_browser_and_command_line_agree_on_a_large_set(page: Page, http_site, shipped, tmp_path):
    rs = random_set(shipped, random.Random(99), 400)
    codes = tmp_path / "codes.txt"
    lines = [resp.encode(r) for r in rs[:300]]
    codes.write_text("\n".join([*lines[:150], lines[3], "not a code", *lines[150:]]) + "\n", encoding="utf-8")
    folder = tmp_path / "files"
    folder.mkdir()
    jsons = [write_json(folder / f"r{i:03}.json", resp.to_json(shipped, r)) for i, r in enumerate(rs[300:])]
    page.goto(f"{http_site}en/team/{QID}/")
    load_files(page, [codes, *jsons], 400)
    rejected = page.locator("[data-team-rejected-list] li").all_text_contents()
    assert rejected == [
        "codes.txt, line 151: duplicate of a response already loaded",
        "codes.txt, line 152: unexpected part 'not a code' in the code",
    ]
    shown = page_figures(page)
    with page.expect_download() as summary_csv:
        page.click("[data-csv-summary]")
    with page.expect_download() as responses_csv:
        page.click("[data-csv-responses]")
    assert summary_csv.value.suggested_filename == f"centricity-{QID}-summary.csv"

    out, csv = tmp_path / "report.html", tmp_path / "summary.csv"
    code, _ = run_cli(str(codes), str(folder), "--out", str(out), "--csv", str(csv), "--lang", "en")
    assert code == 2
    assert shown_figures(out.read_text(encoding="utf-8")) == shown
    assert Path(summary_csv.value.path()).read_bytes() == csv.read_bytes()
    rows, _ = agg.prepare(shipped, rs)
    assert Path(responses_csv.value.path()).read_bytes().decode("utf-8") == agg.csv_text(
        agg.response_rows(shipped, rows)
    )


def test_pasted_codes_links_drop_and_clear(page: Page, http_site, shipped):
    rs = random_set(shipped, random.Random(7), 5)
    page.goto(f"{http_site}es/team/{QID}/")
    text = "\n".join([resp.encode(rs[0]), f"{http_site}es/result/{QID}/#{resp.encode(rs[1])}", "", "basura"])
    page.fill("[data-team-codes]", text)
    page.click("[data-team-add]")
    expect(page.locator("[data-team-status]")).to_have_text("2 respuestas cargadas; 1 descartadas.")
    expect(page.locator("[data-team-rejected-list] li")).to_have_text(
        ["Texto pegado, línea 4: unexpected part 'basura' in the code"]
    )
    assert page.input_value("[data-team-codes]") == ""
    # Dropping files on the drop zone reads them like the file input.
    doc = json.dumps(resp.to_json(shipped, rs[2]))
    page.evaluate(
        """([doc, codes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([doc], "dropped.json", {type: "application/json"}));
        dt.items.add(new File([codes], "codes.txt", {type: "text/plain"}));
        const zone = document.querySelector("[data-dropzone]");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""",
        [doc, "\n".join(resp.encode(r) for r in rs[3:])],
    )
    page.wait_for_selector("[data-team-status][data-loaded='5']")
    shown = page_figures(page)
    assert shown == agg.figures(shipped, agg.aggregate(shipped, rs), "es")
    assert shown["count"] == "5 personas"
    page.click("[data-team-clear]")
    expect(page.locator("[data-team-output]")).to_be_hidden()
    expect(page.locator("[data-team-rejected]")).to_be_hidden()


def test_five_thousand_responses_load(page: Page, http_site, shipped, tmp_path):
    """5,000 responses load and show; bench/team_view.py measures how fast."""
    rng = random.Random(50)
    codes = tmp_path / "codes.txt"
    codes.write_text("\n".join(resp.encode(r) for r in random_set(shipped, rng, 5000)), encoding="utf-8")
    page.goto(f"{http_site}en/team/{QID}/")
    load_files(page, [codes], 5000)
    assert page.locator("[data-team-respondents] tbody tr").count() == 500
    expect(page.locator("[data-team-more]")).to_have_text("4500 more respondents are in the responses CSV.")
