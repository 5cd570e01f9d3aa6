"""Time the browser team view on 5,000 responses (goal: under one second in Chromium).

Builds the shipped site into a temporary folder, serves it on 127.0.0.1, opens the team view in headless
Chromium (Debian's /usr/bin/chromium, through Playwright) and loads 5,000 responses three ways: codes pasted
into the text box, one .txt file of codes, and 5,000 .json response files through the file input. Prints the
time the page took from the click (or the file choice) to the rendered figures, as measured inside the page.

    python bench/team_view.py [--n 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from centricity.engine import codec as resp
from centricity.engine.profiles import load_site
from centricity.engine.scoring import Answers
from centricity.quality.audit import CHROMIUM, CHROMIUM_ARGS
from centricity.web.freeze import build

ROOT = Path(__file__).resolve().parent.parent

ARGS = CHROMIUM_ARGS
TEAMS = ["sales", "service", "it", "marketing", "operations", ""]


def make_codes(q, n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    codes = []
    for i in range(n):
        choices = {}
        for x in q.questions:
            roll = rng.random()
            if roll < 0.05:
                continue
            choices[x.id] = None if roll < 0.12 and x.dont_know else rng.randrange(len(x.options))
        context = {c.id: rng.choice(c.options).id for c in q.context if rng.random() < 0.8}
        felt = rng.choice([None, *range(11)])
        answers = Answers(choices, context, felt, {})
        codes.append(
            resp.encode(
                resp.Response(
                    q.id,
                    q.version,
                    answers,
                    label=f"R{i}",
                    survey="bench",
                    team=rng.choice(TEAMS),
                    created="2026-11-23",
                )
            )
        )
    return codes


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    catalog = load_site(ROOT / "questions", ROOT / "content")
    q = catalog.primary
    codes = make_codes(q, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(ROOT / "questions", ROOT / "content", None, site)
        listing = Path(tmp) / "codes.txt"
        listing.write_text("\n".join(codes) + "\n", encoding="utf-8")
        files = Path(tmp) / "files"
        files.mkdir()
        paths = []
        for i, code in enumerate(codes):
            paths.append(files / f"response-{i:05}.json")
            paths[-1].write_text(json.dumps(resp.to_json(q, resp.decode(q, code))), encoding="utf-8")
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/en/team/{q.id}/"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                for run in range(1, args.runs + 1):
                    page.goto(url)
                    # As a paste does: Playwright's fill() types far too slowly for a megabyte of codes.
                    page.eval_on_selector("[data-team-codes]", "(e, v) => { e.value = v; }", "\n".join(codes))
                    wall = time.perf_counter()
                    page.click("[data-team-add]")
                    page.wait_for_selector(f"[data-team-status][data-loaded='{args.n}']")
                    wall = time.perf_counter() - wall
                    pasted = float(page.get_attribute("[data-team-status]", "data-ms"))
                    page.goto(url)
                    page.set_input_files("[data-team-files]", str(listing))
                    page.wait_for_selector(f"[data-team-status][data-loaded='{args.n}']")
                    filed = float(page.get_attribute("[data-team-status]", "data-ms"))
                    page.goto(url)
                    page.set_input_files("[data-team-files]", [str(p) for p in paths])
                    page.wait_for_selector(f"[data-team-status][data-loaded='{args.n}']", timeout=120_000)
                    jsons = float(page.get_attribute("[data-team-status]", "data-ms"))
                    print(
                        f"run {run}: {args.n} responses pasted: {pasted / 1000:.3f} s in the page "
                        f"({wall:.3f} s with the driver); one .txt file: {filed / 1000:.3f} s; "
                        f"{args.n} .json files: {jsons / 1000:.3f} s"
                    )
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
