"""Problems: one mistake in one file, said in Danish, with where and how to fix it.

Shared by every stage; imports nothing from the project.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

# The four levels of a finding, named in Danish on every line (docs/content-model.md):
ERROR = "fejl"  # the site cannot be built right: exit 1, nothing written
BLOCKS = "blokerer udgivelse"  # must never reach citizens: check and publish exit 1
WARNING = "advarsel"  # stale or unclear facts: printed; blocks publishing only with --strict
ADVICE = "råd"  # plain language: in full from check and the review page; a build counts them
LEVELS = (ERROR, BLOCKS, WARNING, ADVICE)  # most serious first


@dataclass(frozen=True, kw_only=True)
class Problem:
    path: str  # relative to the site folder, with forward slashes
    line: int
    field: str  # "" when the problem is about the whole file
    message: str  # what is wrong, Danish, no trailing full stop needed
    fix: str  # how to fix it, Danish
    level: str = ERROR  # one of LEVELS

    def format(self) -> str:
        """`path:line: field: what is wrong. How to fix it. [level]`

        The level goes last so that the contract's `path:line: field:` stays the start of the line.
        """
        where = f"{self.path}:{self.line}: "
        field = f"{self.field}: " if self.field else ""
        line = f"{where}{field}{_sentence(self.message)} {_sentence(self.fix)}".rstrip() + f" [{self.level}]"
        # One finding, one line, whatever a quoted value holds: a line break in it is shown as ⏎.
        return line.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎") if "\n" in line or "\r" in line else line

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.field, self.message)


def at_level(level: str, problems) -> list[Problem]:
    """The same findings at `level`: the gates, not the rule modules, decide how serious a rule is."""
    return [p if p.level == level else replace(p, level=level) for p in problems]


def count_levels(problems) -> dict[str, int]:
    """How many findings of each level, every level present (0 when none), most serious first."""
    counts = Counter(p.level for p in problems)
    return {level: counts.get(level, 0) for level in LEVELS}


def describe_counts(counts: dict[str, int]) -> str:
    """'0 fejl, 0 blokerer udgivelse, 2 advarsler, 57 råd': Danish, every level named."""
    names = {ERROR: ("fejl", "fejl"), BLOCKS: ("blokerer udgivelse", "blokerer udgivelse"),
             WARNING: ("advarsel", "advarsler"), ADVICE: ("råd", "råd")}
    return ", ".join(f"{counts.get(level, 0)} {names[level][counts.get(level, 0) != 1]}" for level in LEVELS)


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
