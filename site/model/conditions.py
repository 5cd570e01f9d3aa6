"""The condition language of myth rules: a small closed set of tests, so rules stay data and are never
evaluated as code. Parsed here with file:line problems; evaluated by the engine (scoring.py, engine.js).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from centricity.core.registry import CONDITION_KINDS
from centricity.model.reader import Ids, Reader, kind_of
from centricity.model.yamlsource import Path_

if TYPE_CHECKING:
    from centricity.model.questionnaire import ContextQuestion, Question


@dataclass(frozen=True)
class AllOf:
    kind: ClassVar[str] = "all"  # its key in the registry, the YAML and the browser's rules
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    kind: ClassVar[str] = "any"
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class DimensionTest:
    kind: ClassVar[str] = "dimension"
    dimension: str
    at_least: float | None = None
    below: float | None = None


@dataclass(frozen=True)
class GapTest:
    kind: ClassVar[str] = "gap"
    high: str
    low: str
    at_least: float


@dataclass(frozen=True)
class AnswerTest:
    kind: ClassVar[str] = "answer"
    question: str
    at_least: float | None = None
    at_most: float | None = None


@dataclass(frozen=True)
class ContextTest:
    kind: ClassVar[str] = "context"
    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class SignalsTest:
    kind: ClassVar[str] = "signals"
    at_least: int


@dataclass(frozen=True)
class FeltGapTest:
    kind: ClassVar[str] = "felt_gap"
    at_least: float


Condition = AllOf | AnyOf | DimensionTest | GapTest | AnswerTest | ContextTest | SignalsTest | FeltGapTest
NEVER = AnyOf(())


@dataclass(frozen=True)
class Names:
    """What a condition may refer to: the questionnaire's dimensions, questions and context questions."""

    dimensions: AbstractSet[str]
    questions: Mapping[str, Question]
    context: Mapping[str, ContextQuestion]


# Each kind, from the registry: the fields it accepts beside its own key.
SUBJECTS = {kind.key: kind.extra for kind in CONDITION_KINDS}


def parse_condition(r: Reader, raw: Any, p: Path_, names: Names) -> Condition:
    """Read one condition; a broken one is reported and replaced by a condition that never holds."""
    if not isinstance(raw, dict):
        r.fail(p, f"expected a condition mapping, got {kind_of(raw)}")
        return NEVER
    subjects = [k for k in raw if k in SUBJECTS]
    if len(subjects) != 1:
        r.fail(
            p,
            f"a condition needs exactly one of {', '.join(SUBJECTS)}; found "
            f"{', '.join(map(str, subjects)) or 'none'}",
        )
        return NEVER
    kind = subjects[0]
    for key in raw:
        if key != kind and key not in SUBJECTS[kind]:
            r.fail((*p, str(key)), f"unknown field for a {kind!r} condition")
    return _PARSERS[kind](r, raw, p, names)


def _limit(r: Reader, raw: dict, p: Path_, key: str) -> float | None:
    return r.number(raw[key], (*p, key), -100, 100) if key in raw else None


def _combination(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    kind = "all" if "all" in raw else "any"
    sub = (*p, kind)
    items = tuple(parse_condition(r, c, (*sub, i), names) for i, c in enumerate(r.sequence(raw[kind], sub)))
    return AllOf(items) if kind == "all" else AnyOf(items)


def _dimension(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    value = raw["dimension"]
    if value not in names.dimensions:
        r.fail((*p, "dimension"), f"unknown dimension {value!r}")
    if "at_least" not in raw and "below" not in raw:
        r.fail(p, "a dimension condition needs at_least or below")
    return DimensionTest(str(value), _limit(r, raw, p, "at_least"), _limit(r, raw, p, "below"))


def _gap(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    value = raw["gap"]
    if not (isinstance(value, list) and len(value) == 2):
        r.fail((*p, "gap"), "expected [higher dimension, lower dimension]")
        return NEVER
    for j, d in enumerate(value):
        if d not in names.dimensions:
            r.fail((*p, "gap", j), f"unknown dimension {d!r}")
    if "at_least" not in raw:
        r.fail((*p, "at_least"), "missing")
    return GapTest(str(value[0]), str(value[1]), _limit(r, raw, p, "at_least") or 0)


def _answer(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    value = raw["answer"]
    if value not in names.questions:
        r.fail((*p, "answer"), f"unknown question {value!r}")
    if "at_least" not in raw and "at_most" not in raw:
        r.fail(p, "an answer condition needs at_least or at_most")
    return AnswerTest(str(value), _limit(r, raw, p, "at_least"), _limit(r, raw, p, "at_most"))


def _context(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    value = raw["context"]
    if value not in names.context:
        r.fail((*p, "context"), f"unknown context question {value!r}")
        return NEVER
    allowed = Ids(o.id for o in names.context[value].options)
    values = r.sequence(raw.get("in"), (*p, "in"))
    for j, v in enumerate(values):
        if v not in allowed:
            r.fail((*p, "in", j), f"unknown option {v!r} of context question {value!r}")
    return ContextTest(str(value), tuple(str(v) for v in values))


def _signals(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    value = raw["signals"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        r.fail((*p, "signals"), "expected a whole number of at least 1")
        return NEVER
    return SignalsTest(value)


def _felt_gap(r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
    return FeltGapTest(r.number(raw["felt_gap"], (*p, "felt_gap"), -10, 10))


_PARSERS: dict[str, Callable[[Reader, dict, Path_, Names], Condition]] = {
    "all": _combination,
    "any": _combination,
    "dimension": _dimension,
    "gap": _gap,
    "answer": _answer,
    "context": _context,
    "signals": _signals,
    "felt_gap": _felt_gap,
}
