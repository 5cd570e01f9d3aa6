"""Interface strings per language, kept in `strings/<lang>.yaml` beside this module.

The same catalogue is embedded in pages for the browser, so Python and JS phrase results identically
(`{name}` placeholders, filled by `fill` here and by `fill` in engine.js).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from centricity.core import languages
from centricity.core.errors import Problem, ValidationError
from centricity.model.yamlsource import load

_DIR = Path(__file__).resolve().parent.parent / "strings"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _name(lang: str) -> str:
    return f"site/strings/{lang}.yaml"


@cache
def strings(lang: str) -> dict[str, str]:
    src = load(_DIR / f"{lang}.yaml", _name(lang))
    if not isinstance(src.data, dict) or not all(isinstance(v, str) for v in src.data.values()):
        raise ValidationError([Problem(src.file, 1, "", "expected a flat mapping of key: text")])
    return dict(src.data)


def check_strings(built: tuple[str, ...]) -> list[Problem]:
    """Each built language's file has exactly the keys of the reference language (the registry's first),
    with the same placeholders, so a key missing in one language is a build error, never an empty text."""
    reference = languages.supported()[0]
    problems: list[Problem] = []
    loaded: dict[str, dict[str, str]] = {}
    for lang in dict.fromkeys((reference, *built)):
        try:
            loaded[lang] = strings(lang)
        except ValidationError as exc:
            problems += exc.problems
    base = loaded.get(reference)
    for lang, other in loaded.items():
        if base is None or lang == reference:
            continue
        for key in sorted(set(base) - set(other)):
            problems.append(Problem(_name(lang), None, key, f"missing (it is in {_name(reference)})"))
        for key in sorted(set(other) - set(base)):
            problems.append(Problem(_name(lang), None, key, f"not a key of {_name(reference)}"))
        for key in sorted(set(base) & set(other)):
            if set(_PLACEHOLDER.findall(base[key])) != set(_PLACEHOLDER.findall(other[key])):
                message = f"placeholders differ from {_name(reference)}"
                problems.append(Problem(_name(lang), None, key, message))
    return problems


def fill(template: str, **params: object) -> str:
    return _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), template)


def counted(t: Mapping[str, str], key: str, count: int, **params: object) -> str:
    """A text that says how many of something the questionnaire being built has, never the shipped one's
    count: `key.one` for one, else `key.other`, whose {count} is the language's word for the number
    (`count.N`, digits past the words the file has), {Count} that word capitalised and {n} the digits."""
    template = t[f"{key}.one"] if count == 1 else t[f"{key}.other"]
    word = t.get(f"count.{count}", str(count))
    return fill(template, count=word, Count=word[:1].upper() + word[1:], n=count, **params)


def number(value: float | None, lang: str) -> str:
    """One decimal at most, with the language's decimal separator (engine.js `number` matches)."""
    if value is None:
        return "–"
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", languages.language(lang).decimal)
