"""Sample profiles: the catalog reads their JSON and the engine decodes it, as only the codec knows responses.

`load_site` is the catalog with every cross-check, the entry point for anything that builds or checks a site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from centricity.core.errors import AnswerError, Problem
from centricity.engine.codec import Response, from_json
from centricity.model.catalog import Catalog, load_catalog


@dataclass(frozen=True)
class Profile:
    slug: str
    response: Response


def decode_profiles(catalog: Catalog) -> list[Problem]:
    """Fill `catalog.profiles`; a profile that does not decode is reported against its own file."""
    problems = []
    for slug, src in catalog.profile_sources.items():
        try:
            catalog.profiles[slug] = Profile(
                slug, from_json(catalog.questionnaires[src.questionnaire], src.data)
            )
        except AnswerError as exc:
            problems.append(Problem(src.source, None, "", str(exc)))
    return problems


def load_site(questions: Path, content: Path, config: Path | None = None) -> Catalog:
    return load_catalog(questions, content, config, checks=(decode_profiles,))
