"""A fast path for reading response codes, since decoding is most of the time a 100,000-response report takes.

It serves the common case only and defers everything else to `codec.decode`, the reference. Both formats
are served: format 1 (`q=...&v=...&a=...`) and format 2, the short codes result links have held since
shortlink.py, which is what respondents now paste.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from centricity.core import limits
from centricity.core.errors import AnswerError
from centricity.engine import codec, shortlink
from centricity.engine.scoring import Answers
from centricity.model.questionnaire import Questionnaire

_TAG = re.compile(limits.TAG_PATTERN)
_FELT = frozenset(str(i) for i in range(11))
# What the site writes: printable ASCII, the rest %-escaped; anything else goes to the reference.
_PLAIN = re.compile(r"[\x21-\x7e]*")
_SHORT = shortlink.MARK + shortlink.SEP
_SHORT_PARTS = 3 + len(shortlink.FIELDS)
_COMPACT_DATE = re.compile(r"[0-9]{8}")
# Format 2 tables map each character to what it means: `_` (no answer) to (), any other character to
# ((id, value), order, canonical item), or to nothing (None: the reference judges the code). Tables are
# looked up with map(dict.get, tables, characters), so a code's characters are read in C.
_SKIPPED: dict[str, tuple] = {shortlink.SKIP: ()}  # the table of an id no question has
_PAIR, _ORDER, _ITEM = itemgetter(0), itemgetter(1), itemgetter(2)


class _Read(NamedTuple):
    """A code's fields as read, with the canonical text of answers, context and targets."""

    choices: dict[str, int | None]
    choices_text: str | None
    context: dict[str, str]
    context_text: str
    felt: str | None
    targets: dict[str, str]
    targets_text: str
    survey: str
    team: str
    wave: str
    label: str
    created: str


