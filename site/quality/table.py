"""What the audit prints: one row per page state, the keyboard runs, every failure named by page and check,
and a summary. `Findings` holds everything found, so the failures and the exit code come from one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from centricity.quality.pages import PageReport, page_name
from centricity.quality.weight import (
    BUDGET_ASSESSMENT_GZIP,
    BUDGET_ASSESSMENT_REQUESTS,
    BUDGET_PAGE_GZIP,
    BUDGET_RESULT_GZIP,
    BUDGET_TEAM_GZIP,
    KB,
    RESULT_KINDS,
)

CHECKS = ("axe", "html", "links", "privacy", "keys", "js", "weight")  # the order failures are listed in

Log = Callable[[str], None]


@dataclass
class Findings:
    """Everything one audit found: per page state, per file check, and the runs beside the pages."""

    reports: list[PageReport]
    html: dict[str, list[str]]  # html-validate errors by file relative to the site
    css: list[str]
    robots: list[str]
    html_files: int
    workers: int
    keyboard: list[str] = field(default_factory=list)  # problems of the keyboard runs
    completed: list[str] = field(default_factory=list)  # the keyboard runs that completed
    lighthouse: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """html-validate checks files: their errors go on the row of the page as shipped, not a filled one."""
        for rep in self.reports:
            if not rep.state:
                for problem in self.html.get(rep.file, []):
                    rep.add("html", problem)
        self.reports.sort(key=lambda r: r.name)

    @property
    def audited(self) -> set[str]:
        return {r.file for r in self.reports}

    def failures(self) -> list[str]:
        out = [
            f"{r.name}: {check}: {p}"
            for r in self.reports
            for check in CHECKS
            for p in r.problems.get(check, [])
        ]
        audited = self.audited
        out += [
            f"{page_name(rel)}: html: {p}"
            for rel, ps in sorted(self.html.items())
            if rel not in audited
            for p in ps
        ]
        out += [f"keyboard: {p}" for p in self.keyboard]
        out += [f"css: {p}" for p in self.css] + self.robots
        return out + self.lighthouse

    def total(self, check: str) -> int:
        return sum(r.count(check) for r in self.reports)


def _cell(rep: PageReport, check: str) -> str:
    n = rep.count(check)
    return "ok" if n == 0 else f"{n} ✗"


def print_table(reports: list[PageReport], log: Log = print) -> None:
    width = max([len(r.name) for r in reports] + [4]) + 1
    head = (
        f"{'page':<{width}} {'axe':>5} {'html':>5} {'links':>7} {'privacy':>7} {'keys':>5} {'js':>5} "
        f"{'KB raw':>7} {'KB gzip':>8} {'req':>4}"
    )
    log(head)
    log("-" * len(head))
    for r in reports:
        links = _cell(r, "links") if r.count("links") else f"{r.links} ok"
        gz = f"{r.gzip / KB:.1f}" + (" ✗" if r.count("weight") else "  ")
        cells = " ".join(f"{_cell(r, c):>{w}}" for c, w in (("axe", 5), ("html", 5)))
        more = " ".join(f"{_cell(r, c):>{w}}" for c, w in (("privacy", 7), ("keys", 5), ("js", 5)))
        log(f"{r.name:<{width}} {cells} {links:>7} {more} {r.raw / KB:>7.1f} {gz:>8} {r.requests:>4}")


def print_runs(found: Findings, failures: list[str], log: Log = print) -> None:
    """The keyboard runs that completed, then every failure."""
    if found.completed:
        log("Keyboard only (Tab, arrows, Space, Enter):")
        for line in sorted(found.completed):
            log(f"  {line}")
    if failures:
        log(f"FAILURES ({len(failures)}):")
        for f in failures:
            log(f"  FAIL {f}")


def _weight_lines(reports: list[PageReport]) -> list[str]:
    if not reports:
        return []
    lines = []
    assess = [r for r in reports if r.kind == "assessment"]
    if assess:
        worst = max(assess, key=lambda r: r.gzip)
        lines.append(
            f"  weight: assessment at most {worst.gzip / KB:.1f} KB gzip ({worst.raw / KB:.1f} KB raw) "
            f"in {max(r.requests for r in assess)} requests (budget {BUDGET_ASSESSMENT_GZIP // KB} KB, "
            f"{BUDGET_ASSESSMENT_REQUESTS})"
        )
    team = [r for r in reports if r.kind == "team"]
    if team:
        worst = max(team, key=lambda r: r.gzip)
        budget = BUDGET_TEAM_GZIP // KB
        lines.append(f"  weight: team view at most {worst.gzip / KB:.1f} KB gzip (budget {budget} KB)")
    results = [r for r in reports if r.kind in RESULT_KINDS]
    if results:
        worst = max(results, key=lambda r: r.gzip)
        budget = BUDGET_RESULT_GZIP // KB
        lines.append(f"  weight: result pages at most {worst.gzip / KB:.1f} KB gzip (budget {budget} KB)")
    others = (r for r in reports if r.kind != "team" and r.kind not in RESULT_KINDS)
    heaviest = max(others, key=lambda r: r.gzip, default=None)
    if heaviest:
        lines.append(
            f"  weight: heaviest other page {heaviest.name} {heaviest.gzip / KB:.1f} KB gzip "
            f"(budget {BUDGET_PAGE_GZIP // KB} KB; 1 KB = 1024 bytes)"
        )
    return lines


def print_summary(found: Findings, failures: list[str], seconds: float, log: Log = print) -> None:
    reports = found.reports
    log("")
    log("Summary")
    log(
        f"  pages: {len(found.audited)} HTML files opened, {len(reports)} page states (result, team and "
        f"survey also filled), served under a sub-path; {found.workers} browser workers"
    )
    log(
        f"  axe-core (WCAG 2.2 A/AA; light and dark; 320 and 1280 px): {found.total('axe')} violations "
        "(sideways scroll at 320 px counted too)"
    )
    log(
        f"  html-validate: {sum(len(v) for v in found.html.values())} errors in {found.html_files} "
        f"files; CSS: {len(found.css)} errors; robots.txt: {len(found.robots)} errors"
    )
    log(
        f"  links: {sum(r.links for r in reports)} internal links and assets checked, "
        f"{found.total('links')} broken"
    )
    privacy = found.total("privacy")
    log(f"  privacy: {privacy} problems (other origins, cookies, CSP, inline script, answers in a query)")
    log(
        f"  keyboard: {len(found.completed)} assessment runs completed by keyboard (1280 px and 200% zoom); "
        f"{found.total('keys') + len(found.keyboard)} focus problems"
    )
    for line in _weight_lines(reports):
        log(line)
    log(f"  time: {seconds:.1f} s")
    log(f"  {'PASS' if not failures else f'FAIL: {len(failures)} problem(s)'}")
