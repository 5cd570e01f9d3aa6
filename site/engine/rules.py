"""The questionnaire as plain data for the browser's engine.js: the same rules the Python engine uses."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from centricity.engine import diagnosis, evidence
from centricity.engine.scoring import MAX_MYTHS_SHOWN
from centricity.model.conditions import Condition
from centricity.model.myths import Myth
from centricity.model.questionnaire import Questionnaire


def condition_to_json(cond: Condition) -> dict[str, Any]:
    """A condition as engine.js reads it: its kind, then its fields (nested conditions likewise)."""
    out: dict[str, Any] = {"kind": cond.kind}
    for f in fields(cond):
        value = getattr(cond, f.name)
        if f.name == "items":
            value = [condition_to_json(c) for c in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _myth(q: Questionnaire, m: Myth) -> dict[str, Any]:
    rule = m.evidence
    return {
        "id": m.id,
        "dimensions": list(m.dimensions),
        "when": condition_to_json(m.when) if m.when is not None else None,
        "evidence": None
        if rule is None
        else {
            "at_least": rule.at_least,
            "share": rule.share,
            "rows": [[qid, list(weights), most] for qid, weights, most in q.evidence_rows(m.id)],
            "patterns": [
                {"weight": p.weight, "when": condition_to_json(p.when), "dimensions": list(dims)}
                for p, dims in zip(rule.patterns, _pattern_dimensions(q, m), strict=True)
            ],
            "beliefs": [[qid, reverse] for qid, reverse in diagnosis.statements(q, m.id)],
        },
    }


def _pattern_dimensions(q: Questionnaire, m: Myth) -> list[tuple[str, ...]]:
    """The dimensions each pattern of a myth reads, as the compiled rules have them."""
    rule = next(r for r in evidence.rules(q) if r.myth.id == m.id)
    return [dims for _, _, _, dims in rule.patterns]


# The thresholds of diagnosis.py and evidence.py, so the browser judges with the same numbers.
DIAGNOSIS = {
    "scale_top": diagnosis.SCALE_TOP,
    "agree": diagnosis.AGREE,
    "neutral": diagnosis.NEUTRAL,
    "net_stated": diagnosis.NET_STATED,
    "belief_weight": diagnosis.BELIEF_WEIGHT,
    "belief_max": diagnosis.BELIEF_MAX,
    "belief_step": diagnosis.BELIEF_STEP,
    "contradiction": diagnosis.CONTRADICTION,
    "contradicted_myths": diagnosis.CONTRADICTED_MYTHS,
    "acquiescence_min": diagnosis.ACQUIESCENCE_MIN,
    "straight_line_min": diagnosis.STRAIGHT_LINE_MIN,
    "shrink": evidence.SHRINK,
    "source_weight": evidence.SOURCE_WEIGHT,
    "corroboration": evidence.CORROBORATION,
}


def engine_rules(q: Questionnaire) -> dict[str, Any]:
    return {
        "id": q.id,
        "version": q.version,
        "low_answer_below": q.low_answer_below,
        "max_myths": MAX_MYTHS_SHOWN,
        "diagnosis": DIAGNOSIS,
        "dimensions": [{"id": d.id, "weight": d.weight} for d in q.dimensions],
        "levels": [{"id": lv.id, "low": lv.low, "high": lv.high} for lv in q.levels],
        "questions": [
            {
                "id": x.id,
                "kind": x.kind,
                "scored": x.scored,
                "myth": x.myth,
                "reverse": x.reverse,
                "dimension": x.dimension,
                "weight": x.weight,
                "dont_know": x.dont_know,
                "not_applicable": x.not_applicable is not None,
                "myths": list(x.myths),
                "scores": [o.score for o in x.options],
                "reveals": [bool(o.myths) for o in x.options],
            }
            for x in q.questions
        ],
        "context": [{"id": c.id, "options": [o.id for o in c.options]} for c in q.context],
        "myths": [_myth(q, m) for m in q.myths],
    }
