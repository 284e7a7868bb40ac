"""Render workers: every route's page, in order, from the page cache, from forked workers or rendered here.

With `workers` > 1 (Linux) the pages of single items are rendered in forked worker
processes; the result is the same bytes, and the same errors, as a render in this
process. Forked workers read what they need from the module global `_job`, inherited
at the fork and never pickled. A page that is to be kept in the cache is rendered with
a `site` that notes what the template reads (`_SiteReads`), so only pages that depend
on nothing but their key are kept.
"""
from __future__ import annotations

import gc
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from sitegen.content.assemble import Site
from sitegen.render import markup
from sitegen.render.templating import Environment, Route, render_page

if TYPE_CHECKING:
    from sitegen.render.pages import RenderCache


PARALLEL_MINIMUM = 64  # fewer item pages to render than this are rendered in this process


CACHED_SITE_READS = frozenset({"config", "menu", "preview"})  # what of `site` a kept page may read


_job: tuple = ()  # what forked workers read (inherited, never pickled); see PageJob


class PageJob:
    """Every route's page, in order: from the cache, from forked workers or rendered here.

    Hits are taken here. The items' pages still to render go to the workers in
    chunks of route indexes as soon as the job is made; `collect` renders the lists
    here meanwhile and walks the routes in order, so the first route that fails
    raises here, as in a serial render, by being rendered again here (workers send
    back no exceptions). The Markdown the workers converted is merged into
    `conversions` in route order, as if converted here.
    """

    def __init__(self, env: Environment, site: Site, routes: list[Route], assets: dict[str, str],
                 conversions: markup.Conversions | None, cache: RenderCache | None, keys: list, workers: int):
        global _job
        self.env, self.site, self.routes, self.assets = env, site, routes, assets
        self.conversions, self.cache, self.keys = conversions, cache, keys
        self.found = [cache.pages.get(key) if key is not None else None for key in keys]
        todo = [i for i, route in enumerate(routes) if self.found[i] is None and "entry" in route.context]
        chunks: list[list[int]] = []
        if (workers > 1 and len(todo) >= PARALLEL_MINIMUM and sys.platform.startswith("linux")
                and "fork" in multiprocessing.get_all_start_methods()):
            size = max(1, len(todo) // (workers * 8))
            chunks = [todo[start:start + size] for start in range(0, len(todo), size)]
        self.chunk_of = {index: number for number, chunk in enumerate(chunks) for index in chunk}
        self.futures: list = []
        self.executor = None
        self.finished = False
        if chunks:
            _job = (env, site, routes, assets, conversions, [key is not None for key in keys])
            # The workers' collector leaves the inherited objects alone (fewer pages copied). A caller
            # that froze its own objects (build.py, after loading its caches) keeps them frozen:
            # unfreezing would hand them back to the collector of a process that lives on.
            was_frozen = gc.get_freeze_count() > 0
            gc.freeze()
            try:
                self.executor = ProcessPoolExecutor(min(workers, len(chunks)),
                                                    mp_context=multiprocessing.get_context("fork"))
                self.futures = [self.executor.submit(_render_chunk, chunk) for chunk in chunks]  # forks at the first
            except Exception:  # noqa: BLE001 - no processes to be had (e.g. a limit): render here instead
                self.close()
                self.executor, self.futures, self.chunk_of = None, [], {}
            finally:
                if not was_frozen:
                    gc.unfreeze()

    def collect(self) -> list[bytes]:
        cache, conversions, keys = self.cache, self.conversions, self.keys
        pages: list[bytes] = []
        used: dict = {}  # the cache's pages after this render
        from_workers: dict[int, tuple] = {}
        for index, route in enumerate(self.routes):
            found = self.found[index]
            if found is not None:  # a hit: the page and the conversions it used
                cache.hits += 1
                _mark_used(conversions, found[1])
                used[keys[index]] = found
                pages.append(found[0])
                continue
            number = self.chunk_of.pop(index, None)
            if number is not None and self.futures[number] is not None:
                _take_chunk(self.futures[number], conversions, from_workers)
                self.futures[number] = None
            done = from_workers.pop(index, None)
            if done is None:  # rendered here: not sent to a worker, failed there, or the worker died
                done = _render_one(self.env, self.site, route, self.assets, conversions, keys[index] is not None)
            pages.append(done[0])
            if done[2]:
                used[keys[index]] = (done[0], done[1])
        self.finished = True
        if cache is not None:
            cache.changed = cache.changed or used.keys() != cache.pages.keys()
            cache.pages = used  # forget pages no longer in the site, so memory stays bounded
        return pages

    def close(self) -> None:
        """Let the workers go; after an error, without waiting for the chunks still to render."""
        global _job
        _job = ()
        if self.executor is not None:
            self.executor.shutdown(wait=self.finished, cancel_futures=True)


def _take_chunk(future, conversions: markup.Conversions | None, from_workers: dict[int, tuple]) -> None:
    """A worker's pages into `from_workers`, its conversions into `conversions`, as if made here."""
    try:
        results, converted = future.result()
    except Exception:  # noqa: BLE001 - e.g. a worker killed: its routes are rendered here instead
        return
    if conversions is not None:
        for key, text in converted.items():
            if key not in conversions.used:
                if text is None:  # it was in `known`, which the worker inherited
                    text = conversions.known[key]
                    conversions.hits += 1
                conversions.used[key] = text
    for index, page, conversion_keys, keep in results:
        if page is not None:
            from_workers[index] = (page, conversion_keys, keep)


def _render_chunk(indexes: list[int]) -> tuple[list[tuple], dict]:
    """In a worker: [(route index, page or None if it failed, conversion keys, keep)], conversions used.

    A conversion found in the inherited `known` is sent back as None, not its text.
    """
    env, site, routes, assets, conversions, keyed = _job
    local = markup.Conversions(conversions.known) if conversions is not None else None
    results = []
    for index in indexes:
        try:
            results.append((index, *_render_one(env, site, routes[index], assets, local, keyed[index])))
        except Exception:  # noqa: BLE001 - the build process renders it again and raises the error itself
            results.append((index, None, (), False))
    converted = {}
    if local is not None:
        converted = {key: None if key in local.known else text for key, text in local.used.items()}
    return results, converted


def _render_one(env: Environment, site: Site, route: Route, assets: dict[str, str],
                conversions: markup.Conversions | None, keyed: bool) -> tuple[bytes, tuple[bytes, ...], bool]:
    """(page, conversion keys it used, whether the cache may keep it); raises as render_page does.

    A page to keep is rendered with a `site` that notes what the template reads of it; one that
    read more than CACHED_SITE_READS, or failed, is rendered again with the site itself, so
    the bytes and errors are always a plain render's.
    """
    if keyed:
        recording = _RecordingConversions(conversions)
        reads = _SiteReads(site)
        try:
            page = render_page(env, reads, route, assets, recording)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - rendered again below, which raises the error a plain render does
            page = None
        if page is not None and object.__getattribute__(reads, "_reads") <= CACHED_SITE_READS:
            return page, tuple(dict.fromkeys(recording.keys)), True
    return render_page(env, site, route, assets, conversions), (), False


def _mark_used(conversions: markup.Conversions | None, keys: tuple[bytes, ...]) -> None:
    """A kept page's Markdown counts as used, as if converted again, so the conversion cache keeps it."""
    if conversions is None:
        return
    for key in keys:
        if key not in conversions.used:
            text = conversions.known.get(key)
            if text is not None:
                conversions.used[key] = text
                conversions.hits += 1


class _RecordingConversions:
    """`to_html` for one page that notes the conversion keys it used."""

    def __init__(self, conversions: markup.Conversions | None):
        self.conversions = conversions
        self.keys: list[bytes] = []

    def to_html(self, text: str, top: int = 2) -> str:
        self.keys.append(markup.conversion_key(text, top))
        return self.conversions.to_html(text, top) if self.conversions is not None else markup.to_html(text, top)


class _SiteReads:
    """The site as a template to be kept sees it: every attribute read, under any name, is noted.

    Anything else done with it (printing it, comparing, hashing, setting) notes "*",
    so the page is rendered again with the site itself and not kept.
    """

    __slots__ = ("_site", "_reads")

    def __init__(self, site: Site):
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "_reads", set())

    def __getattribute__(self, name: str):
        object.__getattribute__(self, "_reads").add(name)
        return getattr(object.__getattribute__(self, "_site"), name)

    def _other(self):
        object.__getattribute__(self, "_reads").add("*")
        return object.__getattribute__(self, "_site")

    def __setattr__(self, name, value):
        setattr(_SiteReads._other(self), name, value)

    def __delattr__(self, name):
        delattr(_SiteReads._other(self), name)

    def __repr__(self):
        return repr(_SiteReads._other(self))

    def __str__(self):
        return str(_SiteReads._other(self))

    def __format__(self, spec):
        return format(_SiteReads._other(self), spec)

    def __eq__(self, other):
        return _SiteReads._other(self) == other

    def __ne__(self, other):
        return _SiteReads._other(self) != other

    def __hash__(self):
        return hash(_SiteReads._other(self))

    def __bool__(self):
        return bool(_SiteReads._other(self))
