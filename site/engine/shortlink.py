"""Short result links (code format 2): a full assessment, its belief statements included, in at most 140
characters after the `#`.

Format 1 (`codec.encode`, `q=customer-centricity&v=1&a=cu1.2,cu2.x,...`) names every question and runs to
about 390 characters, too long to paste into a chat. Format 2 keeps what makes format 1 robust, answers
keyed by question id, so a link outlives a new questionnaire version, and drops the repetition:

    2~customer-centricity~1~cu1.2-43101,te1.1234_21~0403~7~~20261124

Fields are separated by `~` (never escaped by browsers or chat apps) and empty trailing fields are left out:
the format mark `2`, questionnaire id, version, answers, context, felt rating, targets, date, survey, team,
wave and label. Answers are runs over the ids sorted by prefix and number: `cu1.2-43101` is cu1 = option 3
(index 2), cu2 = "don't know", cu3 = option 5 ...; a run steps through ids numbered one apart (`_` skips an
id without an answer), and a new run starts where the numbering breaks. Context and targets are positional,
one character per context question or dimension (`_` for none), which is what makes them short; positions
mean something only in the questionnaire version they were written for, so a code of another version keeps
its answers (by id) and leaves them out.

Codes are written against the current questionnaire, so a response read from an older version's link takes
the current version number when it is written again. `web/static/js/shortlink.js` is the browser's twin;
tests/test_shortlink.py proves both write the same codes and read every format-1 link to the same result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from centricity.core import limits
from centricity.engine.scoring import show
from centricity.model.questionnaire import Questionnaire
from centricity.model.refusals import refusal

if TYPE_CHECKING:
    from centricity.engine.codec import Response

MARK = "2"
SEP = "~"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # option, level and context indexes
DONT_KNOW = "-"
SKIP = "_"
MAX_SKIP = 4  # ids a run steps over (1 character each) before a new run (`,id.`) is shorter
FIELDS = ("answers", "context", "felt", "targets", "date", "survey", "team", "wave", "label")
_NUMBERED = re.compile(r"(.*?)(0|[1-9][0-9]{0,8})")
_RUN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_RUN_CHARS = re.compile(r"[0-9a-z-]([0-9a-z_-]*[0-9a-z-])?")
_VERSION = re.compile(f"[0-9]{{1,{len(str(limits.VERSION_MAX))}}}")
_FELT = re.compile(r"[0-9]{1,2}")
_POSITIONS = re.compile(r"[0-9a-z_]*")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def is_short(code: str) -> bool:
    """Whether a code (the part after `#`) is format 2; format 1 always starts with a `key=`."""
    return code.startswith(MARK + SEP)


def codebook(q: Questionnaire) -> dict[str, Any]:
    """The little the browser needs to write and read short codes on a page without the engine's rules."""
    return {
        "id": q.id,
        "version": q.version,
        "version_max": limits.VERSION_MAX,
        "questions": [{"id": x.id} for x in q.questions],
        "context": [{"id": c.id, "options": [o.id for o in c.options]} for c in q.context],
        "dimensions": [{"id": d.id} for d in q.dimensions],
        "levels": [{"id": lv.id} for lv in q.levels],
    }


# ---- writing ----


def encode(q: Questionnaire, response: Response) -> str:
    """The format-2 code of a response checked against `q` (as `codec.build` returns it)."""
    if response.questionnaire != q.id:
        raise ValueError(f"a response to {response.questionnaire!r} cannot be written against {q.id!r}")
    a = response.answers
    levels = [lv.id for lv in q.levels]
    fields = [
        MARK,
        q.id,
        str(q.version),
        _answers(q, a.choices),
        _positions([(c.id, [o.id for o in c.options]) for c in q.context], a.context),
        "" if a.felt is None else str(a.felt),
        _positions([(d.id, levels) for d in q.dimensions], a.targets),
        _date(response.created),
        response.survey,
        response.team,
        response.wave,
        escape(response.label),
    ]
    while not fields[-1]:
        fields.pop()
    return SEP.join(fields)


@dataclass(slots=True)
class _Run:
    """Answers to questions numbered one apart, written once as `first.characters`."""

    first: str
    prefix: str | None  # None: the id has no number, so the run cannot grow
    number: int
    chars: str

    @classmethod
    def start(cls, qid: str, char: str) -> _Run:
        numbered = _NUMBERED.fullmatch(qid)
        return cls(qid, numbered[1], int(numbered[2]), char) if numbered else cls(qid, None, 0, char)

    def step(self, qid: str) -> int:
        """How far `qid` is from the run's last question, when the run can take it; 0 when it cannot."""
        numbered = _NUMBERED.fullmatch(qid)
        if self.prefix is None or not numbered or numbered[1] != self.prefix:
            return 0
        step = int(numbered[2]) - self.number
        return step if 1 <= step <= MAX_SKIP + 1 else 0


def _answers(q: Questionnaire, choices) -> str:
    unknown = set(choices) - {x.id for x in q.questions}
    if unknown:
        raise ValueError(f"answers to {sorted(unknown)} are not questions of {q.id!r}")
    runs: list[_Run] = []
    for qid in sorted(choices, key=_id_order):
        char = _char(choices[qid])
        step = runs[-1].step(qid) if runs else 0
        if step:
            runs[-1].chars += SKIP * (step - 1) + char
            runs[-1].number += step
        else:
            runs.append(_Run.start(qid, char))
    return ",".join(f"{run.first}.{run.chars}" for run in runs)


