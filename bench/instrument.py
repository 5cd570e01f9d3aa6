"""The calibration harness of the myth diagnosis (issue 21): does a shown myth mean the belief is held?

For the full assessment and the quick check it prints
- per myth, the share of uniformly random respondents shown it (target: at most 5%), and how many of them
  are read as careless;
- per column, whether a respondent who picks that option position everywhere is shown a myth (target: none);
- the personas of `bench/personas/*.yaml` (organizations written as short stories and answered from the
  story) read as written: the myths shown are exactly those the persona `holds` (target: all);
- robustness: the share of personas whose shown myths change when any one answer moves by one option
  (target: at most a quarter).
A persona file names its answers by question id of the full assessment (option index, null for "don't
know", "na" for "does not apply"); an id the full assessment lacks, or an answer its question cannot take,
stops the run with the file and the id. The quick check reads the same persona's answers to its questions.

Run: python bench/instrument.py [N] [--questions DIR] [--personas DIR]   (N random respondents per
questionnaire, default 2,000, or 50 with CENTRICITY_BENCH=tiny; the shipped questionnaires and
bench/personas/ by default)
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from centricity.engine.scoring import Answers, score
from centricity.model.questionnaire import Questionnaire, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ROOT / "bench" / "personas"
FULL, QUICK = "customer-centricity", "quick-check"
SEED = 21
RANDOM_MAX = 5.0  # percent of random respondents a myth may be shown to
ROBUST_MAX = 25.0  # percent of personas whose shown myths may change when one answer moves by one option
FIELDS = {"id", "story", "holds", "context", "felt", "answers"}


class PersonaError(ValueError):
    """A persona file that does not fit the full assessment: its path and what is wrong."""


@dataclass(frozen=True)
class Persona:
    id: str
    story: str
    holds: frozenset[str]
    answers: dict[str, int | str | None]
    context: dict[str, str] = field(default_factory=dict)
    felt: int | None = None
    source: str = ""


def load_personas(full: Questionnaire, folder: Path = PERSONAS) -> list[Persona]:
    """Every persona file, checked against the full assessment (loudly: a wrong id is never skipped)."""
    return [_persona(full, path) for path in sorted(folder.glob("*.yaml"))]


def _persona(full: Questionnaire, path: Path) -> Persona:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) - FIELDS or not {"id", "holds", "answers"} <= set(data):
        raise PersonaError(f"{path}: expected the fields {', '.join(sorted(FIELDS))}")
    myths = {m.id for m in full.myths}
    holds = frozenset(data["holds"] or ())
    if holds - myths:
        raise PersonaError(f"{path}: holds unknown myths {sorted(holds - myths)}")
    answers = dict(data["answers"] or {})
    for qid, value in answers.items():
        _check_answer(full, path, qid, value)
    context = dict(data.get("context") or {})
    for cid, value in context.items():
        if not full.has("context", cid) or value not in full.context_options(cid):
            raise PersonaError(f"{path}: context {cid}: {value!r} is not one of its options")
    felt = data.get("felt")
    return Persona(str(data["id"]), str(data.get("story", "")), holds, answers, context, felt, str(path))


def _check_answer(full: Questionnaire, path: Path, qid: Any, value: Any) -> None:
    x = full.find_question(str(qid))
    if x is None:
        raise PersonaError(f"{path}: answers {qid!r}: no such question in {full.id}")
    fits = (
        (value is None and x.dont_know)
        or (value == "na" and x.not_applicable is not None)
        or (type(value) is int and 0 <= value < len(x.options))
    )
    if not fits:
        raise PersonaError(f"{path}: answers {qid}: {value!r} is not an answer this question takes")


def persona_answers(q: Questionnaire, p: Persona) -> Answers:
    """The persona's answers to the questions `q` asks ("na" as the index after the last option)."""
    choices: dict[str, int | None] = {}
    for qid, value in p.answers.items():
        x = q.find_question(qid)
        if x is not None:
            choices[qid] = len(x.options) if value == "na" else value  # type: ignore[assignment]
    context = {k: v for k, v in p.context.items() if q.has("context", k)}
    return Answers(choices, context, p.felt)


def shown(q: Questionnaire, a: Answers) -> frozenset[str]:
    return frozenset(m.id for m in score(q, a).myths)


def uniform(q: Questionnaire, rng: random.Random) -> Answers:
    """Every question answered uniformly at random among what it offers (options, "does not apply",
    "don't know"); context and the felt rating likewise."""
    choices: dict[str, int | None] = {}
    for x in q.questions:
        offered: list[int | None] = list(range(len(x.options) + (1 if x.not_applicable else 0)))
        choices[x.id] = rng.choice([*offered, None] if x.dont_know else offered)
    context = {c.id: rng.choice(c.options).id for c in q.context}
    return Answers(choices, context, rng.randrange(11))


