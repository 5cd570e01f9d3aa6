"""Refusals of respondents' input (codes, links, response files) as message keys with their English text.

The key (`refusal.<key>` in the strings files) is what Python and the browser's engine.js agree on; a page
shows the text in its own language, the command line in English.
"""

from __future__ import annotations

from centricity.core.errors import AnswerError
from centricity.model.strings import fill, strings


def refusal(key: str, /, **params: object) -> AnswerError:
    return AnswerError(fill(strings("en")[f"refusal.{key}"], **params), key, params)
