"""Problems: one mistake in one file, said in Danish, with where and how to fix it.

Shared by every stage; imports nothing from the project.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Problem:
    path: str  # relative to the site folder, with forward slashes
    line: int
    field: str  # "" when the problem is about the whole file
    message: str  # what is wrong, Danish, no trailing full stop needed
    fix: str  # how to fix it, Danish

    def format(self) -> str:
        """`path:line: field: what is wrong. How to fix it.`"""
        where = f"{self.path}:{self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{_sentence(self.message)} {_sentence(self.fix)}".rstrip()

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.field, self.message)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class ContentProblems(Exception):
    """Raised when the site's files have problems; nothing may be written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(er)")
        self.problems = sorted(problems, key=Problem.sort_key)

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]