class FastDecoder:
    """Reads the common case of a response code quickly, with its canonical code: a code of this
    questionnaire's current version, written the way the site writes codes. Anything else gives None and
    goes to `codec.decode`, so every refusal keeps the reference's reason and every unusual case its
    behaviour. (Decoding and encoding are most of the time a 100,000-response report takes.)

    It accepts a code only when `codec.decode` accepts it and gives an equal Response, and its code is
    `aggregate.canonical_code` of that Response; tests/test_report.py checks both, on valid and bad codes
    of both formats.
    """

    def __init__(self, q: Questionnaire):
        self.q = q
        self.version = str(q.version)
        self.items: dict[str, tuple[str, int | None, int]] = {}
        for n, x in enumerate(q.questions):
            for i in range(len(x.options) + bool(x.not_applicable)):  # the last index: "does not apply"
                self.items[f"{x.id}.{i}"] = (x.id, i, n)
            if x.dont_know:
                self.items[f"{x.id}.x"] = (x.id, None, n)
        self.context = {f"{c.id}.{o.id}": (c.id, o.id, n) for n, c in enumerate(q.context) for o in c.options}
        self.targets = {
            f"{d.id}.{lv.id}": (d.id, lv.id, n) for n, d in enumerate(q.dimensions) for lv in q.levels
        }
        # The canonical code is assembled from these pieces as they are, so they must need no escaping.
        pieces = [q.id, self.version, ",", ".", "x", *self.items, *self.context, *self.targets]
        self.enabled = all(codec.enc(p) == p for p in pieces)
        self._short_tables(q)

    def _short_tables(self, q: Questionnaire) -> None:
        """Format 2: what each answer character means for each question, per question id the tables of the
        ids a run starting there steps through (named as the reference names them, by reading a long run of
        zeros; an empty table where no question has the id), and per position the context or target options.
        Every index fits one character: a question has at most MAX_OPTIONS options, and there are 36."""
        digits = shortlink.DIGITS
        answers: dict[str, dict[str, tuple]] = {}
        for n, x in enumerate(q.questions):
            indexes = range(len(x.options) + bool(x.not_applicable))  # the last: "does not apply"
            table: dict[str, tuple] = {digits[i]: ((x.id, i), n, f"{x.id}.{i}") for i in indexes}
            if x.dont_know:
                table[shortlink.DONT_KNOW] = ((x.id, None), n, f"{x.id}.x")
            answers[x.id] = table | _SKIPPED
        reach = len(q.questions) * (shortlink.MAX_SKIP + 1)
        self.runs: dict[str, tuple[dict, ...]] = {}
        for x in q.questions:
            try:
                ids = list(shortlink.read_answers(f"{x.id}.{'0' * reach}"))
            except AnswerError:  # an id without a number: its run holds one answer
                ids = [x.id]
            self.runs[x.id] = tuple(answers.get(i, _SKIPPED) for i in ids)
        self.context_positions = [
            {digits[j]: ((c.id, o.id), j, f"{c.id}.{o.id}") for j, o in enumerate(c.options)} | _SKIPPED
            for c in q.context
        ]
        self.target_positions = [
            {digits[j]: ((d.id, lv.id), j, f"{d.id}.{lv.id}") for j, lv in enumerate(q.levels)} | _SKIPPED
            for d in q.dimensions
        ]

    def __call__(self, line: str) -> tuple[str, codec.Response] | None:
        code = self._code(line) if self.enabled else None
        if code is None:
            return None
        read = self._short(code) if code.startswith(_SHORT) else self._long(code)
        return None if read is None else self._finish(read)

    def _finish(self, r: _Read) -> tuple[str, codec.Response]:
        """The Response and its canonical code (format 1, answers in questionnaire order)."""
        response = codec.Response(
            self.q.id,
            self.q.version,
            Answers(r.choices, r.context, None if r.felt is None else int(r.felt), r.targets),
            r.label,
            r.survey,
            r.team,
            r.wave,
            r.created,
        )
        parts = (
            ("q", self.q.id),
            ("v", self.version),
            ("a", r.choices_text),
            ("c", r.context_text),
            ("f", r.felt),
            ("t", r.targets_text),
            ("s", r.survey),
            ("tm", r.team),
            ("w", r.wave),
            ("n", r.label and codec.enc(r.label)),
            ("d", r.created and codec.enc(r.created)),
        )
        return "&".join(f"{k}={v}" for k, v in parts if v), response

    @staticmethod
    def _code(line: str) -> str | None:
        """The code (after a link's `#`), or None for anything but printable ASCII within the length limit."""
        code = line.strip(limits.WHITESPACE)
        if "#" in code:
            code = code.split("#", 1)[1]
        if len(code) > codec.MAX_CODE or not _PLAIN.fullmatch(code):
            return None
        return code

    def _long(self, code: str) -> _Read | None:
        """Format 1."""
        f = self._fields(code)
        if f is None or f.get("q") != self.q.id or f.get("v") != self.version:
            return None
        answered = self._choices(f.get("a"))
        context, context_text = self._pairs(f.get("c"), self.context)
        targets, targets_text = self._pairs(f.get("t"), self.targets)
        if answered is None or context is None or targets is None or not self._plain_fields_valid(f):
            return None
        choices, text = answered
        return _Read(
            choices,
            text,
            context,
            context_text,
            f.get("f"),
            targets,
            targets_text,
            f.get("s", ""),
            f.get("tm", ""),
            f.get("w", ""),
            f.get("n", ""),
            f.get("d", ""),
        )

    @staticmethod
    def _fields(code: str) -> dict[str, str] | None:
        """The key=value fields, or None for anything the reference must judge (repeats, unknown keys)."""
        f: dict[str, str] = {}
        for part in code.split("&"):
            key, sep, value = part.partition("=")
            if not sep or not value or key in f or key not in codec.KEYS:
                return None
            try:
                f[key] = codec.unquote(value) if "%" in value or "+" in value else value
            except AnswerError:
                return None
        return f

    def _choices(self, text: str | None) -> tuple[dict[str, int | None], str | None] | None:
        """Answers as a dict, and their canonical text (items in questionnaire order)."""
        choices: dict[str, int | None] = {}
        if text is None:
            return choices, None
        last, ordered = -1, True
        for item in text.split(","):
            hit = self.items.get(item)
            if hit is None or hit[0] in choices:
                return None
            choices[hit[0]] = hit[1]
            ordered = ordered and hit[2] > last
            last = hit[2]
        if not ordered:
            text = ",".join(sorted(text.split(","), key=lambda item: self.items[item][2]))
        return choices, text

    @staticmethod
    def _plain_fields_valid(f: dict[str, str]) -> bool:
        """Felt rating, survey tags, label and date as the reference accepts them."""
        if "f" in f and f["f"] not in _FELT:
            return False
        if any(key in f and not _TAG.fullmatch(f[key]) for key in ("s", "tm", "w")):
            return False
        return len(f.get("n", "")) <= codec.MAX_LABEL and ("d" not in f or codec.valid_date(f["d"]))

    @staticmethod
    def _pairs(text: str | None, table: dict[str, tuple[str, str, int]]) -> tuple[dict[str, str] | None, str]:
        """Context or targets: ("id.value" items) as a dict, and as canonical text (items in order)."""
        out: dict[str, str] = {}
        if text is None:
            return out, ""
        hits = []
        for item in text.split(","):
            hit = table.get(item)
            if hit is None or hit[0] in out:
                return None, ""
            out[hit[0]] = hit[1]
            hits.append((hit[2], item))
        hits.sort()
        return out, ",".join(item for _, item in hits)

    def _short(self, code: str) -> _Read | None:
        """Format 2 (shortlink.py), of this questionnaire's version."""
        parts = code.split(shortlink.SEP)
        if not 3 <= len(parts) <= _SHORT_PARTS or parts[1] != self.q.id or parts[2] != self.version:
            return None
        answers, context, felt, targets, date, survey, team, wave, label = parts[3:] + [""] * (
            _SHORT_PARTS - len(parts)
        )
        answered = self._runs(answers)
        chosen = self._positions(context, self.context_positions)
        aims = self._positions(targets, self.target_positions)
        if answered is None or chosen is None or aims is None or (felt and felt not in _FELT):
            return None
        if any(tag and not _TAG.fullmatch(tag) for tag in (survey, team, wave)):
            return None
        created = self._date(date)
        try:
            label = shortlink.unescape(label)
        except AnswerError:
            return None
        if created is None or len(label) > codec.MAX_LABEL:
            return None
        return _Read(*answered, *chosen, felt or None, *aims, survey, team, wave, label, created)

    def _runs(self, text: str) -> tuple[dict[str, int | None], str | None] | None:
        """Answers written as runs (`cu1.2-4_1`), as a dict and as canonical text (questionnaire order)."""
        if not text:
            return {}, None
        hits: list[tuple | None] = []
        skip = shortlink.SKIP
        for run in text.split(","):
            first, _, chars = run.partition(".")
            slots = self.runs.get(first)
            if slots is None or not chars or len(chars) > len(slots) or skip in (chars[0], chars[-1]):
                return None
            hits += map(dict.get, slots, chars)
        return self._read(hits, sort=True)

    def _positions(self, text: str, positions: list[dict[str, tuple]]) -> tuple[dict, str] | None:
        """Context or targets, one character per position (`_` for none), as a dict and canonical text."""
        if len(text) > len(positions):
            return None
        return self._read(list(map(dict.get, positions, text)), sort=False)

    @staticmethod
    def _read(hits: list[tuple | None], sort: bool) -> tuple[dict, str] | None:
        """What the characters looked up say: None when one means nothing here or an id comes twice."""
        if None in hits:
            return None
        found = list(filter(None, hits))  # () is a skipped position
        read = dict(map(_PAIR, found))
        if len(read) != len(found):
            return None
        return read, ",".join(map(_ITEM, sorted(found, key=_ORDER) if sort else found))

    @staticmethod
    def _date(text: str) -> str | None:
        """A compact date (`20261124`) that exists; None for anything else, which the reference reads."""
        if not text:
            return ""
        if not _COMPACT_DATE.fullmatch(text):
            return None
        created = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        return created if codec.valid_date(created) else None
