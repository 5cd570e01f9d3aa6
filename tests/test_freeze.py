"""The frozen site: every page exists, every internal link and asset resolves, builds are atomic."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from centricity.cli import main
from centricity.core import languages
from centricity.core.errors import CentricityError, ValidationError
from centricity.web.freeze import build

ROOT = Path(__file__).resolve().parent.parent


def internal_links(page: Path, site: Path):
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for el in html.find_all(tag):
            url = el.get(attr)
            if not url or url.startswith(("mailto:", "data:")) or "://" in url:
                continue
            yield url


def resolve(page: Path, site: Path, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    if not parts.path:
        return page, parts.fragment
    target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), unquote(parts.path))))
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_asset_resolves(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 60
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages:
        for url in internal_links(page, site):
            target, fragment = resolve(page, site, url)
            if not target.is_file() or site not in target.parents:
                broken.append(f"{page.relative_to(site)} -> {url}")
                continue
            if fragment and target.suffix == ".html" and not fragment.startswith(("q=",)):
                if target not in ids:
                    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    ids[target] = {el["id"] for el in soup.find_all(id=True)}
                if fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)} -> {url} (no #{fragment})")
    assert broken == []


def test_links_end_in_index_html_for_file_urls(site):
    page = BeautifulSoup((site / "en" / "index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in page.select("a") if "://" not in a["href"] and not a["href"].startswith("#")]
    assert hrefs and all(h.endswith(".html") for h in hrefs)
    assert not any(h.startswith("/") for h in hrefs)


def test_expected_pages_exist_in_both_languages(site, catalog):
    for lang in languages.supported():
        for path in (
            "index.html",
            "learn/index.html",
            "about/index.html",
            "scoring/index.html",
            "assessment/customer-centricity/index.html",
            "result/customer-centricity/index.html",
            "worksheet/customer-centricity/index.html",
            "team/customer-centricity/index.html",
        ):
            page = site / lang / path
            assert page.is_file(), page
            assert BeautifulSoup(page.read_text(), "html.parser").html["lang"] == lang
        for myth in catalog.myth_ids():
            assert (site / lang / "myths" / myth / "index.html").is_file()
    js = ("static/js/engine.js", "static/js/myths.js", "static/js/codec.js")
    for extra in ("index.html", "404.html", "robots.txt", "assets/site.css", *js):
        assert (site / extra).is_file()


def test_build_is_atomic_on_bad_input(tmp_path):
    out = tmp_path / "build"
    build(ROOT / "questions", ROOT / "content", None, out)
    marker = out / "keep-me.txt"
    marker.write_text("previous build")
    questions = tmp_path / "questions"
    shutil.copytree(ROOT / "questions", questions)
    broken = questions / "customer-centricity.yaml"
    broken.write_text(broken.read_text().replace("dimension: culture", "dimension: kultur", 1))
    with pytest.raises(ValidationError) as info:
        build(questions, ROOT / "content", None, out)
    assert "unknown dimension 'kultur'" in str(info.value)
    assert marker.read_text() == "previous build", "the previous build is untouched"
    assert not list(tmp_path.glob(".build.*")), "no temporary folder is left behind"


def test_build_failure_during_freeze_leaves_previous_build(tmp_path, monkeypatch):
    out = tmp_path / "build"
    build(ROOT / "questions", ROOT / "content", None, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("centricity.web.freeze.Freezer.freeze", explode)
    with pytest.raises(CentricityError, match="left as it was: disk full"):
        build(ROOT / "questions", ROOT / "content", None, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_rebuild_replaces_the_previous_build(tmp_path):
    out = tmp_path / "build"
    build(ROOT / "questions", ROOT / "content", None, out)
    (out / "stale.html").write_text("old")
    report = build(ROOT / "questions", ROOT / "content", None, out)
    assert not (out / "stale.html").exists()
    assert report.pages >= 60 and "built" in str(report)


def test_the_output_gets_the_umask_permissions_so_another_user_can_read_it(tmp_path):
    """Copied to a web server's document root, the site must be readable by the server's own user: the atomic
    swap made the output folder 0700 (tempfile.mkdtemp's mode) instead of what the user's umask gives."""
    shared = Path(tempfile.mkdtemp(prefix="centricity-umask-"))  # /tmp itself, not the 0700 pytest folder
    previous = os.umask(0o022)
    try:
        shared.chmod(0o755)
        assert main(["build", "--out", str(shared / "public")]) == 0
        folders = [shared / "public", *(p for p in (shared / "public").rglob("*") if p.is_dir())]
        assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o755}
        index = shared / "public" / "index.html"
        assert stat.S_IMODE(index.stat().st_mode) == 0o644
        if os.geteuid() == 0:  # as root (the README's test command installs packages), ask another user
            proc = subprocess.run(
                ["runuser", "-u", "nobody", "--", "cat", str(index)], capture_output=True, check=False
            )
            assert proc.returncode == 0, proc.stderr
            assert proc.stdout == index.read_bytes()
    finally:
        os.umask(previous)
        shutil.rmtree(shared)


def test_the_readme_gives_the_page_count_the_build_writes(site):
    """The README's figures of the shipped build (the build bench's row, the audit summary) are its own."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = sum(1 for _ in site.rglob("*.html"))
    bench = re.search(r"`python bench/build_speed.py` \|[^|]*\| ([0-9,]+) pages\b", readme)
    audited = re.search(r"html-validate: 0 errors in ([0-9,]+) files", readme)
    assert bench and audited
    assert [int(bench[1].replace(",", "")), int(audited[1].replace(",", ""))] == [pages, pages]
