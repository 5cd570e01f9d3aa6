"""The site configuration (`site.yaml`): a consultant's branding without touching code.

What it holds lands on every page, in `robots.txt`, the sitemap and reports, so it is read like a
questionnaire (one YAML reader, `file:line: field: problem`) and checked strictly: URLs are parsed and
refused with control characters, spaces or an unsafe scheme; the logo is checked by `model.logo`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from centricity.core import languages, limits
from centricity.core.errors import ValidationError
from centricity.model.logo import LogoError, read_logo
from centricity.model.reader import Reader
from centricity.model.yamlsource import load

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_FIELDS = ("name", "logo", "accent", "contact", "footer", "languages", "base_url")
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_MAILTO = re.compile(r"mailto:[^@\s]+@[^@\s]+")


@dataclass(frozen=True)
class SiteConfig:
    name: str = "Centricity"
    logo: Path | None = None
    accent: str = "#0b6e69"
    contact: str = ""
    footer: str = ""
    languages: tuple[str, ...] | None = None  # None: every language all questionnaires have
    base_url: str = ""
    logo_type: str = ""
    logo_data: bytes = field(default=b"", repr=False)  # the bytes that were checked are the ones published


def url_problem(value: str, *, mail: bool = False) -> str | None:
    """Why `value` is not a safe absolute http(s) URL (or mailto: link, when `mail`), or None."""
    if len(value) > limits.URL_MAX:
        return f"longer than {limits.URL_MAX} characters"
    if _UNSAFE.search(value):
        return "holds a space or a control character"
    if mail and value.lower().startswith("mailto:"):
        return None if _MAILTO.fullmatch(value) else "expected mailto:name@example.org"
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port_ok:
        return "expected an https:// or mailto: link" if mail else "expected an absolute http(s) URL"
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password"
    if not mail and (parts.query or parts.fragment or "?" in value or "#" in value):
        return "must not hold '?' or '#'"
    return None


def load_config(path: Path | None) -> SiteConfig:
    if path is None:
        return SiteConfig()
    src = load(path)
    r = Reader(src)
    data = r.mapping({} if src.data is None else src.data, (), (), _FIELDS)
    if data is None:
        raise ValidationError(r.problems)
    values: dict[str, Any] = {}
    for key, most in (("name", limits.NAME_MAX), ("footer", limits.FOOTER_MAX)):
        if key in data:
            values[key] = r.string(data[key], (key,))
            if len(values[key]) > most:
                r.fail((key,), f"longer than {most} characters")
    for key in ("contact", "base_url"):
        if key in data:
            values[key] = r.string(data[key], (key,))
            problem = values[key] and url_problem(values[key], mail=key == "contact")
            if problem:
                r.fail((key,), problem)
    if "accent" in data:
        values["accent"] = data["accent"]
        if not isinstance(data["accent"], str) or not _COLOUR.fullmatch(data["accent"]):
            r.fail(("accent",), "expected a colour like #0b6e69")
    if "logo" in data:
        values.update(_logo(r, data["logo"], path.parent))
    if "languages" in data:
        langs = r.sequence(data["languages"], ("languages",))
        supported = languages.supported()
        values["languages"] = tuple(lg for lg in langs if lg in supported)
        if len(values["languages"]) != len(langs):
            r.fail(("languages",), f"expected a list of {', '.join(supported)}")
    if r.problems:
        raise ValidationError(r.problems)
    return SiteConfig(**values)


def _logo(r: Reader, value: Any, folder: Path) -> dict[str, Any]:
    name = r.string(value, ("logo",))
    if not name:
        return {}
    try:
        logo = read_logo(name, folder)
    except (LogoError, OSError) as exc:
        r.fail(("logo",), str(exc))
        return {}
    return {"logo": logo.path, "logo_type": logo.mimetype, "logo_data": logo.data}
