"""Load a questionnaire YAML file into typed, validated objects.

Everything is checked up front and every problem is collected, so a consultant editing a file by hand
sees the whole list at once (`questions/x.yaml:42: questions[7].options[2].label.es: missing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from centricity.core.errors import Problem, ValidationError
from centricity.model.yamlsource import Path_, Source, load

Text = dict[str, str]
SUPPORTED_LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Option:
    score: float
    label: Text


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    prompt: Text
    help: Text | None
    options: tuple[Option, ...]
    weight: float = 1
    dont_know: bool = False
    myths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    description: Text
    weight: float
    advice: dict[str, dict[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Level:
    id: str
    name: Text
    low: float
    high: float
    description: Text


@dataclass(frozen=True)
class ContextOption:
    id: str
    label: Text


@dataclass(frozen=True)
class ContextQuestion:
    id: str
    prompt: Text
    options: tuple[ContextOption, ...]


# Conditions: a small closed language for myth rules, so rules are data and never evaluated as code.


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class DimensionTest:
    dimension: str
    at_least: float | None = None
    below: float | None = None


@dataclass(frozen=True)
class GapTest:
    high: str
    low: str
    at_least: float


@dataclass(frozen=True)
class AnswerTest:
    question: str
    at_least: float | None = None
    at_most: float | None = None


@dataclass(frozen=True)
class ContextTest:
    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class SignalsTest:
    at_least: int


@dataclass(frozen=True)
class FeltGapTest:
    at_least: float


Condition = AllOf | AnyOf | DimensionTest | GapTest | AnswerTest | ContextTest | SignalsTest | FeltGapTest


@dataclass(frozen=True)
class Myth:
    id: str
    title: Text
    dimensions: tuple[str, ...]
    when: Condition


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    languages: tuple[str, ...]
    title: Text
    description: Text
    minutes: dict[str, int]
    low_answer_below: float
    dimensions: tuple[Dimension, ...]
    levels: tuple[Level, ...]
    myths: tuple[Myth, ...]
    context: tuple[ContextQuestion, ...]
    questions: tuple[Question, ...]
    source: str = ""
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update(
            question={q.id: q for q in self.questions},
            dimension={d.id: d for d in self.dimensions},
            level={lv.id: lv for lv in self.levels},
            level_index={lv.id: i for i, lv in enumerate(self.levels)},
            myth={m.id: m for m in self.myths},
            context={c.id: c for c in self.context},
            context_options={c.id: frozenset(o.id for o in c.options) for c in self.context},
            in_dimension={
                d.id: tuple(q for q in self.questions if q.dimension == d.id) for d in self.dimensions
            },
            tagged={m.id: tuple(q for q in self.questions if m.id in q.myths) for m in self.myths},
            score_rows={
                d.id: tuple(
                    (q.id, q.weight, tuple(o.score for o in q.options))
                    for q in self.questions
                    if q.dimension == d.id
                )
                for d in self.dimensions
            },
        )

    def question(self, qid: str) -> Question:
        return self._index["question"][qid]

    def find_question(self, qid: str) -> Question | None:
        return self._index["question"].get(qid)

    def dimension(self, did: str) -> Dimension:
        return self._index["dimension"][did]

    def level(self, lid: str) -> Level:
        return self._index["level"][lid]

    def myth(self, mid: str) -> Myth:
        return self._index["myth"][mid]

    def context_question(self, cid: str) -> ContextQuestion:
        return self._index["context"][cid]

    def has(self, kind: str, ident: str) -> bool:
        return ident in self._index[kind]

    def questions_in(self, did: str) -> tuple[Question, ...]:
        return self._index["in_dimension"].get(did, ())

    def score_rows(self, did: str) -> tuple[tuple[str, float, tuple[float, ...]], ...]:
        """(question id, weight, option scores) per question of a dimension, for the engine's hot loop."""
        return self._index["score_rows"].get(did, ())

    def tagged(self, mid: str) -> tuple[Question, ...]:
        """The questions whose low answers signal this myth, in questionnaire order."""
        return self._index["tagged"].get(mid, ())

    def context_options(self, cid: str) -> frozenset[str]:
        return self._index["context_options"][cid]

    def level_for(self, score: float) -> Level:
        """The band a (rounded) score falls in: [low, high), with the top band including 100."""
        for level in self.levels:
            if level.low <= score < level.high:
                return level
        return self.levels[-1]

    def level_index(self, lid: str) -> int:
        return self._index["level_index"][lid]


