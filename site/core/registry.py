"""Two lists many places used to spell out for themselves: the kinds of page and the kinds of condition.

Routes, the freezer, the sitemap, preview cards, the learning index and the audit read `PAGE_KINDS`; the
questionnaire validator, the rule export for the browser, both engines and the README read `CONDITION_KINDS`.
Tests enumerate both, so adding a kind here without its handlers (or the reverse) fails.
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
    PageKind("profile", "/<lang>/profiles/<slug>/", "profile", "learn.profiles"),
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
