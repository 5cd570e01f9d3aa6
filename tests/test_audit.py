"""The quality gates (`python build.py audit`): they pass on the shipped site, and they fail, naming the page
and the problem, on a deliberately broken copy of it; their parts (probes, tools lookup, server, sampler, the
missing `audit` extra) work on their own."""

from __future__ import annotations

import random
import shutil
import string
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from centricity.cli import main
from centricity.engine import codec
from centricity.quality.audit import audit_site
from centricity.quality.checks import csp_problems, has_answers, is_code
from centricity.quality.chromium import MissingToolError
from centricity.quality.pages import page_kind, page_name
from centricity.quality.probes import PROBES
from centricity.quality.sampler import COMPLETE, VARIED, response
from centricity.quality.serving import Server
from centricity.quality.tools import CONFIG, PACKAGES, find_tools
from centricity.quality.weight import BUDGET_PAGE_GZIP
from tests.helpers import ROOT

QUALITY = ROOT / "site" / "quality"


def run(site: Path, catalog, **kw) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = audit_site(site, catalog, log=lines.append, **kw)
    print("\n".join(lines))
    return code, lines


@pytest.mark.browser
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


@pytest.mark.browser
def test_broken_copy_fails(broken):
    code, failures, lines = broken
    assert code == 1
    assert lines[-1].strip().startswith("FAIL:")
    # only the injected pages fail
    assert {f.split(": ", 1)[0] for f in failures} == {page_name(rel) for rel in BROKEN.values()}


@pytest.mark.browser
def test_image_without_alt_is_named(broken):
    assert any("image-alt" in f for f in failures_for(broken, "image", "axe")), broken[1]
    assert any("wcag/h37" in f for f in failures_for(broken, "image", "html")), broken[1]


@pytest.mark.browser
def test_broken_link_is_named(broken):
    found = failures_for(broken, "link", "links")
    assert any("no-such-page/index.html" in f and "no such file" in f for f in found), broken[1]


@pytest.mark.browser
def test_external_script_is_named(broken):
    found = failures_for(broken, "script", "privacy")
    assert any("cdn.example.com/tracker.js" in f and "another origin" in f for f in found), broken[1]


@pytest.mark.browser
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


def test_response_codes_are_told_from_ids_and_survey_tags():
    short = "2~customer-centricity~2~cu1.2-43101~0403~7"
    assert is_code(short) and is_code("q=customer-centricity&v=2&a=cu1.2") and not is_code("main")
    assert has_answers(short) and has_answers("q=customer-centricity&a=cu1.2") and has_answers("n=Ana")
    assert not has_answers("survey=acme-2026&team=sales&w=w1") and not has_answers("")


@pytest.mark.parametrize(
    ("rel", "kind", "name"),
    [
        ("index.html", "root", "/"),
        ("404.html", "404", "404.html"),
        ("en/index.html", "home", "en/"),
        ("en/about/index.html", "page", "en/about/"),
        ("en/learn/index.html", "learn", "en/learn/"),
        ("es/assessment/quick-check/index.html", "assessment", "es/assessment/quick-check/"),
        ("en/myths/its-easy/index.html", "myth", "en/myths/its-easy/"),
        ("en/profiles/generous-startup/index.html", "profile", "en/profiles/generous-startup/"),
        ("es/worksheet/quick-check/index.html", "worksheet", "es/worksheet/quick-check/"),
    ],
)
def test_page_kinds_and_names(rel, kind, name):
    assert (page_kind(rel), page_name(rel)) == (kind, name)


@pytest.mark.npm  # the tools are looked up in node_modules first
def test_cli_refuses_a_folder_that_is_not_a_site(tmp_path, capsys):
    code = main(
        ["audit", str(tmp_path), "--questions", str(ROOT / "questions"), "--content", str(ROOT / "content")]
    )
    assert code == 1
    assert "is not a built site" in capsys.readouterr().err


def test_without_playwright_the_audit_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playwright", None)  # as if the `audit` extra were not installed
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)
    code = main(["audit", "--questions", str(ROOT / "questions"), "--content", str(ROOT / "content")])
    err = capsys.readouterr().err
    assert code == 1
    assert "pip install -e '.[audit]'" in err and "README" in err and "Traceback" not in err


def test_probes_are_javascript_node_parses_and_each_is_used():
    probes = sorted(PROBES.glob("*.js"))
    assert probes
    for file in probes:
        proc = subprocess.run(["node", "--check", str(file)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"{file.name}: {proc.stderr}"
    code = "\n".join(p.read_text(encoding="utf-8") for p in QUALITY.glob("*.py"))
    assert [f.stem for f in probes if f'probe("{f.stem}")' not in code] == []


@pytest.mark.npm  # the tools are looked up in node_modules first
def test_tools_are_found_from_the_repository_or_said_missing(tmp_path):
    tools = find_tools([tmp_path, ROOT])
    assert tools.root == ROOT and tools.htmlvalidate_config == ROOT / CONFIG and tools.axe.is_file()
    with pytest.raises(MissingToolError, match="npm ci --no-audit --no-fund"):
        find_tools([tmp_path])
    for package in PACKAGES:
        (tmp_path / "node_modules" / package).mkdir(parents=True)
    with pytest.raises(MissingToolError, match=r"\.htmlvalidate\.json .*not found"):
        find_tools([tmp_path])
    with pytest.raises(MissingToolError, match="the npm package lighthouse is not in"):
        find_tools([tmp_path, ROOT]).bin("lighthouse", "lighthouse")


def test_the_server_answers_only_under_its_prefix(tmp_path):
    (tmp_path / "page.txt").write_text("hello", encoding="utf-8")
    with Server(tmp_path, "/some/path/") as server:
        assert server.base.endswith("/some/path/")
        with urllib.request.urlopen(server.base + "page.txt") as answer:
            assert answer.read() == b"hello"
            assert answer.headers["Cache-Control"] == "no-store"
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(server.origin + "/page.txt")
        info.value.close()
        assert info.value.code == 404


@pytest.mark.parametrize("mix", [COMPLETE, VARIED], ids=["complete", "varied"])
def test_sampled_responses_are_valid_and_reproducible(catalog, mini, mix):
    for q in (*catalog.questionnaires.values(), mini):
        rng = random.Random(q.id)
        sets = [response(q, rng, mix, team="sales") for _ in range(200)]
        assert [codec.decode(q, codec.encode(r)) for r in sets] == sets
        again = random.Random(q.id)
        assert [response(q, again, mix, team="sales") for _ in range(200)] == sets
        answered = [len(r.answers.choices) for r in sets]
        if mix is COMPLETE:
            assert set(answered) == {len(q.questions)} and all(r.answers.felt is not None for r in sets)
        else:
            assert min(answered) < len(q.questions) and any(r.answers.targets for r in sets)
