"""Time the browser team view on 5,000 responses (goal: under one second in Chromium).

Builds the shipped site into a temporary folder, serves it on 127.0.0.1, opens the team view in headless
Chromium (Debian's /usr/bin/chromium, through Playwright) and loads 5,000 responses three ways: codes pasted
into the text box, one .txt file of codes, and 5,000 .json response files through the file input. Prints the
time the page took from the click (or the file choice) to the rendered figures, as measured inside the page.

    python bench/team_view.py [--n 5000] [--runs 3]   (CENTRICITY_BENCH=tiny: --n 50 --runs 1)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from centricity.engine import codec
from centricity.engine.profiles import load_site
from centricity.quality.chromium import launch_options
from centricity.quality.sampler import team_codes
from centricity.quality.serving import Server
from centricity.web.freeze import build

ROOT = Path(__file__).resolve().parent.parent
SEED = 5
TEAMS = ("sales", "service", "it", "marketing", "operations", "")


def write_inputs(folder: Path, q, codes: list[str]) -> tuple[Path, list[Path]]:
    """The codes as one .txt file, and as one .json response file each."""
    listing = folder / "codes.txt"
    listing.write_text("\n".join(codes) + "\n", encoding="utf-8")
    files = folder / "files"
    files.mkdir()
    paths = []
    for i, code in enumerate(codes):
        paths.append(files / f"response-{i:05}.json")
        paths[-1].write_text(json.dumps(codec.to_json(q, codec.decode(q, code))), encoding="utf-8")
    return listing, paths


def loaded_ms(page, n: int, timeout: int = 30_000) -> float:
    """Wait for the team view to report `n` responses loaded; the time it measured inside the page."""
    page.wait_for_selector(f"[data-team-status][data-loaded='{n}']", timeout=timeout)
    return float(page.get_attribute("[data-team-status]", "data-ms"))


def one_run(page, url: str, codes: list[str], listing: Path, paths: list[Path]) -> str:
    n = len(codes)
    page.goto(url)
    # As a paste does: Playwright's fill() types far too slowly for a megabyte of codes.
    page.eval_on_selector("[data-team-codes]", "(e, v) => { e.value = v; }", "\n".join(codes))
    wall = time.perf_counter()
    page.click("[data-team-add]")
    pasted = loaded_ms(page, n)
    wall = time.perf_counter() - wall
    page.goto(url)
    page.set_input_files("[data-team-files]", str(listing))
    filed = loaded_ms(page, n)
    page.goto(url)
    page.set_input_files("[data-team-files]", [str(p) for p in paths])
    jsons = loaded_ms(page, n, timeout=120_000)
    return (
        f"{n} responses pasted: {pasted / 1000:.3f} s in the page ({wall:.3f} s with the driver); "
        f"one .txt file: {filed / 1000:.3f} s; {n} .json files: {jsons / 1000:.3f} s"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    tiny = os.environ.get("CENTRICITY_BENCH") == "tiny"
    ap.add_argument("--n", type=int, default=50 if tiny else 5000)
    ap.add_argument("--runs", type=int, default=1 if tiny else 3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    q = load_site(ROOT / "questions", ROOT / "content").primary
    codes = team_codes(q, args.n, random.Random(SEED), TEAMS, survey="bench")
    with tempfile.TemporaryDirectory() as tmp:
        site = build(ROOT / "questions", ROOT / "content", None, Path(tmp) / "site").out
        listing, paths = write_inputs(Path(tmp), q, codes)
        with Server(site) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            page = browser.new_page()
            for run in range(1, args.runs + 1):
                print(f"run {run}: {one_run(page, f'{server.base}en/team/{q.id}/', codes, listing, paths)}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