class _Reader:
    """Walks raw YAML data, converting it and collecting problems instead of stopping at the first."""

    def __init__(self, source: Source):
        self.src = source
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ()

    def fail(self, path: Path_, message: str) -> None:
        self.problems.append(self.src.problem(path, message))

    def mapping(self, value: Any, path: Path_, required: tuple[str, ...], optional: tuple[str, ...] = ()):
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {_kind(value)}")
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
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_kind(value)}")
            return []
        if len(value) < min_items:
            self.fail(path, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        return value

    def string(self, value: Any, path: Path_) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(
                path,
                "expected a non-empty text" if value in ("", None) else f"expected text, got {_kind(value)}",
            )
            return ""
        return value.strip()

    def ident(self, value: Any, path: Path_) -> str:
        text = self.string(value, path)
        if text and not all(c.isascii() and (c.isalnum() or c in "-_") for c in text):
            self.fail(path, f"id {text!r} may use only ASCII letters, digits, '-' and '_'")
        return text

    def number(self, value: Any, path: Path_, low: float | None = None, high: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"expected a number, got {_kind(value)}")
            return 0.0
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(path, f"{value} is outside {low:g}-{high:g}")
        return value

    def text(self, value: Any, path: Path_) -> Text:
        if not isinstance(value, dict):
            self.fail(
                path, f"expected a text per language {{{', '.join(self.languages)}}}, got {_kind(value)}"
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
            self.fail(path, f"expected a list of texts per language, got {_kind(value)}")
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


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def load_questionnaire(path: Path | str, display: str | None = None) -> Questionnaire:
    """Load and validate one file; raise ValidationError listing every problem found."""
    source = load(path, display)
    return parse(source)


def parse(source: Source) -> Questionnaire:
    r = _Reader(source)
    top = r.mapping(
        source.data,
        (),
        ("id", "version", "languages", "title", "description", "dimensions", "levels", "questions"),
        ("minutes", "low_answer_below", "myths", "context"),
    )
    if top is None:
        raise ValidationError(r.problems)

    qid = r.ident(top["id"], ("id",))
    version = top["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        r.fail(("version",), "expected a whole number of at least 1")
        version = 1
    langs = r.sequence(top["languages"], ("languages",))
    for i, lang in enumerate(langs):
        if lang not in SUPPORTED_LANGUAGES:
            r.fail(
                ("languages", i),
                f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGUAGES)})",
            )
    r.languages = tuple(lang for lang in langs if lang in SUPPORTED_LANGUAGES) or ("en",)
    if len(set(langs)) != len(langs):
        r.fail(("languages",), "a language is listed twice")

    title = r.text(top["title"], ("title",))
    description = r.text(top["description"], ("description",))
    minutes: dict[str, int] = {}
    if "minutes" in top:
        raw = top["minutes"]
        if isinstance(raw, dict):
            for lang in r.languages:
                if lang not in raw:
                    r.fail(("minutes", lang), "missing")
                else:
                    minutes[lang] = int(r.number(raw[lang], ("minutes", lang), 1, 240))
        else:
            r.fail(("minutes",), "expected minutes per language")
    low_below = r.number(top.get("low_answer_below", 40), ("low_answer_below",), 0, 100)

    levels = _levels(r, top["levels"])
    level_ids = {lv.id for lv in levels}
    dimensions = _dimensions(r, top["dimensions"], level_ids, [lv.id for lv in levels])
    dim_ids = {d.id for d in dimensions}
    context = _context(r, top.get("context", []))
    questions_raw = r.sequence(top["questions"], ("questions",))
    myths_raw = r.sequence(top.get("myths", []), ("myths",), 0)
    myth_ids = {m["id"] for m in myths_raw if isinstance(m, dict) and isinstance(m.get("id"), str)}
    questions = _questions(r, questions_raw, dim_ids, myth_ids)
    for i, dim in enumerate(dimensions):
        if dim.id and not any(q.dimension == dim.id for q in questions):
            r.fail(("dimensions", i, "id"), f"dimension {dim.id!r} has no questions")
    qmap = {q.id: q for q in questions}
    cmap = {c.id: c for c in context}
    myths = _myths(r, myths_raw, dim_ids, qmap, cmap)

    if r.problems:
        raise ValidationError(sorted(r.problems, key=lambda p: p.line or 0))
    return Questionnaire(
        id=qid,
        version=version,
        languages=r.languages,
        title=title,
        description=description,
        minutes=minutes,
        low_answer_below=low_below,
        dimensions=tuple(dimensions),
        levels=tuple(levels),
        myths=tuple(myths),
        context=tuple(context),
        questions=tuple(questions),
        source=source.file,
    )


