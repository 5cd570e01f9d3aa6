"""A collecting server's export read as docs/formats.md says: each entry is held to a response file's caps on
its own, so one entry too large or nested too deep costs only itself, with the file's limit in its message.

The export as a whole is capped by `MAX_LIST_BYTES`; before it is parsed, each bracketed entry of its
`responses` list is measured in the text (its UTF-8 bytes; its nesting outside strings, one level more than
its response file's) and a refused one is replaced by `null`, so what remains parses within the export's
own depth cap.
`web/static/js/exportfile.js` is the twin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from centricity.core import limits
from centricity.core.errors import AnswerError
from centricity.model.jsonsource import decode_bytes, parse_json
from centricity.model.refusals import refusal

# What the structure of JSON text is made of: strings (whatever brackets they hold), brackets, commas, colons.
_TOKEN = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"|[\[\]{},:]')
ENTRY_DEPTH = limits.MAX_JSON_DEPTH + 1  # an entry nests its response file one level deeper


@dataclass
class Export:
    """A parsed export and the entries refused before parsing (by their index in `responses`)."""

    data: dict[str, Any]
    refused: dict[int, AnswerError] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    index: int  # in the responses list
    start: int
    end: int
    depth: int  # how deep its brackets nest (outside strings), as jsonsource.nesting counts


def entries(text: str) -> list[Entry] | None:
    """Every bracketed entry of the `responses` list of the top-level object; None when the text holds no
    such list, or more than one (which a parser would read as the last)."""
    found: list[list[Entry]] = []
    depth, key, index, start, deepest = 0, "", 0, -1, 0
    inside = False  # within the responses list
    for m in _TOKEN.finditer(text):
        token = m[0]
        if token in "[{":
            depth += 1
            if depth == 2 and token == "[" and key == "responses":
                inside, index = True, 0
                found.append([])
            elif inside and depth == 3:
                start, deepest = m.start(), 1
            elif inside and depth > 3:
                deepest = max(deepest, depth - 2)
        elif token in "]}":
            if inside and depth == 3:
                found[-1].append(Entry(index, start, m.end(), deepest))
            elif inside and depth == 2:
                inside = False
            depth -= 1
        elif token == "," and inside and depth == 2:
            index += 1
        elif token[0] == '"' and depth == 1:
            key = _key(token)
    return found[0] if len(found) == 1 else None


def _key(token: str) -> str:
    try:
        return str(parse_json(token))
    except AnswerError:
        return ""


def judge(text: str, entry: Entry) -> AnswerError | None:
    """An entry's own verdict: a response file's size and depth caps."""
    size = len(text[entry.start : entry.end].encode("utf-8", "surrogatepass"))
    if size > limits.MAX_RESPONSE_BYTES:
        return refusal("file_large", size=size, max=limits.MAX_RESPONSE_BYTES)
    if entry.depth > ENTRY_DEPTH:
        return refusal("json_deep", max=limits.MAX_JSON_DEPTH)
    return None


def read_export(raw: bytes) -> Export | None:
    """The export in `raw`, read with an export's caps and each entry judged on its own; None when it is not
    one. Text with a list of responses that still fails as a whole (too deep outside its entries, or not
    JSON) is refused with the export's reason and limits."""
    try:
        text = decode_bytes(raw, limits.MAX_LIST_BYTES)
    except AnswerError:
        return None
    found = entries(text)
    if found is None:
        return None
    refused: dict[int, AnswerError] = {}
    kept, last = [], 0
    for entry in found:
        verdict = judge(text, entry)
        if verdict is not None:
            refused[entry.index] = verdict
            kept += [text[last : entry.start], "null"]
            last = entry.end
    data = parse_json("".join([*kept, text[last:]]), limits.MAX_JSON_DEPTH + limits.EXPORT_DEPTH)
    if not (isinstance(data, dict) and data.get("format") == limits.EXPORT_FORMAT):
        return None
    return Export(data, refused)
