"""Does the instrument tell organizations apart? Myth flags on synthetic respondents, scored by the engine.

Three populations: uniform random answers (a floor: what noise alone produces); coherent organizations,
each with a latent maturity per dimension plus noise; and personas written for each myth and for its
absence. The targets of issue 12 are checked on the coherent population and the personas.

Run: python bench/instrument.py [N] [questions/x.yaml ...]   (N respondents per population, default 2,000;
CENTRICITY_BENCH=tiny: 50)
"""

from __future__ import annotations

import os
import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from centricity.engine.scoring import Answers, Result, score
from centricity.model.questionnaire import Question, Questionnaire, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
SEED = 12
DONT_KNOW_RATE = 0.05
NOT_APPLICABLE_RATE = 0.05
DIMENSION_SPREAD = 0.12
ANSWER_NOISE = 0.6
FELT_NOISE = 1.5
FELT_OPTIMISM = 0.5

# Targets from issue 12, checked on the coherent population.
FLAG_RANGE = (5.0, 35.0)
MAX_PER_LEVEL = 60.0
MAX_SHOWN = 2
MIN_NONE = 30.0


@dataclass(frozen=True)
class Persona:
    """An organization written by hand: one answer level for everything, then the answers that tell its story.

    `answers` maps question ids to option indexes, None for "don't know" or "na" for "not applicable";
    ids a questionnaire lacks are skipped, so one persona serves the full assessment and the quick check.
    """

    name: str
    myth: str
    holds: bool
    base: int
    answers: dict[str, int | str | None] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)
    felt: int | None = None


PERSONAS = (
    Persona(
        "generous start-up",
        "giving-everything",
        True,
        2,
        {"st14": 1, "st9": 1, "da6": 1},
        {"size": "small"},
        5,
    ),
    Persona(
        "public service with no concessions",
        "giving-everything",
        False,
        1,
        {"cu12": 3, "st14": "na", "st9": 0, "da6": "na"},
        {"size": "medium", "sector": "public"},
        3,
    ),
    Persona(
        "tools bought, nobody steering",
        "technical-solution",
        True,
        1,
        {"te1": 1, "te2": 2, "te5": 3, "te3": 0, "te12": 0, "te9": 0, "st16": 1},
        {"size": "medium"},
        5,
    ),
    Persona(
        "micro-firm with no CRM",
        "technical-solution",
        False,
        0,
        {"te1": 0, "te2": "na", "te3": "na", "te12": 1, "te9": "na", "st16": 0},
        {"size": "micro"},
        2,
    ),
    Persona(
        "trend follower that sees old know-how as outdated",
        "its-new",
        True,
        2,
        {"cu13": 0, "st15": 1},
        {"size": "large"},
        5,
    ),
    Persona(
        "customers never a topic",
        "its-new",
        False,
        1,
        {"cu13": 1, "st15": 0, "st13": 0},
        {"size": "small"},
        2,
    ),
    Persona(
        "data hoarder that messages everyone",
        "harassing-the-customer",
        True,
        2,
        {"da12": 1, "da13": 0, "da10": 0, "te11": 0, "da4": 1},
        {"size": "large"},
        6,
    ),
    Persona(
        "quiet micro-firm",
        "harassing-the-customer",
        False,
        1,
        {"da12": 0, "da13": "na", "da10": "na", "te11": "na", "da4": 0},
        {"size": "micro"},
        3,
    ),
    Persona(
        "large firm expecting quick wins",
        "its-easy",
        True,
        1,
        {"st15": 2, "st11": 0, "cu3": 0},
        {"size": "enterprise"},
        7,
    ),
    Persona(
        "small firm that knows it has far to go",
        "its-easy",
        False,
        1,
        {"st15": 3, "st11": 1},
        {"size": "small"},
        2,
    ),
)


_SKIP = object()


def _choice(question: Question, index: int | str | None) -> int | object | None:
    """An option index for the engine ("na" is the index after the last option), or _SKIP where the
    questionnaire cannot record that answer (a question without "not applicable" is left unanswered)."""
    if index == "na":
        return len(question.options) if _has_na(question) else _SKIP
    if index is None:
        return None if question.dont_know else _SKIP
    return max(0, min(len(question.options) - 1, index))


def _has_na(question: Question) -> bool:
    return bool(getattr(question, "not_applicable", None))


def persona_answers(q: Questionnaire, p: Persona) -> Answers:
    choices = {}
    for x in q.questions:
        choice = _choice(x, p.answers.get(x.id, p.base))
        if choice is not _SKIP:
            choices[x.id] = choice
    context = {k: v for k, v in p.context.items() if q.has("context", k) and v in q.context_options(k)}
    return Answers(choices, context, p.felt)


def _context(q: Questionnaire, rng: random.Random) -> dict[str, str]:
    return {c.id: rng.choice(c.options).id for c in q.context}


def uniform(q: Questionnaire, rng: random.Random) -> Answers:
    choices: dict[str, int | None] = {}
    for x in q.questions:
        n = len(x.options) + (1 if _has_na(x) else 0)
        choices[x.id] = None if x.dont_know and rng.random() < DONT_KNOW_RATE * 2 else rng.randrange(n)
    return Answers(choices, _context(q, rng), rng.randrange(11))


