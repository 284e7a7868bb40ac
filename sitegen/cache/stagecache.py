"""Stage caches: load's parse memo and the link checker's page memo, kept on disk between runs of `build`.

Helper of the build command. Imports: disk. Two memo files in disk's folder and
format, under its one version key:

- load.pickle: load_site's memo, a key of everything a content or data file's
  parse depends on (path, kind or data name, SHA-256 of its bytes) -> what the
  parse gave (the tree, or the problems with their lines). Every file is still
  read on every build; only unchanged files skip YAML.
- links.pickle: check_links' memo, SHA-256 of a page's bytes -> what the
  scanner read from it (Page.parts()). The verdicts are not kept: they depend
  on every other page and are worked out on every build.

load_site and check_links drop entries this build did not use, so the files
hold the current site and at most 1/disk.DELTA_SHARE more.
"""
from __future__ import annotations

from pathlib import Path

from sitegen.cache import disk

LOAD_NAME = "load.pickle"
LINKS_NAME = "links.pickle"


class Memo(dict):
    """A memo as read from disk; `on_disk` says what its files held, so a save writes only what changed."""

    on_disk: disk.OnDisk | None = None


def load_file(site_dir: Path) -> Path:
    return disk.folder(site_dir) / LOAD_NAME


def links_file(site_dir: Path) -> Path:
    return disk.folder(site_dir) / LINKS_NAME


def load_load_memo(site_dir: Path) -> Memo:
    """load_site's saved memo for this site, or an empty one when there is none, or it is old or damaged."""
    return _read(load_file(site_dir))


def save_load_memo(site_dir: Path, memo: dict) -> None:
    """Write load_site's memo after a build (also one that stopped on content problems)."""
    _save(load_file(site_dir), memo)


def load_links_memo(site_dir: Path) -> Memo:
    """check_links' saved page memo for this site, or an empty one when there is none, or it is old or damaged."""
    return _read(links_file(site_dir))


def save_links_memo(site_dir: Path, memo: dict) -> None:
    _save(links_file(site_dir), memo)


def _read(path: Path) -> Memo:
    entries, on_disk = disk.read_cache(disk.Layout(path))
    memo = Memo(entries)
    memo.on_disk = on_disk
    return memo


def _save(path: Path, memo: dict) -> None:
    on_disk = memo.on_disk if isinstance(memo, Memo) and memo.on_disk is not None else disk.OnDisk()
    disk.save_cache(disk.Layout(path), on_disk, memo)  # the values of a key never differ for one version
    if isinstance(memo, Memo):
        memo.on_disk = on_disk
