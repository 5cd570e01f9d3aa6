"""The one way YAML is read (questionnaires, `site.yaml`, front matter, strings): safely, remembering lines.

Validation messages must say `file:line: field: problem`, so the document is built from parser events into
plain data alongside a map from field path to line. Building from events (not from PyYAML's composed node
tree, which is recursive and expands aliases) lets every hostile construct be refused early, with its line:
alias bombs (a budget of nodes after expansion), deep nesting, custom and Python tags, duplicate and
non-scalar keys, merge keys, NaN/Inf and huge integers. Files are UTF-8 with or without a byte-order mark;
UTF-16, other bytes and control characters are named with their line. Limits live in `core.limits`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from centricity.core import limits
from centricity.core.errors import Problem, ValidationError

Path_ = tuple[str | int, ...]

# What YAML itself refuses (PyYAML's Reader reports it by character position only).
_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("null", "bool", "int", "float", "str", "timestamp")}
_COLLECTION_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}
_LOADER = yaml.SafeLoader("")


class Source:
    """Parsed YAML data plus where each part of it came from."""

    def __init__(self, file: str, data: Any, lines: dict[Path_, int]):
        self.file = file
        self.data = data
        self._lines = lines

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest existing parent when the field itself is missing."""
        while True:
            if path in self._lines:
                return self._lines[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, self.line(path), field_name(path), message)


