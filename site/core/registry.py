"""Lists many places used to spell out for themselves: the kinds of page, of question and of condition.

Routes, the freezer, the sitemap, preview cards, the learning index and the audit read `PAGE_KINDS`; the
questionnaire reader, the rule export, both engines, the assessment and the worksheet read `QUESTION_KINDS`;
the questionnaire validator, the rule export for the browser, both engines and the README read
`CONDITION_KINDS`. Tests enumerate them, so adding a kind here without its handlers (or the reverse) fails.
"""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class ConditionKind:
    """A kind of myth-rule condition: its YAML key, the extra keys it allows, its meaning for the docs."""

    key: str
    extra: tuple[str, ...]
    meaning: str


CONDITION_KINDS: tuple[ConditionKind, ...] = (
    ConditionKind("all", (), "every listed condition holds"),
    ConditionKind("any", (), "at least one listed condition holds"),
    ConditionKind("dimension", ("at_least", "below"), "the dimension's score is at least / below the value"),
    ConditionKind(
        "gap", ("at_least",), "the first dimension scores at least that much above the second"
    ),
    ConditionKind("answer", ("at_least", "at_most"), "the chosen option scores at least / at most the value"),
    ConditionKind("context", ("in",), "the context answer is one of the listed option ids"),
    ConditionKind("signals", (), "at least that many questions tagged with the myth got a low answer"),
    ConditionKind(
        "felt_gap", (), "the own 0-10 rating exceeds the measured score (0-10) by at least that"
    ),
)
CONDITIONS: dict[str, ConditionKind] = {k.key: k for k in CONDITION_KINDS}


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
