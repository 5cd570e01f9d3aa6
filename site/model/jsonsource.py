"""JSON from outside (response files, sample profiles) read the way the browser reads it, within limits.

Size is capped before decoding; text is UTF-8 with or without a byte-order mark (UTF-16 is named, other
bytes refused); nesting depth is checked before parsing, since deep nesting overflows a recursive parser;
and every number is read as the browser's engine reads it, an IEEE double, with integral values within
JavaScript's safe range becoming ints. So `1.0` is the integer 1 on both sides (as JSON Schema says), a
5,000-digit integer is infinity on both sides, and `NaN` is invalid JSON on both sides.
engine.js `readJson` is the twin.
"""

from __future__ import annotations

import json
import re
from typing import Any

from centricity.core import limits
from centricity.model.refusals import refusal

SAFE_INTEGER = 2**53 - 1
# A JSON string literal, unrolled so it stays linear on hostile input; what remains holds the brackets.
_STRING = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"')
_BRACKETS = re.compile(r"[^\[\]{}]+")


def decode_bytes(raw: bytes, max_bytes: int = limits.MAX_RESPONSE_BYTES) -> str:
    """A file's bytes as text: capped, UTF-8 with or without a byte-order mark."""
    if len(raw) > max_bytes:
        raise refusal("file_large", size=len(raw), max=max_bytes)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refusal("file_utf16")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise refusal("file_not_utf8") from exc


def nesting(text: str) -> int:
    """How deep brackets nest outside strings (the same count as engine.js, valid JSON or not)."""
    depth = deepest = 0
    for char in _BRACKETS.sub("", _STRING.sub("", text)):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) <= SAFE_INTEGER else value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str, max_depth: int = limits.MAX_JSON_DEPTH) -> Any:
    if nesting(text) > max_depth:
        raise refusal("json_deep", max=max_depth)
    try:
        return json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
    except ValueError as exc:  # JSONDecodeError and the refused constants
        raise refusal("json_invalid") from exc


def read_json(
    raw: bytes, max_bytes: int = limits.MAX_RESPONSE_BYTES, max_depth: int = limits.MAX_JSON_DEPTH
) -> Any:
    return parse_json(decode_bytes(raw, max_bytes), max_depth)
