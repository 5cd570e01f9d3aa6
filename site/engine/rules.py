"""The questionnaire as plain data for the browser's engine.js: the same rules the Python engine uses."""

from __future__ import annotations

from typing import Any

from centricity.model.questionnaire import (
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    ContextTest,
    DimensionTest,
    FeltGapTest,
    GapTest,
    Questionnaire,
    SignalsTest,
)


def condition_to_json(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, AllOf | AnyOf):
        return {
            "kind": "all" if isinstance(cond, AllOf) else "any",
            "items": [condition_to_json(c) for c in cond.items],
        }
    if isinstance(cond, DimensionTest):
        return {
            "kind": "dimension",
            "dimension": cond.dimension,
            "at_least": cond.at_least,
            "below": cond.below,
        }
    if isinstance(cond, GapTest):
        return {"kind": "gap", "high": cond.high, "low": cond.low, "at_least": cond.at_least}
    if isinstance(cond, AnswerTest):
        return {
            "kind": "answer",
            "question": cond.question,
            "at_least": cond.at_least,
            "at_most": cond.at_most,
        }
    if isinstance(cond, ContextTest):
        return {"kind": "context", "question": cond.question, "values": list(cond.values)}
    if isinstance(cond, SignalsTest):
        return {"kind": "signals", "at_least": cond.at_least}
    if isinstance(cond, FeltGapTest):
        return {"kind": "felt_gap", "at_least": cond.at_least}
    raise TypeError(f"unknown condition {cond!r}")


def engine_rules(q: Questionnaire) -> dict[str, Any]:
    return {
        "id": q.id,
        "version": q.version,
        "low_answer_below": q.low_answer_below,
        "dimensions": [{"id": d.id, "weight": d.weight} for d in q.dimensions],
        "levels": [{"id": lv.id, "low": lv.low, "high": lv.high} for lv in q.levels],
        "questions": [
            {
                "id": x.id,
                "dimension": x.dimension,
                "weight": x.weight,
                "dont_know": x.dont_know,
                "myths": list(x.myths),
                "scores": [o.score for o in x.options],
            }
            for x in q.questions
        ],
        "context": [{"id": c.id, "options": [o.id for o in c.options]} for c in q.context],
        "myths": [
            {"id": m.id, "dimensions": list(m.dimensions), "when": condition_to_json(m.when)} for m in q.myths
        ],
    }
