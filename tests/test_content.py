"""Markdown content: front matter validation, sanitizing, link short forms and cross-checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from centricity.core import languages
from centricity.core.errors import ValidationError
from centricity.engine.profiles import load_site
from centricity.model.content import load_page, render_markdown

ROOT = Path(__file__).resolve().parent.parent


def resolve(kind, target):
    return f"/{kind}/{target}/" if target != "missing" else None


def test_raw_html_is_sanitized():
    html = render_markdown(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))\n\n"
        '<a href="#" onclick="steal()">link</a>',
        resolve,
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert all(not a.get("href", "").startswith("javascript") for a in soup.find_all("a"))
    assert all("onclick" not in a.attrs for a in soup.find_all("a"))


def test_short_links_resolve_and_unknown_targets_become_text():
    soup = BeautifulSoup(
        render_markdown("[a](myth:its-easy) [b](level:missing) [c](page:scoring#plan)", resolve),
        "html.parser",
    )
    assert [a["href"] for a in soup.find_all("a")] == ["/myth/its-easy/", "/page/scoring/#plan"]
    assert soup.find("span").get_text() == "b"


def test_front_matter_problems_are_located(tmp_path):
    page = tmp_path / "x.md"
    page.write_text("---\ntitle: Hi\ncolour: red\n---\nBody\n")
    with pytest.raises(ValidationError) as info:
        load_page(page, "en", "x", "content/en/x.md")
    assert [str(p) for p in info.value.problems] == [
        "content/en/x.md:3: colour: unknown field",
        "content/en/x.md:2: summary: missing",
    ]
    page.write_text("No front matter\n")
    with pytest.raises(ValidationError, match=r"content/en/x\.md:1: missing front matter"):
        load_page(page, "en", "x", "content/en/x.md")


def test_catalog_reports_missing_pages_and_broken_links(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "es" / "myths" / "its-easy.md").unlink()
    about = content / "en" / "about.md"
    about.write_text(about.read_text() + "\nSee [this](myth:not-a-myth).\n")
    with pytest.raises(ValidationError) as info:
        load_site(ROOT / "questions", content)
    messages = [str(p) for p in info.value.problems]
    assert any(m.endswith("es/myths/its-easy.md: missing page") for m in messages)
    assert any("about.md:" in m and "link to unknown myth 'not-a-myth'" in m for m in messages)


def test_shipped_content_has_every_page_in_both_languages(catalog):
    for lang in languages.supported():
        for kind, ids in (
            ("myths", catalog.myth_ids()),
            ("dimensions", catalog.dimension_ids()),
            ("levels", catalog.level_ids()),
        ):
            for ident in ids:
                page = catalog.content.get(lang, f"{kind}/{ident}")
                assert page is not None and len(page.body.split()) > 250, (lang, kind, ident)
        for slug in ("about", "scoring", "instructors"):
            assert catalog.content.get(lang, slug) is not None


def test_myth_pages_have_the_four_parts(catalog):
    wanted = {
        "en": [
            "What the myth claims",
            "Why it is wrong",
            "Signs it is holding you back",
            "What to do instead",
        ],
        "es": [
            "Qué afirma el mito",
            "Por qué es falso",
            "Señales de que te está frenando",
            "Qué hacer en su lugar",
        ],
    }
    for lang, headings in wanted.items():
        for myth in catalog.myth_ids():
            body = catalog.content.get(lang, f"myths/{myth}").body
            for heading in headings:
                assert f"## {heading}" in body, (lang, myth, heading)
