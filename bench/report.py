"""Time the command-line team report on 100,000 responses (goal: under 10 s).

Writes 100,000 response codes (the shipped questionnaire, random answers, six teams) into a .txt file in a
temporary folder, then runs `python build.py report codes.txt --out report.html --csv summary.csv` as a
separate process and prints the wall time; the report's progress lines show on stderr.

    python bench/report.py [--n 100000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from centricity.engine.profiles import load_site
from centricity.quality.sampler import team_codes

ROOT = Path(__file__).resolve().parent.parent
SEED = 5
TEAMS = ("sales", "service", "it", "marketing", "operations", "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args()
    q = load_site(ROOT / "questions", ROOT / "content").primary
    with tempfile.TemporaryDirectory() as tmp:
        codes = Path(tmp) / "codes.txt"
        lines = team_codes(q, args.n, random.Random(SEED), TEAMS, survey="bench")
        codes.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = Path(tmp) / "report.html"
        start = time.perf_counter()
        command = [
            sys.executable,
            str(ROOT / "build.py"),
            "report",
            str(codes),
            "--out",
            str(out),
            "--csv",
            str(Path(tmp) / "summary.csv"),
            "--questions",
            str(ROOT / "questions"),
            "--content",
            str(ROOT / "content"),
        ]
        proc = subprocess.run(command, check=False)
        seconds = time.perf_counter() - start
        size = out.stat().st_size if out.exists() else 0
    print(f"{args.n:,} responses: report in {seconds:.2f} s (exit {proc.returncode}, {size:,} bytes of HTML)")
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
