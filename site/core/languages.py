"""The languages a site can be built in: one entry per language holds what the code needs to know about it.

Validation (questionnaires, site.yaml, survey links), the JSON Schemas (checked by tests/test_languages.py),
the templates (`lang`, `dir`, `og:locale`), number formatting in Python (model/strings.py) and in the browser
(the registry travels in the page data, `data.limits.languages`) all read this table, so a new language is its
strings file, its content folder, its texts in the questionnaires and one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """`code` is the BCP 47 tag used in URLs, YAML keys and `lang`; `locale` the Open Graph form (ll_CC)."""

    code: str
    locale: str
    decimal: str  # the decimal separator of numbers shown to people
    name: str  # the language's own name for itself, as a language switch shows it
    direction: str = "ltr"  # "ltr" or "rtl", the page's `dir`


LANGUAGES: tuple[Language, ...] = (
    Language("es", "es_ES", ",", "Español"),
    Language("en", "en_GB", ".", "English"),
)
DIRECTIONS = ("ltr", "rtl")


def supported() -> tuple[str, ...]:
    """The codes of every language a site can be built in, in the registry's order (the default site order).

    Read through this function (never copied into a constant elsewhere), so a test can add a language."""
    return tuple(lg.code for lg in LANGUAGES)


def language(code: str) -> Language:
    """The entry of a supported language; a KeyError names the code and what is supported."""
    for lg in LANGUAGES:
        if lg.code == code:
            return lg
    raise KeyError(f"language {code!r} is not one of {', '.join(supported())}")


def browser() -> dict[str, dict[str, str]]:
    """What the browser's scripts read (engine.js `number`): code -> decimal separator and direction."""
    return {lg.code: {"decimal": lg.decimal, "direction": lg.direction} for lg in LANGUAGES}
