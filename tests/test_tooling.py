"""Authors' and consultants' tools (issue 15): `serve --reload` picks up edits, `survey-links` never makes
links to a made-up address, and a `--zip` build links its offline copy from the instructors pages."""

from __future__ import annotations

import shutil
import zipfile

from bs4 import BeautifulSoup

from centricity.cli import main
from centricity.core import languages
from centricity.engine.profiles import load_site
from centricity.model.strings import strings
from centricity.web.app import create_app
from centricity.web.freeze import build
from centricity.web.reload import watch
from tests.helpers import ROOT


def test_survey_links_refuse_to_run_without_a_base_url(capsys):
    assert main(["survey-links", "--survey", "acme-2026", "--teams", "sales"]) == 1
    assert "--base-url" in capsys.readouterr().err
    args = ["survey-links", "--survey", "acme", "--teams", "sales"]
    assert main([*args, "--base-url", "https://x.org/c/"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sales\thttps://x.org/c/es/assessment/customer-centricity/?survey=acme&team=sales")


def test_survey_page_table_says_its_links_open_the_assessment(client):
    page = BeautifulSoup(client.get("/en/survey/customer-centricity/").data, "html.parser")
    assert [th.get_text() for th in page.select("[data-survey-links] th")] == ["Group", "Assessment link"]


def test_serve_reload_picks_up_edits_and_keeps_the_last_good_version(tmp_path, capsys):
    questions, content = tmp_path / "questions", tmp_path / "content"
    shutil.copytree(ROOT / "questions", questions)
    shutil.copytree(ROOT / "content", content)
    app = create_app(load_site(questions, content), live=True)
    watch(app, questions, content, None)
    client = app.test_client()
    about = content / "en" / "about.md"
    assert b"Reloaded heading" not in client.get("/en/about/").data
    about.write_text(about.read_text(encoding="utf-8") + "\n## Reloaded heading\n", encoding="utf-8")
    assert b"Reloaded heading" in client.get("/en/about/").data
    yaml = questions / "quick-check.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("version:", "version: [", 1), encoding="utf-8")
    assert b"Reloaded heading" in client.get("/en/about/").data
    err = capsys.readouterr().err
    assert "quick-check.yaml:" in err and "kept the last good version" in err


def test_zip_build_links_its_offline_copy_from_the_instructors_pages(tmp_path):
    report = build(ROOT / "questions", ROOT / "content", None, tmp_path / "site", make_zip=True)
    published = report.out / "download" / "site.zip"
    assert zipfile.ZipFile(published).testzip() is None
    for lang in languages.supported():
        page = BeautifulSoup((report.out / lang / "instructors" / "index.html").read_text(), "html.parser")
        link = page.select_one("[data-offline-zip] a")
        assert link["href"] == "../../download/site.zip"
        assert (report.out / lang / "instructors" / link["href"]).resolve() == published.resolve()
        assert not page.select("[data-offline-none]")
    plain = build(ROOT / "questions", ROOT / "content", None, tmp_path / "plain")
    for lang in languages.supported():
        page = BeautifulSoup((plain.out / lang / "instructors" / "index.html").read_text(), "html.parser")
        # No dead link: the default build says it offers no zip, in the page's language.
        assert not page.select("[data-offline-zip]")
        notice = page.select_one("[data-offline-none]")
        assert notice.get_text() == strings(lang)["offline.none"] + " python build.py --zip"
