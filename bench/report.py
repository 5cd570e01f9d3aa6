"""Time the command-line team report on 100,000 responses (goal: under 10 s of wall time).

Writes 100,000 response codes (the shipped questionnaire, random answers, six teams) the way a consultant
would hand them over within the published limits: a folder of .txt files, each under `MAX_LIST_BYTES`
(16 MiB). The codes are short codes (format 2), what result links hold and respondents paste; `--format 1`
writes the same responses in the long form. Then runs `python build.py report <folder> --out report.html
--csv summary.csv` as a separate process and prints its wall time and CPU time; the report's progress
lines show on stderr.

The baseline, timed in the same run: the same files read and split into lines (UTF-8 decoding, line breaks,
blank lines dropped), without decoding a single code, i.e. the least any reader of these files must do.
The ratio says how many times that the whole report costs. The machine is shared: the load average is
printed beside the figures.

    python bench/report.py [--n 100000] [--format 2] [--files N]   (CENTRICITY_BENCH=tiny: --n 200)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from centricity.core import limits
from centricity.engine import codec, shortlink
from centricity.engine.profiles import load_site
from centricity.model.questionnaire import Questionnaire
from centricity.quality.sampler import SURVEY, response

ROOT = Path(__file__).resolve().parent.parent
SEED = 5
TEAMS = ("sales", "service", "it", "marketing", "operations", "")
_LINES = re.compile(r"\r\n|\r|\n")


def codes(q: Questionnaire, n: int, form: int) -> list[str]:
    """`n` codes of one survey, labelled R0, R1, ..., each from a team drawn from TEAMS (as
    sampler.team_codes draws them), written in format 1 or 2."""
    rng = random.Random(SEED)
    responses = [
        response(q, rng, SURVEY, label=f"R{i}", survey="bench", team=rng.choice(TEAMS)) for i in range(n)
    ]
    return [shortlink.encode(q, r) if form == 2 else codec.encode(r) for r in responses]


def write_lists(folder: Path, lines: list[str], files: int) -> list[Path]:
    """The codes split evenly over `files` .txt files; refuses to write one over the published limit."""
    folder.mkdir()
    paths = []
    per = -(-len(lines) // files)
    for i in range(files):
        path = folder / f"codes-{i + 1:02d}.txt"
        data = ("\n".join(lines[i * per : (i + 1) * per]) + "\n").encode("utf-8")
        if len(data) > limits.MAX_LIST_BYTES:
            raise SystemExit(f"{path.name} would hold {len(data):,} bytes (limit {limits.MAX_LIST_BYTES:,})")
        path.write_bytes(data)
        paths.append(path)
    return paths


def baseline(paths: list[Path]) -> tuple[float, int]:
    """Seconds (CPU) to read and split the files into non-blank lines, and how many lines."""
    start = time.process_time()
    found = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        found += sum(1 for line in _LINES.split(text) if line.strip(limits.WHITESPACE))
    return time.process_time() - start, found


def run_report(folder: Path, tmp: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds of the child, exit status and HTML bytes of one report run."""
    out = tmp / "report.html"
    command = [sys.executable, str(ROOT / "build.py"), "report", str(folder), "--out", str(out)]
    command += ["--csv", str(tmp / "summary.csv"), "--questions", str(ROOT / "questions")]
    command += ["--content", str(ROOT / "content")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, out.stat().st_size if out.exists() else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200 if os.environ.get("CENTRICITY_BENCH") == "tiny" else 100_000)
    ap.add_argument("--format", type=int, choices=(1, 2), default=2, help="code format (2: short codes)")
    ap.add_argument(
        "--files", type=int, default=0, help=".txt files to write (default: enough for the limit)"
    )
    args = ap.parse_args()
    q = load_site(ROOT / "questions", ROOT / "content").primary
    lines = codes(q, args.n, args.format)
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    files = args.files or -(-size // (limits.MAX_LIST_BYTES * 3 // 4))  # a quarter of headroom per file
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        paths = write_lists(tmp / "codes", lines, files)
        base, found = baseline(paths)
        wall, cpu, status, html = run_report(tmp / "codes", tmp)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.n:,} responses as format-{args.format} codes in {files} .txt files ({size:,} bytes)")
    print(f"load average {load} on {os.cpu_count()} cores: wall time depends on it, CPU time much less")
    print(f"baseline (read and split {found:,} lines, no decoding): {base:.2f} s CPU")
    print(f"report: {wall:.2f} s wall, {cpu:.2f} s CPU (exit {status}, {html:,} bytes of HTML)")
    goal = "met" if wall < 10 else "missed"
    print(f"ratio report CPU / baseline: {cpu / max(base, 1e-6):.0f}x; goal of under 10 s wall: {goal}")
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
