"""Which respondents' answers look careless, so the item statistics can count them and, on request, leave
them out.

One rule for now, in this one place so another can replace or join it: straight-lining, the same option
position on every question answered with an option, once there are at least `STRAIGHT_LINE_MIN` of them
(a person who truly sits at one level everywhere is rare on a questionnaire whose options describe
different practices; fewer answers say too little to judge). "Don't know" and "does not apply" neither
break nor make a line.
"""

from __future__ import annotations

import numpy as np

from centricity.core.limits import STRAIGHT_LINE_MIN
from centricity.team.itemdata import Matrix

RULES = ("straight_line",)  # the rules `careless` applies, named in the report


def careless(m: Matrix) -> np.ndarray:
    """Per respondent, whether any rule flags the answers."""
    return straight_lining(m)


def straight_lining(m: Matrix) -> np.ndarray:
    answered = m.chosen.sum(axis=1)
    low = np.where(m.chosen, m.raw, np.inf).min(axis=1)
    high = np.where(m.chosen, m.raw, -np.inf).max(axis=1)
    return (answered >= STRAIGHT_LINE_MIN) & (low == high)
