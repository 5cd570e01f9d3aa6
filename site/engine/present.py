"""Phrase a Result in one language: the sentences the result page and the reports show.

app.js phrases results in the browser with the same strings and the same rules; the browser tests
compare what both show.
"""

from __future__ import annotations

from typing import Protocol

from centricity.engine.kinds import words
from centricity.engine.scoring import Evidence, MythFlag, PlanStep, Result
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import fill, number, strings

LARGE_GAP = 2


class Step(Protocol):
    """What phrasing a step needs: a respondent's plan step and a team's typical-answer step both have it."""

    @property
    def question(self) -> str: ...
    @property
    def current(self) -> int: ...
    @property
    def to(self) -> int: ...


class Presenter:
    def __init__(self, q: Questionnaire, lang: str):
        self.q = q
        self.lang = lang
        self.t = strings(lang)

    def num(self, value: float | str | None) -> str:
        """Numbers in this language; an option id (context evidence) is never shown as a number."""
        return number(None if isinstance(value, str) else value, self.lang)

    def evidence(self, e: Evidence) -> str:
        """A belief statement answered the myth's way, a pattern's own label, else the words of the condition
        kind the evidence comes from."""
        if e.kind == "belief":
            statement = self.q.question(e.subject[0]).prompt[self.lang]
            return fill(self.t[f"evidence.belief.{e.op}"], statement=statement)
        if e.kind == "pattern":
            rule = self.q.myth(e.subject[0]).evidence
            assert rule is not None, "pattern evidence comes only from a myth with evidence rules"
            return rule.patterns[int(e.subject[1])].label[self.lang]
        return words(self, e)

    def even(self, result: Result) -> str:
        """Why no strongest and weakest: every scored dimension scores the same, or only one is scored."""
        scored = [d for d in result.dimensions if d.score is not None]
        if len(scored) == 1:
            return fill(self.t["glance.single"], dimension=self.q.dimension(scored[0].id).title[self.lang])
        return self.t["glance.even"]

    def no_myth(self, result: Result) -> str:
        """What the myths section says when no myth is shown, never beside a line that contradicts it:
        nothing when every myth is left unjudged or the answers look careless, "none of those it can judge"
        when some are."""
        if result.myths or result.careless or len(result.unjudged) >= len(self.q.myths):
            return ""
        return self.t["myths.none.judged"] if result.unjudged else self.t["myths.none"]
    def rests(self, flag: MythFlag) -> str:
        """What a shown myth rests on (a stated belief, the practices of each dimension) and how strongly."""
        if not flag.sources:
            return ""
        names = [
            self.t["myths.source.belief"]
            if s == "belief"
            else fill(self.t["myths.source.practice"], dimension=self.q.dimension(s).title[self.lang])
            for s in flag.sources
        ]
        return fill(self.t["myths.rests"], sources=", ".join(names), strength=self.num(flag.strength))

    def careless(self, result: Result) -> str:
        """Why these answers show no myth, when they look careless (diagnosis.py)."""
        if not result.careless:
            return ""
        reasons = "; ".join(self.t[f"myths.careless.{rule}"] for rule in result.careless)
        return fill(self.t["myths.careless"], reasons=reasons)

    def unjudged(self, result: Result) -> str:
        """The myths these answers cannot judge, if any: so no myth looks cleared for lack of answers."""
        if not result.unjudged:
            return ""
        titles = ", ".join(self.q.myth(mid).title[self.lang] for mid in result.unjudged)
        return fill(self.t["myths.unjudged"], myths=titles)

    def step(self, s: Step) -> str:
        """What to do next, in the respondent's words: the question, where they are and where to aim.
        Question codes stay out of it; the worksheet, CSV and report keep them for consultants."""
        question = self.q.question(s.question)
        return fill(
            self.t["plan.step"],
            prompt=question.prompt[self.lang],
            current=question.options[s.current].label[self.lang],
            to=question.options[s.to].label[self.lang],
        )

    def benefit(self, s: Step) -> str:
        """What changes for customers when the step is taken, where the questionnaire says."""
        question = self.q.question(s.question)
        return fill(self.t["plan.customers"], benefit=question.benefit[self.lang]) if question.benefit else ""

    def start(self, result: Result, i: int) -> str:
        """What to do to get there: the advice of the step's dimension at its level, a different item for each
        step in the same dimension ("" when the questionnaire gives no more)."""
        s = result.plan[i]
        level = result.dimension(s.dimension).level
        dimension = self.q.dimension(s.dimension)
        advice = dimension.advice.get(level, {}).get(self.lang, ()) if level else ()
        k = sum(1 for x in result.plan[:i] if x.dimension == s.dimension)
        if k >= len(advice):
            return ""
        return fill(self.t["plan.start"], dimension=dimension.title[self.lang], advice=advice[k])

    def step_reason(self, s: PlanStep, result: Result) -> str:
        d = result.dimension(s.dimension)
        return fill(
            self.t[f"plan.reason.{s.reason}"],
            dimension=self.q.dimension(d.id).title[self.lang],
            gap=self.num(d.target_gap),
            target=self.level_name(d.target),
            score=self.num(d.score),
        )

    def level_name(self, lid: str | None) -> str:
        return self.q.level(lid).name[self.lang] if lid else "–"

    def perception(self, result: Result) -> list[str]:
        if result.perception_gap is None:
            return []
        out = [fill(self.t["perception.text"], felt=result.felt, measured=self.num(result.measured10))]
        gap = result.perception_gap
        key = "large" if gap >= LARGE_GAP else "below" if gap <= -LARGE_GAP else "close"
        out.append(fill(self.t[f"perception.{key}"], gap=self.num(abs(gap))))
        return out

    def glance(self, result: Result) -> str:
        """The result in one short paragraph of plain words, read before the chart and the details: the level,
        the strongest and weakest dimensions, the myth most worth attention and the first step.
        result.js's `glance` writes the same words; tests/test_result_page.py compares them."""
        if result.overall is None:
            return ""
        t, q, lang = self.t, self.q, self.lang
        level, score = self.level_name(result.overall_level), self.num(result.overall)
        parts = [fill(t["glance.level"], level=level, score=score)]
        if result.strongest is not None and result.weakest is not None and result.strongest != result.weakest:
            high, low = q.dimension(result.strongest).title[lang], q.dimension(result.weakest).title[lang]
            parts.append(fill(t["glance.dimensions"], strongest=high, weakest=low))
        else:
            parts.append(self.even(result))
        if result.myths:
            parts.append(fill(t["glance.myth"], myth=q.myth(result.myths[0].id).title[lang]))
        elif result.careless:
            parts.append(t["glance.careless"])
        elif q.myths:
            none = self.no_myth(result)
            if not none:
                parts.append(t["glance.myths_unjudged"])
            else:
                parts.append(none if result.unjudged else t["glance.no_myth"])
        if result.plan:
            first = result.plan[0]
            question = q.question(first.question)
            dimension = q.dimension(first.dimension).title[lang]
            to = question.options[first.to].label[lang]
            parts.append(fill(t["glance.step"], dimension=dimension, prompt=question.prompt[lang], to=to))
        if result.answered < result.total:
            parts.append(fill(t["glance.partial"], answered=result.answered, total=result.total))
        return " ".join(parts)
