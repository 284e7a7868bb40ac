"""Page cache: the rendered pages of single items kept on disk between runs of `build`.

Helper of the build command, beside buildcache.py. Imports: buildcache, render.
The file is SITE/.cache/sitegen/pages.pickle. Each page is keyed by a digest of
everything it is made from, by value (render.RenderCache.key: its route, its
entry, the site's config, menu and preview flag, and the templates' version,
which covers the static files), and the whole file is valid only for the exact
code that wrote it: the source of every sitegen module, the Jinja2, MarkupSafe
and Python-Markdown versions, Python's version and the time zone data (a date
and time is keyed by its zone's name, and the zone's rules decide its offset).
Anything else, or a damaged file, is ignored and the cache starts empty.

The file is read with an unpickler that refuses every class and function, so
it can hold only plain data and never runs code. Only the pages one build used
are saved, and only when that build added or dropped one, so a rebuild with
nothing changed does not write the file again.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import io
import pickle
import sys
import zoneinfo
from pathlib import Path

from . import buildcache
from .render import RenderCache
from .write import save_cache_file

FORMAT = 1
MAGIC = "sitegen page cache"
FILE_NAME = "pages.pickle"
ZONE = "Europe/Copenhagen"  # the only zone records and assemble use
DIGEST_SIZE = 32


class PageCache(RenderCache):
    """A RenderCache with stable keys that remembers the code version it was loaded for."""

    def __init__(self, version: str):
        super().__init__(stable=True)
        self.version = version


def cache_file(site_dir: Path) -> Path:
    return Path(site_dir) / buildcache.FOLDER / FILE_NAME


def code_version() -> str:
    """A digest of what decides a page besides its key: the code, the libraries, Python, the zone data."""
    digest = hashlib.sha256(f"{MAGIC}\0{FORMAT}\0{buildcache.engine_version()}\0{sys.version}\0".encode())
    for name in ("jinja2", "markupsafe", "markdown"):
        digest.update(f"{name}={_distribution_version(name)}\0".encode())
    digest.update(_zone_data(ZONE))
    return digest.hexdigest()


def load_page_cache(site_dir: Path) -> PageCache:
    """The saved pages of this site, or an empty cache when there are none, or they are old or damaged."""
    cache = PageCache(code_version())
    try:
        magic, version, pages = _PlainUnpickler(io.BytesIO(cache_file(site_dir).read_bytes())).load()
        if magic != MAGIC or version != cache.version or type(pages) is not dict or not all(map(_valid, pages.items())):
            return cache
        cache.pages = pages
    except Exception:  # noqa: BLE001 - a damaged pickle can raise almost anything; start empty
        pass
    return cache


def save_page_cache(site_dir: Path, cache: PageCache) -> bool:
    """Write the pages the last render used, if it added or dropped any; True if written.

    Written beside and renamed, so a reader never sees half a file.
    """
    if not isinstance(cache, PageCache):
        raise TypeError("only a cache from load_page_cache has keys that mean the same in another process")
    if not cache.changed:
        return False
    written = save_cache_file(cache_file(site_dir), pickle.dumps((MAGIC, cache.version, cache.pages), protocol=5))
    if written:
        cache.changed = False
    return written


class _PlainUnpickler(pickle.Unpickler):
    """Tuples, dicts, str and bytes only: any class or function in the file makes it invalid."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"not allowed in the page cache: {module}.{name}")


def _valid(item) -> bool:
    key, value = item
    return (type(key) is bytes and len(key) == DIGEST_SIZE and type(value) is tuple and len(value) == 2
            and type(value[0]) is bytes and type(value[1]) is tuple
            and all(type(k) is bytes and len(k) == DIGEST_SIZE for k in value[1]))


def _distribution_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:  # not installed as a distribution: digest its source
        module = __import__(name)
        return "source " + hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()


def _zone_data(key: str) -> bytes:
    """The zone's file, found where zoneinfo looks: TZPATH first, then the tzdata package."""
    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            return path.read_bytes()
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except Exception:  # noqa: BLE001 - no zone data at all: zoneinfo itself would fail first
        return b"no zone data"


