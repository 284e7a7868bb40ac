"""The loader's trees: what a content or data file holds, with the author's text and lines kept.

Every scalar stays the text the author typed (PyYAML's implicit typing would turn `17:00`
into 1020 and `no` into False), with its line, so every later message can point at it.
load.py makes these; validate.py and the editors' tools read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.core.problems import Problem

_NULLS = ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    quoted: bool  # the author used quotes or a block scalar: never null

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.text in _NULLS


@dataclass(frozen=True)
class Seq:
    items: tuple
    line: int


@dataclass(frozen=True)
class Map:
    entries: tuple  # of (key text, key line, value node)
    line: int

    def keys(self) -> list[str]:
        return [k for k, _, _ in self.entries]

    def get(self, key: str):
        for k, _, value in self.entries:
            if k == key:
                return value
        return None

    def line_of(self, key: str) -> int:
        for k, line, _ in self.entries:
            if k == key:
                return line
        return self.line


Node = Scalar | Seq | Map


@dataclass(frozen=True)
class SourceFile:
    """One content file: front matter as a tree, the Markdown body as text."""

    kind: str  # a CONTENT_TYPES entry, or "index" for content/index.md
    path: str  # relative to the site folder, forward slashes
    stem: str  # file name without .md
    meta: Map
    body: str
    body_line: int


@dataclass(frozen=True)
class DataFile:
    name: str  # a DATA_FILES entry
    path: str
    tree: Node | None  # None when the file is empty of values


@dataclass
class Loaded:
    files: list[SourceFile] = field(default_factory=list)
    data: dict[str, DataFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False)
    used: set = field(default_factory=set, repr=False)
    sources: dict = field(default_factory=dict, repr=False)  # path (str) -> bytes already read this build
