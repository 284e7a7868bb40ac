"""Build cache: Markdown conversions and source findings kept on disk between runs of `build`.

Helper of the build command. Imports: markup, gates.
The cache lives in SITE/.cache/sitegen/, outside output/ and the content
folders (.cache/ is git-ignored). It is keyed by content and by code: an entry's
key is a digest of the Markdown body and its heading level, and the whole file
is valid only for the exact markup.py source, Python-Markdown version and
Python version that wrote it; anything else, or a damaged file, is ignored and
the cache starts empty. Templates, data and the rest of the pipeline run on
every build, so they need no key here. Only entries a build used are saved.
A build that changed a few entries writes only those, to a delta beside the
file (NAME.delta; see read_cache and save_cache, which the stage and page caches
use too), and the file is written whole again when the delta grows too big.

The findings of the source gates (gates.source_gates) are kept the same way in
a second file, with a SHA-256 of itself, valid only for the exact sources of
every sitegen module; an entry's key is a digest of the file's path, body,
first body line and people.

`prefill` does the conversions and checks the caches lack in forked worker
processes (Linux), so a cold build uses every core for its two costliest
stages; results are keyed by value, so the output does not depend on which
worker did what.
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sitegen.checks import gates
from sitegen.checks.gates import FindingsMemo
from sitegen.output.write import save_cache_file
from sitegen.render import markup

FORMAT = 1
FOLDER = Path(".cache") / "sitegen"
FILE_NAME = "markdown.marshal"
FINDINGS_NAME = "findings.pickle"


def code_version() -> str:
    """A digest of what decides a conversion: markup.py, Python-Markdown and Python itself."""
    digest = hashlib.sha256()
    digest.update(Path(markup.__file__).read_bytes())
    digest.update(f"\0{markup.MARKDOWN_VERSION}\0{sys.version}\0{FORMAT}".encode())
    return digest.hexdigest()


def engine_version() -> str:
    """A digest of every sitegen module and Python: what decides the findings of the gates."""
    digest = hashlib.sha256(f"{sys.version}\0{FORMAT}".encode())
    package = Path(markup.__file__).parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_findings(site_dir: Path) -> FindingsMemo:
    """The saved findings of the source gates, or an empty memo when there are none, old or damaged."""
    entries, disk = read_cache(_findings_layout(site_dir))
    findings = FindingsMemo(known=entries)
    findings.on_disk = disk  # not a field: FindingsMemo's equality and repr stay as they were
    return findings


def save_findings(site_dir: Path, findings: FindingsMemo) -> None:
    save_cache(_findings_layout(site_dir), _on_disk(findings), findings.used)


def _findings_layout(site_dir: Path) -> Layout:
    return Layout(Path(site_dir) / FOLDER / FINDINGS_NAME, engine_version(), loads=pickle.loads,
                  dumps=_pickle_dumps, checksum=True)


def cache_file(site_dir: Path) -> Path:
    return Path(site_dir) / FOLDER / FILE_NAME


def load_conversions(site_dir: Path) -> markup.Conversions:
    """The saved conversions of this site, or an empty cache when there are none, old or damaged."""
    entries, disk = read_cache(_conversions_layout(site_dir))
    conversions = markup.Conversions(entries)
    conversions.on_disk = disk
    return conversions


def save_conversions(site_dir: Path, conversions: markup.Conversions) -> None:
    """Write what changed in the conversions this build used (see save_cache)."""
    save_cache(_conversions_layout(site_dir), _on_disk(conversions), conversions.used)


def _conversions_layout(site_dir: Path) -> Layout:
    # The file holds marshal's (version, entries) without a checksum of its own, as it always
    # has (tests/integration/test_build_cache.py writes such files); a delta beside it has one.
    return Layout(cache_file(site_dir), code_version(), loads=marshal.loads, dumps=marshal.dumps,
                  valid=lambda key, value: type(key) is bytes and type(value) is str,
                  valid_key=lambda key: type(key) is bytes)


def _on_disk(memo) -> OnDisk:
    disk = getattr(memo, "on_disk", None)
    if not isinstance(disk, OnDisk):  # not read by load_*: whatever lies there is written anew
        disk = OnDisk()
        memo.on_disk = disk
    return disk


def _pickle_dumps(value) -> bytes:
    return pickle.dumps(value, protocol=5)


# --- a base file and a delta beside it: how the build's caches are read and saved ------------------
#
# Each cache is a base file (its entries when it was last written whole) and, beside it,
# NAME.delta: the keys of the base that are gone and the entries that came since. A build
# that changes a few entries writes the delta again, not the base; when the delta would
# hold more than 1/DELTA_SHARE of the entries, the base is written whole and the delta
# removed, so the files never hold much more than the current site. Every entry is keyed
# by all its value depends on and is valid for one version of the code, so an entry is
# right wherever it is read from; a delta is still used only with the base it was written
# for (the same file: device, inode, size and modification time) and only under the same
# version, and it carries a SHA-256 of itself. A missing, damaged or foreign delta is
# ignored (the base alone is used) and replaced or removed at the next save.

DELTA_SUFFIX = ".delta"
DELTA_MAGIC = b"sitegen cache delta\n"
BASE_MAGIC = b"sitegen cache\n"  # heads a base file with a checksum (Layout.checksum)
DELTA_SHARE = 16


@dataclass(frozen=True)
class Layout:
    """How one cache is kept: its base file, the code version it is valid for and its encoding.

    A base holds dumps((version, entries)), after BASE_MAGIC and a SHA-256 of that when
    `checksum`; `valid` and `valid_key` tell whether an entry, or a key, read from a
    file has the right shape (a file with one that has not is not used).
    """

    path: Path
    version: str
    loads: Callable[[bytes], object]
    dumps: Callable[[object], bytes]
    checksum: bool = False
    valid: Callable[[object, object], bool] | None = None
    valid_key: Callable[[object], bool] | None = None
    magic: bytes = BASE_MAGIC

    @property
    def delta_path(self) -> Path:
        return self.path.with_name(self.path.name + DELTA_SUFFIX)


@dataclass(eq=False)
class OnDisk:
    """What a cache's files held when they were read, so that a save writes only what changed."""

    keys: frozenset | None = None  # the keys in the base; None when there was no valid base
    anchor: tuple | None = None  # which file that base was: (device, inode, size, mtime in ns)
    delta: tuple | None = None  # (removed, added) keys of the delta used with it; None: no delta used
    stray: bool = False  # a delta file lies there that was not used (damaged, foreign or without its base)


