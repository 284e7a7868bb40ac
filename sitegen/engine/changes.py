"""What a build would change in a folder: pages added, changed and removed, as site paths.

Used by publish (a dry run, the release's summary) and the preview's review page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.urls import page_url
from sitegen.output.write import MARKER, NEXT_CHANGE

_NOT_COMPARED = (MARKER, NEXT_CHANGE, "pagefind/")  # made after render, not part of what render decides


@dataclass
class Changes:
    """What a build would change in a published folder, as site paths."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def compare_with_folder(files: dict[str, bytes], folder: Path) -> Changes:
    """Pages added, changed and removed between `files` and what `folder` holds."""
    existing: dict[str, Path] = {}
    if folder.is_dir():
        for path in folder.rglob("*"):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and not name.startswith(_NOT_COMPARED):
                existing[name] = path
    changes = Changes()
    for name, data in files.items():
        if name not in existing:
            changes.added.append(page_url(name))
        elif existing[name].read_bytes() != data:
            changes.changed.append(page_url(name))
    changes.removed = [page_url(name) for name in existing if name not in files]
    for kind in (changes.added, changes.changed, changes.removed):
        kind.sort()
    return changes
