"""What the audit opens: every HTML file of a built site, plus filled states of the pages that show answers.

The filled result carries a random response code in its fragment, and the level the Python engine gives it,
which the page must show; the team view gets a few responses; the survey page a survey and teams.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from centricity.core.registry import PAGE_KINDS
from centricity.engine.scoring import Answers, score
from centricity.model.catalog import Catalog
from centricity.model.questionnaire import Questionnaire
from centricity.quality.sampler import response_code

SEED = 2026
DASH = "\u2013"  # what the result page shows where there is no level
TEAM = ("sales", "sales", "service", "service", "ops")  # the teams of the responses loaded into the team view
# Files that are no page kind of the registry: the language chooser at the root and the host's 404 page.
SPECIAL = {"index.html": "root", "404.html": "404"}
_RULES = tuple((kind.name, re.compile(re.sub(r"<[a-z]+>", "[^/]+", kind.rule))) for kind in PAGE_KINDS)


def page_kind(rel: str) -> str:
    """The registry's kind of a site file ("root", "404" or "other" where the registry has none)."""
    if rel in SPECIAL:
        return SPECIAL[rel]
    path = "/" + rel.removesuffix("index.html")
    return next((name for name, rule in _RULES if rule.fullmatch(path)), "other")


def page_name(rel: str) -> str:
    """The name a person reads in the table: the page's folder, as in its URL."""
    if rel.endswith("index.html"):
        return rel[: -len("index.html")] or "/"
    return rel


@dataclass
class PageReport:
    """What was found on one page state: problems by check, links checked, and its weight."""

    name: str  # e.g. "en/assessment/customer-centricity/", "en/result/customer-centricity/ (filled)"
    file: str  # the HTML file, relative to the site
    kind: str  # root, 404 or a page kind of the registry
    state: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)
    links: int = 0
    raw: int = 0
    gzip: int = 0
    requests: int = 0

    def add(self, check: str, problem: str) -> None:
        self.problems.setdefault(check, []).append(problem)

    def count(self, check: str) -> int:
        return len(self.problems.get(check, []))


@dataclass(frozen=True)
class Target:
    """One page state to open: the file, and for a filled state what to put in it and what it must show."""

    rel: str
    kind: str
    state: str = ""
    fragment: str = ""
    team_codes: tuple[str, ...] = ()
    expect_level: str = ""
    error: str = ""

    @property
    def name(self) -> str:
        return f"{page_name(self.rel)} ({self.state})" if self.state else page_name(self.rel)


def expected_level(q: Questionnaire, answers: Answers, lang: str) -> str:
    """The overall level's name as the result page must show it, scored by the Python engine."""
    result = score(q, answers)
    return q.level(result.overall_level).name[lang] if result.overall_level else DASH


def _filled(rel: str, kind: str, catalog: Catalog | None, rng: random.Random) -> Target:
    lang, qid = rel.split("/")[0], rel.split("/")[2]
    q = catalog.questionnaires.get(qid) if catalog else None
    if q is None:
        return Target(rel, kind, "filled", error=f"no questionnaire {qid!r} to fill it with")
    if kind == "result":
        code, answers = response_code(q, rng, label="Audit")
        return Target(rel, kind, "filled", fragment=code, expect_level=expected_level(q, answers, lang))
    codes = tuple(response_code(q, rng, label=f"R{i}", team=team)[0] for i, team in enumerate(TEAM))
    return Target(rel, kind, "filled", team_codes=codes)


def targets(site: Path, catalog: Catalog | None, only: Iterable[str] | None = None) -> list[Target]:
    """Every HTML page, plus the result, team and survey pages filled; `only`: names (or prefixes) to keep."""
    rng = random.Random(SEED)
    out: list[Target] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        kind = page_kind(rel)
        out.append(Target(rel, kind))
        if kind == "survey":
            out.append(Target(rel, kind, "filled"))
        elif kind in ("result", "team"):
            out.append(_filled(rel, kind, catalog, rng))
    if only is not None:
        keep = tuple(only)
        out = [t for t in out if any(t.name == k or t.name.startswith(k) for k in keep)]
    return out
