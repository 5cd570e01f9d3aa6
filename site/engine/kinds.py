"""What each condition kind means to the engine: one object per kind of `core/registry.CONDITION_KINDS`, with
everything the engine does with it. `holds` is the reference evaluation (None, or the tests that made the
condition hold, as Evidence); `test` compiles it once per questionnaire into a closure that says only
whether it holds (evidence.py ranks myths with these); `needs` says what the answers must hold for its
failing to count as evidence of absence; `words` phrases its Evidence in one language. The model class of
the same kind parses it (`model/conditions.py` NODES); the browser's twin is `conditions.js`.

Every lookup goes through `kind`, which refuses an unknown kind instead of treating it as decidable or
wording it as another; the table is checked against the registry when this module loads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from centricity.core.registry import CONDITIONS
from centricity.engine.rounding import round1
from centricity.model.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    ContextTest,
    DimensionTest,
    FeltGapTest,
    GapTest,
    SignalsTest,
)
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill

if TYPE_CHECKING:
    from centricity.engine.scoring import Answers

Scores = Mapping[str, float | None]
# (answers, dimension scores, felt gap) -> whether the compiled condition holds, or could be decided.
Test = Callable[["Answers", Scores, float | None], bool]


@dataclass(slots=True)
class Evidence:
    """Why a condition held, in data, so each language can phrase it (see strings `evidence.*`)."""

    kind: str
    subject: tuple[str, ...]
    value: float | str
    limit: float | str | None
    op: str


@dataclass
class Needs:
    """What a condition reads: the dimension scores, the questions (with the option indexes that count as
    an answer), the context answers and the felt gap. Its failing is evidence of absence only when all are
    there."""

    dimensions: list[str] = field(default_factory=list)
    questions: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    felt_gap: bool = False

    def decidable(self) -> Test:
        dims, questions, context, gap = (
            tuple(self.dimensions),
            tuple(self.questions),
            self.context,
            self.felt_gap,
        )

        def test(a: Any, s: Scores, g: float | None) -> bool:
            if gap and g is None:
                return False
            if any(s.get(did) is None for did in dims):
                return False
            choices = a.choices
            return all(choices.get(qid) in options for qid, options in questions) and all(
                cid in a.context for cid in context
            )

        return test


class Phrasing(Protocol):
    """What wording needs: the questionnaire, the language, its strings and its number format."""

    @property
    def q(self) -> Questionnaire: ...

    @property
    def lang(self) -> str: ...

    @property
    def t(self) -> Mapping[str, str]: ...

    def num(self, value: float | str | None) -> str: ...


class Kind(ABC):
    """One condition kind; a subclass that leaves out any part cannot be made, so the table fails to load."""

    key: ClassVar[str]

    @abstractmethod
    def holds(self, q: Questionnaire, cond: Any, myth: str, a: Answers, s: Scores, g: float | None):
        """None when it does not hold, else the list of Evidence that made it hold."""

    @abstractmethod
    def test(self, q: Questionnaire, cond: Any, myth: str) -> Test: ...

    @abstractmethod
    def needs(self, q: Questionnaire, cond: Any, need: Needs) -> None: ...

    @abstractmethod
    def words(self, say: Phrasing, e: Evidence) -> str: ...


class _Combination(Kind):
    """`all` and `any`: their evidence is their items'; they have none of their own to word."""

    def needs(self, q: Questionnaire, cond: AllOf | AnyOf, need: Needs) -> None:
        for item in cond.items:
            kind(item.kind).needs(q, item, need)

    def words(self, say: Phrasing, e: Evidence) -> str:
        raise ValueError(f"a {self.key!r} condition gives no evidence of its own to word")


class All(_Combination):
    key = "all"

    def holds(self, q, cond: AllOf, myth, a, s, g):
        evidence: list[Evidence] = []
        for item in cond.items:
            ev = kind(item.kind).holds(q, item, myth, a, s, g)
            if ev is None:
                return None
            evidence += ev
        return evidence

    def test(self, q, cond: AllOf, myth) -> Test:
        """Nested `and`s: quicker than all() over a generator for the two or three items a pattern has."""
        items = [compile_test(q, c, myth) for c in cond.items]
        return reduce(_both, items) if items else lambda a, s, g: True


class Any_(_Combination):
    key = "any"

    def holds(self, q, cond: AnyOf, myth, a, s, g):
        evidence: list[Evidence] | None = None
        for item in cond.items:
            ev = kind(item.kind).holds(q, item, myth, a, s, g)
            if ev is not None:
                evidence = ev if evidence is None else evidence + ev
        return evidence

    def test(self, q, cond: AnyOf, myth) -> Test:
        items = [compile_test(q, c, myth) for c in cond.items]
        return reduce(_either, items) if items else lambda a, s, g: False


