"""Interface strings per language, kept in `strings/<lang>.yaml` beside this module.

The same catalogue is embedded in pages for the browser, so Python and JS phrase results identically
(`{name}` placeholders, filled by `fill` here and by `fill` in engine.js).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from centricity.core.errors import Problem, ValidationError
from centricity.model.yamlsource import load

_DIR = Path(__file__).resolve().parent.parent / "strings"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def strings(lang: str) -> dict[str, str]:
    src = load(_DIR / f"{lang}.yaml", f"site/strings/{lang}.yaml")
    if not isinstance(src.data, dict) or not all(isinstance(v, str) for v in src.data.values()):
        raise ValidationError([Problem(src.file, 1, "", "expected a flat mapping of key: text")])
    return dict(src.data)


def check_strings(languages: tuple[str, ...]) -> list[Problem]:
    """Every language must define the same keys with the same placeholders."""
    problems: list[Problem] = []
    base = strings(languages[0])
    for lang in languages[1:]:
        other = strings(lang)
        for key in sorted(set(base) ^ set(other)):
            missing_in = lang if key in base else languages[0]
            problems.append(Problem(f"site/strings/{missing_in}.yaml", None, key, "missing"))
        for key in set(base) & set(other):
            if set(_PLACEHOLDER.findall(base[key])) != set(_PLACEHOLDER.findall(other[key])):
                problems.append(Problem(f"site/strings/{lang}.yaml", None, key, "placeholders differ"))
    return problems


def fill(template: str, **params: object) -> str:
    return _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), template)


def number(value: float | None, lang: str) -> str:
    """One decimal at most, with the language's decimal separator (engine.js `number` matches)."""
    if value is None:
        return "–"
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "es" else text
