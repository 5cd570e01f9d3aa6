"""One person's response, as a compact code (the result link's fragment) and as a JSON file.

Both travel outside the site, so nothing in them is trusted: every field is checked against the
questionnaire and anything odd is refused with an AnswerError that says what is wrong.
`web/static/js/engine.js` writes and reads the same formats; tests keep them in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeGuard
from urllib.parse import quote, unquote_to_bytes

from centricity.core import limits
from centricity.engine import shortlink
from centricity.engine.scoring import Answers, Result, check_answers, score, show
from centricity.model.jsonsource import read_json
from centricity.model.questionnaire import Questionnaire
from centricity.model.refusals import refusal

FORMAT = limits.RESPONSE_FORMAT
MAX_CODE = limits.MAX_CODE
MAX_FILE_BYTES = limits.MAX_RESPONSE_BYTES
MAX_LABEL = limits.MAX_LABEL
KEYS = limits.CODE_KEYS
_TAG = re.compile(limits.TAG_PATTERN)
_DATE = re.compile(limits.DATE_PATTERN)
_VERSION = re.compile(f"[0-9]{{1,{len(str(limits.VERSION_MAX))}}}")
_OPTION = re.compile(f"[0-9]{{1,{limits.OPTION_DIGITS}}}")
_FELT = re.compile("[0-9]{1,2}")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FILE_FIELDS = frozenset(
    {"format", "questionnaire", "version", "answers", "context", "felt", "targets", "label", "survey"}
    | {"created", "scores"}
)
_SURVEY_FIELDS = frozenset(("id", "team", "wave"))
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Response:
    questionnaire: str
    version: int
    answers: Answers
    label: str = ""
    survey: str = ""
    team: str = ""
    wave: str = ""
    created: str = ""
    dropped: tuple[str, ...] = field(default=(), compare=False)


def enc(text: str) -> str:
    """encodeURIComponent's escaping, so Python and the browser write identical codes."""
    return quote(text, safe="-_.!~*'(),")


def encode(response: Response) -> str:
    a = response.answers
    parts = [
        ("q", response.questionnaire),
        ("v", str(response.version)),
        ("a", ",".join(f"{k}.{'x' if v is None else v}" for k, v in a.choices.items())),
        ("c", ",".join(f"{k}.{v}" for k, v in a.context.items())),
        ("f", "" if a.felt is None else str(a.felt)),
        ("t", ",".join(f"{k}.{v}" for k, v in a.targets.items())),
        ("s", response.survey),
        ("tm", response.team),
        ("w", response.wave),
        ("n", response.label),
        ("d", response.created),
    ]
    return "&".join(f"{k}={enc(v)}" for k, v in parts if v)


def decode(q: Questionnaire, code: str) -> Response:
    """Read a code (or a whole result link); refuse anything that does not fit `q`."""
    code = code.strip(limits.WHITESPACE)
    if "#" in code:
        code = code.split("#", 1)[1]
    if _SURROGATE.search(code):
        raise refusal("not_unicode")
    if len(code) > MAX_CODE:
        raise refusal("code_too_long", length=len(code), max=MAX_CODE)
    if shortlink.is_short(code):
        return build(q, **shortlink.parse(q, code))
    fields = _fields(code)
    if "q" not in fields or "v" not in fields:
        raise refusal("code_names")
    if not _VERSION.fullmatch(fields["v"]):
        raise refusal("code_version", max=limits.VERSION_MAX)
    felt = fields.get("f")
    if felt is not None and not _FELT.fullmatch(felt):
        raise refusal("felt_code")
    return build(
        q,
        questionnaire=fields["q"],
        version=int(fields["v"]),
        choices=_choices(fields.get("a", "")),
        context=_mapping(fields.get("c", ""), "context"),
        felt=int(felt) if felt is not None else None,
        targets=_mapping(fields.get("t", ""), "target"),
        label=fields.get("n", ""),
        survey=fields.get("s", ""),
        team=fields.get("tm", ""),
        wave=fields.get("w", ""),
        created=fields.get("d", ""),
    )


