"""How many responses per second the Python engine scores, on one core.

Goal: 100,000 responses in under 5 s. Run: python bench/scoring.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from centricity.engine.scoring import score
from centricity.model.questionnaire import load_questionnaire
from centricity.quality.sampler import answers

ROOT = Path(__file__).resolve().parent.parent


def main(n: int) -> None:
    q = load_questionnaire(ROOT / "questions" / "customer-centricity.yaml")
    rng = random.Random(1)
    sets = [answers(q, rng) for _ in range(n)]
    # CPU time of this process: the figure for one core, whatever else the machine is running.
    start = time.process_time()
    for a in sets:
        score(q, a)
    seconds = time.process_time() - start
    print(
        f"scored {n:,} responses in {seconds:.2f} s: {n / seconds:,.0f} responses/s "
        f"({'meets' if seconds * 100_000 / n < 5 else 'misses'} the goal of 100,000 in 5 s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
