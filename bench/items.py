"""Time the item statistics on 100,000 responses (goal: under 2 s).

Makes 100,000 coherent responses of the shipped questionnaire (answers that follow each respondent's
maturity per dimension, with skipped, "don't know" and "does not apply" answers, and some straight lines),
prepares them as the report does (`prepare_coded`: scored rows), then times `item_report` on them: the
answers matrix, careless respondents, every dimension's alpha, interval and item figures, the effect of
leaving the careless out. Best of three runs, in CPU time of this process (numpy's threads included): the
machine is shared, so wall time says more about the neighbours than about the code; it is printed beside.

The bare baseline, on the same rows: the answers read into a numpy matrix of option scores and one plain
`numpy.cov` per dimension (no missing answers handled, no item figures), the least any reliability figure
costs. The last line: `items: 100000 responses in X s, bare Y s`.

    python bench/items.py [--n 100000]   (CENTRICITY_BENCH=tiny: --n 200)
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

import numpy as np

from centricity.engine import codec
from centricity.engine.profiles import load_site
from centricity.model.questionnaire import Questionnaire
from centricity.quality.sampler import Mix, response
from centricity.team.items import item_report
from centricity.team.rows import Row, prepare_coded

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
MIX = Mix(skip=0.03, dont_know=0.08, not_applicable=0.1, noise=0.9, context=0.5, felt=0.9)
STRAIGHT = 0.02  # share of respondents who give one option to everything


def rows(q: Questionnaire, n: int) -> list[Row]:
    rng = random.Random(SEED)
    made = []
    for i in range(n):
        if rng.random() < STRAIGHT:
            choice = rng.randrange(5)
            answers = codec.Answers(
                {x.id: min(choice, len(x.options) - 1) for x in q.questions}, {}, None, {}
            )
            made.append(codec.Response(q.id, q.version, answers, f"S{i}"))
        else:
            made.append(response(q, rng, MIX, label=f"R{i}", team=rng.choice(("a", "b", "c"))))
    return prepare_coded(q, [(f"{i:08d}", r) for i, r in enumerate(made)])


def bare(q: Questionnaire, prepared: list[Row]) -> None:
    ids = [x.id for d in q.dimensions for x in q.questions_in(d.id)]
    raw = np.array([tuple(r.response.answers.choices.get(i, 0) for i in ids) for r in prepared], dtype=float)
    start = 0
    for d in q.dimensions:
        k = len(q.questions_in(d.id))
        np.cov(np.nan_to_num(raw[:, start : start + k]) * 25, rowvar=False)
        start += k


def best(run, repeat: int = 3) -> tuple[float, float]:
    """The least CPU time and the least wall time of `repeat` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200 if os.environ.get("CENTRICITY_BENCH") == "tiny" else 100_000)
    args = ap.parse_args()
    q = load_site(ROOT / "questions", ROOT / "content", None).questionnaires["customer-centricity"]
    t0 = time.perf_counter()
    prepared = rows(q, args.n)
    print(f"made and scored {args.n:,} responses in {time.perf_counter() - t0:.1f} s")
    report = item_report(q, prepared)
    print(f"careless: {report.careless:,}; questions: {sum(d.k for d in report.dimensions)}")
    for d in report.dimensions:
        print(f"  {d.id}: alpha {d.alpha:.3f} [{d.ci_low:.3f}, {d.ci_high:.3f}] on {d.n:,} respondents")
    (items, items_wall), (dropped, _) = (
        best(lambda: item_report(q, prepared)),
        best(lambda: item_report(q, prepared, drop_careless=True)),
    )
    base, base_wall = best(lambda: bare(q, prepared))
    print(f"wall time {items_wall:.2f} s, bare {base_wall:.2f} s, load average {os.getloadavg()[0]:.1f}")
    print(f"leaving the careless out: {dropped:.2f} s; ratio to bare {items / base:.1f}x")
    print(f"items: {args.n} responses in {items:.2f} s, bare {base:.2f} s")


if __name__ == "__main__":
    main()
