"""The command-line team report: bad inputs, exit codes, escaping, a self-contained page with the same figures
as the aggregation, the written summary and team plan first in both languages, anonymity options, and the fast
code reader against the reference decoder."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from centricity.cli import main
from centricity.core.errors import AnswerError
from centricity.engine import codec, shortlink
from centricity.engine.fastcode import FastDecoder
from centricity.engine.scoring import Answers
from centricity.model.config import SiteConfig
from centricity.model.strings import fill, strings
from centricity.team import aggregate as agg
from centricity.team import reader as team_reader
from centricity.team.export import csv_text, response_rows, summary_rows
from centricity.team.wording import figures
from centricity.web.report import render_report, survey_facts
from tests.helpers import (
    EVIL,
    REASONS,
    TAMPERED,
    V,
    bad_inputs,
    export_doc,
    four_in_a_team,
    random_answers,
    random_set,
    run_cli,
    shown_figures,
    write_json,
)

ROOT = Path(__file__).resolve().parent.parent


def test_bad_inputs_are_skipped_with_reasons_and_valid_ones_all_counted(tmp_path, shipped, catalog):
    files = bad_inputs(shipped, tmp_path / "in", catalog)
    rng = random.Random(8)
    valid = [
        write_json(tmp_path / "in" / f"ok{i}.json", codec.to_json(shipped, r))
        for i, r in enumerate(random_set(shipped, rng, 4))
    ]
    out = tmp_path / "report.html"
    args = [*map(str, [*files.values(), *valid]), "--out", str(out), "--lang", "en", "--show-labels"]
    code, err = run_cli(*args)
    assert code == 2
    for kind, reason in REASONS.items():
        assert f"{files[kind]}: skipped: {reason}" in err, kind
    assert f"{files['older']}: note: from an earlier version" in err and "GONE1" in err
    assert "report: 6 responses from 10 input(s), 4 skipped" in err  # 4 valid + older + html label
    html = out.read_text(encoding="utf-8")
    figures = shown_figures(html)
    assert figures["count"] == "6 respondents"
    soup = BeautifulSoup(html, "html.parser")
    labels = [td.get_text() for td in soup.select("td[data-label]")]
    assert EVIL[:80] in labels and "Older" in labels and "Tampered" not in labels
    assert "<img" not in html and "<script>alert" not in html and "&lt;img src=x" in html
    skipped = [li.get_text() for li in soup.select("[data-report-skipped] li")]
    assert len(skipped) == 4 and any(REASONS["tampered"] in s for s in skipped)
    # without --show-labels, no label and no list of responses: that list identifies people
    code, _ = run_cli(*args[:-1])
    hidden = out.read_text(encoding="utf-8")
    assert code == 2 and "Older" not in hidden and "&lt;img src=x" not in hidden
    assert BeautifulSoup(hidden, "html.parser").select("[data-team-respondents]") == []


def test_a_collecting_servers_export_counts_each_person_once(tmp_path, shipped):
    """Identical answers from two people are two respondents (their keys differ); the same export given
    twice counts once; a bad entry costs only itself, with its position."""
    rng = random.Random(21)
    people = random_set(shipped, rng, 7)
    alike = people + [people[0]] * 3
    doc = export_doc(shipped, alike)
    doc["responses"].append({"response": doc["responses"][1]["response"]})  # no key
    bad = codec.to_json(shipped, people[2]) | {"felt": 99}
    doc["responses"].append({"key": "f" * 16, "response": bad})
    export = write_json(tmp_path / "acme-responses.json", doc)
    reader = team_reader.ResponseReader(shipped)
    reader.read([export, export])
    assert len(reader.coded) == 10 and reader.duplicates == 10
    reasons = dict(reader.problems)
    assert "a collecting server's export" in reasons[f"{export}#11"]
    assert "felt" in reasons[f"{export}#12"] or "0-10" in reasons[f"{export}#12"]
    out = tmp_path / "r.html"
    code, err = run_cli(str(export), "--out", str(out), "--lang", "en")
    assert code == 2 and f"{export}#11: skipped" in err, "written, with the two bad entries named"
    rows, dup = agg.prepare_coded(shipped, ((agg.canonical_code(shipped, r), r) for r in alike)), 0
    assert dup == 0 and shown_figures(out.read_text(encoding="utf-8")) == figures(
        shipped, agg.summarize_rows(shipped, rows, 0), "en"
    )


def test_a_large_file_that_is_no_export_is_still_held_to_the_response_files_cap(tmp_path, shipped):
    rng = random.Random(22)
    big = codec.to_json(shipped, random_set(shipped, rng, 1)[0]) | {"label": "x" * 300_000}
    reader = team_reader.ResponseReader(shipped)
    reader.read([write_json(tmp_path / "big.json", big)])
    assert not reader.coded and "too large" in reader.problems[0][1]


def test_exit_codes(tmp_path, shipped):
    r = codec.Response(shipped.id, 1, random_answers(shipped, random.Random(2)))
    good = write_json(tmp_path / "good.json", codec.to_json(shipped, r))
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    out = tmp_path / "r.html"
    assert run_cli(str(good), "--out", str(out))[0] == 0 and out.exists()
    out.unlink()
    code, err = run_cli(str(bad), str(tmp_path / "missing.json"), "--out", str(out))
    assert code == 1 and not out.exists()
    assert "missing.json: skipped: cannot be read" in err and "no report written" in err
    code, err = run_cli(str(good), str(good), "--out", str(out))  # a duplicate is skipped too
    assert code == 2 and "duplicate of a response already loaded" in err
    assert main(["report", str(good), "--out", str(out), "--questionnaire", "nope"]) == 1
    assert main(["report", str(good), "--out", str(out), "--lang", "fr"]) == 1


def test_report_is_self_contained_and_matches_the_aggregation(tmp_path, shipped):
    rng = random.Random(21)
    rs = random_set(shipped, rng, 300)
    codes = tmp_path / "codes.txt"
    # codes and result links, blank lines, a duplicate, a bad line; the rest as JSON files in a folder
    lines = [
        codec.encode(r) if i % 3 else f"https://example.org/es/result/{shipped.id}/#{codec.encode(r)}"
        for i, r in enumerate(rs[:200])
    ]
    codes.write_text(
        "\n".join([*lines[:100], "", "  ", lines[5], f"q=customer-centricity&v={V}&a=cu1.9", *lines[100:]])
        + "\n",
        encoding="utf-8",
    )
    folder = tmp_path / "files"
    folder.mkdir()
    for i, r in enumerate(rs[200:]):
        write_json(folder / f"r{i:03}.json", codec.to_json(shipped, r))
    out, csv = tmp_path / "out" / "report.html", tmp_path / "out" / "summary.csv"
    per = tmp_path / "out" / "responses.csv"
    options = ["--csv", str(csv), "--responses-csv", str(per), "--show-labels"]
    code, err = run_cli(str(codes), str(folder), "--out", str(out), *options)
    assert code == 2
    assert f"{codes}:103: skipped: duplicate" in err
    assert f"{codes}:104: skipped: question 'cu1' has no option 9" in err
    rows, dup = agg.prepare(shipped, rs)
    assert dup == 0
    summary = agg.summarize_rows(shipped, rows, 1)
    html = out.read_text(encoding="utf-8")
    assert shown_figures(html) == figures(shipped, summary, "es")  # the site's first language
    assert csv.read_bytes().decode("utf-8") == csv_text(summary_rows(shipped, summary, "es"))
    assert per.read_bytes().decode("utf-8") == csv_text(response_rows(shipped, rows, "es"))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("link") is None and soup.find("iframe") is None
    assert all(el["src"].startswith("data:") for el in soup.select("[src]"))
    assert "url(" not in soup.style.get_text() and "@import" not in soup.style.get_text()
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert soup.select("svg [data-range]") and soup.html["lang"] == "es"
    assert len(soup.select("[data-team-respondents] tbody tr")) == 300 and not soup.select("[data-team-more]")


def test_questionnaire_is_found_from_the_files_and_progress_is_shown(tmp_path, catalog, monkeypatch):
    quick = catalog.questionnaires["quick-check"]
    rs = random_set(quick, random.Random(5), 25)
    codes = tmp_path / "codes.txt"
    codes.write_text("\n".join(codec.encode(r) for r in rs), encoding="utf-8")
    monkeypatch.setattr(team_reader, "PROGRESS_EVERY", 10)
    code, err = run_cli(str(codes), "--out", str(tmp_path / "r.html"), "--lang", "en")
    assert code == 0
    assert "... 10 responses read\n... 20 responses read\n... aggregating 25 responses" in err
    assert shown_figures((tmp_path / "r.html").read_text(encoding="utf-8"))["count"] == "25 respondents"


def test_branding_reaches_the_report(tmp_path):
    acme = ROOT / "examples" / "acme"
    q_rs = [codec.Response("acme-pulse", 1, Answers({"li1": 2, "de1": 1}), label="Ana")]
    codes = tmp_path / "codes.txt"
    codes.write_text(codec.encode(q_rs[0]), encoding="utf-8")
    out = tmp_path / "acme.html"
    code, _ = run_cli(
        str(codes),
        "--out",
        str(out),
        "--questions",
        str(acme / "questions"),
        "--content",
        str(acme / "content"),
        "--config",
        str(acme / "site.yaml"),
    )
    assert code == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert "Acme Customer Pulse" in soup.title.get_text() and "#b3261e" in soup.style.get_text()
    assert soup.select_one(".brand img")["src"].startswith("data:image/svg+xml;base64,")
    assert "Run by Acme's customer team" in soup.footer.get_text()


@pytest.mark.parametrize(
    ("lang", "heading", "plan"),
    [("en", "In short", "A plan for the team"), ("es", "En resumen", "Un plan para el equipo")],
)
def test_report_opens_with_the_summary_and_team_plan(tmp_path, shipped, lang, heading, plan):
    codes = tmp_path / "codes.txt"
    codes.write_text("\n".join(codec.encode(r) for r in four_in_a_team(shipped)), encoding="utf-8")
    out = tmp_path / "r.html"
    code, _ = run_cli(str(codes), "--out", str(out), "--lang", lang, "--teams", "sales=Sales floor, it = IT")
    assert code == 0
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    who, first = soup.main.find_all("section", recursive=False)[:2]
    assert who.select_one("#h-rate") is not None  # who answered, then the findings
    assert first.h2.get_text() == heading and first.h3.get_text().startswith(plan)
    keys = [el["data-f"] for el in first.select("[data-f]")]
    assert keys[:5] == ["count", "text.stands", "text.disagree", "text.groups", "text.myths"]
    assert len(first.select("ol.plan > li")) == 3 and keys[-1] == "note.min"
    shown = shown_figures(str(soup))
    assert shown["group.team.sales.label"] == "Sales floor" and "group.team.it.n" not in shown
    assert shown["note.team"].startswith("IT, service: ")  # display names in the note too
    summary = agg.summarize(shipped, four_in_a_team(shipped))
    assert shown == figures(shipped, summary, lang, {"sales": "Sales floor", "it": "IT"})


def test_minimum_group_size_and_team_names_on_the_command_line(tmp_path, shipped):
    codes = tmp_path / "codes.txt"
    codes.write_text("\n".join(codec.encode(r) for r in four_in_a_team(shipped)), encoding="utf-8")
    out, csv = tmp_path / "r.html", tmp_path / "s.csv"
    code, _ = run_cli(str(codes), "--out", str(out), "--csv", str(csv), "--lang", "en", "--min-group", "17")
    assert code == 0
    shown = shown_figures(out.read_text(encoding="utf-8"))
    assert set(shown) == {"count", "note.min", "note.withheld"}  # 16 respondents under a minimum of 17
    assert csv.read_text(encoding="utf-8").splitlines()[-1].startswith("respondents,all,Everyone,withheld,")
    code, _ = run_cli(str(codes), "--out", str(out), "--lang", "en", "--min-group", "1")
    assert code == 0 and "group.team.it.n" in shown_figures(out.read_text(encoding="utf-8"))
    assert main(["report", str(codes), "--out", str(out), "--min-group", "0"]) == 1
    assert main(["report", str(codes), "--out", str(out), "--teams", "sales team=Sales"]) == 1


# ---- the fast reader accepts only what the reference accepts, with the same result ----


def fast_cases(q) -> list[str]:
    rng = random.Random(13)
    out = []
    for r in random_set(q, rng, 150):
        code = codec.encode(r)
        out.append(code)
        a = r.answers
        shuffled = replace(
            r,
            answers=Answers(
                dict(reversed(list(a.choices.items()))),
                dict(reversed(list(a.context.items()))),
                a.felt,
                dict(reversed(list(a.targets.items()))),
            ),
        )
        out.append(codec.encode(shuffled))
        out.append(code.replace(",", "%2C"))  # as codes were written before commas were kept
        out.append("https://example.org/en/result/x/#" + code)
    base = codec.encode(codec.Response(q.id, q.version, Answers({"cu1": 1, "cu2": 2, "cu4": 0})))
    out += [
        base + "&",
        "&" + base,
        base.replace("v=1", "v=01"),
        base.replace("v=1", "v=2"),
        base + "&n=",
        base + "&f=05",
        base + "&f=10",
        base + "&f=11",
        base + "&tm=sales%0A",
        base + "&d=2026-11-23%0A",
        base + "&n=" + "x" * 80,
        base + "&n=" + "x" * 81,
        base + "&n=a+b%20c",
        base + "&d=2026-11-23T10%3A00Z",
        base + "&d=2026-11-23T10:00Z",
        base + "&c=role.manager,role.executive",
        base + "&t=culture.leading",
        base + "&t=culture.nope",
        base + "&s=acme&s=acme",
        base.replace("a=", "a=cu1.1,"),
        base + "&q=x",
        base + "&c=role.manager",
        "q=customer-centricity&v=1",
        "q=customer-centricity&v=1&a=",
        "q=customer-centricity&v=1&a=cu1.x",
        "q=customer-centricity&v=1&a=cu4.x",
        "q=customer-centricity&v=1&a=cu1.1,,cu2.1",
        "q=customer-centricity&v=1&a=cu1.%31",
        "q=customer-centricity&v=1&a=cu1.01",
        *TAMPERED,
    ]
    return out


def fast_path_taken(q, fast: FastDecoder, codes: list[str]) -> int:
    """Checks the fast reader against the reference on every code; returns how many took the fast path."""
    accepted = 0
    for code in codes:
        try:
            expected = codec.decode(q, code)
        except AnswerError:
            assert fast(code) is None, code
            continue
        got = fast(code)
        if got is not None:
            accepted += 1
            assert got == (agg.canonical_code(q, expected), expected), code
            assert got[1].answers.choices == expected.answers.choices
    return accepted


def test_fast_reader_agrees_with_the_reference(shipped):
    fast = FastDecoder(shipped)
    assert fast.enabled
    assert fast_path_taken(shipped, fast, fast_cases(shipped)) > 450  # the common cases take the fast path


def short_cases(q) -> list[str]:
    """Short codes (format 2, what result links hold), in links, and with one character inserted, dropped
    or replaced, which most often makes them invalid; then edge cases by hand."""
    rng = random.Random(19)
    out = []
    for i, r in enumerate(random_set(q, rng, 150)):
        code = shortlink.encode(q, replace(r, created=("", "2026-11-23", "2024-02-29T23:59Z")[i % 3]))
        out += [code, "https://example.org/en/result/x/#" + code]
        for _ in range(4):
            j = rng.randrange(len(code) + 1)
            out.append(
                code[:j] + rng.choice(("", rng.choice("09az_-~.,%A+ "))) + code[j + rng.randrange(2) :]
            )
    base = shortlink.encode(q, codec.Response(q.id, q.version, Answers({"cu1": 1, "cu2": None, "cu4": 0})))
    head = f"2~{q.id}~{q.version}"
    out += [
        base + "~",
        base.replace(f"~{q.version}~", f"~0{q.version}~"),
        base.replace(f"~{q.version}~", f"~{q.version + 1}~"),
        *(
            head + "~" + answers
            for answers in ("", "cu1.1,cu1.2", "cu1.1_", "cu1._1", "cu1.", "cu1.1,", "cu4.-")
        ),
        *(head + "~cu1." + chars for chars in ("1" * 9, "1" * 10, "1____1", "1_____1", "a", "Z")),
        *(head + "~~" + context for context in ("0", "9", "-", "0" * 10, "_0")),
        *(head + "~~~" + felt for felt in ("10", "11", "05")),
        *(head + "~~~~" + targets for targets in ("1", "z", "1111", "11111")),
        *(head + "~~~~~" + date for date in ("20261123", "20260230", "2026112", "2026-11-23")),
        *(head + "~~~~~~" + tags for tags in ("acme~it~w1", "ac%20me", "~it~w1~x~y")),
        *(head + "~" * 9 + label for label in ("Ana%20L%C3%B3pez", "50%", "%ZZ", "%C3", "x" * 81, "x" * 80)),
    ]
    return out


def test_fast_reader_agrees_with_the_reference_on_short_codes(shipped):
    # short codes as the site writes them take the fast path
    assert fast_path_taken(shipped, FastDecoder(shipped), short_cases(shipped)) > 200


def test_reader_on_text_files_matches_decoding_line_by_line(tmp_path, shipped):
    rs = random_set(shipped, random.Random(17), 40)
    lines = [codec.encode(r) for r in rs] + fast_cases(shipped)[-len(TAMPERED) :]
    path = tmp_path / "codes.txt"
    path.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    reader = team_reader.ResponseReader(shipped)
    reader.read([path])
    assert [r for _, r in reader.coded] == rs
    assert len(reader.problems) == len(TAMPERED)
    with pytest.raises(AnswerError) as info:
        codec.decode(shipped, TAMPERED[0])
    assert reader.problems[0] == (f"{path}:41", str(info.value))


def server_like_report(
    shipped, lang: str, names: dict[str, str], expected: dict[str, int], rs=None
) -> BeautifulSoup:
    rs = rs or four_in_a_team(shipped)
    rows = agg.prepare_coded(shipped, [(agg.canonical_code(shipped, r), r) for r in rs])
    s = agg.summarize_rows(shipped, rows, 0, 5)
    facts = survey_facts(rows, names, expected, name="Acme 2026", opens="2026-11-20", closes="2026-12-15")
    html = render_report(
        shipped, lang, s, rows, SiteConfig(), team_names=names, survey=facts, today="2026-12-07"
    )
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_report_for_the_client(shipped, lang):
    """The survey's name and dates, the response rate per team against the headcount, team names, a method
    note, and no reader's "0 input(s)" when the figures come from a server."""
    names = {"sales": "Sales floor", "service": "Service desk", "it": "IT"}
    soup = server_like_report(shipped, lang, names, {"sales": 12, "service": 8, "it": 4})
    t = strings(lang)
    assert soup.select_one("[data-report-title]").get_text().startswith("Acme 2026")
    assert soup.title.get_text().startswith("Acme 2026")
    meta = soup.select_one("[data-report-meta]").get_text()
    assert "2026-11-20" in meta and "2026-12-15" in meta and "input" not in meta and "entrada" not in meta
    rates = {
        tr["data-team"]: [c.get_text() for c in tr.find_all(["th", "td"])]
        for tr in soup.select("[data-rate] tbody tr")
    }
    assert rates["sales"][:3] == ["Sales floor", "6", "12"] and rates["sales"][3].startswith("50")
    assert rates["it"][:3] == ["IT", "4", "4"] and rates["it"][3].startswith("100")
    total = soup.select_one("[data-rate-total]").get_text()
    assert total.startswith("16 ") and "24" in total and ("66,7" if lang == "es" else "66.7") in total
    method = soup.select_one(".method").get_text()
    assert t["report.method.title"] in method and fill(t["report.method.anonymity"], min=5) in method
    text = soup.main.get_text()
    assert "IT, Service desk" in text and " it," not in text  # names, never ids, in the notes too
    # no sentence says no groups can be compared above a table that shows Sales floor beside Others
    assert t["team.text.groups.none"].split(":")[0] in text
    assert [th.get_text() for th in soup.select("[data-team-groups] tbody th[data-f]")][:3] == [
        t["team.all"],
        "Sales floor",
        t["team.others"],
    ]


def test_targets_are_shown_only_where_someone_chose_one(shipped):
    names = {"sales": "Sales floor"}
    rs = [  # targets chosen for culture only
        replace(r, answers=replace(r.answers, targets={"culture": "established"} if i % 3 else {}))
        for i, r in enumerate(four_in_a_team(shipped))
    ]
    soup = server_like_report(shipped, "en", names, {}, rs)
    shown = shown_figures(str(soup))
    summary = agg.summarize(shipped, rs)
    chosen = [d.id for d in summary.dimensions if any(d.targets.values())]
    assert 0 < len(chosen) < len(summary.dimensions), "both cases are exercised"
    for d in summary.dimensions:
        text = shown[f"dim.{d.id}.targets"]
        assert (
            text == "\u2013"
            if d.id not in chosen
            else text.startswith(tuple(lv.name["en"] for lv in shipped.levels))
        )
    assert soup.select_one("[data-rate-total]").get_text() == "16 responses."  # no headcount: no rate
