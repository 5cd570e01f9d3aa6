"""Load a questionnaire YAML file into typed, validated objects.

Everything is checked up front and every problem is collected, so a consultant editing a file by hand
sees the whole list at once (`questions/x.yaml:42: questions[7].options[2].label.es: missing`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from centricity.core import languages
from centricity.core.errors import ValidationError
from centricity.model.conditions import Names
from centricity.model.myths import Myth, check_evidence, parse_myths
from centricity.model.questions import Question, parse_questions
from centricity.model.reader import Ids, Index, Reader, Text
from centricity.model.reading import reading_minutes
from centricity.model.yamlsource import Path_, Source, load


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
            practices=tuple(q for q in self.questions if q.scored),
            beliefs=tuple(q for q in self.questions if q.kind == "belief"),
            in_dimension={
                d.id: tuple(q for q in self.questions if q.dimension == d.id) for d in self.dimensions
            },
            tagged={m.id: tuple(q for q in self.questions if m.id in q.myths) for m in self.myths},
            evidence_rows={
                m.id: tuple(
                    (q.id, weights, max(weights))
                    for q in self.questions
                    if any(weights := tuple(o.myths.get(m.id, 0) for o in q.options))
                )
                for m in self.myths
            },
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

    @property
    def practices(self) -> tuple[Question, ...]:
        """The questions scored in a dimension: what scores, coverage and the plan count."""
        return self._index["practices"]

    @property
    def beliefs(self) -> tuple[Question, ...]:
        """The belief statements, asked in their own step after the dimensions."""
        return self._index["beliefs"]

    def questions_in(self, did: str) -> tuple[Question, ...]:
        return self._index["in_dimension"].get(did, ())

    def score_rows(self, did: str) -> tuple[tuple[str, float, tuple[float, ...]], ...]:
        """(question id, weight, option scores) per question of a dimension, for the engine's hot loop."""
        return self._index["score_rows"].get(did, ())

    def tagged(self, mid: str) -> tuple[Question, ...]:
        """The questions linked to this myth (by a question tag or an option's evidence), in order."""
        return self._index["tagged"].get(mid, ())

    def evidence_rows(self, mid: str) -> tuple[tuple[str, tuple[int, ...], int], ...]:
        """(question id, evidence weight per option, the most any option gives) for one myth."""
        return self._index["evidence_rows"].get(mid, ())

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

    def derived(self, key: str, build: Callable[[Questionnaire], Any]) -> Any:
        """A table a higher layer derives from this questionnaire (the engine's compiled myth rules), built
        on first use and kept with it: the questionnaire never changes, so the table never goes stale."""
        slot = f"derived:{key}"
        if slot not in self._index:
            self._index[slot] = build(self)
        return self._index[slot]


def load_questionnaire(path: Path | str, display: str | None = None) -> Questionnaire:
    """Load and validate one file; raise ValidationError listing every problem found."""
    source = load(path, display)
    return parse(source)


def parse(source: Source) -> Questionnaire:
    r = Reader(source)
    top = r.mapping(
        source.data,
        (),
        ("id", "version", "languages", "title", "description", "dimensions", "levels", "questions"),
        ("minutes", "low_answer_below", "myths", "context"),
    )
    if top is None:
        raise ValidationError(r.problems)

    qid = r.ident(top["id"], ("id",))
    version = _version(r, top["version"])
    r.languages = _languages(r, top["languages"])
    title = r.text(top["title"], ("title",))
    description = r.text(top["description"], ("description",))
    declared = _declared_minutes(r, top.get("minutes"))
    low_below = r.number(top.get("low_answer_below", 40), ("low_answer_below",), 0, 100)

    levels = _levels(r, top["levels"])
    level_ids = {lv.id for lv in levels}
    dimensions = _dimensions(r, top["dimensions"], level_ids, [lv.id for lv in levels])
    dim_ids = Ids(d.id for d in dimensions)
    context = _context(r, top.get("context", []))
    questions_raw = r.sequence(top["questions"], ("questions",))
    myths_raw = r.sequence(top.get("myths", []), ("myths",), 0)
    myth_ids = Ids(m["id"] for m in myths_raw if isinstance(m, dict) and isinstance(m.get("id"), str))
    questions = parse_questions(r, questions_raw, dim_ids, myth_ids)
    for i, dim in enumerate(dimensions):
        if dim.id and not any(q.dimension == dim.id for q in questions):
            r.fail(("dimensions", i, "id"), f"dimension {dim.id!r} has no questions")
    names = Names(dim_ids, Index((q.id, q) for q in questions), Index((c.id, c) for c in context))
    myths = parse_myths(r, myths_raw, names)
    check_evidence(r, myths, _most_evidence(questions))
    minutes = {
        lang: _minutes(r, declared.get(lang), reading_minutes(lang, description, context, questions), lang)
        for lang in r.languages
    }

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


def _version(r: Reader, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        r.fail(("version",), "expected a whole number of at least 1")
        return 1
    return raw


def _languages(r: Reader, raw: Any) -> tuple[str, ...]:
    """The declared languages that are supported; every text is then required in each of them."""
    langs = r.sequence(raw, ("languages",))
    supported = languages.supported()
    for i, lang in enumerate(langs):
        if lang not in supported:
            r.fail(
                ("languages", i),
                f"unsupported language {lang!r} (supported: {', '.join(supported)})",
            )
    if len({repr(lang) for lang in langs}) != len(langs):
        r.fail(("languages",), "a language is listed twice")
    return tuple(lang for lang in langs if lang in supported) or supported[:1]


def _declared_minutes(r: Reader, raw: Any) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.fail(("minutes",), "expected minutes per language")
        return {}
    out = {}
    for lang in r.languages:
        if lang not in raw:
            r.fail(("minutes", lang), "missing")
        else:
            before = len(r.problems)
            minutes = r.whole(raw[lang], ("minutes", lang), 1, 240)
            if len(r.problems) == before:  # a refused value is not also compared with the reading time
                out[lang] = minutes
    return out


def _minutes(r: Reader, declared: int | None, reading: int, lang: str) -> int:
    """The reading time, unless the file claims more: a claim of less would not be honest."""
    if declared is not None and declared < reading:
        r.fail(
            ("minutes", lang),
            f"{declared} minutes is less than the {reading} it takes to read (see model/reading.py); "
            "leave minutes out to use the reading time",
        )
    return max(declared or 0, reading)


def _most_evidence(questions: list[Question]) -> dict[str, int]:
    """Per myth, the most evidence weight the options of all questions together can give."""
    most: dict[str, int] = {}
    for question in questions:
        for mid in question.myths:
            most[mid] = most.get(mid, 0) + max((o.myths.get(mid, 0) for o in question.options), default=0)
    return most


def _levels(r: Reader, raw: Any) -> list[Level]:
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


def _dimensions(r: Reader, raw: Any, level_ids: set[str], level_order: list[str]) -> list[Dimension]:
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


def _context(r: Reader, raw: Any) -> list[ContextQuestion]:
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