def _levels(r: _Reader, raw: Any) -> list[Level]:
    out: list[Level] = []
    items = r.sequence(raw, ("levels",), 2)
    for i, item in enumerate(items):
        p: Path_ = ("levels", i)
        m = r.mapping(item, p, ("id", "name", "range", "description"))
        if m is None:
            continue
        rng = m["range"]
        if not (isinstance(rng, list) and len(rng) == 2):
            r.fail((*p, "range"), "expected [min, max]")
            continue
        low = r.number(rng[0], (*p, "range"), 0, 100)
        high = r.number(rng[1], (*p, "range"), 0, 100)
        if low >= high:
            r.fail((*p, "range"), f"min {low:g} must be below max {high:g}")
        out.append(
            Level(
                r.ident(m["id"], (*p, "id")),
                r.text(m["name"], (*p, "name")),
                low,
                high,
                r.text(m["description"], (*p, "description")),
            )
        )
    r.unique([(lv.id, ("levels", i, "id")) for i, lv in enumerate(out)], "level")
    if len(out) == len(items) and out:
        if out[0].low != 0:
            r.fail(("levels", 0, "range"), f"the first level must start at 0, not {out[0].low:g}")
        if out[-1].high != 100:
            r.fail(("levels", len(out) - 1, "range"), f"the last level must end at 100, not {out[-1].high:g}")
        for i in range(1, len(out)):
            prev, cur = out[i - 1], out[i]
            if cur.low > prev.high:
                r.fail(("levels", i, "range"), f"gap between {prev.high:g} and {cur.low:g}")
            elif cur.low < prev.high:
                r.fail(
                    ("levels", i, "range"),
                    f"overlaps the previous level (starts at {cur.low:g}, previous ends at {prev.high:g})",
                )
    return out


def _dimensions(r: _Reader, raw: Any, level_ids: set[str], level_order: list[str]) -> list[Dimension]:
    out: list[Dimension] = []
    for i, item in enumerate(r.sequence(raw, ("dimensions",))):
        p: Path_ = ("dimensions", i)
        m = r.mapping(item, p, ("id", "title", "description", "advice"), ("weight",))
        if m is None:
            continue
        advice: dict[str, dict[str, tuple[str, ...]]] = {}
        if isinstance(m["advice"], dict):
            for key, value in m["advice"].items():
                if key not in level_ids:
                    r.fail((*p, "advice", str(key)), f"unknown level {key!r}")
                else:
                    advice[key] = r.text_list(value, (*p, "advice", key))
            for lid in level_order:
                if lid not in m["advice"]:
                    r.fail((*p, "advice", lid), "missing")
        else:
            r.fail((*p, "advice"), "expected a mapping of level id to steps")
        out.append(
            Dimension(
                r.ident(m["id"], (*p, "id")),
                r.text(m["title"], (*p, "title")),
                r.text(m["description"], (*p, "description")),
                r.number(m.get("weight", 1), (*p, "weight"), 0.01, 1000),
                advice,
            )
        )
    r.unique([(d.id, ("dimensions", i, "id")) for i, d in enumerate(out)], "dimension")
    return out