def random_rates(q: Questionnaire, n: int, seed: int = SEED) -> tuple[dict[str, float], float]:
    """Per myth the percent of `n` random respondents shown it, and the percent read as careless."""
    rng = random.Random(seed)
    counts = dict.fromkeys((m.id for m in q.myths), 0)
    careless = 0
    for _ in range(n):
        result = score(q, uniform(q, rng))
        careless += bool(result.careless)
        for m in result.myths:
            counts[m.id] += 1
    return {mid: 100.0 * c / n for mid, c in counts.items()}, 100.0 * careless / n


def straight_liners(q: Questionnaire) -> dict[int, frozenset[str]]:
    """Per column, the myths shown to a respondent who picks that option position on every question."""
    widest = max(len(x.options) for x in q.questions)
    out = {}
    for column in range(widest):
        choices = {x.id: min(column, len(x.options) - 1) for x in q.questions}
        out[column] = shown(q, Answers(choices, {}, 5))
    return out


def moves(q: Questionnaire, a: Answers):
    """Every answer set that differs from `a` by one answer moved one option up or down."""
    for qid, choice in a.choices.items():
        x = q.question(qid)
        if choice is None or choice >= len(x.options):
            continue
        for step in (-1, 1):
            if 0 <= choice + step < len(x.options):
                yield Answers({**a.choices, qid: choice + step}, a.context, a.felt, a.targets)


def read_personas(q: Questionnaire, personas: list[Persona]) -> tuple[list[tuple[Persona, frozenset]], int]:
    """Each persona with the myths shown to it, and how many change when one answer moves by one option."""
    read, fragile = [], 0
    for p in personas:
        a = persona_answers(q, p)
        got = shown(q, a)
        read.append((p, got))
        fragile += any(shown(q, moved) != got for moved in moves(q, a))
    return read, fragile


def report(q: Questionnaire, personas: list[Persona], n: int) -> list[tuple[str, bool]]:
    """Print the figures of one questionnaire; return each target with whether it holds."""
    print(f"\n== {q.id} (version {q.version}): {n} random respondents, {len(personas)} personas")
    rates, careless = random_rates(q, n)
    checks = []
    for mid, rate in rates.items():
        print(f"  random shown {mid:<24} {rate:5.1f}%   (target <= {RANDOM_MAX:g}%)")
        checks.append((f"{q.id}: random {mid} {rate:.1f}%", rate <= RANDOM_MAX))
    print(f"  random read as careless      {careless:5.1f}%")
    for column, myths in straight_liners(q).items():
        print(f"  straight line, column {column}: {', '.join(sorted(myths)) or 'no myth'}")
        checks.append((f"{q.id}: straight line {column} {sorted(myths)}", not myths))
    if personas:
        checks += _persona_report(q, personas)
    return checks


def _persona_report(q: Questionnaire, personas: list[Persona]) -> list[tuple[str, bool]]:
    read, fragile = read_personas(q, personas)
    right = [p for p, got in read if got == p.holds]
    for p, got in read:
        mark = "ok " if got == p.holds else "MISS"
        print(f"  {mark} {p.id:<28} holds {sorted(p.holds) or '-'}  shown {sorted(got) or '-'}")
    share = 100.0 * fragile / len(personas)
    print(f"  personas read as written: {len(right)}/{len(personas)} (target all)")
    print(
        f"  robustness: {fragile}/{len(personas)} ({share:.0f}%) change with one answer moved (target <= 25%)"
    )
    wrong = [p.id for p, got in read if got != p.holds]
    return [
        (f"{q.id}: personas misread {wrong}", not wrong),
        (f"{q.id}: fragile {share:.0f}%", share <= ROBUST_MAX),
    ]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python bench/instrument.py", description=__doc__.split("\n")[0])
    tiny = os.environ.get("CENTRICITY_BENCH") == "tiny"  # tests/test_bench.py: does it still run?
    ap.add_argument("n", nargs="?", type=int, default=50 if tiny else 2000, help="random respondents each")
    ap.add_argument(
        "--questions", type=Path, default=ROOT / "questions", help="folder of the two questionnaires"
    )
    ap.add_argument("--personas", type=Path, default=PERSONAS, help="folder of the persona files")
    args = ap.parse_args(argv)
    n = args.n
    full = load_questionnaire(args.questions / f"{FULL}.yaml")
    quick = load_questionnaire(args.questions / f"{QUICK}.yaml")
    personas = load_personas(full, args.personas)
    if not personas:
        print(f"no personas in {args.personas}: random and straight-line respondents only")
    checks = report(full, personas, n) + report(quick, personas, n)
    failed = [text for text, ok in checks if not ok]
    print("\nall targets hold" if not failed else "\ntargets missed:\n  " + "\n  ".join(failed))
    return 0  # the figures are for people; tests/test_instrument.py asserts the targets


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
