"""A stored response as its respondent reads it back on the receipt page: each question with the option they
chose, in their language, instead of the file's option numbers. The file itself is what was stored and what
the admin exports; this is only its reading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import strings


@dataclass(frozen=True)
class Line:
    question: str
    answer: str


def readable(q: Questionnaire, payload: dict[str, Any], lang: str) -> list[Line]:
    """Context, felt rating, each answered question, the targets and the label, in the questionnaire's order.
    The payload was checked against the questionnaire when it was stored; an id it no longer knows (an
    earlier version) is left out rather than guessed."""
    t = strings(lang)
    context = (payload.get("context") or {}).items()
    lines = [line for cid, oid in context if (line := _context(q, cid, oid, lang)) is not None]
    if payload.get("felt") is not None:
        lines.append(Line(t["felt.legend"], f"{payload['felt']}/10"))
    answers = payload.get("answers") or {}
    for x in q.questions:
        if x.id in answers:
            lines.append(Line(x.prompt[lang], _choice(x, answers[x.id], lang, t)))
    targets = payload.get("targets") or {}
    for d in q.dimensions:
        if targets.get(d.id) in {lv.id for lv in q.levels}:
            lines.append(Line(f"{t['team.targets']}: {d.title[lang]}", q.level(targets[d.id]).name[lang]))
    if payload.get("label"):
        lines.append(Line(t["team.label"], str(payload["label"])))
    return lines


def _context(q: Questionnaire, cid: str, oid: str, lang: str) -> Line | None:
    if not q.has("context", cid):
        return None
    c = q.context_question(cid)
    label = next((o.label[lang] for o in c.options if o.id == oid), None)
    return Line(c.prompt[lang], label) if label else None


def _choice(x, choice: int | None, lang: str, t: dict[str, str]) -> str:
    if choice is None:
        return t["assessment.dont_know"]
    if choice < len(x.options):
        return x.options[choice].label[lang]
    return x.not_applicable[lang] if x.not_applicable else t["items.not_applicable"]