def _context(r: _Reader, raw: Any) -> list[ContextQuestion]:
    out: list[ContextQuestion] = []
    for i, item in enumerate(r.sequence(raw, ("context",), 0)):
        p: Path_ = ("context", i)
        m = r.mapping(item, p, ("id", "prompt", "options"))
        if m is None:
            continue
        options = []
        for j, opt in enumerate(r.sequence(m["options"], (*p, "options"), 2)):
            op: Path_ = (*p, "options", j)
            om = r.mapping(opt, op, ("id", "label"))
            if om is not None:
                options.append(
                    ContextOption(r.ident(om["id"], (*op, "id")), r.text(om["label"], (*op, "label")))
                )
        r.unique([(o.id, (*p, "options", j, "id")) for j, o in enumerate(options)], "option")
        out.append(
            ContextQuestion(r.ident(m["id"], (*p, "id")), r.text(m["prompt"], (*p, "prompt")), tuple(options))
        )
    r.unique([(c.id, ("context", i, "id")) for i, c in enumerate(out)], "context question")
    return out


def _questions(r: _Reader, items: list, dim_ids: set[str], myth_ids: set[str]) -> list[Question]:
    out: list[Question] = []
    paths: list[Path_] = []
    for i, item in enumerate(items):
        p: Path_ = ("questions", i)
        m = r.mapping(
            item, p, ("id", "dimension", "prompt", "options"), ("help", "weight", "dont_know", "myths")
        )
        if m is None:
            continue
        dim = r.ident(m["dimension"], (*p, "dimension"))
        if dim and dim not in dim_ids:
            r.fail((*p, "dimension"), f"unknown dimension {dim!r}")
        options: list[Option] = []
        for j, opt in enumerate(r.sequence(m["options"], (*p, "options"), 2)):
            op: Path_ = (*p, "options", j)
            om = r.mapping(opt, op, ("score", "label"))
            if om is None:
                continue
            score = r.number(om["score"], (*op, "score"), 0, 100)
            if options and score <= options[-1].score:
                r.fail(
                    (*op, "score"),
                    f"scores out of order: {score:g} after {options[-1].score:g} "
                    "(list options from least to most mature, scores strictly increasing)",
                )
            options.append(Option(score, r.text(om["label"], (*op, "label"))))
        dont_know = m.get("dont_know", False)
        if not isinstance(dont_know, bool):
            r.fail((*p, "dont_know"), "expected true or false")
            dont_know = False
        myths = r.sequence(m.get("myths", []), (*p, "myths"), 0)
        for j, mid in enumerate(myths):
            if mid not in myth_ids:
                r.fail((*p, "myths", j), f"unknown myth {mid!r}")
        out.append(
            Question(
                id=r.ident(m["id"], (*p, "id")),
                dimension=dim,
                prompt=r.text(m["prompt"], (*p, "prompt")),
                help=r.text(m["help"], (*p, "help")) if "help" in m else None,
                options=tuple(options),
                weight=r.number(m.get("weight", 1), (*p, "weight"), 0.01, 1000),
                dont_know=dont_know,
                myths=tuple(str(x) for x in myths),
            )
        )
        paths.append((*p, "id"))
    r.unique([(q.id, path) for q, path in zip(out, paths, strict=True)], "question")
    return out


