"""Reading team inputs: response files, a collecting server's exports, text files of codes or links,
folders of them.

Every input is read on its own, so a bad file or line is reported with its reason and skipped while every good
response is kept. Exit codes and progress messages of `python build.py report` follow from what is read here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TextIO

from centricity.core import limits
from centricity.core.errors import AnswerError, CentricityError
from centricity.engine import codec
from centricity.engine.fastcode import FastDecoder
from centricity.model.catalog import Catalog
from centricity.model.jsonsource import read_json
from centricity.model.questionnaire import Questionnaire
from centricity.model.refusals import refusal
from centricity.team import aggregate as agg
from centricity.team.exportfile import Export, read_export

PROGRESS_EVERY = 10_000
SHOW_PROBLEMS = 100  # on stderr; the rest are counted
_LINES = re.compile(r"\r\n|\r|\n")
_KEY = re.compile(limits.EXPORT_KEY_PATTERN)
_BEYOND_A_FILE = ("file_large", "json_deep")  # refusals of a file that an export may still pass
_NAMES = re.compile(r'"questionnaire"\s*:\s*"([A-Za-z0-9_-]+)"|(?:^|[#&\s])q=([A-Za-z0-9_-]+)')


@dataclass
class ResponseReader:
    """Reads response inputs for one questionnaire: keeps each valid, unique response with its code."""

    q: Questionnaire
    err: TextIO | None = None
    coded: list[tuple[str, codec.Response]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    inputs: int = 0
    _seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.fast = FastDecoder(self.q)

    def read(self, paths: Iterable[Path]) -> None:
        for path in _expand(paths):
            self.inputs += 1
            self.read_path(path)

    def read_path(self, path: Path) -> None:
        """One input on its own, as the team view reads a file: a bad file or line costs only itself."""
        source = str(path)
        is_json = path.suffix.lower() == ".json"
        limit = limits.MAX_LIST_BYTES  # a response file is held to its own, smaller cap when it is read
        try:
            if not path.is_file():  # a folder, a device or a FIFO (which would block a read)
                self.problem(source, "cannot be read: not a regular file")
                return
            size = path.stat().st_size
            if size > limit:
                self.problem(source, str(refusal("file_large", size=size, max=limit)))
                return
            raw = path.read_bytes()
        except OSError as exc:
            self.problem(source, f"cannot be read: {exc.strerror or exc}")
            return
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.problem(source, str(refusal("file_utf16")))
            return
        # As the team view reads a list: UTF-8, a leading byte-order mark dropped, bad bytes replaced (a line
        # holding one is refused on its own); a response file is decoded strictly by the codec.
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        if is_json or text.lstrip(limits.WHITESPACE)[:1] == "{":
            self.read_json(source, raw)
            return
        self.read_lines(source, text)

    def read_json(self, source: str, raw: bytes) -> None:
        """One response file, or a collecting server's export, parsed once with a file's caps; only what is
        too large or too deep for a file is parsed again with an export's, and refused as a file unless it
        is an export."""
        try:
            data = read_json(raw)
        except AnswerError as exc:
            export = self.larger_export(source, raw, exc)
            if export is not None:
                self.read_export(source, export.data.get("responses"), export.refused)
            return
        if _is_export(data):
            self.read_export(source, data.get("responses"))
        else:
            self.add(source, partial(codec.from_json, self.q, data))

    def larger_export(self, source: str, raw: bytes, exc: AnswerError) -> Export | None:
        """What a file's caps refused, read as an export (exportfile.py); the problem is reported here when
        it is none: the file's refusal, or the export's own when it fails as a whole."""
        try:
            export = read_export(raw) if exc.key in _BEYOND_A_FILE else None
        except AnswerError as whole:
            self.problem(source, str(whole))
            return None
        if export is None:
            self.problem(source, str(exc))
        return export

    def read_export(
        self, source: str, items: object, refused: Mapping[int, AnswerError] | None = None
    ) -> None:
        """Each response on its own, as `<file>#<n>`; two people who answered alike are told apart by their
        keys, and a response read twice (the same export given twice) counts once. `refused`: the entries
        judged before parsing (too large or too deep), by index."""
        if not isinstance(items, list) or not items:
            self.problem(source, "no response found")
            return
        for number_, item in enumerate(items, 1):
            where = f"{source}#{number_}"
            if refused and number_ - 1 in refused:
                self.problem(where, str(refused[number_ - 1]))
                continue
            key = item.get("key") if isinstance(item, dict) and set(item) == {"key", "response"} else None
            if not (isinstance(key, str) and _KEY.fullmatch(key)):
                self.problem(where, str(refusal("export_item")))
                continue
            self.add(where, partial(codec.from_json, self.q, item["response"]), f"export:{key}")

    def read_lines(self, source: str, text: str) -> None:
        found = 0
        for number_, line in enumerate(_LINES.split(text), 1):
            if not line.strip(limits.WHITESPACE):
                continue
            found += 1
            fast = self.fast(line)
            if fast is not None:
                self.keep(f"{source}:{number_}", *fast)
            else:
                self.add(f"{source}:{number_}", partial(codec.decode, self.q, line))
        if not found:
            self.problem(source, "no response found")

    def add(self, source: str, read: Callable[[], codec.Response], key: str = "") -> None:
        try:
            response = read()
            code = agg.canonical_code(self.q, response)
        except AnswerError as exc:
            self.problem(source, str(exc))
            return
        except UnicodeError:
            self.problem(source, "the response holds text that is not valid Unicode")
            return
        self.keep(source, code, response, key)

    def keep(self, source: str, code: str, response: codec.Response, key: str = "") -> None:
        """`key` tells a response apart instead of its code (an export's responses: one per person)."""
        if (key or code) in self._seen:
            self.duplicates += 1
            self.problem(source, "duplicate of a response already loaded")
            return
        self._seen.add(key or code)
        self.coded.append((code, response))
        if response.dropped:
            self.note(
                source,
                "from an earlier version of the questionnaire; answers that no longer apply "
                f"were left out: {', '.join(response.dropped).upper()}",
            )
        if self.err and len(self.coded) % PROGRESS_EVERY == 0:
            print(f"... {len(self.coded):,} responses read", file=self.err, flush=True)

    def problem(self, source: str, reason: str) -> None:
        self.problems.append((source, reason))
        if self.err and len(self.problems) <= SHOW_PROBLEMS:
            print(f"{source}: skipped: {reason}", file=self.err)

    def note(self, source: str, text: str) -> None:
        self.notes.append((source, text))
        if self.err and len(self.notes) <= SHOW_PROBLEMS:
            print(f"{source}: note: {text}", file=self.err)


def _is_export(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == limits.EXPORT_FORMAT


def _expand(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".json", ".txt")
            )
        else:
            yield path


def pick_questionnaire(catalog: Catalog, wanted: str | None, paths: list[Path]) -> Questionnaire:
    """The questionnaire asked for; else the one most inputs name (judged from the start of the first 200
    inputs; ties go to the catalog's order); else the catalog's first."""
    if wanted:
        if wanted not in catalog.questionnaires:
            known = ", ".join(catalog.questionnaires)
            raise CentricityError(f"unknown questionnaire {wanted!r} (known: {known})")
        return catalog.questionnaires[wanted]
    votes = dict.fromkeys(catalog.questionnaires, 0)
    for i, path in enumerate(_expand(paths)):
        if i == 200:
            break
        if not path.is_file():
            continue
        try:
            with path.open("rb") as fh:
                head = fh.read(4096).decode("utf-8", errors="replace")
        except OSError:
            continue
        for in_json, in_code in _NAMES.findall(head):
            name = in_json or in_code
            if name in votes:
                votes[name] += 1
    best = max(votes.values(), default=0)
    return (
        next((catalog.questionnaires[k] for k, v in votes.items() if v == best), catalog.primary)
        if best
        else catalog.primary
    )
