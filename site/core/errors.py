"""The project's own error types: every problem a user can cause names where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, located so an editor can jump to it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CentricityError(Exception):
    """An error the user can fix; the CLI prints it and exits 1 instead of a traceback."""


class ValidationError(CentricityError):
    """All the problems found in the inputs at once, so one run shows everything to fix."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class AnswerError(CentricityError):
    """Answers, a result link or a response file that do not fit the questionnaire.

    `key` names the refusal in the strings files (`refusal.<key>`), so a page shows it in its own language
    and the browser's engine.js refuses the same input with the same key; the message is the English text.
    """

    def __init__(self, message: str, key: str = "", params: dict[str, object] | None = None):
        super().__init__(message)
        self.key = key
        self.params = dict(params or {})
