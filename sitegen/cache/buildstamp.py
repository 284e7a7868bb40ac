"""Build stamp: when nothing a build reads has changed, the site it wrote is still the right one.

Helper of the build command. Imports: buildcache, write (and schedule via the caller).
After a successful build the command saves a stamp beside the build cache
(SITE/.cache/sitegen/, one per output folder): a digest of everything the
build reads (every file under content/, data/ and the templates, the engine's
code, the versions of Python and the libraries, the options), the moment it was
built for, until when that moment's site and warnings stay the same, the
manifest of what it wrote, and what it printed.

The next build with the same digest, a `now` in that window and an output
folder still exactly as the manifest describes (size and mtime of every file)
prints the same findings and stops: there is nothing to write. The window ends
at the site's next change by itself (schedule.next_change: a meeting starts, a
deadline passes, a publish moment comes), at the next midnight (warnings count
days) and when a meeting without an agenda comes within a week of starting.
The one thing that then differs from a new build is DTSTAMP in the calendars,
which (with METHOD:PUBLISH, RFC 5545 3.8.7.2) is when the calendar object was
made, and it was made by the stamped build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sitegen import PROJECT_ROOT

FORMAT = 1
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "pagefind", "icalendar")


@dataclass(frozen=True)
class Stamp:
    key: str
    built_for: str  # ISO moment
    valid_until: str | None  # ISO moment; None: never changes by itself
    manifest: str  # SHA-256 of the manifest file it wrote
    said: list[str]  # the lines it printed before its summary
    counts: dict[str, int]  # findings of each level (problems.LEVELS), for the summary line
    pages: int
    next_change: str | None  # ISO moment, as schedule.next_change found it


def templates_dir(site_dir: Path) -> Path:
    """A site may bring its own templates/; otherwise the project's are used."""
    own = Path(site_dir) / "templates"
    return own if own.is_dir() else PROJECT_ROOT / "templates"


def stamp_file(site_dir: Path, out_dir: Path) -> Path:
    return Path(site_dir) / ".cache" / "sitegen" / f"stamp-{_folder_name(out_dir)}.json"


def manifest_file(site_dir: Path, out_dir: Path) -> Path:
    """Where the write stage records what it left in out_dir (write.sync_output)."""
    return Path(site_dir) / ".cache" / "sitegen" / f"output-{_folder_name(out_dir)}.json"


def _folder_name(out_dir: Path) -> str:
    return hashlib.sha256(str(Path(out_dir).resolve()).encode()).hexdigest()[:16]


def input_key(site_dir: Path, templates_dir: Path, out_dir: Path, options: tuple,
              sources: dict[str, bytes] | None = None) -> str:
    """A digest of every input of a build: sources, templates, code, library versions, options.

    `sources`, when given, receives the bytes of content/ and data/ files (path as str ->
    bytes), so the build reads each file once and builds exactly what was digested.
    """
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{Path(out_dir).resolve()}\0{options!r}".encode())
    for library in LIBRARIES:
        try:
            digest.update(f"\0{library}={version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"\0{library}=-".encode())
    folders = [("content", Path(site_dir) / "content"), ("data", Path(site_dir) / "data"),
               ("templates", Path(templates_dir)), ("engine", PROJECT_ROOT / "sitegen")]
    for label, folder in folders:
        keep = sources is not None and label in ("content", "data")
        for path in _files(folder):
            digest.update(f"\0{label}/{path.relative_to(folder).as_posix()}\0".encode())
            data = path.read_bytes()
            digest.update(data)
            if keep:
                sources[str(path)] = data
    digest.update(b"\0build.py\0" + (PROJECT_ROOT / "build.py").read_bytes())
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    found = []
    for base, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        found += [Path(base) / name for name in sorted(names)]
    return found


def valid_until(site, changes_by_itself: dt.datetime | None) -> dt.datetime:
    """The end of the window in which a build for site.now would write and say exactly the same."""
    from sitegen.checks import freshness

    now = site.now
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0), tzinfo=now.tzinfo)
    ends = [midnight] + ([changes_by_itself] if changes_by_itself is not None else [])
    for entry in site.upcoming_meetings:  # freshness: no agenda a week before is a warning
        warned_from = entry.starts - dt.timedelta(days=freshness.AGENDA_BEFORE_DAYS)
        if warned_from > now:
            ends.append(warned_from)
    return min(ends, key=lambda moment: moment.astimezone(dt.UTC))


def load_stamp(path: Path) -> Stamp | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Stamp(**data)
    except (OSError, ValueError, TypeError):
        return None


def save_stamp(path: Path, stamp: Stamp) -> None:
    """Without a stamp the next build does the work: slower, never wrong."""
    from sitegen.output.write import save_cache_file

    save_cache_file(path, json.dumps(stamp.__dict__, ensure_ascii=False).encode())


def still_valid(stamp: Stamp | None, key: str, now: dt.datetime, manifest_file: Path, out_dir: Path) -> bool:
    """True when the stamped build's output is what a build for `now` would write."""
    from sitegen.output.write import trusted_manifest

    if stamp is None or stamp.key != key:
        return False
    try:
        built_for = dt.datetime.fromisoformat(stamp.built_for)
        until = dt.datetime.fromisoformat(stamp.valid_until) if stamp.valid_until else None
        manifest = hashlib.sha256(Path(manifest_file).read_bytes()).hexdigest()
    except (OSError, ValueError, TypeError):
        return False
    if now < built_for or (until is not None and now >= until) or manifest != stamp.manifest:
        return False
    return trusted_manifest(manifest_file, Path(out_dir).resolve()) is not None


def manifest_digest(manifest_file: Path) -> str:
    try:
        return hashlib.sha256(Path(manifest_file).read_bytes()).hexdigest()
    except OSError:
        return ""
