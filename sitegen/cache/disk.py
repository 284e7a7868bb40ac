"""Disk: the one folder, format and version key of every memo the build command keeps.

Helper of the cache modules. Imports: write (its atomic file write). Every memo
lives in SITE/.cache/sitegen/ (git-ignored, outside output/ and the content
folders) as a base file and, beside it, NAME.delta; both are MAGIC, a SHA-256 of
the rest, and a pickle (protocol 5) of the memo's entries under `code_version()`.
That one key digests everything besides an entry's own key that could change
what an entry holds: FORMAT, Python, the source of every sitegen module, the
installed libraries and the Danish time zone's rules. A file that is missing,
damaged, of another key or of the wrong shape is read as an empty memo; it is
never an exception and never a wrong entry. The build stamp (buildstamp) digests
the same key, so it stays cheap: no library is imported to compute it.

A base holds its entries when it was last written whole; the delta beside it the
keys that are gone and the entries that came since. A build that changes a few
entries writes the delta again, not the base; when the delta would hold more than
1/DELTA_SHARE of the entries, the base is written whole and the delta removed, so
the files never hold much more than the current site. A delta is used only with
the base it was written for (the same file: device, inode, size and modification
time); a damaged or foreign one is ignored (the base alone is used) and replaced
or removed at the next save.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import io
import os
import pickle
import sys
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen import COPENHAGEN

FORMAT = 2
MAGIC = b"sitegen cache %d\n" % FORMAT  # heads every memo file, base and delta
FOLDER = Path(".cache") / "sitegen"
DELTA_SUFFIX = ".delta"
DELTA_SHARE = 16
PACKAGE = Path(__file__).resolve().parent.parent  # sitegen/: its every module is in the key
# The libraries that make or shape what the memos hold, by distribution name -> module name.
LIBRARIES = {"jinja2": "jinja2", "markupsafe": "markupsafe", "markdown": "markdown", "pyyaml": "yaml",
             "pagefind": "pagefind", "icalendar": "icalendar"}
ZONE = COPENHAGEN.key  # the only zone records and assemble use: its rules decide every offset


def folder(site_dir: Path) -> Path:
    return Path(site_dir) / FOLDER


@functools.cache
def code_version() -> str:
    """The one version key of every memo file and of the build stamp; computed once per process.

    A digest of FORMAT, Python, every sitegen/**/*.py (its path and bytes), each library's
    version and installed files (its RECORD, which also tells PyYAML's libyaml binding apart)
    and the zone data.
    """
    digest = hashlib.sha256(f"sitegen cache\0{FORMAT}\0{sys.version}\0".encode())
    for rel, data in _sources(PACKAGE):
        digest.update(f"{rel}\0{len(data)}\0".encode() + data)
    for distribution, module in LIBRARIES.items():
        digest.update(f"\0{distribution}={_distribution_version(distribution, module)}".encode())
    digest.update(b"\0zone\0" + _zone_data(ZONE))
    return digest.hexdigest()


def _sources(package: Path) -> list[tuple[str, bytes]]:
    """(path from the package's parent, bytes) of every .py file under `package`, in a fixed order."""
    found = []
    for base, folders, names in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(base, name)
                with open(path, "rb") as stream:
                    found.append((os.path.relpath(path, package.parent).replace(os.sep, "/"), stream.read()))
    return found


def _distribution_version(distribution: str, module: str) -> str:
    found = _dist_info(distribution)
    if found is not None:  # the common case, read directly: importlib.metadata costs 17 ms to import
        try:
            with open(os.path.join(found, "RECORD"), "rb") as stream:
                record = stream.read()
            version = os.path.basename(found)[:-len(".dist-info")].split("-", 1)[1]
            return f"{version} {hashlib.sha256(record).hexdigest()}"
        except (OSError, IndexError):
            pass
    import importlib.metadata

    try:
        installed = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:  # not installed as a distribution: digest its source
        try:
            found = importlib.import_module(module)
        except ImportError:
            return "-"
        source = getattr(found, "__file__", None)
        return "source " + (hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else "?")
    record = installed.read_text("RECORD") or ""
    return f"{installed.version} {hashlib.sha256(record.encode()).hexdigest()}"


@functools.cache
def _dist_infos() -> dict[str, str]:
    """Normalised distribution name -> its NAME-VERSION.dist-info folder, first on sys.path first."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                found.setdefault(_normalised(name.split("-", 1)[0]), os.path.join(entry or ".", name))
    return found


def _dist_info(distribution: str) -> str | None:
    return _dist_infos().get(_normalised(distribution))


def _normalised(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _save_file(path: Path, data: bytes) -> bool:
    # Imported here: the "nothing changed" check reads the key but saves nothing (write imports Pagefind's module).
    from sitegen.output.write import save_cache_file

    return save_cache_file(path, data)


def _zone_data(key: str) -> bytes:
    """The zone's file, found where zoneinfo looks: TZPATH first, then the tzdata package."""
    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            return path.read_bytes()
    try:
        import importlib.resources  # only without the system's zone files

        return importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except Exception:  # noqa: BLE001 - no zone data at all: zoneinfo itself would fail first
        return b"no zone data"


@dataclass(frozen=True)
class Layout:
    """One memo's files and its reading rules.

    `valid` and `valid_key` tell whether an entry, or a key, read from a file has the right
    shape (a file with one that has not is not used); `plain_data` reads with an unpickler
    that refuses every class and function, so the file can hold only plain data and never
    runs code.
    """

    path: Path
    valid: Callable[[object, object], bool] | None = None
    valid_key: Callable[[object], bool] | None = None
    plain_data: bool = False

    @property
    def delta_path(self) -> Path:
        return self.path.with_name(self.path.name + DELTA_SUFFIX)


@dataclass(eq=False)
class OnDisk:
    """What a memo's files held when they were read, so that a save writes only what changed."""

    keys: frozenset | None = None  # the keys in the base; None when there was no valid base
    anchor: tuple | None = None  # which file that base was: (device, inode, size, mtime in ns)
    delta: tuple | None = None  # (removed, added) keys of the delta used with it; None: no delta used
    stray: bool = False  # a delta file lies there that was not used (damaged, foreign or without its base)


def sealed(value) -> bytes:
    """A memo file's bytes: MAGIC, the SHA-256 of the pickle, the pickle."""
    payload = pickle.dumps(value, protocol=5)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def unsealed(data: bytes, plain_data: bool = False):
    """What `sealed` wrote, or None when the bytes are not such a file or their pickle does not load."""
    head = len(MAGIC) + 32
    view = memoryview(data)
    if data[:len(MAGIC)] != MAGIC or hashlib.sha256(view[head:]).digest() != data[len(MAGIC):head]:
        return None
    try:
        if not plain_data:
            return pickle.loads(view[head:])
        stream = io.BytesIO(data)  # shares the bytes: the pages are copied once, when unpickled
        stream.seek(head)
        return _PlainUnpickler(stream).load()
    except Exception:  # noqa: BLE001 - e.g. a class since renamed, or one the plain reader refuses
        return None


class _PlainUnpickler(pickle.Unpickler):
    """Tuples, dicts, str and bytes only: any class or function in the file makes it invalid."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"not allowed in a memo of plain data: {module}.{name}")


def read_cache(layout: Layout) -> tuple[dict, OnDisk]:
    """The entries of a memo's base and delta, and what the files held; never raises."""
    disk = OnDisk()
    enabled = gc.isenabled()
    # Unpickling makes hundreds of thousands of small objects; the cyclic collector would
    # walk them again and again while they are made (0.4 s instead of 0.1 s for the parse
    # memo of 10,000 files). Where they go after that is the caller's business (Store.on_disk).
    gc.disable()
    try:
        entries, disk.anchor = _read_base(layout)
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


def save_cache(layout: Layout, disk: OnDisk, entries: dict) -> bool:
    """Write what changed since `disk` was read: the delta, or the base whole; True if a file changed.

    `entries` are all the memo should hold now. Written beside and renamed (a reader never
    sees half a file); a file that cannot be written only makes the next build slower.
    """
    if disk.keys is not None and disk.anchor is not None:
        removed = disk.keys.difference(entries)
        added = entries.keys() - disk.keys
        if disk.delta is not None and (removed, added) == disk.delta:
            return False  # the files hold these entries already
        if not removed and not added:
            if disk.delta is None and not disk.stray:
                return False
            _remove(layout.delta_path, disk)  # the base alone is the memo
            return True
        if (len(removed) + len(added)) * DELTA_SHARE <= len(entries):
            value = (code_version(), disk.anchor, tuple(removed), {key: entries[key] for key in added})
            if not _save_file(layout.delta_path, sealed(value)):
                return False
            disk.delta, disk.stray = (frozenset(removed), frozenset(added)), False
            return True
    if not _save_file(layout.path, sealed((code_version(), dict(entries)))):
        return False
    disk.keys, disk.delta = frozenset(entries), None
    try:
        info = os.stat(layout.path)
        disk.anchor = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    except OSError:  # gone again at once: the next save writes the base whole
        disk.anchor = None
    _remove(layout.delta_path, disk)
    return True


def _read_base(layout: Layout) -> tuple[dict | None, tuple | None]:
    try:
        with open(layout.path, "rb") as stream:
            info = os.fstat(stream.fileno())
            data = stream.read()
    except OSError:
        return None, None
    anchor = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    try:
        value = unsealed(data, layout.plain_data)
        if type(value) is not tuple or len(value) != 2 or value[0] != code_version():
            return None, anchor
        entries = value[1]
        return (entries if type(entries) is dict and _all_valid(layout, entries) else None), anchor
    except Exception:  # noqa: BLE001 - whatever a damaged file holds, it is not a memo
        return None, anchor


def _read_delta(layout: Layout, anchor: tuple | None) -> tuple[frozenset, dict] | None:
    """A delta's (removed keys, added entries) if there is one, whole, of this key and for this base."""
    if anchor is None:
        return None
    try:
        value = unsealed(layout.delta_path.read_bytes(), layout.plain_data)
        if type(value) is not tuple or len(value) != 4:
            return None
        version, written_for, removed, added = value
        if version != code_version() or written_for != anchor or type(added) is not dict:
            return None
        if type(removed) is not tuple or not _all_valid(layout, added):
            return None
        if layout.valid_key is not None and not all(map(layout.valid_key, removed)):
            return None
        return frozenset(removed), added
    except Exception:  # noqa: BLE001 - none there, or e.g. a key that cannot be hashed
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
