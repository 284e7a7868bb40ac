"""Build stamp: when nothing a build reads has changed, the site it wrote is still the right one.

Helper of the build command. Imports: disk, write (and schedule via the caller).
The command first reads every content and data file (`read_sources`) and digests
them with everything else a build reads (`input_key`: the templates, build.py,
the options, and disk.code_version for the code, Python and the libraries); the
build then uses those very bytes. After a successful build it saves a stamp
beside the memos (one per output folder): that digest, the moment it was built
for, until when that moment's site and warnings stay the same, the manifest of
what it wrote, and what it printed.

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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen import PROJECT_ROOT
from sitegen.cache import disk
from sitegen.content.files import MAX_FILE_BYTES, walk

SOURCE_FOLDERS = ("content", "data")


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
    return disk.folder(site_dir) / f"stamp-{_folder_name(out_dir)}.json"


def manifest_file(site_dir: Path, out_dir: Path) -> Path:
    """Where the write stage records what it left in out_dir (write.sync_output)."""
    return disk.folder(site_dir) / f"output-{_folder_name(out_dir)}.json"


def _folder_name(out_dir: Path) -> str:
    return hashlib.sha256(str(Path(out_dir).resolve()).encode()).hexdigest()[:16]


def read_sources(site_dir: Path) -> dict[str, bytes]:
    """The bytes of every file under content/ and data/, by path as str (as load_site names it).

    What the build reads of them, read once: `input_key` digests these bytes and
    pipeline.build_site builds from them. The files are those of the one walk
    (content.files: regular files inside the site, hidden ones too), each read up to
    its size limit. What the walk refuses (a link out of the site, a FIFO) and a file
    that cannot be read are left out for load_site to report; each is noted under a
    key that starts with NUL, which no path does, so that the digest sees it come and go.
    """
    sources: dict[str, bytes] = {}
    for name in SOURCE_FOLDERS:
        listing = walk(site_dir, name)
        for entry in listing.entries:
            if entry.is_file:
                try:
                    with open(entry.path, "rb") as stream:
                        sources[entry.path] = stream.read(MAX_FILE_BYTES + 1)
                except OSError as error:
                    sources[f"\0{entry.rel}"] = str(error.strerror).encode()
        for problem in listing.problems:
            sources[f"\0{problem.path}"] = problem.message.encode()
    return sources


def input_key(site_dir: Path, templates_dir: Path, out_dir: Path, options: tuple,
              sources: Mapping[str, bytes]) -> str:
    """A digest of every input of a build: `sources` (read_sources), templates, build.py, code, options."""
    digest = hashlib.sha256(f"{disk.code_version()}\0{Path(out_dir).resolve()}\0{options!r}".encode())
    root = str(Path(site_dir))
    for path, data in sorted(sources.items()):
        digest.update(f"\0{path.removeprefix(root)}\0{len(data)}\0".encode() + data)
    folder = str(Path(templates_dir))
    for path in _files(Path(templates_dir)):
        with open(path, "rb") as stream:
            data = stream.read()
        digest.update(f"\0templates{path.removeprefix(folder)}\0{len(data)}\0".encode() + data)
    digest.update(b"\0build.py\0" + (PROJECT_ROOT / "build.py").read_bytes())
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    """Every file under `folder` as a path str, in a fixed order (os.walk: pathlib costs 20 ms at 1,000 files)."""
    found = []
    for base, folders, names in os.walk(folder):
        folders[:] = sorted(folders)
        found += [os.path.join(base, name) for name in sorted(names)]
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
