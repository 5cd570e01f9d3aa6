"""Which respondents' answers look careless, so the item statistics can count them and, on request, leave
them out.

The rules are the questionnaire's own (engine/diagnosis.py, `careless`): straight-lining, the same side on
every belief statement, contradictions on several myths; the same rules keep a careless response from a
diagnosis and make the team summary count it apart, so every tool names the same people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from centricity.engine.diagnosis import CARELESS_RULES
from centricity.engine.diagnosis import careless as broken
from centricity.model.questionnaire import Questionnaire
from centricity.team.rows import Row


@dataclass(frozen=True)
class Careless:
    flagged: np.ndarray  # per respondent, whether any rule holds
    by_rule: tuple[tuple[str, int], ...]  # respondents per rule, in CARELESS_RULES order


def careless(q: Questionnaire, rows: Sequence[Row]) -> Careless:
    found = [broken(q, r.response.answers.choices) for r in rows]
    flagged = np.fromiter((bool(f) for f in found), dtype=bool, count=len(found))
    return Careless(flagged, tuple((rule, sum(rule in f for f in found)) for rule in CARELESS_RULES))
