"""The one rounding rule of every figure: scores, gaps, strengths and the team figures built from them.

It has a module of its own so that scoring.py and the myth rules compiled in evidence.py share it without
importing each other; `scoring.round1` remains the name the rest of the project imports.
"""

from __future__ import annotations

import math


def round1(x: float) -> float:
    """Round half up to one decimal, the same way the JS engine does (`Math.floor(x * 10 + 0.5) / 10`)."""
    return math.floor(x * 10 + 0.5) / 10
