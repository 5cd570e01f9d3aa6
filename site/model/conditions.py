"""The condition language of myth rules: a small closed set of tests, so rules stay data and are never
evaluated as code. One class per kind of `core/registry.CONDITION_KINDS`, which reads its own YAML with
file:line problems (`parse`); the engine's object of the same kind evaluates it (`engine/kinds.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, get_args

from centricity.core.registry import CONDITIONS
from centricity.model.reader import Ids, Reader, kind_of
from centricity.model.yamlsource import Path_

if TYPE_CHECKING:
    from centricity.model.questionnaire import ContextQuestion, Question


@dataclass(frozen=True)
class AllOf:
    kind: ClassVar[str] = "all"  # its key in the registry, the YAML and the browser's rules
    items: tuple[Condition, ...]

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        return cls(_items(r, raw, p, names, cls.kind))


@dataclass(frozen=True)
class AnyOf:
    kind: ClassVar[str] = "any"
    items: tuple[Condition, ...]

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        return cls(_items(r, raw, p, names, cls.kind))


@dataclass(frozen=True)
class DimensionTest:
    kind: ClassVar[str] = "dimension"
    dimension: str
    at_least: float | None = None
    below: float | None = None

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        value = raw["dimension"]
        if value not in names.dimensions:
            r.fail((*p, "dimension"), f"unknown dimension {value!r}")
        if "at_least" not in raw and "below" not in raw:
            r.fail(p, "a dimension condition needs at_least or below")
        return cls(str(value), _limit(r, raw, p, "at_least"), _limit(r, raw, p, "below"))


@dataclass(frozen=True)
class GapTest:
    kind: ClassVar[str] = "gap"
    high: str
    low: str
    at_least: float

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        value = raw["gap"]
        if not (isinstance(value, list) and len(value) == 2):
            r.fail((*p, "gap"), "expected [higher dimension, lower dimension]")
            return NEVER
        for j, d in enumerate(value):
            if d not in names.dimensions:
                r.fail((*p, "gap", j), f"unknown dimension {d!r}")
        if "at_least" not in raw:
            r.fail((*p, "at_least"), "missing")
        return cls(str(value[0]), str(value[1]), _limit(r, raw, p, "at_least") or 0)


@dataclass(frozen=True)
class AnswerTest:
    kind: ClassVar[str] = "answer"
    question: str
    at_least: float | None = None
    at_most: float | None = None

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        value = raw["answer"]
        if value not in names.questions:
            r.fail((*p, "answer"), f"unknown question {value!r}")
        if "at_least" not in raw and "at_most" not in raw:
            r.fail(p, "an answer condition needs at_least or at_most")
        return cls(str(value), _limit(r, raw, p, "at_least"), _limit(r, raw, p, "at_most"))


@dataclass(frozen=True)
class ContextTest:
    kind: ClassVar[str] = "context"
    question: str
    values: tuple[str, ...]

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        value = raw["context"]
        if value not in names.context:
            r.fail((*p, "context"), f"unknown context question {value!r}")
            return NEVER
        allowed = Ids(o.id for o in names.context[value].options)
        values = r.sequence(raw.get("in"), (*p, "in"))
        for j, v in enumerate(values):
            if v not in allowed:
                r.fail((*p, "in", j), f"unknown option {v!r} of context question {value!r}")
        return cls(str(value), tuple(str(v) for v in values))


@dataclass(frozen=True)
class SignalsTest:
    kind: ClassVar[str] = "signals"
    at_least: int

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        value = raw["signals"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            r.fail((*p, "signals"), "expected a whole number of at least 1")
            return NEVER
        return cls(value)


@dataclass(frozen=True)
class FeltGapTest:
    kind: ClassVar[str] = "felt_gap"
    at_least: float

    @classmethod
    def parse(cls, r: Reader, raw: dict, p: Path_, names: Names) -> Condition:
        return cls(r.number(raw["felt_gap"], (*p, "felt_gap"), -10, 10))


Condition = AllOf | AnyOf | DimensionTest | GapTest | AnswerTest | ContextTest | SignalsTest | FeltGapTest
NEVER = AnyOf(())
# The class of each kind, by its registry key: a kind without its class (or the reverse) stops the import.
NODES: dict[str, Any] = {c.kind: c for c in get_args(Condition)}
if set(NODES) != set(CONDITIONS):
    raise RuntimeError(f"condition kinds without a class: {sorted(set(NODES) ^ set(CONDITIONS))}")


@dataclass(frozen=True)
class Names:
    """What a condition may refer to: the questionnaire's dimensions, questions and context questions."""

    dimensions: AbstractSet[str]
    questions: Mapping[str, Question]
    context: Mapping[str, ContextQuestion]


def parse_condition(r: Reader, raw: Any, p: Path_, names: Names) -> Condition:
    """Read one condition; a broken one is reported and replaced by a condition that never holds."""
    if not isinstance(raw, dict):
        r.fail(p, f"expected a condition mapping, got {kind_of(raw)}")
        return NEVER
    subjects = [k for k in raw if k in CONDITIONS]
    if len(subjects) != 1:
        r.fail(
            p,
            f"a condition needs exactly one of {', '.join(CONDITIONS)}; found "
            f"{', '.join(map(str, subjects)) or 'none'}",
        )
        return NEVER
    kind = subjects[0]
    for key in raw:
        if key != kind and key not in CONDITIONS[kind].extra:
            r.fail((*p, str(key)), f"unknown field for a {kind!r} condition")
    return NODES[kind].parse(r, raw, p, names)


def _limit(r: Reader, raw: dict, p: Path_, key: str) -> float | None:
    return r.number(raw[key], (*p, key), -100, 100) if key in raw else None


def _items(r: Reader, raw: dict, p: Path_, names: Names, kind: str) -> tuple[Condition, ...]:
    sub = (*p, kind)
    return tuple(parse_condition(r, c, (*sub, i), names) for i, c in enumerate(r.sequence(raw[kind], sub)))