def read_cache(layout: Layout, read_base: Callable[[BinaryIO], object] | None = None) -> tuple[dict, OnDisk]:
    """The entries of a cache's base and delta, and what the files held; never raises.

    `read_base` reads a base of a format of its own from the open file (its entries,
    or None when not valid); by default the base is the layout's (version, entries).
    """
    disk = OnDisk()
    enabled = gc.isenabled()
    # Unpickling makes hundreds of thousands of small objects; the cyclic collector would
    # walk them again and again while they are made (0.4 s instead of 0.1 s for the parse
    # memo of 10,000 files). Where they go after that is the caller's business (build.py).
    gc.disable()
    try:
        entries, disk.anchor = _read_base(layout, read_base)
        if entries is not None:
            disk.keys = frozenset(entries)
        delta = _read_delta(layout, disk.anchor if entries is not None else None)
        if delta is not None and entries is not None:
            removed, added = delta
            for key in removed:
                entries.pop(key, None)
            entries.update(added)
            disk.delta = (removed, frozenset(added))
        else:
            disk.stray = delta is not None or _exists(layout.delta_path)
    finally:
        if enabled:
            gc.enable()
    return (entries if entries is not None else {}), disk


def save_cache(layout: Layout, disk: OnDisk, entries: dict, write_base: Callable[[dict], bytes] | None = None) -> bool:
    """Write what changed since `disk` was read: the delta, or the base whole; True if a file changed.

    `entries` are all the cache should hold now. Written beside and renamed (a reader never
    sees half a file); a file that cannot be written only makes the next build slower.
    `write_base` gives the bytes of a base of a format of its own.
    """
    if disk.keys is not None and disk.anchor is not None:
        removed = disk.keys.difference(entries)
        added = entries.keys() - disk.keys
        if disk.delta is not None and (removed, added) == disk.delta:
            return False  # the files hold these entries already
        if not removed and not added:
            if disk.delta is None and not disk.stray:
                return False
            _remove(layout.delta_path, disk)  # the base alone is the cache
            return True
        if (len(removed) + len(added)) * DELTA_SHARE <= len(entries):
            payload = layout.dumps((layout.version, disk.anchor, tuple(removed), {key: entries[key] for key in added}))
            if not save_cache_file(layout.delta_path, DELTA_MAGIC + hashlib.sha256(payload).digest() + payload):
                return False
            disk.delta, disk.stray = (frozenset(removed), frozenset(added)), False
            return True
    data = write_base(entries) if write_base is not None else _base_bytes(layout, entries)
    if not save_cache_file(layout.path, data):
        return False
    disk.keys, disk.delta = frozenset(entries), None
    try:
        info = os.stat(layout.path)
        disk.anchor = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    except OSError:  # gone again at once: the next save writes the base whole
        disk.anchor = None
    _remove(layout.delta_path, disk)
    return True


