"""Freeze the app into static files, atomically: a failed build leaves the previous one untouched."""

from __future__ import annotations

import secrets
import shutil
import time
import warnings
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from flask_frozen import Freezer, MissingURLGeneratorWarning

from centricity.core.errors import CentricityError
from centricity.core.registry import PAGE_KINDS
from centricity.engine.profiles import load_site
from centricity.model.catalog import Catalog
from centricity.model.config import url_problem
from centricity.web.app import create_app
from centricity.web.preview import KINDS


@dataclass(frozen=True)
class BuildReport:
    out: Path
    pages: int
    files: int
    seconds: float
    zip: Path | None

    def __str__(self) -> str:
        z = f", zip {self.zip}" if self.zip else ""
        return f"built {self.pages} pages ({self.files} files) into {self.out} in {self.seconds:.2f} s{z}"


def page_urls(c: Catalog) -> list[tuple[str, dict]]:
    """Every page, as (endpoint, values) for Frozen-Flask and the sitemap, listed from the page registry."""
    families = {
        "myth": c.myth_ids(),
        "dimension": c.dimension_ids(),
        "level": c.level_ids(),
        "profile": list(c.profile_sources),
    }
    urls: list[tuple[str, dict]] = [("site.root", {})]
    for lang in c.languages:
        items = {**families, "page": c.page_slugs(lang)}
        for kind in PAGE_KINDS:
            endpoint = f"site.{kind.name}"
            if kind.per == "language":
                urls.append((endpoint, {"lang": lang}))
            elif kind.per == "questionnaire":
                urls += [(endpoint, {"lang": lang, "qid": qid}) for qid in c.questionnaires]
            else:
                urls += [(endpoint, {"lang": lang, "slug": slug}) for slug in items[kind.per]]
    return urls


def freeze_catalog(c: Catalog, dest: Path, offline_zip: str = "") -> int:
    """`offline_zip`: the name of the zip `build` publishes in download/, which the instructors page links."""
    app = create_app(c, freezing=True)
    app.config.update(
        FREEZER_DESTINATION=str(dest),
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_REMOVE_EXTRA_FILES=False,
        OFFLINE_ZIP=offline_zip,
    )
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=True)

    @freezer.register_generator
    def pages():
        yield from page_urls(c)
        yield "site.not_found_page", {}
        yield "site.stylesheet", {}
        yield "site.robots", {}
        if c.config.base_url:
            yield "site.sitemap", {}
        for lang in c.languages:
            for kind in KINDS:
                yield "site.preview", {"lang": lang, "kind": kind}

    with warnings.catch_warnings():
        # page_urls lists every page; endpoints with nothing to freeze (no logo, no profiles) are expected.
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        freezer.freeze()
    return sum(1 for _ in dest.rglob("*.html"))


def build(
    questions: Path,
    content: Path,
    config: Path | None,
    out: Path,
    *,
    make_zip: bool = False,
    base_url: str = "",
) -> BuildReport:
    start = time.perf_counter()
    catalog = load_site(questions, content, config)
    if base_url:
        problem = url_problem(base_url)
        if problem:
            raise CentricityError(f"--base-url {base_url[:80]!r}: {problem}")
        catalog.config = replace(catalog.config, base_url=base_url)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_folder(out.parent, f".{out.name}.")
    try:
        pages = freeze_catalog(catalog, tmp, f"{out.name}.zip" if make_zip else "")
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, CentricityError):
            raise
        raise CentricityError(f"build failed, {out} left as it was: {exc}") from exc
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    zip_path = write_zip(out) if make_zip else None
    if zip_path:
        (out / "download").mkdir()
        shutil.copyfile(zip_path, out / "download" / zip_path.name)
    return BuildReport(out, pages, files, time.perf_counter() - start, zip_path)


def _new_folder(parent: Path, prefix: str) -> Path:
    """An empty folder beside the output, with the permissions the user's umask gives: it becomes the output,
    which a web server running as another user must read (tempfile.mkdtemp's are always 0700)."""
    while True:
        path = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path


def write_zip(site: Path) -> Path:
    """A zip whose single top folder opens from disk: start at <folder>/index.html."""
    target = site.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, Path(site.name) / path.relative_to(site))
    return target
