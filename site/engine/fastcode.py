"""A fast path for reading response codes, since decoding is most of the time a 100,000-response report takes.

It serves the common case only and defers everything else to `codec.decode`, the reference.
"""

from __future__ import annotations

import re

from centricity.core import limits
from centricity.core.errors import AnswerError
from centricity.engine import codec as resp
from centricity.engine.scoring import Answers
from centricity.model.questionnaire import Questionnaire

_TAG = re.compile(limits.TAG_PATTERN)
_FELT = frozenset(str(i) for i in range(11))
# What the site writes: printable ASCII, the rest %-escaped; anything else goes to the reference.
_PLAIN = re.compile(r"[\x21-\x7e]*")


class FastDecoder:
    """Reads the common case of a response code quickly, with its canonical code: a code of this
    questionnaire's current version, written the way the site writes codes. Anything else gives None and
    goes to `codec.decode`, so every refusal keeps the reference's reason and every unusual case its
    behaviour. (Decoding and encoding are most of the time a 100,000-response report takes.)

    It accepts a code only when `codec.decode` accepts it and gives an equal Response, and its code is
    `aggregate.canonical_code` of that Response; tests/test_report.py checks both, on valid and bad codes.
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
        self.enabled = all(resp.enc(p) == p for p in pieces)

    def __call__(self, code: str) -> tuple[str, resp.Response] | None:
        f = self._fields(code) if self.enabled else None
        if f is None or f.get("q") != self.q.id or f.get("v") != self.version:
            return None
        answered = self._choices(f.get("a"))
        context, context_text = self._pairs(f.get("c"), self.context)
        targets, targets_text = self._pairs(f.get("t"), self.targets)
        if answered is None or context is None or targets is None or not self._plain_fields_valid(f):
            return None
        choices, text = answered
        felt, label, created = f.get("f"), f.get("n", ""), f.get("d", "")
        response = resp.Response(
            self.q.id,
            self.q.version,
            Answers(choices, context, None if felt is None else int(felt), targets),
            label,
            f.get("s", ""),
            f.get("tm", ""),
            f.get("w", ""),
            created,
        )
        parts = (
            ("q", self.q.id),
            ("v", self.version),
            ("a", text),
            ("c", context_text),
            ("f", felt),
            ("t", targets_text),
            ("s", f.get("s")),
            ("tm", f.get("tm")),
            ("w", f.get("w")),
            ("n", label and resp.enc(label)),
            ("d", created and resp.enc(created)),
        )
        return "&".join(f"{k}={v}" for k, v in parts if v), response

    @staticmethod
    def _fields(code: str) -> dict[str, str] | None:
        """The key=value fields, or None for anything the reference must judge (repeats, unknown keys)."""
        code = code.strip(limits.WHITESPACE)
        if "#" in code:
            code = code.split("#", 1)[1]
        if len(code) > resp.MAX_CODE or not _PLAIN.fullmatch(code):
            return None
        f: dict[str, str] = {}
        for part in code.split("&"):
            key, sep, value = part.partition("=")
            if not sep or not value or key in f or key not in resp.KEYS:
                return None
            try:
                f[key] = resp.unquote(value) if "%" in value or "+" in value else value
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
        return len(f.get("n", "")) <= resp.MAX_LABEL and ("d" not in f or resp.valid_date(f["d"]))

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