def _read_base(layout: Layout, read_base) -> tuple[dict | None, tuple | None]:
    try:
        stream = open(layout.path, "rb", buffering=1 << 16)
    except OSError:
        return None, None
    with stream:
        try:
            info = os.fstat(stream.fileno())
            anchor = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            return None, None
        try:
            entries = read_base(stream) if read_base is not None else _base_entries(layout, stream.read())
        except Exception:  # noqa: BLE001 - a damaged file can raise almost anything (e.g. a class since renamed)
            return None, anchor
    return (entries if type(entries) is dict else None), anchor


def _base_entries(layout: Layout, data: bytes) -> dict | None:
    if layout.checksum:
        head = len(layout.magic) + 32
        payload = memoryview(data)[head:]
        if data[:len(layout.magic)] != layout.magic or hashlib.sha256(payload).digest() != data[len(layout.magic):head]:
            return None
        data = payload
    value = layout.loads(data)
    if type(value) is not tuple or len(value) != 2 or value[0] != layout.version:
        return None
    return value[1] if type(value[1]) is dict and _all_valid(layout, value[1]) else None


def _base_bytes(layout: Layout, entries: dict) -> bytes:
    payload = layout.dumps((layout.version, dict(entries)))
    if layout.checksum:
        return layout.magic + hashlib.sha256(payload).digest() + payload
    return payload


def _read_delta(layout: Layout, anchor: tuple | None) -> tuple[frozenset, dict] | None:
    """A delta's (removed keys, added entries) if there is one, whole, of this version and for this base."""
    if anchor is None:
        return None
    try:
        raw = layout.delta_path.read_bytes()
        head = len(DELTA_MAGIC) + 32
        payload = memoryview(raw)[head:]
        if raw[:len(DELTA_MAGIC)] != DELTA_MAGIC or hashlib.sha256(payload).digest() != raw[len(DELTA_MAGIC):head]:
            return None
        value = layout.loads(payload)
        if type(value) is not tuple or len(value) != 4:
            return None
        version, written_for, removed, added = value
        if version != layout.version or written_for != anchor or type(added) is not dict:
            return None
        if type(removed) is not tuple or not _all_valid(layout, added):
            return None
        if layout.valid_key is not None and not all(map(layout.valid_key, removed)):
            return None
        return frozenset(removed), added
    except Exception:  # noqa: BLE001 - none there, or e.g. a class since renamed, a key that cannot be hashed
        return None


def _all_valid(layout: Layout, entries: dict) -> bool:
    valid = layout.valid
    return valid is None or all(valid(key, value) for key, value in entries.items())


def _exists(path: Path) -> bool:
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:  # cannot tell: a save tries to remove it
        return True
    return True


def _remove(path: Path, disk: OnDisk) -> None:
    try:
        path.unlink(missing_ok=True)
        disk.delta, disk.stray = None, False
    except OSError:
        disk.delta, disk.stray = None, True


PARALLEL_MINIMUM = 64  # fewer missing files than this are done in the build process itself
_TOP = {"meetings": 3, "initiatives": 3}  # the heading level the templates convert each kind's body at
_work: tuple = ()  # what forked workers read (inherited, never pickled): (sources, records)


def prefill(conversions: markup.Conversions | None, findings: FindingsMemo | None, loaded, records,
            workers: int) -> None:
    """Convert the Markdown and check the source files the caches lack, in `workers` forked processes."""
    global _work
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    people = gates.people_key(records.people)
    jobs = []
    for index, source in enumerate(loaded.files):
        top = _TOP.get(source.kind, 2)
        convert = conversions is not None and markup.conversion_key(source.body, top) not in conversions.known
        check = findings is not None and gates.findings_key(source, people) not in findings.known
        if convert or check:
            jobs.append((index, top, convert, check))
    if len(jobs) < PARALLEL_MINIMUM:
        return
    _work = (loaded.files, records, people)
    try:
        chunk = max(1, len(jobs) // (workers * 8))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for converted, checked in pool.imap_unordered(_do_job, jobs, chunksize=chunk):
                if converted is not None:
                    conversions.known[converted[0]] = converted[1]
                if checked is not None:
                    findings.known[checked[0]] = checked[1]
    finally:
        _work = ()


def _do_job(job: tuple) -> tuple:
    index, top, convert, check = job
    sources, records, people = _work
    source = sources[index]
    converted = (markup.conversion_key(source.body, top), markup.to_html(source.body, top)) if convert else None
    checked = (gates.findings_key(source, people), gates.file_findings(source, records.people)) if check else None
    return converted, checked