def field_name(path: Path_) -> str:
    """Render a path as `questions[7].options[2].label.es`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_text(path: Path | str, display: str | None = None, max_bytes: int = limits.YAML_MAX_BYTES) -> str:
    """A text file as the project reads every one: a regular file under a size cap, UTF-8, BOM dropped."""
    file = display or str(path)
    path = Path(path)
    try:
        if not path.is_file():
            raise ValidationError([Problem(file, None, "", "cannot read: not a regular file")])
        size = path.stat().st_size
        if size > max_bytes:
            raise ValidationError([Problem(file, None, "", f"too large ({size} bytes, at most {max_bytes})")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError([Problem(file, None, "", f"cannot read: {exc.strerror or exc}")]) from exc
    return decode_text(raw, file)


def decode_text(raw: bytes, file: str) -> str:
    """UTF-8 with or without a byte-order mark; UTF-16 and invalid bytes are refused with their line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0)):
        raise ValidationError([Problem(file, 1, "", "the file is UTF-16 text; save it as UTF-8")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        raise ValidationError([Problem(file, line, "", f"not UTF-8 text (byte 0x{byte:02x})")]) from exc
    return text.removeprefix("\ufeff")


def check_characters(text: str, file: str, first_line: int = 1) -> None:
    """Refuse a control character (NUL, ESC, ...) naming its line, not its position in the file."""
    bad = _CONTROL.search(text)
    if bad:
        line = first_line + text.count("\n", 0, bad.start())
        name = f"U+{ord(bad.group()):04X}"
        raise ValidationError([Problem(file, line, "", f"holds a control character ({name})")])


def load(path: Path | str, display: str | None = None) -> Source:
    """Load one YAML file; any problem becomes a ValidationError naming file and line."""
    file = display or str(path)
    return loads(read_text(path, file), file)


def loads(text: str, file: str, first_line: int = 1) -> Source:
    """Parse YAML text whose first line is line `first_line` of `file` (front matter starts on line 2)."""
    check_characters(text, file, first_line)
    builder = _Builder(first_line)
    try:
        builder.run(text)
    except _Refused as exc:
        raise ValidationError([Problem(file, exc.line, field_name(exc.path), exc.message)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationError([Problem(file, line, "", f"invalid YAML: {problem}")]) from None
    return Source(file, builder.root, builder.lines)


def _short(tag: str | None) -> str:
    return str(tag).replace(_TAG, "!!")


class _Refused(Exception):
    def __init__(self, line: int, path: Path_, message: str):
        super().__init__(message)
        self.line, self.path, self.message = line, path, message


@dataclass
class _Frame:
    """An open mapping or sequence while its events arrive."""

    value: Any
    path: Path_
    anchor: str | None
    start_nodes: int
    key: Any = None
    has_key: bool = False
    keys: dict[Any, int] = field(default_factory=dict)


class _Builder:
    """Turns parser events into data, counting nodes (aliases included) and depth as it goes."""

    def __init__(self, first_line: int):
        self.first_line = first_line
        self.lines: dict[Path_, int] = {}
        self.root: Any = None
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open: set[str] = set()
        self.nodes = 0
        self.documents = 0

    def run(self, text: str) -> None:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            self.event(event)

    def line(self, event: yaml.Event) -> int:
        mark = event.start_mark  # the parser marks every event
        return (mark.line if mark is not None else 0) + self.first_line

    def refuse(self, event: yaml.Event, message: str) -> _Refused:
        """A refusal located at the event, naming the field being read (the key, when a value is awaited)."""
        if not self.stack:
            return _Refused(self.line(event), (), message)
        top = self.stack[-1]
        path = (*top.path, str(top.key)) if top.has_key and isinstance(top.value, dict) else top.path
        return _Refused(self.line(event), path, message)

    def event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.refuse(event, "expected one YAML document, found another '---'")
        elif isinstance(event, yaml.ScalarEvent):
            value = self.scalar(event)
            self.count(event, 1)
            self.place(value, event, is_collection=False)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.end(event)

    def count(self, event: yaml.Event, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes > limits.YAML_MAX_NODES:
            budget = f"{limits.YAML_MAX_NODES:,}"
            raise self.refuse(event, f"more than {budget} values once aliases are expanded (an alias bomb?)")

    def alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor
        if name in self.open:
            raise self.refuse(event, f"alias *{name} refers to a value that contains it")
        if name not in self.anchors:
            raise self.refuse(event, f"alias *{name} has no anchor &{name} before it")
        value, nodes = self.anchors[name]
        self.count(event, nodes)
        self.place(value, event, is_collection=isinstance(value, dict | list))

    def start(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        if event.tag not in _COLLECTION_TAGS:
            raise self.refuse(event, f"the tag {_short(event.tag)} is not allowed")
        if len(self.stack) >= limits.YAML_MAX_DEPTH:
            raise self.refuse(event, f"nested more than {limits.YAML_MAX_DEPTH} levels deep")
        self.count(event, 1)
        value: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        path = self.child_path(event, is_collection=True)
        self.lines[path] = self.line(event)
        self.stack.append(_Frame(value, path, event.anchor, self.nodes))
        if event.anchor:
            self.open.add(event.anchor)

    def end(self, event: yaml.Event) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.open.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, self.nodes - frame.start_nodes + 1)
        self.place(frame.value, event, is_collection=True, placed_path=frame.path)

    def child_path(self, event: yaml.Event, is_collection: bool) -> Path_:
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        if not parent.has_key:
            if is_collection:
                raise self.refuse(event, "a key must be a plain value, not a mapping or a list")
            return (*parent.path, "<key>")
        return (*parent.path, str(parent.key))

    def place(
        self, value: Any, event: yaml.Event, is_collection: bool, placed_path: Path_ | None = None
    ) -> None:
        """Put a finished value where it belongs: the root, a list item, a mapping key or a mapping value."""
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        path = placed_path or self.child_path(event, is_collection)
        if isinstance(parent.value, list):
            self.lines.setdefault(path, self.line(event))
            parent.value.append(value)
        elif not parent.has_key:
            self.take_key(parent, value, event)
        else:
            self.lines.setdefault(path, self.line(event))
            parent.value[parent.key] = value
            parent.has_key = False

    def take_key(self, parent: _Frame, key: Any, event: yaml.Event) -> None:
        if isinstance(key, dict | list):
            raise self.refuse(event, "a key must be a plain value, not a mapping or a list")
        if key in parent.keys:
            first = parent.keys[key]
            raise self.refuse(event, f"duplicate key {key!r} (first at line {first})")
        parent.keys[key] = self.line(event)
        parent.key, parent.has_key = key, True

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _LOADER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == f"{_TAG}merge":
            raise self.refuse(event, "merge keys (<<) are not supported")
        if tag not in _SCALAR_TAGS:
            raise self.refuse(event, f"the tag {_short(tag)} is not allowed")
        if tag == f"{_TAG}timestamp":
            return event.value  # a date stays the text it was written as
        if tag == f"{_TAG}int" and len(event.value.lstrip("+-")) > limits.YAML_INT_DIGITS:
            raise self.refuse(event, f"a number with more than {limits.YAML_INT_DIGITS} digits")
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            value = _LOADER.yaml_constructors[tag](_LOADER, node)
        except (ValueError, yaml.YAMLError) as exc:
            raise self.refuse(event, f"{event.value[:40]!r} is not a valid {tag.rsplit(':', 1)[-1]}") from exc
        if isinstance(value, float) and not math.isfinite(value):
            message = f"{event.value!r} is not a finite number (.nan and .inf are not allowed)"
            raise self.refuse(event, message)
        return value
