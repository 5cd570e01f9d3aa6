"""Lighthouse (`--lighthouse`): mobile defaults, 3 runs on the home, assessment and (filled) result pages of
every language, served at the root of their origin: median performance >= 95; accessibility, best practices
and SEO 100 in every run (performance wobbles on a shared 2-core machine; the others do not).

Its robots-txt audit is skipped: Lighthouse fetches /robots.txt from inside the page, which the site's CSP
(connect-src 'none': nothing is sent from a page) forbids, so it always reports "unable to download"
(GoogleChrome/lighthouse#4386). validators.validate_robots() checks the file instead.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from centricity.model.catalog import Catalog
from centricity.quality.chromium import CHROMIUM, CHROMIUM_ARGS
from centricity.quality.pages import SEED
from centricity.quality.sampler import response_code
from centricity.quality.tools import Tools

LIGHTHOUSE_RUNS = 3
LIGHTHOUSE_MIN_PERFORMANCE = 95
LIGHTHOUSE_SKIP = ("robots-txt",)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

Log = Callable[[str], None]


@dataclass
class Scores:
    """One page's scores over its runs, the audits that cost points, and the runs that failed."""

    runs: dict[str, list[int]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    below: set[str] = field(default_factory=set)  # "category:audit-id" of weighted audits under 1
    errors: list[str] = field(default_factory=list)

    def add(self, report: dict) -> None:
        for c in CATEGORIES:
            category = report["categories"][c]
            self.runs[c].append(round((category["score"] or 0) * 100))
            if c != "performance":
                self.below |= {
                    f"{c}:{r['id']}"
                    for r in category["auditRefs"]
                    if r.get("weight") and (report["audits"][r["id"]].get("score") or 0) < 1
                }

    def failures(self, name: str) -> list[str]:
        perf = statistics.median(self.runs["performance"])
        out = []
        if perf < LIGHTHOUSE_MIN_PERFORMANCE:
            out.append(
                f"lighthouse {name}: performance median {perf:.0f} < "
                f"{LIGHTHOUSE_MIN_PERFORMANCE} (runs {self.runs['performance']})"
            )
        for c in CATEGORIES[1:]:
            if min(self.runs[c]) < 100:
                failing = sorted(b.split(":", 1)[1] for b in self.below if b.startswith(c + ":"))
                why = ", ".join(failing) or "?"
                out.append(f"lighthouse {name}: {c} {self.runs[c]}, must be 100 (failing: {why})")
        return out

    def row(self, name: str, width: int) -> str:
        perf = statistics.median(self.runs["performance"])
        low = {c: min(self.runs[c]) for c in CATEGORIES[1:]}
        return (
            f"{name:<{width}} {perf:>5.0f} {self.runs['performance']!s:>12} {low['accessibility']:>5} "
            f"{low['best-practices']:>5} {low['seo']:>5}"
        )


def _run_once(tools: Tools, url: str, out: Path) -> dict | str:
    """One Lighthouse run: its JSON report, or the last line it printed when it failed."""
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    cmd = [
        "node",
        str(tools.bin("lighthouse", "lighthouse")),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--skip-audits={','.join(LIGHTHOUSE_SKIP)}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tools.root, check=False)
    if proc.returncode or not out.is_file():
        return (proc.stderr.strip().splitlines() or ["no report"])[-1]
    report = json.loads(out.read_text())
    out.unlink()
    return report


def lighthouse(
    tools: Tools, urls: dict[str, str], runs: int = LIGHTHOUSE_RUNS, log: Log = print
) -> list[str]:
    """Run Lighthouse `runs` times per URL (mobile defaults); print the scores; return the failures."""
    failures = []
    width = max(len(n) for n in urls) + 1
    log("")
    log(f"Lighthouse (mobile defaults), {runs} runs per page; performance: median [runs]; others: lowest run")
    log(f"{'page':<{width}} {'performance':>18} {'a11y':>5} {'bp':>5} {'seo':>5}")
    with tempfile.TemporaryDirectory(prefix="centricity-lh-") as tmp:
        for name, url in urls.items():
            scores = Scores()
            for i in range(runs):
                found = _run_once(tools, url, Path(tmp) / f"lh-{i}.json")
                if isinstance(found, str):
                    scores.errors.append(found)
                else:
                    scores.add(found)
            if scores.errors:
                failures.append(
                    f"lighthouse {name}: {len(scores.errors)} run(s) failed: {scores.errors[0][:200]}"
                )
                continue
            log(scores.row(name, width))
            failures += scores.failures(name)
    return failures


def lighthouse_urls(base: str, catalog: Catalog) -> dict[str, str]:
    """Home, assessment and a filled result of the primary questionnaire, in each of its languages."""
    urls = {}
    q = catalog.primary
    code, _ = response_code(q, random.Random(SEED), label="Audit")
    for lang in catalog.languages:
        if lang not in q.languages:
            continue
        urls[f"{lang}/"] = f"{base}{lang}/index.html"
        urls[f"{lang}/assessment/{q.id}/"] = f"{base}{lang}/assessment/{q.id}/index.html"
        urls[f"{lang}/result/{q.id}/ (filled)"] = f"{base}{lang}/result/{q.id}/index.html#{code}"
    return urls
