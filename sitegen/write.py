"""Write: the only code that touches the output folder.

Stage 6. Imports: nothing from the project. The new site is written to a
sibling temporary folder and swapped in, so a reader (or a failed build)
never sees a half-written output/.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable

MARKER = ".sitegen"  # marks a folder as ours, so we never replace anything else
NEXT_CHANGE = ".next-change"  # when the site changes by itself: an ISO moment, or empty for never


class OutputError(Exception):
    """The output folder cannot be used; the message is Danish."""


def check_output_dir(out_dir: Path, protected: list[Path]) -> None:
    """Refuse an output folder that holds (or is) the site, or is not ours."""
    out = out_dir.resolve()
    for path in protected:
        path = path.resolve()
        if out == path or path.is_relative_to(out) or out.is_relative_to(path / "content") or out.is_relative_to(path / "data"):
            raise OutputError(f"{out_dir} må ikke bruges som output-mappe, fordi den indeholder eller ligger i sitets filer")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise OutputError(f"{out_dir} findes og er ikke en output-mappe fra dette værktøj; vælg en tom eller ny mappe med --out")


def write_output(files: dict[str, bytes], out_dir: Path, finish: Callable[[Path], None] | None = None) -> None:
    """Write every file to a temporary sibling folder, run `finish` on it, then swap it in.

    `finish` adds what is made from the written files (the search index); if it
    raises, the staging folder is removed and out_dir is left as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for name, data in sorted(files.items()):
            target = staging / _safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if finish is not None:
            finish(staging)
        (staging / MARKER).write_text("Bygget af build.py. Mappen bliver erstattet ved hver bygning.\n", encoding="utf-8")
        os.chmod(staging, 0o755)
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_next_change(folder: Path, moment: str) -> None:
    """Note in a written site folder when it changes by itself (`moment`: ISO text or "")."""
    (Path(folder) / NEXT_CHANGE).write_text(moment + "\n" if moment else "", encoding="utf-8")


def _safe_relative(name: str) -> Path:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(f"intern fejl: stien {name!r} ville lande uden for output-mappen")
    return Path(*path.parts)


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
