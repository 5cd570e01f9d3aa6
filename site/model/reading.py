"""How long a questionnaire takes, from the words a respondent reads, so the minutes shown stay honest.

Reading speed: 200 words per minute. Silent reading of ordinary prose is faster, but a respondent weighs
each option against the others and against their own organization, so we count on a slower pace. The
words counted are the questionnaire's description, every context question and every question with its
help, options and "does not apply" label, in the language shown; the site's own labels (among them the
agreement scale of belief statements) are not counted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from centricity.core.registry import QUESTIONS
from centricity.model.reader import Text

if TYPE_CHECKING:
    from centricity.model.questionnaire import ContextQuestion, Question

WORDS_PER_MINUTE = 200


def reading_minutes(
    lang: str, description: Text, context: Iterable[ContextQuestion], questions: Iterable[Question]
) -> int:
    words = sum(len(text.split()) for text in _texts(lang, description, context, questions))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _texts(
    lang: str, description: Text, context: Iterable[ContextQuestion], questions: Iterable[Question]
) -> Iterator[str]:
    yield description.get(lang, "")
    for c in context:
        yield c.prompt.get(lang, "")
        yield from (o.label.get(lang, "") for o in c.options)
    for q in questions:
        yield q.prompt.get(lang, "")
        yield from (text.get(lang, "") for text in (q.help, q.not_applicable) if text)
        if not QUESTIONS[q.kind].scale:  # a scale's labels are the site's own, read once
            yield from (o.label.get(lang, "") for o in q.options)