def _both(first: Test, second: Test) -> Test:
    return lambda a, s, g: first(a, s, g) and second(a, s, g)


def _either(first: Test, second: Test) -> Test:
    return lambda a, s, g: first(a, s, g) or second(a, s, g)


class Dimension(Kind):
    key = "dimension"

    def holds(self, q, cond: DimensionTest, myth, a, s, g):
        value = s.get(cond.dimension)
        if value is None:
            return None
        ev = []
        if cond.at_least is not None:
            if value < cond.at_least:
                return None
            ev.append(Evidence(self.key, (cond.dimension,), value, cond.at_least, "at_least"))
        if cond.below is not None:
            if value >= cond.below:
                return None
            ev.append(Evidence(self.key, (cond.dimension,), value, cond.below, "below"))
        return ev

    def test(self, q, cond: DimensionTest, myth) -> Test:
        did, least, below = cond.dimension, cond.at_least, cond.below

        def test(a: Any, s: Scores, g: float | None) -> bool:
            value = s.get(did)
            return (
                value is not None and (least is None or value >= least) and (below is None or value < below)
            )

        return test

    def needs(self, q, cond: DimensionTest, need: Needs) -> None:
        need.dimensions.append(cond.dimension)

    def words(self, say: Phrasing, e: Evidence) -> str:
        return fill(
            say.t[f"evidence.dimension.{e.op}"],
            dimension=say.q.dimension(e.subject[0]).title[say.lang],
            value=say.num(e.value),
            limit=say.num(e.limit),
        )


class Gap(Kind):
    key = "gap"

    def holds(self, q, cond: GapTest, myth, a, s, g):
        high, low = s.get(cond.high), s.get(cond.low)
        if high is None or low is None:
            return None
        diff = round1(high - low)
        if diff < cond.at_least:
            return None
        return [Evidence(self.key, (cond.high, cond.low), diff, cond.at_least, "at_least")]

    def test(self, q, cond: GapTest, myth) -> Test:
        high, low, least = cond.high, cond.low, cond.at_least

        def test(a: Any, s: Scores, g: float | None) -> bool:
            h, lo = s.get(high), s.get(low)
            return h is not None and lo is not None and round1(h - lo) >= least

        return test

    def needs(self, q, cond: GapTest, need: Needs) -> None:
        need.dimensions += (cond.high, cond.low)

    def words(self, say: Phrasing, e: Evidence) -> str:
        title = say.q.dimension
        return fill(
            say.t["evidence.gap"],
            high=title(e.subject[0]).title[say.lang],
            low=title(e.subject[1]).title[say.lang],
            value=say.num(e.value),
            limit=say.num(e.limit),
        )


class Answer(Kind):
    """A chosen option's score against a limit. Its wording also says which option revealed a myth (Evidence
    of kind "answer" with op "reveals", from an option's tag)."""

    key = "answer"

    def holds(self, q, cond: AnswerTest, myth, a, s, g):
        choice = a.choices.get(cond.question)
        options = q.question(cond.question).options
        if choice is None or choice == len(options):
            return None
        value = options[choice].score
        if cond.at_least is not None and value < cond.at_least:
            return None
        if cond.at_most is not None and value > cond.at_most:
            return None
        op, lim = ("at_most", cond.at_most) if cond.at_most is not None else ("at_least", cond.at_least)
        return [Evidence(self.key, (cond.question,), value, lim, op)]

    def test(self, q, cond: AnswerTest, myth) -> Test:
        """The option indexes whose score passes, found once: "don't know" and "does not apply" never do."""
        qid, least, most = cond.question, cond.at_least, cond.at_most
        passing = frozenset(
            i
            for i, o in enumerate(q.question(qid).options)
            if (least is None or o.score >= least) and (most is None or o.score <= most)
        )
        return lambda a, s, g: a.choices.get(qid) in passing

    def needs(self, q, cond: AnswerTest, need: Needs) -> None:
        need.questions.append((cond.question, frozenset(range(len(q.question(cond.question).options)))))

    def words(self, say: Phrasing, e: Evidence) -> str:
        question = say.q.question(e.subject[0])
        option = next(o for o in question.options if o.score == e.value)
        return fill(say.t["evidence.answer"], prompt=question.prompt[say.lang], option=option.label[say.lang])


