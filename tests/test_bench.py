"""Every script in bench/ runs, at a tiny size (CENTRICITY_BENCH=tiny), so none rots unnoticed: the figures
themselves are for people (the README's), never asserted here; a bench that crashes or exits non-zero fails.
A bench added later is picked up by its file name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

BENCHES = sorted(p.name for p in (ROOT / "bench").glob("*.py") if not p.name.startswith("_"))
# These drive headless Chromium.
BROWSER = {"page_weight.py", "team_view.py"}


def test_every_bench_is_run_here():
    assert {"build_speed.py", "scoring.py", "report.py"} <= set(BENCHES)


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.browser) if n in BROWSER else n for n in BENCHES]
)
def test_the_bench_runs_at_a_tiny_size(name):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / name)],
        env={**os.environ, "CENTRICITY_BENCH": "tiny"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert proc.stdout.strip(), "a bench prints its figures"
