"""The item statistics in the team report: its HTML section in both languages with its warnings, the tidy CSV
files (`--items-csv`, `--answers-csv`, `--codebook`), careless respondents left out on request, one wave
on its own, small groups withheld; and numpy kept out of the static site (it builds without it)."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from centricity.core.errors import CentricityError
from centricity.engine import codec
from centricity.team import aggregate as agg
from centricity.team.items import item_report
from centricity.web.itemsection import NEEDS_STATS, ItemText
from tests.helpers import ROOT, coherent_set, run_cli

# Runs the command line with numpy and scipy made unimportable, as on a machine with requirements.txt only.
WITHOUT_NUMPY = (
    "import sys; sys.modules['numpy'] = None; sys.modules['scipy'] = None; "
    "from centricity.cli import main; sys.exit(main(sys.argv[1:]))"
)


def codes_file(tmp_path, responses, name="codes.txt"):
    path = tmp_path / name
    path.write_text("\n".join(codec.encode(r) for r in responses) + "\n", encoding="utf-8")
    return path


def read_csv(path):
    text = path.read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff")  # R's read.csv would take a byte-order mark into the first name
    return list(csv.reader(text.splitlines()))


@pytest.mark.parametrize(
    ("lang", "title", "alpha"), [("en", "Item statistics", "0."), ("es", "Estadísticas", "0,")]
)
def test_report_shows_item_statistics_with_warnings_in_both_languages(tmp_path, shipped, lang, title, alpha):
    responses = coherent_set(shipped, 24, seed=3)
    out = tmp_path / "report.html"
    code, err = run_cli(str(codes_file(tmp_path, responses)), "--out", str(out), "--lang", lang)
    assert code == 0, err
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one("[data-items]")
    assert section.h2.get_text().startswith(title)
    assert (
        section["data-items"] == ""
        and section.select_one("[data-items-estimator]")["data-items-estimator"] == "pairwise"
    )
    rows, _ = agg.prepare(shipped, responses)
    report = item_report(shipped, rows)
    it = ItemText(lang)
    for d in report.dimensions:
        row = section.select_one(f"[data-items-dim='{d.id}']")
        assert row.select_one("[data-i=alpha]").get_text() == it.dec(d.alpha)
        assert row.select_one("[data-i=alpha]").get_text().startswith(alpha)
        assert row.select_one("[data-i=n]").get_text() == "24"
        warned = [li.get_text() for li in section.select(f"[data-items-warnings='{d.id}'] li")]
        assert "few" in d.warnings and warned == it.warnings(d)
        assert any(
            w.startswith(("Rests on only 24 respondents", "Se basa en solo 24 personas")) for w in warned
        )
        for x in d.items:
            cells = section.select_one(f"[data-items-table='{d.id}'] [data-item='{x.id}']")
            assert cells.select_one("[data-i=r_drop]").get_text() == it.dec(x.r_drop)
            assert cells.th.get_text().startswith(x.id.upper())
    assert soup.find("script") is None


def test_item_files_are_tidy_and_agree_with_the_html(tmp_path, shipped):
    responses = coherent_set(shipped, 40, seed=5, wave="w1") + coherent_set(shipped, 6, seed=6, wave="w2")
    out = tmp_path / "out"
    code, err = run_cli(
        str(codes_file(tmp_path, responses)),
        "--out", str(out / "report.html"),
        "--items-csv", str(out / "items.csv"),
        "--answers-csv", str(out / "answers.csv"),
        "--codebook", str(out / "codebook.csv"),
    )  # fmt: skip
    assert code == 0, err
    assert str(out / "codebook.csv") in err
    stats = read_csv(out / "items.csv")
    assert stats[0] == ["scope", "id", "statistic", "value"]
    rows, _ = agg.prepare(shipped, responses)
    first = item_report(shipped, rows).dimensions[0]
    got = {(s, i, st): v for s, i, st, v in stats[1:]}
    assert float(got[("dimension", first.id, "alpha")]) == pytest.approx(first.alpha, abs=1e-6)
    assert got[("dimension", first.id, "n")] == "46"
    answers = read_csv(out / "answers.csv")
    questions = sum(len(shipped.questions_in(d.id)) for d in shipped.dimensions)
    assert len(answers) == 1 + 46 * questions and answers[0][0] == "respondent"
    book = read_csv(out / "codebook.csv")
    assert {r[0] for r in book[1:] if not r[1] and not r[2]} == set(answers[0])


def test_careless_respondents_left_out_on_request_and_one_wave_alone(tmp_path, shipped):
    lines = [
        codec.Response(
            shipped.id,
            shipped.version,
            codec.Answers({x.id: 1 for x in shipped.questions}, {}, None, {}),
            f"L{i}",
        )
        for i in range(6)
    ]
    responses = (
        coherent_set(shipped, 30, seed=8, wave="w1") + coherent_set(shipped, 4, seed=9, wave="w2") + lines
    )
    codes = codes_file(tmp_path, responses)
    out = tmp_path / "r.html"
    assert run_cli(str(codes), "--out", str(out), "--lang", "en", "--drop-careless")[0] == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("[data-items-careless]")["data-items-careless"] == "6"
    assert "left out" in soup.select_one("[data-items-careless]").get_text()
    assert (
        soup.select("[data-items-effect] tbody tr")
        and soup.select_one("[data-items-dims] [data-i=n]").get_text() == "34"
    )
    assert run_cli(str(codes), "--out", str(out), "--lang", "en", "--items-wave", "w1")[0] == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("[data-items-dims] [data-i=n]").get_text() == "30"
    assert soup.select_one("[data-items] h2").get_text() == "Item statistics · wave w1"
    with pytest.raises(CentricityError, match="wave 'w2' is not shown on its own at minimum group size 5"):
        run_cli(str(codes), "--out", str(out), "--lang", "en", "--items-wave", "w2")


def test_fewer_careless_respondents_than_the_minimum_stay_in(tmp_path, shipped):
    lines = [
        codec.Response(
            shipped.id,
            shipped.version,
            codec.Answers({x.id: 3 for x in shipped.questions}, {}, None, {}),
            f"L{i}",
        )
        for i in range(4)
    ]
    out = tmp_path / "r.html"
    codes = codes_file(tmp_path, coherent_set(shipped, 30, seed=8) + lines)
    assert run_cli(str(codes), "--out", str(out), "--lang", "en", "--drop-careless")[0] == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    said = soup.select_one("[data-items-careless]")
    assert (
        said["data-items-careless"] == "4" and "fewer than 5, so they stay in the figures" in said.get_text()
    )
    assert not soup.select("[data-items-effect]")
    assert soup.select_one("[data-items-dims] [data-i=n]").get_text() == "34"


def test_the_static_site_builds_without_numpy_and_the_report_says_what_to_install(tmp_path, shipped):
    build = subprocess.run(
        [sys.executable, "-c", WITHOUT_NUMPY, "build", "--out", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "en" / "index.html").is_file()
    codes = codes_file(tmp_path, coherent_set(shipped, 6))
    report = [sys.executable, "-c", WITHOUT_NUMPY, "report", str(codes), "--out", str(tmp_path / "r.html")]
    plain = subprocess.run(report, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and NEEDS_STATS in plain.stderr
    assert "data-items" not in (tmp_path / "r.html").read_text(encoding="utf-8")
    asked = subprocess.run(
        [*report, "--items-csv", str(tmp_path / "i.csv")], cwd=ROOT, capture_output=True, text=True
    )
    assert asked.returncode == 1 and f"error: {NEEDS_STATS}" in asked.stderr
    assert not (tmp_path / "i.csv").exists()
