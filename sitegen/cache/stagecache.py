"""Stage caches: load's parse memo and the link checker's page memo, kept on disk between runs of `build`.

Helper of the build command, beside buildcache (whose folder, engine version and
atomic write it shares). Imports: buildcache, load. Two files in SITE/.cache/sitegen/:

- load.pickle: load_site's memo, a key of everything a content or data file's
  parse depends on (path, kind or data name, SHA-256 of its bytes) -> what the
  parse gave (the tree, or the problems with their lines). Every file is still
  read on every build; only unchanged files skip YAML.
- links.pickle: check_links' memo, SHA-256 of a page's bytes -> what the
  scanner read from it (Page.parts()). The verdicts are not kept: they depend
  on every other page and are worked out on every build.

A file is valid only for the exact code that wrote it: every sitegen module and
Python (buildcache.engine_version) and, for load.pickle, PyYAML, libyaml and the
loader in use. Its payload carries a SHA-256 of itself, so a damaged, truncated
or other-version file gives an empty memo, never an exception or a wrong entry.
Each file has a delta beside it (load.pickle.delta, links.pickle.delta: see
buildcache.read_cache) holding what came and went since the file was written
whole, so a build that changed a few files writes a few entries, not the memo;
a damaged or foreign delta is ignored and the file alone is used. Files are
written beside and renamed (never half a file), and only when the set of entries
changed; load_site and check_links drop entries this build did not use, so the
files hold the current site and at most 1/buildcache.DELTA_SHARE more.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from sitegen.cache import buildcache
from sitegen.content import load

FORMAT = 1
MAGIC = b"sitegen stage memo\n"
LOAD_NAME = "load.pickle"
LINKS_NAME = "links.pickle"


class Memo(dict):
    """A memo as read from disk; `on_disk` says what its files held, so a save writes only what changed."""

    on_disk: buildcache.OnDisk | None = None


def load_version() -> str:
    return f"load {FORMAT}\0{buildcache.engine_version()}\0{load.parser_version()}"


def links_version() -> str:
    return f"links {FORMAT}\0{buildcache.engine_version()}"


def load_file(site_dir: Path) -> Path:
    return Path(site_dir) / buildcache.FOLDER / LOAD_NAME


def links_file(site_dir: Path) -> Path:
    return Path(site_dir) / buildcache.FOLDER / LINKS_NAME


def load_load_memo(site_dir: Path) -> Memo:
    """load_site's saved memo for this site, or an empty one when there is none, or it is old or damaged."""
    return _read(load_file(site_dir), load_version())


def save_load_memo(site_dir: Path, memo: dict) -> None:
    """Write load_site's memo after a build (also one that stopped on content problems)."""
    _save(load_file(site_dir), load_version(), memo)


def load_links_memo(site_dir: Path) -> Memo:
    """check_links' saved page memo for this site, or an empty one when there is none, or it is old or damaged."""
    return _read(links_file(site_dir), links_version())


def save_links_memo(site_dir: Path, memo: dict) -> None:
    _save(links_file(site_dir), links_version(), memo)


def _layout(path: Path, version: str) -> buildcache.Layout:
    return buildcache.Layout(path, version, loads=pickle.loads, dumps=_dumps, checksum=True, magic=MAGIC)


def _dumps(value) -> bytes:
    return pickle.dumps(value, protocol=5)


def _read(path: Path, version: str) -> Memo:
    entries, disk = buildcache.read_cache(_layout(path, version))
    memo = Memo(entries)
    memo.on_disk = disk
    return memo


def _save(path: Path, version: str, memo: dict) -> None:
    disk = memo.on_disk if isinstance(memo, Memo) and memo.on_disk is not None else buildcache.OnDisk()
    buildcache.save_cache(_layout(path, version), disk, memo)  # the values of a key never differ for one version
    if isinstance(memo, Memo):
        memo.on_disk = disk
