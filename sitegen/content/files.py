"""The one walk over content/ and data/: which files a build may read, and why the others are fejl.

Load, the CPR scan and the build stamp all take their files from `walk`, so they agree on
what the site is. One rule for links: a file or folder that is a symbolic link is followed
while it stays inside the site folder; one that leads out of it, leads nowhere or leads in
a ring is a fejl naming it (a link out would publish whatever it points at). Only regular
files are read: a FIFO would hang the build, a device such as /dev/zero would fill the
memory. A folder that cannot be read, a name that is not UTF-8 and a name too long to
become an address are fejl too, never a silent gap in the site.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.problems import Problem

MAX_NAME_BYTES = 200  # a file's name becomes a folder and an .ics name; file systems allow 255 bytes
MAX_FILE_BYTES = 1_000_000  # a content or data file; the largest real one is a few kB


@dataclass(frozen=True)
class Entry:
    rel: str  # from the site folder, forward slashes: "content/updates/x.md"
    path: str  # where to read it (through links that stay inside the site)
    is_file: bool  # a regular file; False for a folder


@dataclass(frozen=True)
class Walk:
    entries: list[Entry]  # in sorted order of their parts, folders included
    problems: list[Problem]  # fejl: links out of the site, special files, unreadable folders, bad names


def walk(site_dir: Path, folder: str, ignored=lambda name: False) -> Walk:
    """Everything under site_dir/folder that a build may use, and a fejl for everything it may not.

    Names for which `ignored(name)` is true (editors' backups and lock files, hidden files) are
    neither listed nor judged, nor is anything inside an ignored folder.
    """
    root = os.path.realpath(site_dir)
    top = os.path.join(site_dir, folder)
    walker = _Walker(root, ignored)
    if os.path.isdir(top):
        walker.folder(top, folder, {os.path.realpath(top)})
    walker.entries.sort(key=lambda entry: entry.rel.split("/"))
    return Walk(walker.entries, walker.problems)


class _Walker:
    def __init__(self, root: str, ignored):
        self.root, self.ignored = root, ignored
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []

    def fejl(self, rel: str, message: str, fix: str) -> None:
        self.problems.append(Problem(path=rel, line=1, field="", message=message, fix=fix))

    def folder(self, path: str, rel: str, seen: set[str]) -> None:
        try:
            with os.scandir(path) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as error:
            self.fejl(rel, f"mappen kan ikke læses ({error.strerror})",
                      "giv adgang til mappen, eller flyt den ud af sitet, hvis den ikke skal med")
            return
        for name in names:
            shown = _shown(name)
            if self.ignored(shown):
                continue
            self.one(os.path.join(path, name), f"{rel}/{shown}", name, seen)

    def one(self, path: str, rel: str, name: str, seen: set[str]) -> None:
        if shown_differs(name):
            self.fejl(rel, "filnavnet er ikke gemt som UTF-8 (det har tegn, der ikke kan læses)",
                      "giv filen et nyt navn med almindelige bogstaver, tal og bindestreger")
            return
        if len(os.fsencode(name)) > MAX_NAME_BYTES:
            self.fejl(rel, f"navnet er for langt ({len(os.fsencode(name))} byte; højst {MAX_NAME_BYTES})",
                      "giv filen et kortere navn: det bliver en del af sidens adresse")
            return
        if os.path.islink(path) and not self.inside(path, rel):
            return
        try:
            info = os.stat(path)
        except OSError as error:
            self.fejl(rel, f"filen kan ikke læses ({error.strerror})",
                      "tjek at filen findes, og at du har adgang til den")
            return
        if stat.S_ISDIR(info.st_mode):
            real = os.path.realpath(path)
            if real in seen:
                self.fejl(rel, "linket fører i ring tilbage til en mappe over det",
                          "slet linket, eller lad det pege på en anden mappe")
                return
            self.entries.append(Entry(rel, path, False))
            self.folder(path, rel, seen | {real})
        elif stat.S_ISREG(info.st_mode):
            self.entries.append(Entry(rel, path, True))
        else:
            self.fejl(rel, "er ikke en almindelig fil (men fx en FIFO, en enhed eller en socket)",
                      "slet den, eller læg en almindelig fil med teksten i stedet")

    def inside(self, path: str, rel: str) -> bool:
        """A link: True when it leads to something inside the site; else a fejl, and False."""
        try:
            target = os.path.realpath(path, strict=True)
        except OSError as error:
            if error.errno == errno.ELOOP:
                self.fejl(rel, "linket fører i ring (det peger i sidste ende på sig selv)",
                          "slet linket, eller lad det pege på en fil i sitet")
            else:
                self.fejl(rel, f"linket peger på noget, der ikke findes ({os.readlink(path)})",
                          "slet linket, eller lad det pege på en fil i sitet")
            return False
        if target != self.root and not target.startswith(self.root + os.sep):
            self.fejl(rel, f"linket peger uden for sitets mappe (på {target})",
                      "kopiér filen ind i sitet i stedet for at linke til den, eller slet linket: "
                      "alt, hvad linket peger på, ville blive offentligt")
            return False
        return True


def _shown(name: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 shown as the replacement character."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def shown_differs(name: str) -> bool:
    """True for a name that is not valid UTF-8 (os gives its bad bytes as surrogates)."""
    return _shown(name) != name