class Context(Kind):
    key = "context"

    def holds(self, q, cond: ContextTest, myth, a, s, g):
        value = a.context.get(cond.question)
        if value is None or value not in cond.values:
            return None
        return [Evidence(self.key, (cond.question,), value, None, "in")]

    def test(self, q, cond: ContextTest, myth) -> Test:
        cid, values = cond.question, frozenset(cond.values)
        return lambda a, s, g: a.context.get(cid) in values

    def needs(self, q, cond: ContextTest, need: Needs) -> None:
        need.context.append(cond.question)

    def words(self, say: Phrasing, e: Evidence) -> str:
        c = say.q.context_question(e.subject[0])
        chosen = next(o for o in c.options if o.id == e.value)
        return fill(say.t["evidence.context"], question=c.prompt[say.lang], option=chosen.label[say.lang])


class Signals(Kind):
    """Low answers on the questions tagged with the myth. Always decidable: counting needs no one answer."""

    key = "signals"

    def holds(self, q, cond: SignalsTest, myth, a, s, g):
        low = [qid for qid, options in _low_options(q, myth) if a.choices.get(qid) in options]
        if len(low) < cond.at_least:
            return None
        return [Evidence(self.key, tuple(low), len(low), cond.at_least, "at_least")]

    def test(self, q, cond: SignalsTest, myth) -> Test:
        low, least = _low_options(q, myth), cond.at_least

        def test(a: Any, s: Scores, g: float | None) -> bool:
            choices = a.choices
            count = 0
            for qid, options in low:
                if choices.get(qid) in options:
                    count += 1
            return count >= least

        return test

    def needs(self, q, cond: SignalsTest, need: Needs) -> None:
        return None

    def words(self, say: Phrasing, e: Evidence) -> str:
        return fill(
            say.t["evidence.signals"], value=int(e.value), questions=", ".join(x.upper() for x in e.subject)
        )


def _low_options(q: Questionnaire, myth: str) -> tuple[tuple[str, frozenset[int]], ...]:
    """Per question tagged with the myth, the option indexes scoring below the low-answer line."""
    below = q.low_answer_below
    return tuple(
        (x.id, frozenset(i for i, o in enumerate(x.options) if o.score < below)) for x in q.tagged(myth)
    )


class FeltGap(Kind):
    key = "felt_gap"

    def holds(self, q, cond: FeltGapTest, myth, a, s, g):
        if g is None or g < cond.at_least:
            return None
        return [Evidence(self.key, (), g, cond.at_least, "at_least")]

    def test(self, q, cond: FeltGapTest, myth) -> Test:
        least = cond.at_least
        return lambda a, s, g: g is not None and g >= least

    def needs(self, q, cond: FeltGapTest, need: Needs) -> None:
        need.felt_gap = True

    def words(self, say: Phrasing, e: Evidence) -> str:
        return fill(say.t["evidence.felt_gap"], value=say.num(e.value), limit=say.num(e.limit))


KINDS: dict[str, Kind] = {
    k.key: k for k in (All(), Any_(), Dimension(), Gap(), Answer(), Context(), Signals(), FeltGap())
}
if set(KINDS) != set(CONDITIONS):  # a kind without its engine object (or the reverse) stops the import
    raise RuntimeError(f"condition kinds without an engine object: {sorted(set(KINDS) ^ set(CONDITIONS))}")


def kind(key: str) -> Kind:
    """The engine's object for a kind; an unknown kind is an error, never decidable or worded as another."""
    try:
        return KINDS[key]
    except KeyError:
        raise KeyError(f"unknown condition kind {key!r} (known: {', '.join(KINDS)})") from None


def holds(q: Questionnaire, cond: Condition, myth: str, a: Answers, s: Scores, g: float | None):
    """Evaluate a condition: None when it does not hold, else the tests that made it hold."""
    result: list[Evidence] | None = kind(cond.kind).holds(q, cond, myth, a, s, g)
    return result


def compile_test(q: Questionnaire, cond: Condition, myth: str) -> Test:
    """Whether `cond` holds: `holds(...) is not None`, without building its evidence."""
    return kind(cond.kind).test(q, cond, myth)


def compile_decidable(q: Questionnaire, cond: Condition) -> Test:
    """Whether these answers hold everything `cond` tests (every branch of an "all" or "any"), so that its
    failing is evidence of absence."""
    return reads(q, cond).decidable()


def reads(q: Questionnaire, cond: Condition) -> Needs:
    """Everything `cond` reads (the dimensions, questions, context answers and felt gap)."""
    need = Needs()
    kind(cond.kind).needs(q, cond, need)
    return need


def words(say: Phrasing, e: Evidence) -> str:
    """A condition's Evidence in the language of `say`."""
    return kind(e.kind).words(say, e)
