"""Myths and the evidence that reveals them.

A myth is a belief, not a low score, so its evidence is tied to the answer options that reveal the belief
(tagged on the option with a weight) and to patterns across answers (a condition with a weight). A myth
is shown only when its evidence reaches a minimum weight and a share of what this respondent's answers
could have shown; an older, condition-only rule (`when`) still works and may be combined with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from centricity.core.registry import CONDITIONS
from centricity.model.conditions import AllOf, AnyOf, Condition, Names, parse_condition
from centricity.model.reader import Reader, Text
from centricity.model.yamlsource import Path_

MAX_WEIGHT = 10


@dataclass(frozen=True)
class Pattern:
    """A combination of answers that reveals the myth, with the words that say why it matters."""

    weight: int
    label: Text
    when: Condition


@dataclass(frozen=True)
class EvidenceRule:
    at_least: int
    share: int
    patterns: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Myth:
    id: str
    title: Text
    dimensions: tuple[str, ...]
    when: Condition | None = None
    evidence: EvidenceRule | None = None


def parse_weight(r: Reader, value: Any, p: Path_) -> int:
    return r.whole(value, p, 1, MAX_WEIGHT)


def parse_myths(r: Reader, items: list, names: Names) -> list[Myth]:
    out: list[Myth] = []
    for i, item in enumerate(items):
        p: Path_ = ("myths", i)
        m = r.mapping(item, p, ("id", "title", "dimensions"), ("when", "evidence"))
        if m is None:
            continue
        dims = r.sequence(m["dimensions"], (*p, "dimensions"))
        for j, d in enumerate(dims):
            if d not in names.dimensions:
                r.fail((*p, "dimensions", j), f"unknown dimension {d!r}")
        if "when" not in m and "evidence" not in m:
            r.fail(p, "a myth needs when, evidence or both")
        out.append(
            Myth(
                r.ident(m["id"], (*p, "id")),
                r.text(m["title"], (*p, "title")),
                tuple(str(d) for d in dims),
                _condition(r, m["when"], (*p, "when"), names) if "when" in m else None,
                _evidence(r, m["evidence"], (*p, "evidence"), names) if "evidence" in m else None,
            )
        )
    r.unique([(m.id, ("myths", i, "id")) for i, m in enumerate(out)], "myth")
    return out


def _evidence(r: Reader, raw: Any, p: Path_, names: Names) -> EvidenceRule | None:
    m = r.mapping(raw, p, ("at_least", "share"), ("patterns",))
    if m is None:
        return None
    at_least = r.whole(m["at_least"], (*p, "at_least"), 1, 1000)
    share = r.whole(m["share"], (*p, "share"), 0, 100)
    patterns = []
    for j, item in enumerate(r.sequence(m.get("patterns", []), (*p, "patterns"), 0)):
        pp: Path_ = (*p, "patterns", j)
        pm = r.mapping(item, pp, ("weight", "label", "when"))
        if pm is not None:
            patterns.append(
                Pattern(
                    parse_weight(r, pm["weight"], (*pp, "weight")),
                    r.text(pm["label"], (*pp, "label")),
                    _condition(r, pm["when"], (*pp, "when"), names),
                )
            )
    return EvidenceRule(at_least, share, tuple(patterns))


def _condition(r: Reader, raw: Any, p: Path_, names: Names) -> Condition:
    """A myth's condition, refused when it can hold on the felt-versus-measured gap (or the context) alone:
    the gap is shown as a gap, never on its own as a myth."""
    before = len(r.problems)
    cond = parse_condition(r, raw, p, names)
    if len(r.problems) == before and not rests_on_answers(cond):
        r.fail(p, "this condition can hold without any answer (on the felt gap or the context alone)")
    return cond


def rests_on_answers(cond: Condition) -> bool:
    """Whether every way `cond` can hold reads some answer (core/registry.py ConditionKind.answers)."""
    if isinstance(cond, AllOf):
        return any(rests_on_answers(c) for c in cond.items)
    if isinstance(cond, AnyOf):
        return bool(cond.items) and all(rests_on_answers(c) for c in cond.items)
    return CONDITIONS[cond.kind].answers


def check_evidence(r: Reader, myths: list[Myth], tagged: Mapping[str, int]) -> None:
    """Refuse a threshold no respondent could reach: `tagged` is the most weight options give per myth."""
    for i, myth in enumerate(myths):
        rule = myth.evidence
        if rule is None:
            continue
        most = tagged.get(myth.id, 0)
        for pattern in rule.patterns:
            most += pattern.weight
        if rule.at_least > most:
            r.fail(
                ("myths", i, "evidence", "at_least"),
                f"{rule.at_least} is more evidence than the options and patterns can give ({most})",
            )
