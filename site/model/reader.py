"""Walk raw YAML data, converting it and collecting problems instead of stopping at the first.

Shared by the questionnaire, its condition language and its myths, so every part reports problems the
same way (`file:line: field: problem`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from centricity.core import limits
from centricity.core.errors import Problem
from centricity.model.yamlsource import Path_, Source

Text = dict[str, str]
_ID = re.compile(limits.ID_PATTERN)


class Ids(frozenset):
    """Known ids: asking whether a list or a mapping (a slip in hand-written YAML) is one answers no."""

    def __contains__(self, item: object) -> bool:
        try:
            return super().__contains__(item)
        except TypeError:
            return False


class Index(dict):
    """Ids to objects, with the same forgiving membership test as `Ids`."""

    def __contains__(self, item: object) -> bool:
        try:
            return super().__contains__(item)
        except TypeError:
            return False


class Reader:
    """Walks raw YAML data, converting it and collecting problems instead of stopping at the first."""

    def __init__(self, source: Source):
        self.src = source
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ()

    def fail(self, path: Path_, message: str) -> None:
        self.problems.append(self.src.problem(path, message))

    def mapping(self, value: Any, path: Path_, required: tuple[str, ...], optional: tuple[str, ...] = ()):
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {kind_of(value)}")
            return None
        for key in value:
            if key not in required and key not in optional:
                self.fail((*path, str(key)), "unknown field")
        ok = True
        for key in required:
            if key not in value:
                self.fail((*path, key), "missing")
                ok = False
        return value if ok else None

    def sequence(self, value: Any, path: Path_, min_items: int = 1) -> list:
        """A list; a list a limit caps by its field name (questions, options, ...) is held to it."""
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {kind_of(value)}")
            return []
        if len(value) < min_items:
            self.fail(path, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        most = limits.MAX_ITEMS.get(str(path[-1])) if path else None
        if most is not None and len(value) > most:
            self.fail(path, f"has {len(value)} items, at most {most}")
        return value

    def string(self, value: Any, path: Path_) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(
                path,
                "expected a non-empty text"
                if value in ("", None)
                else f"expected text, got {kind_of(value)}",
            )
            return ""
        return value.strip()

    def ident(self, value: Any, path: Path_) -> str:
        """An id: it names files, URLs, form fields and keys of the browser's objects, hence the rule."""
        text = self.string(value, path)
        if not text:
            return text
        if len(text) > limits.ID_MAX:
            self.fail(path, f"id {text[:20]!r}... is longer than {limits.ID_MAX} characters")
        elif not _ID.fullmatch(text):
            self.fail(path, f"id {text!r} may use only ASCII letters, digits, '-' and '_'")
        elif text in limits.RESERVED_IDS:
            self.fail(path, f"id {text!r} is reserved (the browser's objects already have it)")
        return text

    def number(self, value: Any, path: Path_, low: float | None = None, high: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.fail(path, f"expected a number, got {kind_of(value)}")
            return 0.0
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(path, f"{value} is outside {low:g}-{high:g}")
        return value

    def whole(self, value: Any, path: Path_, low: int, high: int) -> int:
        """Whole numbers only: a fraction would be cut silently, or sum differently in the two engines."""
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(path, f"expected a whole number from {low} to {high}")
            return low
        return value

    def text(self, value: Any, path: Path_) -> Text:
        if not isinstance(value, dict):
            self.fail(
                path, f"expected a text per language {{{', '.join(self.languages)}}}, got {kind_of(value)}"
            )
            return dict.fromkeys(self.languages, "")
        for key in value:
            if key not in self.languages:
                self.fail(
                    (*path, str(key)), f"language not declared in languages ({', '.join(self.languages)})"
                )
        out: Text = {}
        for lang in self.languages:
            if lang not in value:
                self.fail((*path, lang), "missing")
                out[lang] = ""
            else:
                out[lang] = self.string(value[lang], (*path, lang))
        return out

    def text_list(self, value: Any, path: Path_) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a list of texts per language, got {kind_of(value)}")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for key in value:
            if key not in self.languages:
                self.fail((*path, str(key)), "language not declared in languages")
        for lang in self.languages:
            if lang not in value:
                self.fail((*path, lang), "missing")
                continue
            items = self.sequence(value[lang], (*path, lang))
            out[lang] = tuple(self.string(item, (*path, lang, i)) for i, item in enumerate(items))
        return out

    def unique(self, ids: list[tuple[str, Path_]], what: str) -> None:
        seen: dict[str, Path_] = {}
        for ident, path in ids:
            if not ident:
                continue
            if ident in seen:
                self.fail(path, f"duplicate {what} id {ident!r} (first at line {self.src.line(seen[ident])})")
            else:
                seen[ident] = path


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
