"""The quality gates (`python build.py audit`): they pass on the shipped site, and they fail, naming the page
and the problem, on a deliberately broken copy of it."""

from __future__ import annotations

import random
import shutil
import string
from pathlib import Path

import pytest

from centricity.cli import main
from centricity.quality.audit import (
    BUDGET_PAGE_GZIP,
    audit_site,
    csp_problems,
    page_kind,
    page_name,
)

ROOT = Path(__file__).resolve().parent.parent


def run(site: Path, catalog, **kw) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = audit_site(site, catalog, log=lines.append, **kw)
    print("\n".join(lines))
    return code, lines


def test_audit_passes_on_the_shipped_site_and_prints_the_table(site, catalog):
    code, lines = run(site, catalog)
    failures = [line for line in lines if line.startswith("  FAIL ")]
    assert code == 0, "\n".join(failures)
    assert lines[-1].strip() == "PASS"
    header = next(i for i, line in enumerate(lines) if line.split()[:3] == ["page", "axe", "html"])
    assert lines[header].split()[3:] == ["links", "privacy", "keys", "js", "KB", "raw", "KB", "gzip", "req"]
    rows = {line.split()[0] for line in lines[header + 2 :] if line.strip() and not line.startswith(" ")}
    pages = {page_name(p.relative_to(site).as_posix()) for p in site.rglob("*.html")}
    assert pages <= rows, pages - rows
    # the filled states were audited, and the keyboard runs completed in both languages
    assert any("en/result/customer-centricity/ (filled)" in line for line in lines)
    assert any("es/team/customer-centricity/ (filled)" in line for line in lines)
    keyboard = [line for line in lines if "answers by keyboard" in line]
    assert any(line.strip().startswith("es/assessment/") and "200% zoom" in line for line in keyboard)
    assert any(line.strip().startswith("en/assessment/") and "1280 px" in line for line in keyboard)
    summary = "\n".join(lines[lines.index("Summary") :])
    assert "0 violations" in summary and "0 broken" in summary and "html-validate: 0 errors" in summary


# ---------------------------------------------------------------------------------------------------------
# A broken copy: each injected fault must be reported against its page.

BROKEN = {
    "image": "en/about/index.html",
    "link": "en/learn/index.html",
    "script": "en/myths/its-easy/index.html",
    "budget": "en/dimensions/data/index.html",
}


def inject(file: Path, html: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert "</main>" in text
    file.write_text(text.replace("</main>", html + "\n</main>", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def broken(site, catalog, tmp_path_factory):
    copy = tmp_path_factory.mktemp("broken") / "build"
    shutil.copytree(site, copy)
    inject(copy / BROKEN["image"], '<p><img src="../../static/favicon.svg" width="32" height="32"></p>')
    inject(copy / BROKEN["link"], '<p><a href="../no-such-page/index.html">Nowhere</a></p>')
    inject(copy / BROKEN["script"], '<script src="https://cdn.example.com/tracker.js" defer></script>')
    alphabet = string.ascii_letters + string.digits  # random text: gzip cannot shrink it below the budget
    noise = "".join(random.Random(5).choices(alphabet, k=BUDGET_PAGE_GZIP + 20_000))
    inject(copy / BROKEN["budget"], f"<!-- {noise} -->")
    code, lines = run(copy, catalog, only=[page_name(rel) for rel in BROKEN.values()])
    return code, [line.strip()[len("FAIL ") :] for line in lines if line.startswith("  FAIL ")], lines


def failures_for(broken, kind: str, check: str) -> list[str]:
    prefix = f"{page_name(BROKEN[kind])}: {check}: "
    return [f for f in broken[1] if f.startswith(prefix)]


def test_broken_copy_fails(broken):
    code, failures, lines = broken
    assert code == 1
    assert lines[-1].strip().startswith("FAIL:")
    # only the injected pages fail
    assert {f.split(": ", 1)[0] for f in failures} == {page_name(rel) for rel in BROKEN.values()}


def test_image_without_alt_is_named(broken):
    assert any("image-alt" in f for f in failures_for(broken, "image", "axe")), broken[1]
    assert any("wcag/h37" in f for f in failures_for(broken, "image", "html")), broken[1]


def test_broken_link_is_named(broken):
    found = failures_for(broken, "link", "links")
    assert any("no-such-page/index.html" in f and "no such file" in f for f in found), broken[1]


def test_external_script_is_named(broken):
    found = failures_for(broken, "script", "privacy")
    assert any("cdn.example.com/tracker.js" in f and "another origin" in f for f in found), broken[1]


def test_page_over_budget_is_named(broken):
    found = failures_for(broken, "budget", "weight")
    assert any("over the page budget of 60 KB" in f for f in found), broken[1]


# ---------------------------------------------------------------------------------------------------------
# Small parts


def test_csp_problems():
    assert csp_problems("default-src 'self'; script-src 'self'") == []
    assert csp_problems("default-src 'self'") == []
    assert csp_problems("script-src 'self' 'unsafe-inline' 'unsafe-eval'") == [
        "the Content-Security-Policy script-src allows 'unsafe-inline'",
        "the Content-Security-Policy script-src allows 'unsafe-eval'",
    ]
    assert csp_problems("img-src 'self'") == [
        "the Content-Security-Policy has neither script-src nor default-src"
    ]


@pytest.mark.parametrize(
    ("rel", "kind", "name"),
    [
        ("index.html", "root", "/"),
        ("404.html", "404", "404.html"),
        ("en/index.html", "home", "en/"),
        ("en/about/index.html", "page", "en/about/"),
        ("en/learn/index.html", "learn", "en/learn/"),
        ("es/assessment/quick-check/index.html", "assessment", "es/assessment/quick-check/"),
        ("en/myths/its-easy/index.html", "myths", "en/myths/its-easy/"),
    ],
)
def test_page_kinds_and_names(rel, kind, name):
    assert (page_kind(rel), page_name(rel)) == (kind, name)


def test_cli_refuses_a_folder_that_is_not_a_site(tmp_path, capsys):
    code = main(
        ["audit", str(tmp_path), "--questions", str(ROOT / "questions"), "--content", str(ROOT / "content")]
    )
    assert code == 1
    assert "is not a built site" in capsys.readouterr().err