def _fields(code: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in code.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or key not in KEYS:
            raise refusal("code_part", part=show(part))
        if key in fields:
            raise refusal("code_twice", key=show(key))
        fields[key] = unquote(value)
    return fields


def unquote(value: str) -> str:
    """decodeURIComponent (after '+' to space), refusing what it refuses: broken escapes, invalid UTF-8."""
    if _BAD_ESCAPE.search(value):
        raise refusal("code_escapes")
    try:
        return unquote_to_bytes(value.replace("+", " ")).decode("utf-8")
    except UnicodeError as exc:
        raise refusal("code_escapes") from exc


def _choices(text: str) -> dict[str, int | None]:
    choices: dict[str, int | None] = {}
    for qid, value in _pairs(text, "answer"):
        if qid in choices:
            raise refusal("answer_twice", question=show(qid))
        if value == "x":
            choices[qid] = None
        elif _OPTION.fullmatch(value):
            choices[qid] = int(value)
        else:
            raise refusal("answer_code", value=show(value), question=show(qid))
    return choices


def _mapping(text: str, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in _pairs(text, what):
        if key in out:
            raise refusal(f"{what}_twice", key=show(key))
        out[key] = value
    return out


def _pairs(text: str, what: str) -> list[tuple[str, str]]:
    out = []
    for item in text.split(","):
        if not item:
            continue
        key, sep, value = item.rpartition(".")
        if not sep or not key or not value:
            raise refusal(f"malformed_{what}", item=show(item))
        out.append((key, value))
    return out


def valid_date(text: str) -> bool:
    """An ISO date (optionally with a time) that exists: no 2026-02-30, no 25:61 (engine.js validDate)."""
    m = _DATE.fullmatch(text)
    if m is None:
        return False
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if year < 1 or not 1 <= month <= 12:
        return False
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= day <= _DAYS[month - 1] + leap:
        return False
    if m[4] and (int(m[5]) > 23 or int(m[6]) > 59 or (m[8] is not None and int(m[8]) > 59)):
        return False
    return not (m[11] is not None and (int(m[11]) > 23 or int(m[12]) > 59))


def build(
    q: Questionnaire,
    *,
    questionnaire: str,
    version: int,
    choices: dict[str, int | None],
    context: dict[str, str],
    felt: int | None,
    targets: dict[str, str],
    label: str = "",
    survey: str = "",
    team: str = "",
    wave: str = "",
    created: str = "",
) -> Response:
    """Check decoded fields against `q`; answers from another version keep what still exists."""
    if questionnaire != q.id:
        raise refusal("other_questionnaire", got=show(questionnaire), expected=show(q.id))
    dropped: list[str] = []
    if version != q.version:
        choices, dropped = _still_valid(q, choices)
    for name, value in (("survey", survey), ("team", team), ("wave", wave)):
        if value and not _TAG.fullmatch(value):
            raise refusal(f"bad_{name}", value=show(value))
    if _SURROGATE.search(label):
        raise refusal("not_unicode")
    if len(label) > MAX_LABEL:
        raise refusal("label_long", max=MAX_LABEL)
    if created and not valid_date(created):
        raise refusal("bad_date", value=show(created))
    answers = Answers(choices=choices, context=context, felt=felt, targets=targets)
    check_answers(q, answers)
    return Response(
        q.id, q.version if dropped else version, answers, label, survey, team, wave, created, tuple(dropped)
    )


def _still_valid(q: Questionnaire, choices: dict[str, int | None]) -> tuple[dict[str, int | None], list[str]]:
    """Answers of another version: those that still fit, and the ids of those that do not. A reserved id
    (limits.RESERVED_IDS) is no question of any version, so it is refused as in the current one."""
    reserved = sorted(limits.RESERVED_IDS.intersection(choices))
    if reserved:
        raise refusal("unknown_question", question=show(reserved[0]))
    kept: dict[str, int | None] = {}
    dropped: list[str] = []
    for qid, choice in choices.items():
        question = q.find_question(qid)
        if (
            question is None
            or (choice is None and not question.dont_know)
            or (
                choice is not None and not 0 <= choice < len(question.options) + bool(question.not_applicable)
            )
        ):
            dropped.append(qid)
        else:
            kept[qid] = choice
    return kept, dropped


def to_json(q: Questionnaire, response: Response) -> dict[str, Any]:
    """The documented file format (schema: site/schema/centricity-response.schema.json)."""
    result = score(q, response.answers)
    a = response.answers
    return {
        "format": FORMAT,
        "questionnaire": response.questionnaire,
        "version": response.version,
        "answers": dict(a.choices),
        "context": dict(a.context),
        "felt": a.felt,
        "targets": dict(a.targets),
        "label": response.label,
        "survey": {"id": response.survey, "team": response.team, "wave": response.wave},
        "created": response.created,
        "scores": _scores(result),
    }


def _scores(result: Result) -> dict[str, float | None]:
    out: dict[str, float | None] = {d.id: d.score for d in result.dimensions}
    out["overall"] = result.overall
    return out


def from_json(q: Questionnaire, data: Any) -> Response:
    """Read a parsed response file; refuse tampered scores, wrong types and unknown fields.
    Checks run in a fixed order and name the first offending key in code-point order, as engine.js does."""
    questionnaire, version = _header(data)
    answers = _object(data, "answers")
    _first_bad(answers, lambda v: v is not None and not _whole(v), "answer_type", "question")
    context, targets = _object(data, "context"), _object(data, "targets")
    _first_bad(context, lambda v: not isinstance(v, str), "context_type", "key")
    _first_bad(targets, lambda v: not isinstance(v, str), "target_type", "key")
    felt = data.get("felt")
    if felt is not None and not _whole(felt):
        raise refusal("felt_type")
    survey = {} if data.get("survey") is None else data["survey"]
    if not isinstance(survey, dict) or any(
        k not in _SURVEY_FIELDS or not isinstance(v, str) for k, v in survey.items()
    ):
        raise refusal("survey_type")
    label, created = _text(data, "label"), _text(data, "created")
    response = build(
        q,
        questionnaire=questionnaire,
        version=version,
        choices=answers,
        context=context,
        felt=felt,
        targets=targets,
        label=label,
        survey=survey.get("id", ""),
        team=survey.get("team", ""),
        wave=survey.get("wave", ""),
        created=created,
    )
    stated = data.get("scores")
    edited = stated is not None and not same_scores(stated, _scores(score(q, response.answers)))
    if edited and not response.dropped:
        raise refusal("edited")
    return response


def _header(data: Any) -> tuple[str, int]:
    """What the file says it is: a response file of a named questionnaire and version, nothing more."""
    if not isinstance(data, dict):
        raise refusal("not_object")
    if data.get("format") != FORMAT:
        raise refusal("bad_format", value=show(data.get("format")), expected=show(FORMAT))
    extra = [key for key in data if key not in _FILE_FIELDS]
    if extra:
        raise refusal("unknown_field", field=show(min(extra)))
    questionnaire, version = data.get("questionnaire"), data.get("version")
    if not isinstance(questionnaire, str):
        raise refusal("questionnaire_type")
    if not _whole(version) or not 0 <= version <= limits.VERSION_MAX:
        raise refusal("version_type", max=limits.VERSION_MAX)
    return questionnaire, version


def _whole(value: Any) -> TypeGuard[int]:
    return type(value) is int


def _object(data: dict, key: str) -> dict:
    """A mapping field: absent or null means empty; anything else must be an object (`[]` is not)."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise refusal("object_type", field=key)
    return value


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise refusal(f"{key}_type")
    return value


def _first_bad(mapping: dict, bad: Any, key: str, name: str) -> None:
    """Refuse with the smallest offending key, so both engines name the same one whatever their key order."""
    offending = [k for k, v in mapping.items() if bad(v)]
    if offending:
        raise refusal(key, **{name: show(min(offending))})


def same_scores(stated: Any, computed: dict[str, float | None]) -> bool:
    """The scores a file states are the computed ones: the same keys, each null where the computed one is,
    else a number (true and false are not numbers, though Python's False == 0) equal to it."""
    if not isinstance(stated, dict) or set(stated) != set(computed):
        return False
    for key, value in computed.items():
        given = stated[key]
        if value is None:
            if given is not None:
                return False
        elif isinstance(given, bool) or not isinstance(given, int | float) or given != value:
            return False
    return True


def parse_file(q: Questionnaire, raw: bytes) -> Response:
    """A response file's bytes: within the size cap, UTF-8, shallow JSON, then `from_json`."""
    return from_json(q, read_json(raw, MAX_FILE_BYTES))
