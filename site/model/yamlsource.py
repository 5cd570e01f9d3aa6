"""Safe YAML loading that remembers the line of every field.

Validation messages must say `file:line: field: problem`, so the document is composed into nodes
(which carry marks) and turned into plain data alongside a map from field path to line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from centricity.core.errors import Problem, ValidationError

Path_ = tuple[str | int, ...]


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


def load(path: Path | str, display: str | None = None) -> Source:
    """Load one YAML file; a syntax error becomes a ValidationError naming file and line."""
    file = display or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(file, None, "", f"cannot read: {exc}")]) from exc
    return loads(text, file)


def loads(text: str, file: str) -> Source:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationError([Problem(file, line, "", f"invalid YAML: {problem}")]) from exc
    lines: dict[Path_, int] = {}
    if node is None:
        return Source(file, None, lines)
    try:
        data = _build(node, (), lines)
    except ValueError as exc:
        raise ValidationError([Problem(file, None, "", f"invalid YAML: {exc}")]) from exc
    return Source(file, data, lines)


_constructor = yaml.SafeLoader("")


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ValueError(f"line {key_node.start_mark.line + 1}: merge keys are not supported")
            key = _build(key_node, (*path, "<key>"), {})
            out[key] = _build(value_node, (*path, str(key)), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node)
