"""One person's response, as a compact code (the result link's fragment) and as a JSON file.

Both travel outside the site, so nothing in them is trusted: every field is checked against the
questionnaire and anything odd is refused with an AnswerError that says what is wrong.
`web/static/js/engine.js` writes and reads the same formats; tests keep them in step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote_plus

from centricity.core.errors import AnswerError
from centricity.engine import shortlink
from centricity.engine.scoring import Answers, Result, check_answers, score, show
from centricity.model.questionnaire import Questionnaire

FORMAT = "centricity-response/1"
MAX_CODE = 4000
MAX_FILE_BYTES = 256 * 1024
MAX_LABEL = 80
_TAG = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
KEYS = ("q", "v", "a", "c", "f", "t", "s", "tm", "w", "n", "d")


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
    code = code.strip()
    if "#" in code:
        code = code.split("#", 1)[1]
    if len(code) > MAX_CODE:
        raise AnswerError(f"the code is too long ({len(code)} characters, at most {MAX_CODE})")
    if shortlink.is_short(code):
        return build(q, **shortlink.parse(q, code))
    fields: dict[str, str] = {}
    for part in code.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or key not in KEYS:
            raise AnswerError(f"unexpected part {show(part)} in the code")
        if key in fields:
            raise AnswerError(f"{show(key)} appears twice in the code")
        fields[key] = unquote_plus(value)
    if "q" not in fields or "v" not in fields:
        raise AnswerError("the code does not name a questionnaire and version")
    if not fields["v"].isdigit():
        raise AnswerError("the version in the code is not a number")
    choices: dict[str, int | None] = {}
    for item in _pairs(fields.get("a", ""), "answer"):
        qid, value = item
        if qid in choices:
            raise AnswerError(f"question {show(qid)} is answered twice")
        if value == "x":
            choices[qid] = None
        elif value.isdigit() and len(value) <= 3:
            choices[qid] = int(value)
        else:
            raise AnswerError(f"answer {show(value)} to {show(qid)} is not an option number")
    felt = fields.get("f")
    if felt is not None and not (felt.isdigit() and len(felt) <= 2):
        raise AnswerError("the felt rating is not a number from 0 to 10")
    return build(
        q,
        questionnaire=fields["q"],
        version=int(fields["v"]),
        choices=choices,
        context=dict(_pairs(fields.get("c", ""), "context")),
        felt=int(felt) if felt is not None else None,
        targets=dict(_pairs(fields.get("t", ""), "target")),
        label=fields.get("n", ""),
        survey=fields.get("s", ""),
        team=fields.get("tm", ""),
        wave=fields.get("w", ""),
        created=fields.get("d", ""),
    )


def _pairs(text: str, what: str) -> list[tuple[str, str]]:
    out = []
    for item in text.split(","):
        if not item:
            continue
        key, sep, value = item.rpartition(".")
        if not sep or not key or not value:
            raise AnswerError(f"malformed {what} {show(item)}")
        out.append((key, value))
    return out


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
        raise AnswerError(f"this response is for questionnaire {show(questionnaire)}, not {show(q.id)}")
    dropped: list[str] = []
    if version != q.version:
        kept: dict[str, int | None] = {}
        for qid, choice in choices.items():
            question = q.question(qid) if q.has("question", qid) else None
            if (
                question is None
                or (choice is None and not question.dont_know)
                or (choice is not None and not 0 <= choice < len(question.options))
            ):
                dropped.append(qid)
            else:
                kept[qid] = choice
        choices = kept
    for name, value in (("survey", survey), ("team", team), ("wave", wave)):
        if value and not _TAG.fullmatch(value):
            raise AnswerError(f"{name} {show(value)} may use only letters, digits, '-' and '_' (64 at most)")
    if len(label) > MAX_LABEL:
        raise AnswerError(f"the label is longer than {MAX_LABEL} characters")
    if created and not _DATE.fullmatch(created):
        raise AnswerError(f"the date {show(created)} is not an ISO date")
    answers = Answers(choices=choices, context=context, felt=felt, targets=targets)
    check_answers(q, answers)
    return Response(
        q.id, q.version if dropped else version, answers, label, survey, team, wave, created, tuple(dropped)
    )


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
    """Read a parsed response file; refuse tampered scores, wrong types and unknown fields."""
    if not isinstance(data, dict):
        raise AnswerError("not a response file: expected a JSON object")
    if data.get("format") != FORMAT:
        raise AnswerError(
            f"not a response file: format is {str(data.get('format'))[:40]!r}, expected {FORMAT!r}"
        )
    allowed = {
        "format",
        "questionnaire",
        "version",
        "answers",
        "context",
        "felt",
        "targets",
        "label",
        "survey",
        "created",
        "scores",
    }
    extra = sorted(set(data) - allowed)
    if extra:
        raise AnswerError(f"unknown field {show(extra[0])}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise AnswerError("version must be a whole number")
    answers = _dict(data, "answers")
    for qid, value in answers.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise AnswerError(f"answer to {show(qid)} must be an option number or null")
    context = _dict(data, "context")
    targets = _dict(data, "targets")
    for name, mapping in (("context", context), ("targets", targets)):
        for key, value in mapping.items():
            if not isinstance(value, str):
                raise AnswerError(f"{name} value for {show(key)} must be text")
    felt = data.get("felt")
    if felt is not None and (isinstance(felt, bool) or not isinstance(felt, int)):
        raise AnswerError("felt must be a whole number from 0 to 10 or null")
    survey = data.get("survey") or {}
    if not isinstance(survey, dict) or not all(isinstance(v, str) for v in survey.values()):
        raise AnswerError("survey must be an object of texts")
    label = data.get("label") or ""
    created = data.get("created") or ""
    if not isinstance(label, str) or not isinstance(created, str):
        raise AnswerError("label and created must be text")
    response = build(
        q,
        questionnaire=str(data.get("questionnaire")),
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
    if stated is not None and not response.dropped and stated != _scores(score(q, response.answers)):
        raise AnswerError("the scores in the file do not match its answers (the file was edited)")
    return response


def _dict(data: dict, key: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise AnswerError(f"{key} must be an object")
    return value


def parse_file(q: Questionnaire, raw: bytes) -> Response:
    if len(raw) > MAX_FILE_BYTES:
        raise AnswerError(f"the file is too large ({len(raw):,} bytes, at most {MAX_FILE_BYTES:,})")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerError(f"not valid JSON: {exc}") from exc
    return from_json(q, data)
