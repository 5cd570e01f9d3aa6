"""Page weight of a fresh build, per page type: raw and gzip bytes and request count, as Chromium loads them.

Builds the shipped site into a temporary folder, serves it on 127.0.0.1 and opens every page (the result,
team and survey pages also filled, as `python build.py audit` does) in headless Chromium; the weight of a
page is the page plus every same-origin file it requested (gzip at level 6, 1 KB = 1024 bytes). Prints, per
page type, the number of pages and the heaviest one, then the budgets.

    python bench/page_weight.py   (CENTRICITY_BENCH=tiny: the smaller examples/acme questionnaire and content)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from centricity.engine.profiles import load_site
from centricity.quality.audit import measure_weights
from centricity.quality.weight import (
    BUDGET_ASSESSMENT_GZIP,
    BUDGET_ASSESSMENT_REQUESTS,
    BUDGET_PAGE_GZIP,
    BUDGET_RESULT_GZIP,
    BUDGET_TEAM_GZIP,
    KB,
)
from centricity.web.freeze import build

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    start = time.perf_counter()
    site = ROOT / "examples" / "acme" if os.environ.get("CENTRICITY_BENCH") == "tiny" else ROOT
    catalog = load_site(site / "questions", site / "content")
    with tempfile.TemporaryDirectory(prefix="centricity-weight-") as tmp:
        report = build(site / "questions", site / "content", None, Path(tmp) / "build")
        pages = measure_weights(report.out, catalog)
    groups = defaultdict(list)
    for page in pages:
        groups[page.kind + (f" ({page.state})" if page.state else "")].append(page)
    print(f"{'page type':<20} {'pages':>5} {'raw B':>9} {'gzip B':>8} {'KB gzip':>8} {'req':>4}  heaviest")
    for kind, group in sorted(groups.items(), key=lambda kv: -max(p.gzip for p in kv[1])):
        top = max(group, key=lambda p: (p.gzip, p.requests))
        print(
            f"{kind:<20} {len(group):>5} {top.raw:>9,} {top.gzip:>8,} {top.gzip / KB:>8.1f} "
            f"{max(p.requests for p in group):>4}  {top.name}"
        )
    problems = [f"{p.name}: {x}" for p in pages for x in p.problems.get("weight", [])]
    print()
    print(
        f"budgets: assessment <= {BUDGET_ASSESSMENT_GZIP // KB} KB gzip in <= {BUDGET_ASSESSMENT_REQUESTS} "
        f"requests; team view <= {BUDGET_TEAM_GZIP // KB} KB; result pages <= {BUDGET_RESULT_GZIP // KB} KB; "
        f"any other page <= {BUDGET_PAGE_GZIP // KB} KB gzip (1 KB = {KB} bytes)"
    )
    for line in problems:
        print(f"OVER BUDGET {line}")
    print(f"{len(pages)} page states in {time.perf_counter() - start:.1f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
