"""Everything a site is built from (questionnaires, content, profiles, config), loaded and cross-checked.

This is the one place that knows how the inputs refer to each other: a myth in a questionnaire needs
a page in every language, a content link needs a target, a sample profile needs its questionnaire.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from centricity.core import languages as registry
from centricity.core.errors import AnswerError, Problem, ValidationError
from centricity.model.config import SiteConfig, load_config
from centricity.model.content import Content, load_content
from centricity.model.jsonsource import read_json
from centricity.model.questionnaire import Questionnaire, load_questionnaire
from centricity.model.strings import check_strings

REQUIRED_PAGES = ("about", "scoring")


@dataclass(frozen=True)
class ProfileSource:
    """A sample profile as read: its JSON is decoded into a response by the engine (`engine.profiles`)."""

    slug: str
    source: str
    questionnaire: str
    data: dict[str, Any]


@dataclass
class Catalog:
    questionnaires: dict[str, Questionnaire]
    content: Content
    config: SiteConfig
    profile_sources: dict[str, ProfileSource]
    languages: tuple[str, ...]
    # Filled by the engine's profile check (engine.profiles.load_site): slug -> decoded profile.
    profiles: dict[str, Any] = field(default_factory=dict)

    @property
    def primary(self) -> Questionnaire:
        """The questionnaire whose dimensions, levels and myths order the learning pages."""
        return next(iter(self.questionnaires.values()))

    def myth_ids(self) -> list[str]:
        return _union(m.id for q in self.questionnaires.values() for m in q.myths)

    def dimension_ids(self) -> list[str]:
        return _union(d.id for q in self.questionnaires.values() for d in q.dimensions)

    def level_ids(self) -> list[str]:
        return _union(lv.id for q in self.questionnaires.values() for lv in q.levels)

    def page_slugs(self, lang: str) -> list[str]:
        return sorted(s for (lg, s) in self.content.pages if lg == lang and "/" not in s)

    def summary(self) -> str:
        qs = self.questionnaires.values()
        return (
            f"{len(self.questionnaires)} questionnaire(s), {sum(len(q.questions) for q in qs)} questions, "
            f"{len(self.content.pages)} content pages, {len(self.profiles)} profiles, "
            f"languages {', '.join(self.languages)}"
        )


def _union(ids) -> list[str]:
    return list(dict.fromkeys(ids))


Check = Callable[["Catalog"], list[Problem]]


def load_catalog(
    questions: Path, content: Path, config: Path | None = None, checks: Sequence[Check] = ()
) -> Catalog:
    """Load and validate every input; raise one ValidationError listing all problems.

    `checks` lets a higher layer add cross-checks this layer cannot make (profiles need the engine)."""
    problems: list[Problem] = []
    try:
        cfg = load_config(config)
    except ValidationError as exc:
        problems += exc.problems
        cfg = SiteConfig()
    questionnaires = _load_questionnaires(questions, problems)
    languages = _languages(cfg, questions, questionnaires, problems)
    problems += check_strings(languages)
    try:
        pages = load_content(content, languages, _rel(content))
    except ValidationError as exc:
        problems += exc.problems
        pages = Content(content, {})
    catalog = Catalog(questionnaires, pages, cfg, {}, languages)
    if not problems:
        problems += _check_pages(catalog)
        catalog.profile_sources, profile_problems = _load_profiles(content, catalog)
        problems += profile_problems
        for check in checks:
            problems += check(catalog)
        problems += _check_links(catalog)
    if problems:
        raise ValidationError(problems)
    return catalog


def _load_questionnaires(folder: Path, problems: list[Problem]) -> dict[str, Questionnaire]:
    """Every questionnaire that validates; one bad file adds its problems and the others still load."""
    found: dict[str, Questionnaire] = {}
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if not files:
        problems.append(Problem(str(folder), None, "", "no questionnaire (*.yaml) found"))
    for path in files:
        try:
            q = load_questionnaire(path, _rel(path))
        except ValidationError as exc:
            problems += exc.problems
            continue
        if q.id in found:
            message = f"questionnaire id {q.id!r} is also used by {found[q.id].source}"
            problems.append(Problem(_rel(path), 1, "id", message))
        found[q.id] = q
    return found


def _languages(
    cfg: SiteConfig, folder: Path, questionnaires: dict[str, Questionnaire], problems: list[Problem]
) -> tuple[str, ...]:
    """The languages to build: as configured, or every language all questionnaires share."""
    languages = cfg.languages or tuple(
        lg for lg in registry.supported() if all(lg in q.languages for q in questionnaires.values())
    )
    if not languages:
        problems.append(Problem(str(folder), None, "languages", "the questionnaires share no language"))
        languages = registry.supported()[:1]
    for q in questionnaires.values():
        for lang in languages:
            if lang not in q.languages:
                message = f"the site is built in {lang!r} but this questionnaire has no texts in it"
                problems.append(Problem(q.source, 1, "languages", message))
    return languages


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _check_pages(c: Catalog) -> list[Problem]:
    problems = []
    folder = _rel(c.content.root)
    wanted = [
        *REQUIRED_PAGES,
        *(f"myths/{m}" for m in c.myth_ids()),
        *(f"dimensions/{d}" for d in c.dimension_ids()),
        *(f"levels/{lv}" for lv in c.level_ids()),
    ]
    for lang in c.languages:
        for slug in wanted:
            if c.content.get(lang, slug) is None:
                problems.append(Problem(f"{folder}/{lang}/{slug}.md", None, "", "missing page"))
    return problems


def _load_profiles(content: Path, c: Catalog) -> tuple[dict[str, ProfileSource], list[Problem]]:
    profiles: dict[str, ProfileSource] = {}
    problems: list[Problem] = []
    folder = content / "profiles"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = read_json(path.read_bytes())
        except OSError as exc:
            problems.append(Problem(_rel(path), None, "", f"cannot read: {exc.strerror or exc}"))
            continue
        except AnswerError as exc:
            problems.append(Problem(_rel(path), None, "", str(exc)))
            continue
        qid = data.get("questionnaire") if isinstance(data, dict) else None
        if not isinstance(qid, str) or qid not in c.questionnaires:
            problems.append(Problem(_rel(path), None, "questionnaire", "unknown questionnaire"))
            continue
        profiles[path.stem] = ProfileSource(path.stem, _rel(path), qid, data)
        for lang in c.languages:
            if c.content.get(lang, f"profiles/{path.stem}") is None:
                problems.append(
                    Problem(
                        f"{_rel(content)}/{lang}/profiles/{path.stem}.md",
                        None,
                        "",
                        "missing page for the profile",
                    )
                )
    return profiles, problems


def _check_links(c: Catalog) -> list[Problem]:
    known = {
        "myth": set(c.myth_ids()),
        "dimension": set(c.dimension_ids()),
        "level": set(c.level_ids()),
        "assessment": set(c.questionnaires),
        "profile": set(c.profile_sources),
    }
    problems = []
    for page in c.content.pages.values():
        pages = set(c.page_slugs(page.lang)) | {"learn", "team", "instructors"}
        for link in page.links:
            targets = pages if link.kind == "page" else known[link.kind]
            if link.target not in targets:
                problems.append(
                    Problem(page.source, link.line, "", f"link to unknown {link.kind} {link.target!r}")
                )
    return problems
