"""What the belief statements say, and whether a set of answers can bear a diagnosis at all.

A myth is a belief, so its clearest evidence is the belief stated. Each myth asked about has statements in
both directions, read as keyed agreement (0-4; a reverse statement counts inverted, neutral is half-way). The
belief is stated when neither side's mean is below neutral and the two means add to NET_STATED or more, and
it weighs in grades (BELIEF_STEP per point above both neutral, up to BELIEF_MAX): one statement moved by one
option lowers the weight instead of dropping the belief whole. Agreeing, or disagreeing, with everything puts
one side below neutral, so it states nothing: acquiescence cancels out instead of producing a myth.

Answers that look careless get no diagnosis at all (the result says they look unreliable, and the team
tools count them apart). The rules are those a survey methodologist would check first:
- straight-lining: the same option position on every practice answered with an option, over at least
  `limits.STRAIGHT_LINE_MIN` of them (or every practice, in a shorter questionnaire);
- acquiescence or nay-saying: the same side (agree, or disagree) on every belief statement answered, at
  least ACQUIESCENCE_MIN of them, forward and reverse mixed, so that the answers contradict themselves;
- contradiction: on CONTRADICTED_MYTHS myths or more, a forward and a reverse statement answered at least
  CONTRADICTION keyed points apart (agreeing that a belief holds and that it does not).
engine.js (myths.js) is the twin; tests/test_diagnosis.py and tests/test_parity.py hold them equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from centricity.core.limits import STRAIGHT_LINE_MIN
from centricity.model.questionnaire import Questionnaire

SCALE_TOP = 4  # the agreement scale's last index (strongly agree)
AGREE = 3  # keyed agreement that counts as agreeing (3: agree); careless-answer rules and evidence lines
NEUTRAL = 2  # the scale's middle: a side of a belief below it on average leans against the belief
NET_STATED = 5  # the two sides' means added, from which a belief is stated (4: both neutral, 6: both agree)
# The evidence weight of a belief stated by agreeing on both sides (what the statements add to the weight
# possible), and the most they give when held strongly: a strong belief then carries a diagnosis that one
# practice answer moved by one option would otherwise undo, and strength still stays below 100%.
BELIEF_WEIGHT = 4
BELIEF_MAX = 6
BELIEF_STEP = 2  # weight per point the two sides' means add above both neutral
CONTRADICTION = 3  # keyed answers this far apart on one myth contradict each other
CONTRADICTED_MYTHS = 2  # myths contradicted from which the answers are unreliable
ACQUIESCENCE_MIN = 4  # belief answers from which one side on all of them is a response style
CARELESS_RULES = ("straight_line", "acquiescence", "contradiction")


@dataclass(frozen=True, slots=True)
class Belief:
    """The keyed agreement sums and counts of a myth's answered forward and reverse statements."""

    forward: int = 0
    forward_n: int = 0
    reverse: int = 0
    reverse_n: int = 0

    @property
    def answered(self) -> bool:
        return self.forward_n > 0 and self.reverse_n > 0

    @property
    def net(self) -> int:
        """The two sides' mean keyed agreements added, times both counts (whole numbers, as in myths.js)."""
        return self.forward * self.reverse_n + self.reverse * self.forward_n

    @property
    def stated(self) -> bool:
        """Neither side leans against the belief and, together, they lean towards it by NET_STATED."""
        scale = self.forward_n * self.reverse_n
        return (
            self.answered
            and self.forward >= NEUTRAL * self.forward_n
            and self.reverse >= NEUTRAL * self.reverse_n
            and self.net >= NET_STATED * scale
        )

    @property
    def weight(self) -> int:
        """The evidence the statements give, graded: two points per point the sides' means add above
        neutral (floored; BELIEF_WEIGHT when both sides agree), at most BELIEF_MAX; none unless stated."""
        if not self.stated:
            return 0
        scale = self.forward_n * self.reverse_n
        return min(BELIEF_MAX, BELIEF_STEP * (self.net - 2 * NEUTRAL * scale) // scale)


def statements(q: Questionnaire, myth: str) -> tuple[tuple[str, bool], ...]:
    """(question id, reverse) of each belief statement about a myth, in questionnaire order."""
    return tuple((x.id, x.reverse) for x in q.beliefs if x.myth == myth)


def read_belief(items: Sequence[tuple[str, bool]], choices: Mapping[str, int | None]) -> Belief:
    forward = forward_n = reverse = reverse_n = 0
    for qid, rev in items:
        choice = choices.get(qid)
        if choice is None:
            continue
        if rev:
            reverse += SCALE_TOP - choice
            reverse_n += 1
        else:
            forward += choice
            forward_n += 1
    return Belief(forward, forward_n, reverse, reverse_n)


def careless(q: Questionnaire, choices: Mapping[str, int | None]) -> tuple[str, ...]:
    """The careless-answer rules these answers break, in CARELESS_RULES order (empty: none)."""
    broken = []
    if _straight_line(q, choices):
        broken.append("straight_line")
    if _acquiescence(q, choices):
        broken.append("acquiescence")
    if _contradictions(q, choices) >= CONTRADICTED_MYTHS:
        broken.append("contradiction")
    return tuple(broken)


def _straight_line(q: Questionnaire, choices: Mapping[str, int | None]) -> bool:
    positions = set()
    for x in q.practices:
        choice = choices.get(x.id)
        if choice is not None and choice < len(x.options):
            positions.add(choice)
            if len(positions) > 1:
                return False
    answered = sum(1 for x in q.practices if _option(x.id, len(x.options), choices))
    return answered >= min(STRAIGHT_LINE_MIN, len(q.practices)) and len(positions) == 1


def _option(qid: str, options: int, choices: Mapping[str, int | None]) -> bool:
    choice = choices.get(qid)
    return choice is not None and choice < options


def _acquiescence(q: Questionnaire, choices: Mapping[str, int | None]) -> bool:
    agree = disagree = 0
    directions = set()
    for x in q.beliefs:
        choice = choices.get(x.id)
        if choice is None:
            continue
        directions.add(x.reverse)
        if choice >= AGREE:
            agree += 1
        elif choice <= SCALE_TOP - AGREE:
            disagree += 1
        else:
            return False
    both = len(directions) == 2
    return both and (
        (agree >= ACQUIESCENCE_MIN and disagree == 0) or (disagree >= ACQUIESCENCE_MIN and agree == 0)
    )


def _contradictions(q: Questionnaire, choices: Mapping[str, int | None]) -> int:
    """Myths on which some forward and some reverse statement are CONTRADICTION keyed points apart."""
    count = 0
    for myth in q.myths:
        forward: list[int] = []
        reverse: list[int] = []
        for qid, rev in statements(q, myth.id):
            choice = choices.get(qid)
            if choice is not None:
                (reverse if rev else forward).append(SCALE_TOP - choice if rev else choice)
        if (
            forward
            and reverse
            and max(max(forward) - min(reverse), max(reverse) - min(forward)) >= CONTRADICTION
        ):
            count += 1
    return count
