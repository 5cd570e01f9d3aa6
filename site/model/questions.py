"""The questions of a questionnaire, read by their kind (`core/registry.QUESTION_KINDS`).

A practice question lists its own options, scored in its dimension; a belief statement gets the agreement
scale of the strings files (strongly disagree .. strongly agree) and is evidence for one myth only. Both are
answered with an option index or "don't know", so codes, files and readers need not know the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from centricity.core import limits
from centricity.core.registry import DEFAULT_QUESTION_KIND, QUESTIONS, QuestionKind
from centricity.model.myths import parse_weight
from centricity.model.reader import Ids, Reader, Text, kind_of
from centricity.model.strings import strings
from centricity.model.yamlsource import Path_


@dataclass(frozen=True)
class Option:
    score: float
    label: Text
    myths: dict[str, int] = field(default_factory=dict)  # evidence weight per myth this choice reveals


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str  # "" for a kind scored in no dimension
    prompt: Text
    help: Text | None
    options: tuple[Option, ...]
    weight: float = 1
    dont_know: bool = False
    myths: tuple[str, ...] = ()  # myths whose low-answer signal and evidence this question's options feed
    not_applicable: Text | None = None  # the label of a "does not apply" choice, offered after the options
    benefit: Text | None = None  # what customers notice when this practice improves (the plan says it)
    kind: str = DEFAULT_QUESTION_KIND
    myth: str | None = None  # a belief statement: the myth it is evidence for
    reverse: bool = False  # a belief statement: agreeing speaks against the myth

    @property
    def scored(self) -> bool:
        return QUESTIONS[self.kind].scored


def parse_questions(r: Reader, items: list, dim_ids: Ids, myth_ids: Ids) -> list[Question]:
    """Every question, each read by its kind; ids are unique across kinds (they share codes and forms)."""
    out: list[Question] = []
    paths: list[Path_] = []
    for i, item in enumerate(items):
        p: Path_ = ("questions", i)
        kind = _kind(r, item, p)
        if kind is None:
            continue
        m = r.mapping(item, p, kind.required, kind.optional)
        if m is None:
            continue
        out.append(_PARSERS[kind.key](r, m, p, dim_ids, myth_ids))
        paths.append((*p, "id"))
    r.unique([(q.id, path) for q, path in zip(out, paths, strict=True)], "question")
    _check_beliefs(r, out, paths)
    return out


def _kind(r: Reader, item: Any, p: Path_) -> QuestionKind | None:
    if not isinstance(item, dict):
        r.fail(p, f"expected a mapping, got {kind_of(item)}")
        return None
    key = item.get("kind", DEFAULT_QUESTION_KIND)
    if key not in QUESTIONS:
        r.fail((*p, "kind"), f"unknown question kind {key!r} (known: {', '.join(QUESTIONS)})")
        return None
    return QUESTIONS[key]


def _practice(r: Reader, m: dict, p: Path_, dim_ids: Ids, myth_ids: Ids) -> Question:
    dim = r.ident(m["dimension"], (*p, "dimension"))
    if dim and dim not in dim_ids:
        r.fail((*p, "dimension"), f"unknown dimension {dim!r}")
    options = _options(r, m["options"], (*p, "options"), myth_ids)
    myths = r.sequence(m.get("myths", []), (*p, "myths"), 0)
    for j, mid in enumerate(myths):
        if mid not in myth_ids:
            r.fail((*p, "myths", j), f"unknown myth {mid!r}")
    revealed = [mid for o in options for mid in o.myths]
    return Question(
        id=_question_id(r, m["id"], (*p, "id")),
        dimension=dim,
        prompt=r.text(m["prompt"], (*p, "prompt")),
        help=_optional_text(r, m, "help", p),
        options=tuple(options),
        weight=r.number(m.get("weight", 1), (*p, "weight"), 0.01, 1000),
        dont_know=_flag(r, m, "dont_know", p),
        myths=tuple(dict.fromkeys([*map(str, myths), *revealed])),
        not_applicable=_optional_text(r, m, "not_applicable", p),
        benefit=_optional_text(r, m, "benefit", p),
    )


def _belief(r: Reader, m: dict, p: Path_, dim_ids: Ids, myth_ids: Ids) -> Question:
    """A statement on the agreement scale: its options are the strings files' scale, "don't know" always
    offered (a respondent may rightly have no view), its myth one the questionnaire declares."""
    myth = r.ident(m["myth"], (*p, "myth"))
    if myth and myth not in myth_ids:
        r.fail((*p, "myth"), f"unknown myth {myth!r}")
    return Question(
        id=_question_id(r, m["id"], (*p, "id")),
        dimension="",
        prompt=r.text(m["prompt"], (*p, "prompt")),
        help=_optional_text(r, m, "help", p),
        options=scale_options(QUESTIONS["belief"], r.languages),
        dont_know=True,
        kind="belief",
        myth=myth,
        reverse=_flag(r, m, "reverse", p),
    )


_PARSERS: dict[str, Callable[[Reader, dict, Path_, Ids, Ids], Question]] = {
    "practice": _practice,
    "belief": _belief,
}
if set(_PARSERS) != set(QUESTIONS):  # a kind without its reader (or the reverse) stops the import
    raise RuntimeError(f"question kinds without a reader: {sorted(set(QUESTIONS) ^ set(_PARSERS))}")


def scale_options(kind: QuestionKind, languages: tuple[str, ...]) -> tuple[Option, ...]:
    """A fixed scale's options, labelled from the strings files; the scores only order them (0..100)."""
    step = 100 / (kind.scale - 1)
    return tuple(
        Option(round(i * step, 1), {lang: strings(lang)[f"{kind.key}.scale.{i}"] for lang in languages})
        for i in range(kind.scale)
    )


