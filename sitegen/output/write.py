"""Write: the only code that touches the output folder.

Stage 6. Imports: search (to index what it writes), swap. Every build writes in a
private folder beside the output folder and swaps the finished site in whole
(swap.py: one exchange where the system offers it), so a reader, a failed build
or a build killed at any instant finds a whole old or a whole new output/.

`sync_output` is the build command's way in: with a manifest of what the
last build wrote (kept outside output/, see buildcache) and output/ still
exactly as it was left (size and mtime of every file), it makes a copy of
output/ out of hard links, writes there only the files that changed (each
beside its target and renamed over it), re-indexes only the search bundles
whose pages changed, and swaps the copy in; nothing changed, nothing is
touched. Anything else (no manifest, a file changed by hand, an interrupted
update, or a change to more than a few files) writes every file.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.output import search, swap

MARKER = ".sitegen"  # marks a folder as ours, so we never replace anything else
NEXT_CHANGE = ".next-change"  # when the site changes by itself: an ISO moment, or empty for never
MARKER_TEXT = "Bygget af build.py. Mappen bliver erstattet ved hver bygning.\n"


SITE_FOLDERS = ("content", "data", "templates", ".cache")  # no output folder may lie in these


class OutputError(Exception):
    """The output folder cannot be used; the message is Danish."""


def check_output_dir(out_dir: Path, protected: list[Path]) -> None:
    """Refuse an output folder that holds (or is) the site, or is not ours."""
    out = out_dir.resolve()
    for path in protected:
        path = path.resolve()
        # The site's own folders: its sources, its templates, and the cache (which holds draft text).
        if out == path or path.is_relative_to(out) or any(out.is_relative_to(path / name) for name in SITE_FOLDERS):
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
    swap.tidy(out_dir, MARKER)
    work = swap.work_folder(out_dir)
    try:
        staging = work / "new"
        staging.mkdir()
        for name, data in sorted(files.items()):
            target = staging / _safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if finish is not None:
            finish(staging)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        os.chmod(staging, 0o755)
        swap.swap_in(staging, out_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # after a swap: the old site


def write_next_change(folder: Path, moment: str) -> None:
    """Note in a written site folder when it changes by itself (`moment`: ISO text or "")."""
    (Path(folder) / NEXT_CHANGE).write_text(moment + "\n" if moment else "", encoding="utf-8")


def _safe_relative(name: str) -> Path:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(f"intern fejl: stien {name!r} ville lande uden for output-mappen")
    return Path(*path.parts)


INPLACE_LIMIT = 64  # more changed files than this (and 2% of the site), and the whole tree is swapped


@dataclass(frozen=True)
class SyncResult:
    mode: str  # "unchanged", "in place" or "full"
    written: int  # files written or removed
    bundles: int  # search bundles (re)built


def sync_output(files: dict[str, bytes], out_dir: Path, manifest_file: Path, moment: str,
                workers: int = 1) -> SyncResult:
    """Make out_dir hold exactly `files`, the search index and .next-change (`moment`), writing only what changed.

    The manifest (JSON in manifest_file) records each file's digest, size and
    mtime and each bundle's digest. It is removed before an update starts and
    written after it ends, so an interrupted update is never trusted.
    """
    out_dir = Path(out_dir).resolve()
    wanted = dict(files)
    wanted[NEXT_CHANGE] = (moment + "\n").encode() if moment else b""
    wanted[MARKER] = MARKER_TEXT.encode()
    digests = {path: hashlib.sha256(data).hexdigest() for path, data in wanted.items()}
    plan = search.plan_bundles(p for p in files if p.endswith(".html"))
    tool = search.tool_version()
    bundles = {name: _bundle_digest(tool, paths, digests) for name, paths in plan.items()}
    previous = trusted_manifest(manifest_file, out_dir)
    if previous is None:
        return _full(wanted, digests, out_dir, manifest_file, plan, bundles, workers)
    changed = sorted(p for p in wanted if previous["files"].get(p, [None])[0] != digests[p])
    removed = sorted(p for p in previous["files"] if p not in wanted and not search.is_index_path(p))
    stale = sorted(name for name in bundles if previous["bundles"].get(name) != bundles[name])
    gone = sorted(name for name in previous["bundles"] if name not in bundles)
    if not (changed or removed or stale or gone):
        return SyncResult("unchanged", 0, 0)
    if len(changed) + len(removed) > max(INPLACE_LIMIT, len(wanted) // 50) or gone:
        return _full(wanted, digests, out_dir, manifest_file, plan, bundles, workers)
    touched = set(changed)
    swap.tidy(out_dir, MARKER)
    work = swap.work_folder(out_dir)
    try:
        # A copy of output/ made of hard links (no bytes copied), changed there and swapped in whole.
        staging = work / "new"
        _link_tree(out_dir, staging)
        if stale:  # Pagefind first: if it fails, output/ and its manifest are as they were
            # Pages not touched are read from output/, which holds them already (trusted_manifest
            # checked them, and their digest is the new one); only the changed ones are written.
            root = str(out_dir) + os.sep
            pages = {path: wanted[path] if path in touched else root + path for name in stale for path in plan[name]}
            search.build_bundles({name: plan[name] for name in stale}, pages, staging, workers)
        try:
            apply_changes(staging, wanted, changed, removed)
        except OSError:  # e.g. a file where a folder was: the full write and swap sorts it out
            shutil.rmtree(work, ignore_errors=True)
            return _full(wanted, digests, out_dir, manifest_file, plan, bundles, workers)
        manifest_file.unlink(missing_ok=True)
        swap.swap_in(staging, out_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # after a swap: the old site
    # What was not touched keeps the size and mtime trusted_manifest just checked.
    fresh = set(stale)
    same_bundles = {name for name in bundles if name not in fresh}
    in_same = _bundle_prefixes(same_bundles)
    kept = {path: entry for path, entry in previous["files"].items()
            if (path in wanted and path not in touched) or path.startswith(in_same)}
    _save_manifest(manifest_file, out_dir, digests, bundles, kept, same_bundles)
    return SyncResult("in place", len(changed) + len(removed), len(stale))


def _bundle_prefixes(names) -> tuple[str, ...]:
    """For str.startswith: a path is in one of these bundles if it starts with one of them."""
    return tuple(name + "/" for name in names)


def _bundle_digest(tool: str, paths: list[str], digests: dict[str, str]) -> str:
    digest = hashlib.sha256(tool.encode())
    for path in paths:
        digest.update(f"\0{path}\0{digests[path]}".encode())
    return digest.hexdigest()


def _full(wanted: dict[str, bytes], digests: dict[str, str], out_dir: Path, manifest_file: Path, plan, bundles,
          workers: int) -> SyncResult:
    manifest_file.unlink(missing_ok=True)
    body = {p: d for p, d in wanted.items() if p not in (MARKER, NEXT_CHANGE)}

    def finish(folder: Path) -> None:
        root = str(folder) + os.sep
        search.build_bundles(plan, {path: root + path for path in body}, folder, workers)
        (folder / NEXT_CHANGE).write_bytes(wanted[NEXT_CHANGE])

    write_output(body, out_dir, finish=finish)
    _save_manifest(manifest_file, out_dir, digests, bundles)
    return SyncResult("full", len(wanted), len(plan))


def trusted_manifest(manifest_file: Path, out_dir: Path) -> dict | None:
    """The last manifest, if output/ is still exactly what it describes; else None."""
    try:
        manifest = json.loads(Path(manifest_file).read_text(encoding="utf-8"))
        if manifest.get("out") != str(out_dir) or not (out_dir / MARKER).is_file():
            return None
        root, stat = str(out_dir) + os.sep, os.stat  # plain strings: this runs for every file of the site
        for path, (_, size, mtime) in manifest["files"].items():
            info = stat(root + path)
            if info.st_size != size or info.st_mtime_ns != mtime:
                return None
        if not isinstance(manifest["bundles"], dict):
            return None
        return manifest
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save_manifest(manifest_file: Path, out_dir: Path, digests: dict[str, str], bundles: dict[str, str],
                   kept: dict[str, list] | None = None, kept_bundles: set[str] = frozenset()) -> None:
    """Record what out_dir now holds; index files by size and mtime only (their digest is their bundle's).

    `kept`: the recorded entries of files, and of the bundles in `kept_bundles`, not touched since.
    """
    kept = kept or {}
    root = str(out_dir) + os.sep
    entries = {}
    for path, digest in digests.items():
        entry = kept.get(path)
        if entry is None:
            info = os.stat(root + path)
            entry = [digest, info.st_size, info.st_mtime_ns]
        entries[path] = entry
    in_kept = _bundle_prefixes(kept_bundles)
    if in_kept:
        entries.update((path, entry) for path, entry in kept.items() if path.startswith(in_kept))
    for name in bundles:
        if name not in kept_bundles:
            _record_tree(root, name, entries)
    text = json.dumps({"out": str(out_dir), "files": entries, "bundles": bundles}, separators=(",", ":"))
    save_cache_file(manifest_file, text.encode())  # without it the next build writes everything: slower, never wrong


def _record_tree(root: str, folder: str, entries: dict[str, list]) -> None:
    """Add [None, size, mtime] for every file under root + folder, keyed by its site path."""
    with os.scandir(root + folder) as listing:
        for entry in listing:
            path = folder + "/" + entry.name
            if entry.is_dir():
                _record_tree(root, path, entries)
            elif entry.is_file():
                info = entry.stat()
                entries[path] = [None, info.st_size, info.st_mtime_ns]


def replace_file(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write beside target and rename over it: a reader sees the old bytes or the new, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".new-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_cache_file(path: Path, data: bytes) -> bool:
    """replace_file for the build's caches: one that cannot be written only costs time."""
    try:
        replace_file(Path(path), data)
        return True
    except OSError:
        return False


def apply_changes(out_dir: Path, files: dict[str, bytes], changed, removed) -> None:
    """Write the `changed` paths of `files` into out_dir, each beside its target and renamed over it,
    and remove the `removed` ones with the folders they leave empty: a reader never sees half a file.

    The one file writer of a folder that is updated in place: the build's small updates
    (sync_output) and every save in the preview.
    """
    for path in changed:
        replace_file(out_dir / _safe_relative(path), files[path], 0o644)
    for path in removed:
        _remove_file(out_dir, path)


def _remove_file(out_dir: Path, path: str) -> None:
    target = out_dir / _safe_relative(path)
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _link_tree(source: Path, target: Path) -> None:
    """target as a copy of source made of hard links; copies (with their times) where links are refused."""
    prefix = len(str(source)) + 1
    link = os.link
    for base, _, names in os.walk(source):
        folder = os.path.join(target, base[prefix:]) if len(base) >= prefix else str(target)
        os.makedirs(folder, exist_ok=True)
        for name in names:
            try:
                link(os.path.join(base, name), os.path.join(folder, name))
            except OSError:  # a file system without hard links: copy this and every later file
                link = shutil.copy2
                link(os.path.join(base, name), os.path.join(folder, name))