def coherent(q: Questionnaire, rng: random.Random) -> Answers:
    """One organization: a maturity in [0, 1], each dimension near it, each answer near its dimension."""
    org = rng.random()
    latent = {d.id: min(1.0, max(0.0, rng.gauss(org, DIMENSION_SPREAD))) for d in q.dimensions}
    choices: dict[str, int | None] = {}
    for x in q.practices:  # the belief statements belong to no dimension: left unanswered here
        roll = rng.random()
        if x.dont_know and roll < DONT_KNOW_RATE:
            choices[x.id] = None
        elif _has_na(x) and roll > 1 - NOT_APPLICABLE_RATE:
            choices[x.id] = len(x.options)
        else:
            top = len(x.options) - 1
            choices[x.id] = max(0, min(top, round(latent[x.dimension] * top + rng.gauss(0, ANSWER_NOISE))))
    felt = max(0, min(10, round(org * 10 + FELT_OPTIMISM + rng.gauss(0, FELT_NOISE))))
    return Answers(choices, _context(q, rng), felt)


def population(q: Questionnaire, make: Callable, n: int, seed: int) -> list[Result]:
    rng = random.Random(seed)
    return [score(q, make(q, rng)) for _ in range(n)]


def pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def myth_table(q: Questionnaire, coh: list[Result], uni: list[Result]) -> list[str]:
    """Per myth: share flagged among coherent organizations overall and per level, and among uniform ones."""
    levels = [lv.id for lv in q.levels]
    by_level = Counter(r.overall_level for r in coh)
    head = f"{'myth':<24}{'coherent':>9}" + "".join(f"{lv[:11]:>12}" for lv in levels) + f"{'uniform':>9}"
    lines = [head]
    for m in q.myths:
        flagged = [r for r in coh if any(f.id == m.id for f in r.myths)]
        per_level = Counter(r.overall_level for r in flagged)
        uni_share = pct(sum(any(f.id == m.id for f in r.myths) for r in uni), len(uni))
        cells = "".join(f"{pct(per_level[lv], by_level[lv]):>11.1f}%" for lv in levels)
        lines.append(f"{m.id:<24}{pct(len(flagged), len(coh)):>8.1f}%{cells}{uni_share:>8.1f}%")
    return lines


def counts_line(results: list[Result]) -> str:
    counts = Counter(len(r.myths) for r in results)
    mean = sum(len(r.myths) for r in results) / len(results)
    shares = "  ".join(f"{k}: {pct(counts[k], len(results)):.1f}%" for k in sorted(counts))
    return f"mean {mean:.2f}; {shares}"


def check_targets(q: Questionnaire, coh: list[Result]) -> list[tuple[str, bool]]:
    """The issue's targets, each with whether the coherent population meets it."""
    out = []
    by_level = Counter(r.overall_level for r in coh)
    for m in q.myths:
        share = pct(sum(any(f.id == m.id for f in r.myths) for r in coh), len(coh))
        low, high = FLAG_RANGE
        out.append((f"{m.id} flagged for {share:.1f}% ({low:g}-{high:g}%)", low <= share <= high))
        worst = max(
            (pct(sum(r.overall_level == lv and any(f.id == m.id for f in r.myths) for r in coh), n), lv)
            for lv, n in by_level.items()
        )
        out.append(
            (
                f"{m.id} at most {MAX_PER_LEVEL:g}% of any level: {worst[0]:.1f}% at {worst[1]}",
                worst[0] <= MAX_PER_LEVEL,
            )
        )
    most = max(len(r.myths) for r in coh)
    out.append((f"at most {MAX_SHOWN} myths shown to anyone: most shown {most}", most <= MAX_SHOWN))
    none = pct(sum(not r.myths for r in coh), len(coh))
    out.append((f"at least {MIN_NONE:g}% shown none: {none:.1f}%", none >= MIN_NONE))
    return out


def check_personas(q: Questionnaire) -> list[tuple[str, bool]]:
    out = []
    myth_ids = {m.id for m in q.myths}
    for p in PERSONAS:
        if p.myth not in myth_ids:
            continue
        shown = [f.id for f in score(q, persona_answers(q, p)).myths]
        got = p.myth in shown
        want = "gets" if p.holds else "does not get"
        others = ", ".join(s for s in shown if s != p.myth) or "none"
        out.append((f"{p.name}: {want} {p.myth} (other myths shown: {others})", got == p.holds))
    return out


def report(path: Path, n: int) -> bool:
    q = load_questionnaire(path)
    coh = population(q, coherent, n, SEED)
    uni = population(q, uniform, n, SEED + 1)
    print(f"\n{q.id} version {q.version}: {len(q.questions)} questions, {len(q.myths)} myths")
    print(f"respondents: {n:,} coherent organizations, {n:,} uniform random (seed {SEED})")
    levels = Counter(r.overall_level for r in coh)
    print("levels (coherent): " + ", ".join(f"{lv.id} {pct(levels[lv.id], n):.1f}%" for lv in q.levels))
    print("share flagged per myth: coherent overall, coherent per level, uniform")
    for line in myth_table(q, coh, uni):
        print("  " + line)
    print(f"myths shown per respondent, coherent: {counts_line(coh)}")
    print(f"myths shown per respondent, uniform:  {counts_line(uni)}")
    ok = True
    for title, checks in (("targets (coherent)", check_targets(q, coh)), ("personas", check_personas(q))):
        print(title + ":")
        for text, passed in checks:
            print(f"  {'meets' if passed else 'MISSES'}  {text}")
            ok = ok and passed
    return ok


def main(argv: list[str]) -> None:
    tiny = os.environ.get("CENTRICITY_BENCH") == "tiny"
    n = int(argv[0]) if argv and argv[0].isdigit() else 50 if tiny else 2000
    paths = [Path(a) for a in argv if not a.isdigit()] or [
        ROOT / "questions" / "customer-centricity.yaml",
        ROOT / "questions" / "quick-check.yaml",
    ]
    results = [report(p, n) for p in paths]
    print("\nall targets met" if all(results) else "\nsome targets missed")


if __name__ == "__main__":
    main(sys.argv[1:])
