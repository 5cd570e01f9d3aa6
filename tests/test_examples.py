"""examples/acme: a consultant's own questionnaire (English only) and branding, built without code."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from centricity.engine.profiles import load_site
from tests.helpers import ACME, build_acme

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def acme_site(tmp_path_factory) -> Path:
    return build_acme(tmp_path_factory.mktemp("acme") / "site")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_example_inputs_are_valid_and_one_language():
    c = load_site(ACME / "questions", ACME / "content", ACME / "site.yaml")
    assert c.languages == ("en",)
    q = c.primary
    assert q.id == "acme-pulse" and q.languages == ("en",)
    assert len(q.dimensions) == 2 and all(len(q.questions_in(d.id)) == 3 for d in q.dimensions)
    assert q.levels and q.myths and q.has("context", "role")


def test_branding_on_every_page(acme_site):
    pages = sorted(acme_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        s = soup(page)
        if page.name == "404.html":
            continue
        assert s.title.get_text().endswith("Acme Customer Pulse"), page
        assert s.select_one(".brand span").get_text() == "Acme Customer Pulse", page
        assert s.select_one(".brand img")["src"].endswith("assets/logo.svg"), page
        footer = s.select_one("footer").get_text()
        assert "Run by Acme's customer team for Acme staff." in footer, page
        assert s.select_one("footer a[href='mailto:pulse@acme.example']"), page
        assert s.html["lang"] == "en"
    assert (acme_site / "assets" / "logo.svg").read_bytes() == (ACME / "logo.svg").read_bytes()
    css = (acme_site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "--accent: #b3261e;" in css and "#0b6e69" not in css
    home = soup(acme_site / "en" / "index.html")
    assert home.find("meta", attrs={"name": "theme-color"})["content"] == "#b3261e"


def test_only_english_pages_exist(acme_site):
    assert not (acme_site / "es").exists()
    tops = {p.relative_to(acme_site).parts[0] for p in acme_site.rglob("*.html")}
    assert tops == {"en", "index.html", "404.html"}
    for path in (
        "en/assessment/acme-pulse/index.html",
        "en/team/acme-pulse/index.html",
        "en/result/acme-pulse/index.html",
        "en/about/index.html",
        "en/scoring/index.html",
        "en/myths/we-know-our-customers/index.html",
        "en/dimensions/delivery/index.html",
        "en/levels/growing/index.html",
    ):
        assert (acme_site / path).is_file(), path
    for page in acme_site.rglob("*.html"):
        s = soup(page)
        assert not s.select(".lang-switch"), page  # nothing to switch to
        for a in s.select("a[href]"):
            assert "/es/" not in a["href"] and not a["href"].startswith("es/"), (page, a["href"])
    assessment = soup(acme_site / "en" / "assessment" / "acme-pulse" / "index.html")
    assert assessment.h1.get_text() == "Acme customer pulse"
    assert len(assessment.select("fieldset[data-question]")) == 6


def test_root_page_leads_to_the_one_language(acme_site):
    root = soup(acme_site / "index.html")
    assert any(a["href"].startswith("en/") for a in root.select("a[href]"))