def _check_beliefs(r: Reader, questions: list[Question], paths: list[Path_]) -> None:
    """A myth asked about must be asked both ways: one statement that agrees with it and one reversed, so
    agreeing (or disagreeing) with everything shows nothing."""
    ways: dict[str, set[bool]] = {}
    first: dict[str, Path_] = {}
    for q, path in zip(questions, paths, strict=True):
        if q.kind == "belief" and q.myth:
            ways.setdefault(q.myth, set()).add(q.reverse)
            first.setdefault(q.myth, path[:-1])
    for myth, seen in ways.items():
        if seen != {False, True}:
            missing = "reverse" if False in seen else "forward (not reverse)"
            r.fail(first[myth], f"myth {myth!r} has belief statements but no {missing} one")


def _flag(r: Reader, m: dict, key: str, p: Path_) -> bool:
    value = m.get(key, False)
    if not isinstance(value, bool):
        r.fail((*p, key), "expected true or false")
        return False
    return value


def _question_id(r: Reader, value: Any, path: Path_) -> str:
    """A question id is also a form field name on the live server, beside the form's own names."""
    qid = r.ident(value, path)
    if qid in limits.RESERVED_IDS:
        return qid
    if qid in limits.RESERVED_QUESTION_IDS or qid.startswith(limits.RESERVED_QUESTION_PREFIXES):
        r.fail(path, f"question id {qid!r} is reserved (the assessment form uses it)")
    return qid


def _optional_text(r: Reader, m: dict, key: str, p: Path_) -> Text | None:
    return r.text(m[key], (*p, key)) if key in m else None


def _options(r: Reader, raw: Any, p: Path_, myth_ids: Ids) -> list[Option]:
    options: list[Option] = []
    for j, opt in enumerate(r.sequence(raw, p, 2)):
        op: Path_ = (*p, j)
        om = r.mapping(opt, op, ("score", "label"), ("myths",))
        if om is None:
            continue
        score = r.number(om["score"], (*op, "score"), 0, 100)
        if options and score <= options[-1].score:
            r.fail(
                (*op, "score"),
                f"scores out of order: {score:g} after {options[-1].score:g} "
                "(list options from least to most mature, scores strictly increasing)",
            )
        options.append(Option(score, r.text(om["label"], (*op, "label")), _tags(r, om, op, myth_ids)))
    return options


def _tags(r: Reader, om: dict, op: Path_, myth_ids: Ids) -> dict[str, int]:
    """An option's evidence: {myth id: weight}, the belief this choice reveals and how strongly."""
    raw = om.get("myths", {})
    if not isinstance(raw, dict):
        r.fail((*op, "myths"), f"expected a mapping of myth id to weight, got {kind_of(raw)}")
        return {}
    tags = {}
    for mid, weight in raw.items():
        if mid not in myth_ids:
            r.fail((*op, "myths", str(mid)), f"unknown myth {mid!r}")
            continue
        tags[str(mid)] = parse_weight(r, weight, (*op, "myths", str(mid)))
    return tags
