"""Page cache: the rendered pages of single items kept on disk between runs of `build`.

Helper of the build command. Imports: disk, render. One memo file,
pages.pickle, in disk's folder and format, under its one version key (which
covers the templating libraries and the zone data a page depends on). Each page
is keyed by a digest of everything it is made from, by value
(render.RenderCache.key: its route, its entry, the site's config, menu and
preview flag, and the templates' version, which covers the static files).

The file is read with disk's plain-data reader, which refuses every class and
function, and every entry must have a page's shape. Only the pages one build
used are saved, and only when that build added or dropped one, so a rebuild
with nothing changed does not write the file again.
"""
from __future__ import annotations

from pathlib import Path

from sitegen.cache import disk
from sitegen.render.pages import RenderCache

FILE_NAME = "pages.pickle"
DIGEST_SIZE = 32


class PageCache(RenderCache):
    """A RenderCache with stable keys that remembers what its files held."""

    def __init__(self):
        super().__init__(stable=True)
        self.on_disk = disk.OnDisk()


def cache_file(site_dir: Path) -> Path:
    return disk.folder(site_dir) / FILE_NAME


def load_page_cache(site_dir: Path) -> PageCache:
    """The saved pages of this site, or an empty cache when there are none, or they are old or damaged."""
    cache = PageCache()
    cache.pages, cache.on_disk = disk.read_cache(_layout(site_dir))
    return cache


def save_page_cache(site_dir: Path, cache: PageCache) -> bool:
    """Write the pages the last render used, if it added or dropped any; True if written."""
    if not isinstance(cache, PageCache):
        raise TypeError("only a cache from load_page_cache has keys that mean the same in another process")
    if not cache.changed and not cache.on_disk.stray:
        return False
    written = disk.save_cache(_layout(site_dir), cache.on_disk, cache.pages)
    if written:
        cache.changed = False
    return written


def _layout(site_dir: Path) -> disk.Layout:
    return disk.Layout(cache_file(site_dir), valid=_valid, valid_key=_valid_key, plain_data=True)


def _valid_key(key) -> bool:
    return type(key) is bytes and len(key) == DIGEST_SIZE


def _valid(key, value) -> bool:
    """(the page's bytes, the Markdown conversion keys it used)."""
    return (_valid_key(key) and type(value) is tuple and len(value) == 2
            and type(value[0]) is bytes and type(value[1]) is tuple and all(map(_valid_key, value[1])))