def _id_order(qid: str) -> tuple[str, int]:
    """Ids sorted by prefix, then number (cu2 before cu10), so runs form whatever order the questions take."""
    numbered = _NUMBERED.fullmatch(qid)
    return (numbered[1], int(numbered[2])) if numbered else (qid, -1)


def _char(choice: int | None) -> str:
    if choice is None:
        return DONT_KNOW
    if not 0 <= choice < len(DIGITS):
        raise ValueError(f"option index {choice} does not fit a short code")
    return DIGITS[choice]


def _positions(items: list[tuple[str, list[str]]], chosen) -> str:
    """One character per item: the index of its chosen option, `_` for none; no trailing `_`."""
    extra = set(chosen) - {key for key, _ in items}
    if extra:
        raise ValueError(f"{sorted(extra)} are not in the questionnaire")
    chars = [DIGITS[options.index(chosen[key])] if key in chosen else SKIP for key, options in items]
    return "".join(chars).rstrip(SKIP)


def _date(created: str) -> str:
    """A plain date as eight digits; anything else (a date with a time) escaped as it is."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", created):
        return created.replace("-", "")
    return escape(created)


def escape(text: str) -> str:
    """Percent-encode all but letters, digits, `-` and `_`, so no field can hold a `~` or end a link in
    punctuation a chat app would cut off; shortlink.js writes the same."""
    return quote(text, safe="-_").replace(".", "%2E").replace("~", "%7E")


# ---- reading ----


def parse(q: Questionnaire, code: str) -> dict[str, Any]:
    """The fields of a format-2 code, for `codec.build` to check against `q` (which `decode` calls)."""
    parts = code.split(SEP)
    if len(parts) < 3:
        raise refusal("code_names")
    if len(parts) > 3 + len(FIELDS):
        raise refusal("code_part", part=show(SEP.join(parts[3 + len(FIELDS) :])))
    if not _VERSION.fullmatch(parts[2]) or int(parts[2]) > limits.VERSION_MAX:
        raise refusal("code_version", max=limits.VERSION_MAX)
    f = dict(zip(FIELDS, parts[3:] + [""] * (3 + len(FIELDS) - len(parts)), strict=True))
    if f["felt"] and not _FELT.fullmatch(f["felt"]):
        raise refusal("felt_code")
    same = parts[1] == q.id and int(parts[2]) == q.version
    return {
        "questionnaire": parts[1],
        "version": int(parts[2]),
        "choices": read_answers(f["answers"]),
        "context": _read_positions(f["context"], _context_options(q), "malformed_context") if same else {},
        "felt": int(f["felt"]) if f["felt"] else None,
        "targets": _read_positions(f["targets"], _target_options(q), "malformed_target") if same else {},
        "label": unescape(f["label"]),
        "survey": f["survey"],
        "team": f["team"],
        "wave": f["wave"],
        "created": _read_date(f["date"]),
    }


def _context_options(q: Questionnaire) -> list[tuple[str, list[str]]]:
    return [(c.id, [o.id for o in c.options]) for c in q.context]


def _target_options(q: Questionnaire) -> list[tuple[str, list[str]]]:
    return [(d.id, [lv.id for lv in q.levels]) for d in q.dimensions]


def read_answers(text: str) -> dict[str, int | None]:
    choices: dict[str, int | None] = {}
    for run in text.split(",") if text else []:
        first, _, chars = run.partition(".")
        numbered = _NUMBERED.fullmatch(first)
        if (
            not _RUN_ID.fullmatch(first)
            or not _RUN_CHARS.fullmatch(chars)
            or (len(chars) > 1 and not numbered)
        ):
            raise refusal("malformed_answer", item=show(run))
        for i, char in enumerate(chars):
            if char == SKIP:
                continue
            if i == 0:
                qid = first
            else:
                assert numbered is not None, "a run of more than one answer is numbered (checked above)"
                qid = f"{numbered[1]}{int(numbered[2]) + i}"
            if qid in choices:
                raise refusal("answer_twice", question=show(qid))
            choices[qid] = None if char == DONT_KNOW else DIGITS.index(char)
    return choices


def _read_positions(text: str, items: list[tuple[str, list[str]]], what: str) -> dict[str, str]:
    """One option per item by position; anything else is the whole field malformed (`refusal.<what>`)."""
    out: dict[str, str] = {}
    if not _POSITIONS.fullmatch(text) or len(text) > len(items):
        raise refusal(what, item=show(text))
    for char, (key, options) in zip(text, items, strict=False):
        if char == SKIP:
            continue
        index = DIGITS.find(char)
        if not 0 <= index < len(options):
            raise refusal(what, item=show(text))
        out[key] = options[index]
    return out


def _read_date(text: str) -> str:
    compact = re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", text)
    return "-".join(compact.groups()) if compact else unescape(text)


def unescape(text: str) -> str:
    """Strict percent-decoding, refusing what decodeURIComponent refuses, so both sides agree."""
    if _BAD_ESCAPE.search(text):
        raise refusal("code_escapes")
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError as exc:
        raise refusal("code_escapes") from exc
