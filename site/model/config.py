"""The site configuration (`site.yaml`): a consultant's branding without touching code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from centricity.core.errors import Problem, ValidationError
from centricity.model.questionnaire import SUPPORTED_LANGUAGES
from centricity.model.yamlsource import load

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FIELDS = ("name", "logo", "accent", "contact", "footer", "languages", "base_url")


@dataclass(frozen=True)
class SiteConfig:
    name: str = "Centricity"
    logo: Path | None = None
    accent: str = "#0b6e69"
    contact: str = ""
    footer: str = ""
    languages: tuple[str, ...] | None = None  # None: every language all questionnaires have
    base_url: str = ""


def load_config(path: Path | None) -> SiteConfig:
    if path is None:
        return SiteConfig()
    src = load(path)
    data = src.data or {}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ValidationError([src.problem((), "expected a mapping")])
    for key in data:
        if key not in _FIELDS:
            problems.append(src.problem((str(key),), f"unknown field (known: {', '.join(_FIELDS)})"))
    values: dict = {}
    for key in ("name", "contact", "footer", "base_url"):
        if key in data:
            if not isinstance(data[key], str):
                problems.append(src.problem((key,), "expected text"))
            else:
                values[key] = data[key].strip()
    if values.get("contact") and not re.match(r"^(https?://|mailto:)", values["contact"]):
        problems.append(src.problem(("contact",), "expected an https:// or mailto: link"))
    if values.get("base_url") and not re.match(r"^https?://", values["base_url"]):
        problems.append(src.problem(("base_url",), "expected an absolute http(s) URL"))
    if "accent" in data:
        if not isinstance(data["accent"], str) or not _COLOUR.match(data["accent"]):
            problems.append(src.problem(("accent",), "expected a colour like #0b6e69"))
        else:
            values["accent"] = data["accent"]
    if "logo" in data:
        logo = path.parent / str(data["logo"])
        if not logo.is_file() or logo.suffix.lower() not in (".svg", ".png"):
            problems.append(src.problem(("logo",), f"expected an .svg or .png file next to {path.name}"))
        else:
            values["logo"] = logo
    if "languages" in data:
        langs = data["languages"]
        if not isinstance(langs, list) or not langs or any(lg not in SUPPORTED_LANGUAGES for lg in langs):
            problems.append(
                src.problem(("languages",), f"expected a list of {', '.join(SUPPORTED_LANGUAGES)}")
            )
        else:
            values["languages"] = tuple(langs)
    if problems:
        raise ValidationError(problems)
    return SiteConfig(**values)
