"""The quality gates: `python build.py audit [SITE]` opens every page of a frozen site in headless Chromium.

The site (built into a temporary folder unless SITE is given) is served on 127.0.0.1 under a sub-path, so a
root-relative URL shows up as a broken link. Every HTML page is opened, the result, team and survey pages
also in a filled state (pages.py), and checked: accessibility, links and privacy (checks.py), keyboard use
(keyboard.py), page weight (weight.py); HTML, CSS and robots.txt are validated as files (validators.py).
Scripts errors and failed requests of a page count against it (session.py); `--lighthouse` adds Lighthouse
(lighthouse.py). The table, failures and summary are printed by table.py; the exit code is 1 on any failure.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from centricity.core.errors import CentricityError
from centricity.model.catalog import Catalog
from centricity.quality.chromium import require_playwright
from centricity.quality.files import SiteFiles
from centricity.quality.lighthouse import LIGHTHOUSE_RUNS, lighthouse, lighthouse_urls
from centricity.quality.pages import PageReport, Target, targets
from centricity.quality.serving import Server
from centricity.quality.session import Session, in_thread, run_pages
from centricity.quality.table import Findings, print_runs, print_summary, print_table
from centricity.quality.tools import Tools, find_tools
from centricity.quality.validators import validate_css, validate_html, validate_robots

DEFAULT_WORKERS = 2  # two cores: more browser contexts at once only queue

Log = Callable[[str], None]


@dataclass(frozen=True)
class AuditOptions:
    """The `audit` command's arguments, typed (see cli.py): the inputs, and what to audit how."""

    questions: Path
    content: Path
    config: Path | None = None
    site: Path | None = None  # a built site; None: build one into a temporary folder
    lighthouse: bool = False
    only: tuple[str, ...] | None = None  # page names or prefixes to open in the browser


def _workers(workers: int | None) -> int:
    return workers or int(os.environ.get("CENTRICITY_AUDIT_WORKERS", "0")) or DEFAULT_WORKERS


def _checked_site(site: Path) -> Path:
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise CentricityError(f"{site} is not a built site (no index.html)")
    return site


def _browse(
    site: Path,
    catalog: Catalog | None,
    tools: Tools | None,
    workers: int,
    pages: list[Target],
    keyboard: bool,
) -> Session:
    """Open the page states in Chromium (without `tools`: weigh them only); the session has the findings."""
    files = SiteFiles(site)
    with Server(site, files.prefix) as server:
        axe = tools.axe.read_text(encoding="utf-8") if tools else ""
        session = Session(files, catalog, server.origin, axe, workers)
        in_thread(run_pages(session, pages, keyboard))
    return session


def find(site: Path, catalog: Catalog, tools: Tools, workers: int, only: Iterable[str] | None) -> Findings:
    """Validate the files, then open every page state (those of `only`) and complete the forms by keyboard."""
    html = validate_html(tools, site)
    css = validate_css(tools, site)
    robots = validate_robots(site)
    session = _browse(site, catalog, tools, workers, targets(site, catalog, only), keyboard=True)
    return Findings(
        session.reports,
        html,
        css,
        robots,
        html_files=len(list(site.rglob("*.html"))),
        workers=workers,
        keyboard=session.problems,
        completed=session.completed,
    )


def audit_site(
    site: Path,
    catalog: Catalog,
    *,
    lighthouse_runs: int = 0,
    workers: int | None = None,
    only: Iterable[str] | None = None,
    log: Log = print,
) -> int:
    """Audit a frozen site; print the table, the failures and a summary; return the exit code (0 or 1).

    `only` restricts the pages opened in the browser (names or name prefixes, as in the table); HTML, CSS
    and the keyboard runs of the assessment pages among them are still checked.
    """
    start = time.perf_counter()
    tools = find_tools()
    site = _checked_site(site)
    found = find(site, catalog, tools, _workers(workers), only)
    if lighthouse_runs:
        # At the root of its origin, as a host serves it: Lighthouse's SEO audit reads /robots.txt.
        with Server(site) as server:
            found.lighthouse = lighthouse(
                tools, lighthouse_urls(server.base, catalog), lighthouse_runs, log=log
            )
    failures = found.failures()
    log("")
    print_table(found.reports, log)
    log("")
    print_runs(found, failures, log)
    print_summary(found, failures, time.perf_counter() - start, log)
    return 1 if failures else 0


def measure_weights(site: Path, catalog: Catalog, workers: int = DEFAULT_WORKERS) -> list[PageReport]:
    """Raw and gzip bytes and requests of every page state, as loaded by Chromium (no other checks)."""
    site = site.resolve()
    session = _browse(site, catalog, None, workers, targets(site, catalog), keyboard=False)
    return sorted(session.reports, key=lambda r: r.name)


def run_audit(options: AuditOptions) -> int:
    """The `audit` command: check what it needs, build the site unless given one, audit it."""
    from centricity.engine.profiles import load_site
    from centricity.web.freeze import build

    require_playwright()
    find_tools()  # before a build: a missing npm install is said at once
    catalog = load_site(options.questions, options.content, options.config)
    runs = LIGHTHOUSE_RUNS if options.lighthouse else 0
    if options.site is not None:
        return audit_site(options.site, catalog, lighthouse_runs=runs, only=options.only)
    with tempfile.TemporaryDirectory(prefix="centricity-audit-") as tmp:
        report = build(options.questions, options.content, options.config, Path(tmp) / "build")
        print(report, file=sys.stderr)
        return audit_site(report.out, catalog, lighthouse_runs=runs, only=options.only)
