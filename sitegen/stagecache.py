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
Files are written beside and renamed (never half a file), and only when the set
of entries changed; load_site and check_links drop entries this build did not
use, so the files hold only the current site.
"""
from __future__ import annotations

import gc
import hashlib
import pickle
from pathlib import Path

from . import buildcache, load

FORMAT = 1
MAGIC = b"sitegen stage memo\n"
LOAD_NAME = "load.pickle"
LINKS_NAME = "links.pickle"


class Memo(dict):
    """A memo as read from disk; `saved` holds the keys the file had, so an unchanged memo is not written."""

    saved: frozenset = frozenset()


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


def _read(path: Path, version: str) -> Memo:
    try:
        data = path.read_bytes()
    except OSError:
        return Memo()
    head = len(MAGIC) + 32
    payload = memoryview(data)[head:]
    if data[:len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != data[len(MAGIC):head]:
        return Memo()
    # Unpickling builds hundreds of thousands of small objects; the cyclic GC would walk
    # them again and again while they are made (0.4 s instead of 0.08 s for 10,000 files).
    enabled = gc.isenabled()
    gc.disable()
    try:
        stored, entries = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a pickle can raise almost anything (e.g. of a class since renamed)
        return Memo()
    finally:
        if enabled:
            gc.enable()
    if stored != version or type(entries) is not dict:
        return Memo()
    memo = Memo(entries)
    memo.saved = frozenset(entries)
    return memo


def _save(path: Path, version: str, memo: dict) -> None:
    if isinstance(memo, Memo) and memo.keys() == memo.saved:
        return  # the same entries as on disk; the values of a key never differ for one version
    payload = pickle.dumps((version, dict(memo)), protocol=5)
    buildcache._write(path, MAGIC + hashlib.sha256(payload).digest() + payload)
    if isinstance(memo, Memo):
        memo.saved = frozenset(memo)
