"""Lists many places used to spell out for themselves: the kinds of page, of question and of condition.

Routes, the freezer, the sitemap, preview cards, the learning index and the audit read `PAGE_KINDS`; the
questionnaire reader, the rule export, both engines, the assessment and the worksheet read `QUESTION_KINDS`;
the questionnaire validator, the rule export for the browser, both engines and the README read
`CONDITION_KINDS`. Tests enumerate them, so adding a kind here without its handlers (or the reverse) fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageKind:
    """A kind of page. `per` says what one page is made for, so the freezer can list them: "language",
    "questionnaire" (per language and questionnaire), or a content family: "myth", "dimension", "level",
    "page" or "profile" (per language and item)."""

    name: str
    rule: str
    per: str
    title_key: str  # the strings key naming the kind, on its preview card


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("home", "/<lang>/", "language", "home.title"),
    PageKind("learn", "/<lang>/learn/", "language", "learn.title"),
    PageKind("assessment", "/<lang>/assessment/<qid>/", "questionnaire", "nav.assessment"),
    PageKind("result", "/<lang>/result/<qid>/", "questionnaire", "result.title"),
    PageKind("worksheet", "/<lang>/worksheet/<qid>/", "questionnaire", "worksheet.title"),
    PageKind("team", "/<lang>/team/<qid>/", "questionnaire", "team.title"),
    PageKind("survey", "/<lang>/survey/<qid>/", "questionnaire", "survey.title"),
    PageKind("myth", "/<lang>/myths/<slug>/", "myth", "kind.myth"),
    PageKind("dimension", "/<lang>/dimensions/<slug>/", "dimension", "kind.dimension"),
    PageKind("level", "/<lang>/levels/<slug>/", "level", "kind.level"),
    PageKind("profile", "/<lang>/profiles/<slug>/", "profile", "profile.kicker"),
    PageKind("page", "/<lang>/<slug>/", "page", "learn.more"),
)
PAGES: dict[str, PageKind] = {k.name: k for k in PAGE_KINDS}
# The content folder of each family whose pages are Markdown files (content/<lang>/<folder>/<slug>.md).
CONTENT_FOLDERS: dict[str, str] = {
    "myth": "myths",
    "dimension": "dimensions",
    "level": "levels",
    "profile": "profiles",
}


_LIMIT: dict[str, Any] = {"type": "number", "minimum": -100, "maximum": 100}
_ID: dict[str, Any] = {"$ref": "#/$defs/id"}
_CONDITIONS: dict[str, Any] = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}}


@dataclass(frozen=True)
class ConditionKind:
    """A kind of myth-rule condition, as data every layer reads: its YAML key and the extra keys it allows
    (`required` of them always, at least one of `one_of`), the JSON Schema of each field, its meaning for
    the docs, and the strings keys its evidence is worded with (none for a combination, which gives no
    evidence of its own). Its behaviour is one object per kind: the model class that parses it
    (`model/conditions.py` NODES) and the engine's kind (`engine/kinds.py` KINDS: evaluation, compiled
    test, what makes it decidable, wording); the browser's is one entry of `conditions.js`. Each of these
    refuses to load when a kind is missing, and tests/test_registry.py checks every part."""

    key: str
    extra: tuple[str, ...]
    meaning: str
    words: tuple[str, ...]
    fields: Mapping[str, Any]
    required: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()
    answers: bool = True  # whether it rests on the answers to the questions (a combination: on its items')

    def schema(self) -> dict[str, Any]:
        """Its fragment of the questionnaire schema's `condition` (site/schema/, checked by a test)."""
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "required": [self.key, *self.required],
        }
        if self.one_of:
            out["anyOf"] = [{"required": [k]} for k in self.one_of]
        out["properties"] = dict(self.fields)
        return out


CONDITION_KINDS: tuple[ConditionKind, ...] = (
    ConditionKind("all", (), "every listed condition holds", (), {"all": _CONDITIONS}),
    ConditionKind("any", (), "at least one listed condition holds", (), {"any": _CONDITIONS}),
    ConditionKind(
        "dimension",
        ("at_least", "below"),
        "the dimension's score is at least / below the value",
        ("evidence.dimension.at_least", "evidence.dimension.below"),
        {"dimension": _ID, "at_least": _LIMIT, "below": _LIMIT},
        one_of=("at_least", "below"),
    ),
    ConditionKind(
        "gap",
        ("at_least",),
        "the first dimension scores at least that much above the second",
        ("evidence.gap",),
        {
            "gap": {"type": "array", "prefixItems": [_ID, _ID], "minItems": 2, "maxItems": 2},
            "at_least": _LIMIT,
        },
        required=("at_least",),
    ),
    ConditionKind(
        "answer",
        ("at_least", "at_most"),
        "the chosen option scores at least / at most the value",
        ("evidence.answer",),
        {"answer": _ID, "at_least": _LIMIT, "at_most": _LIMIT},
        one_of=("at_least", "at_most"),
    ),
    ConditionKind(
        "context",
        ("in",),
        "the context answer is one of the listed option ids",
        ("evidence.context",),
        {"context": _ID, "in": {"type": "array", "minItems": 1, "items": _ID}},
        required=("in",),
        answers=False,
    ),
    ConditionKind(
        "signals",
        (),
        "at least that many questions tagged with the myth got a low answer",
        ("evidence.signals",),
        {"signals": {"type": "integer", "minimum": 1}},
    ),
    ConditionKind(
        "felt_gap",
        (),
        "the own 0-10 rating exceeds the measured score (0-10) by at least that",
        ("evidence.felt_gap",),
        {"felt_gap": {"type": "number", "minimum": -10, "maximum": 10}},
        answers=False,
    ),
)
CONDITIONS: dict[str, ConditionKind] = {k.key: k for k in CONDITION_KINDS}


def condition_kind(key: str) -> ConditionKind:
    """The kind named `key`; an unknown one is an error, never a default."""
    try:
        return CONDITIONS[key]
    except KeyError:
        raise KeyError(f"unknown condition kind {key!r} (known: {', '.join(CONDITIONS)})") from None


@dataclass(frozen=True)
class QuestionKind:
    """A kind of question and what it means everywhere: the YAML fields it requires and allows, whether its
    answer is scored in a dimension (and so counts in coverage, the plan and the low-answer signal), the
    assessment step that asks it, and, for a kind whose options are a fixed scale, how many options the
    strings files give it (`<key>.scale.0` ...). Every kind's answer is an option index or null for "don't
    know", so codes, links, files and the team reader read every kind alike."""

    key: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    scored: bool
    step: str  # "dimension": in its dimension's step; otherwise the id of its own step, after the dimensions
    scale: int  # options from the strings files; 0: the YAML lists them with their scores
    meaning: str


QUESTION_KINDS: tuple[QuestionKind, ...] = (
    QuestionKind(
        "practice",
        ("id", "dimension", "prompt", "options"),
        ("kind", "help", "weight", "dont_know", "myths", "not_applicable", "benefit"),
        True,
        "dimension",
        0,
        "what the organization does: options scored 0-100 in the question's dimension",
    ),
    QuestionKind(
        "belief",
        ("id", "kind", "myth", "prompt"),
        ("help", "reverse"),
        False,
        "beliefs",
        5,
        "a statement the respondent agrees or disagrees with (strongly disagree .. strongly agree, or don't "
        "know): evidence for one myth (against it when `reverse`), scored in no dimension",
    ),
)
QUESTIONS: dict[str, QuestionKind] = {k.key: k for k in QUESTION_KINDS}
DEFAULT_QUESTION_KIND = "practice"