def _myths(
    r: _Reader,
    items: list,
    dim_ids: set[str],
    questions: dict[str, Question],
    context: dict[str, ContextQuestion],
) -> list[Myth]:
    out: list[Myth] = []
    for i, item in enumerate(items):
        p: Path_ = ("myths", i)
        m = r.mapping(item, p, ("id", "title", "dimensions", "when"))
        if m is None:
            continue
        dims = r.sequence(m["dimensions"], (*p, "dimensions"))
        for j, d in enumerate(dims):
            if d not in dim_ids:
                r.fail((*p, "dimensions", j), f"unknown dimension {d!r}")
        when = _condition(r, m["when"], (*p, "when"), dim_ids, questions, context)
        out.append(
            Myth(
                r.ident(m["id"], (*p, "id")),
                r.text(m["title"], (*p, "title")),
                tuple(str(d) for d in dims),
                when,
            )
        )
    r.unique([(m.id, ("myths", i, "id")) for i, m in enumerate(out)], "myth")
    return out


_SUBJECTS = {
    "all": (),
    "any": (),
    "dimension": ("at_least", "below"),
    "gap": ("at_least",),
    "answer": ("at_least", "at_most"),
    "context": ("in",),
    "signals": (),
    "felt_gap": (),
}


def _condition(
    r: _Reader,
    raw: Any,
    p: Path_,
    dims: set[str],
    questions: dict[str, Question],
    context: dict[str, ContextQuestion],
) -> Condition:
    never = AnyOf(())
    if not isinstance(raw, dict):
        r.fail(p, f"expected a condition mapping, got {_kind(raw)}")
        return never
    subjects = [k for k in raw if k in _SUBJECTS]
    if len(subjects) != 1:
        r.fail(
            p,
            f"a condition needs exactly one of {', '.join(_SUBJECTS)}; found "
            f"{', '.join(map(str, subjects)) or 'none'}",
        )
        return never
    kind = subjects[0]
    for key in raw:
        if key != kind and key not in _SUBJECTS[kind]:
            r.fail((*p, str(key)), f"unknown field for a {kind!r} condition")
    value = raw[kind]
    sub = (*p, kind)

    def limit(key: str) -> float | None:
        return r.number(raw[key], (*p, key), -100, 100) if key in raw else None

    if kind in ("all", "any"):
        items = tuple(
            _condition(r, c, (*sub, i), dims, questions, context)
            for i, c in enumerate(r.sequence(value, sub))
        )
        return AllOf(items) if kind == "all" else AnyOf(items)
    if kind == "dimension":
        if value not in dims:
            r.fail(sub, f"unknown dimension {value!r}")
        if "at_least" not in raw and "below" not in raw:
            r.fail(p, "a dimension condition needs at_least or below")
        return DimensionTest(str(value), limit("at_least"), limit("below"))
    if kind == "gap":
        if not (isinstance(value, list) and len(value) == 2):
            r.fail(sub, "expected [higher dimension, lower dimension]")
            return never
        for j, d in enumerate(value):
            if d not in dims:
                r.fail((*sub, j), f"unknown dimension {d!r}")
        if "at_least" not in raw:
            r.fail((*p, "at_least"), "missing")
        return GapTest(str(value[0]), str(value[1]), limit("at_least") or 0)
    if kind == "answer":
        if value not in questions:
            r.fail(sub, f"unknown question {value!r}")
        if "at_least" not in raw and "at_most" not in raw:
            r.fail(p, "an answer condition needs at_least or at_most")
        return AnswerTest(str(value), limit("at_least"), limit("at_most"))
    if kind == "context":
        if value not in context:
            r.fail(sub, f"unknown context question {value!r}")
            return never
        allowed = {o.id for o in context[value].options}
        values = r.sequence(raw.get("in"), (*p, "in"))
        for j, v in enumerate(values):
            if v not in allowed:
                r.fail((*p, "in", j), f"unknown option {v!r} of context question {value!r}")
        return ContextTest(str(value), tuple(str(v) for v in values))
    if kind == "signals":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            r.fail(sub, "expected a whole number of at least 1")
            return never
        return SignalsTest(value)
    return FeltGapTest(r.number(value, sub, -10, 10))
