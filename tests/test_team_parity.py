"""One set of figures everywhere: the browser's team view, the command-line report and both CSV files give the
same figures on the same responses, and a group smaller than the minimum never shows on its own in any of
them (team, role or wave)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from centricity.engine import codec
from centricity.team import aggregate as agg
from centricity.team.export import csv_text, response_rows, summary_rows
from centricity.team.wording import figures
from tests.helpers import (
    export_doc,
    four_in_a_team,
    group_of,
    random_set,
    run_cli,
    shown_figures,
    write_json,
)

QID = "customer-centricity"
NAMES = "sales=Sales floor, ops=Operations"


def large(q) -> list[codec.Response]:
    """300 random respondents, plus a team "ops" of 4 in a wave of its own (w9) with one role."""
    rng = random.Random(99)
    return random_set(q, rng, 300) + group_of("ops", 4, q, rng, "specialist", "w9")


SETS = {
    "large": (large, ("group.team.ops.", "group.wave.w9.")),
    "four": (four_in_a_team, ("group.team.it.",)),
}


def team_view(page: Page, base: str, lang: str, codes: Path, files: list[Path], n: int) -> dict[str, str]:
    page.goto(f"{base}{lang}/team/{QID}/?teams={quote(NAMES)}")
    page.set_input_files("[data-team-files]", [str(codes), *map(str, files)])
    page.wait_for_selector(f"[data-team-status][data-loaded='{n}']")
    return page.eval_on_selector_all(
        "[data-team-output] [data-f]", "els => Object.fromEntries(els.map(e => [e.dataset.f, e.textContent]))"
    )


def download(page: Page, button: str) -> bytes:
    with page.expect_download() as d:
        page.click(button)
    return Path(d.value.path()).read_bytes()


@pytest.mark.parametrize(("name", "lang"), [("large", "en"), ("four", "es")])
def test_team_view_report_and_csv_files_agree(page: Page, http_site, shipped, tmp_path, name, lang):
    make, small = SETS[name]
    rs = make(shipped)
    codes = tmp_path / "codes.txt"
    half = len(rs) // 2
    codes.write_text("\n".join(codec.encode(r) for r in rs[:half]), encoding="utf-8")
    files = [
        write_json(tmp_path / f"r{i:03}.json", codec.to_json(shipped, r)) for i, r in enumerate(rs[half:])
    ]

    shown = team_view(page, http_site, lang, codes, files, len(rs))
    summary_csv = download(page, "[data-csv-summary]")
    responses_csv = download(page, "[data-csv-responses]")

    report, summary_out, responses_out = tmp_path / "r.html", tmp_path / "s.csv", tmp_path / "p.csv"
    options = ["--csv", str(summary_out), "--responses-csv", str(responses_out), "--teams", NAMES]
    code, _ = run_cli(str(codes), *map(str, files), "--out", str(report), "--lang", lang, *options)
    assert code == 0

    rows, _ = agg.prepare(shipped, rs)
    summary = agg.summarize_rows(shipped, rows)
    names = {"sales": "Sales floor", "ops": "Operations"}
    assert (
        shown == shown_figures(report.read_text(encoding="utf-8")) == figures(shipped, summary, lang, names)
    )
    assert (
        summary_csv
        == summary_out.read_bytes()
        == csv_text(summary_rows(shipped, summary, lang, names)).encode()
    )
    assert (
        responses_csv == responses_out.read_bytes() == csv_text(response_rows(shipped, rows, lang)).encode()
    )

    # The group of 4 (and any group under 5) is nowhere on its own: not in the figures, nor in the CSV.
    assert not [k for k in shown if k.startswith(small)]
    table = list(csv.reader(io.StringIO(summary_csv.decode("utf-8-sig"))))
    group_rows = [r for r in table if r[0] in ("team", "role", "wave") and r[3] == "n"]
    assert all(int(r[4]) >= 5 for r in group_rows) and group_rows
    # The per-response file says on its first line that it identifies individual answers.
    notice = responses_csv.decode("utf-8-sig").splitlines()[0]
    assert "individual" in notice or "individuales" in notice


def test_a_collecting_servers_export_reads_alike_in_the_team_view_and_the_report(
    page: Page, http_site, shipped, tmp_path
):
    """Two people who answered alike are two respondents; a copy of the export adds no one; a bad entry is
    skipped on its own, in both twins."""
    rs = random_set(shipped, random.Random(31), 9)
    doc = export_doc(shipped, rs + [rs[0]] * 3)
    doc["responses"].append({"key": "not hex", "response": doc["responses"][0]["response"]})
    files = [write_json(tmp_path / name, doc) for name in ("acme-responses.json", "copy.json")]
    report = tmp_path / "r.html"
    code, err = run_cli(*map(str, files), "--out", str(report), "--lang", "en")
    assert code == 2 and err.count(": skipped: ") == 14
    page.goto(f"{http_site}en/team/{QID}/")
    page.set_input_files("[data-team-files]", [str(f) for f in files])
    status = page.locator("[data-team-status][data-loaded='12']")
    status.wait_for()
    assert status.get_attribute("data-skipped") == "14"
    shown = page.eval_on_selector_all(
        "[data-team-output] [data-f]", "els => Object.fromEntries(els.map(e => [e.dataset.f, e.textContent]))"
    )
    assert shown == shown_figures(report.read_text(encoding="utf-8"))
    assert shown["count"].startswith("12")
