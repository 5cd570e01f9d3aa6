"""How many responses per second the Python engine scores, on one core.

Goal: 100,000 responses in under 5 s. Run: python bench/scoring.py [N]   (CENTRICITY_BENCH=tiny: N = 200)

The baseline, timed on the same answer sets: each answer's option score looked up and added up, the least
any scoring does; the ratio says how many times that a full Result (scores, levels, myths with their
evidence, plan) costs.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import Questionnaire, load_questionnaire
from centricity.quality.sampler import answers

ROOT = Path(__file__).resolve().parent.parent
TINY = os.environ.get("CENTRICITY_BENCH") == "tiny"  # tests/test_bench.py runs every bench this small


def baseline(q: Questionnaire, sets: list[Answers]) -> float:
    """CPU seconds to look up and add every answer's option score."""
    scores = {x.id: [o.score for o in x.options] for x in q.questions}
    start = time.process_time()
    for a in sets:
        total = 0.0
        for qid, choice in a.choices.items():
            if choice is not None and choice < len(scores[qid]):
                total += scores[qid][choice]
    return time.process_time() - start


def main(n: int) -> None:
    q = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")
    rng = random.Random(1)
    sets = [answers(q, rng) for _ in range(n)]
    # CPU time of this process: the figure for one core, whatever else the machine is running.
    start = time.process_time()
    for a in sets:
        score(q, a)
    seconds = time.process_time() - start
    bare = baseline(q, sets)
    print(
        f"scored {n:,} responses in {seconds:.2f} s: {n / seconds:,.0f} responses/s "
        f"({'meets' if seconds * 100_000 / n < 5 else 'misses'} the goal of 100,000 in 5 s)"
    )
    ratio = seconds / max(bare, 1e-6)  # a tiny run can take less than the clock's step
    print(f"baseline (add up each answer's option score): {bare:.2f} s; ratio {ratio:.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200 if TINY else 100_000)
