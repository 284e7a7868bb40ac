"""Render: Site -> {output path: bytes}, in memory. The only module that imports Jinja.

Stage 4. Imports: records, assemble, danish, markup, calendar, syndication,
structured, charts (and jinja2). Nothing here reads the clock or writes files;
`site.now` is the only time there is.
Every internal link is made relative to the page it is on (404.html instead
uses root-relative links from the path of `base_url`, since it is served at
any depth), so the site works under any path prefix.

New kinds of output (calendar, feed, sitemap) are new entries in the route
table of `plan_routes`, or further files added in `render_site` before the
collision check.

With `workers` > 1 (Linux) the pages of single items are rendered in forked
worker processes; the result is the same bytes, and the same errors, as a
render in this process. A `RenderCache` gives back the page of an item whose
inputs are unchanged (in the preview's memory, or on disk: pagecache.py).
"""
from __future__ import annotations

import gc
import hashlib
import html
import io
import multiprocessing
import pickle
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from sitegen.content.assemble import Site
from sitegen.core import urls
from sitegen.core.records import Page, recorded_dates
from sitegen.output import search
from sitegen.render import calendar, charts, danish, markup, structured, syndication

FRONT_PAGE_MEETINGS = 3
FRONT_PAGE_UPDATES = 5
FRONT_PAGE_KEYFIGURES = 3
INITIATIVE_STATUS_ORDER = ("ikke-startet", "i-gang", "forsinket", "gennemfoert", "opgivet", None)


class RenderError(Exception):
    """The site cannot be rendered; `problems` holds one Danish line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Route:
    """One HTML page: where it goes, which template, what produced it, its own context."""

    path: str
    template: str
    source: str
    title: str
    context: dict = field(default_factory=dict)
    crumbs: tuple[tuple[str, str], ...] = ()  # (title, site path) of the pages above it
    root_relative: bool = False
    indexed: bool = True  # its main content goes into the search index


class RenderCache:
    """Pages of single items kept between builds: by the preview in memory, by `build` on disk.

    A page of one item depends only on its route (path, template, title, crumbs,
    entry) and on the site-wide config, menu, preview flag and templates; the key
    holds all of them by value, so a hit is always the page a cold build would
    make. Lists, the front page and generated files are rendered every time. A
    page whose template reads more of `site` than `CACHED_SITE_READS` (a site's
    own templates may) is not kept either, so it is rendered every time.

    `stable` keys are SHA-256 digests of the key's value, the same in every
    process (for pagecache.py); otherwise the key is the tuple itself. `pages`
    maps a key to (page, the Markdown conversion keys the page used); after a
    render it holds only that render's pages, so memory stays bounded, and
    `changed` says whether that added or dropped any (pagecache saves only then).
    """

    def __init__(self, stable: bool = False):
        self.pages: dict = {}
        self.hits = 0
        self.stable = stable
        self.changed = False

    def keys(self, version: str, site: Site, routes: list[Route]) -> list:
        """The key of each item's page; None for a page that is rendered every time.

        The key holds the templates' version, the route and its entry, and the site's
        config, menu and preview flag; a stable key digests the site-wide part once.
        """
        shared = (version, site.config, site.menu, site.preview)
        prefix = stable_digest(shared) if self.stable else None
        keys = []
        for route in routes:
            entry = route.context.get("entry")
            if entry is None or route.context.keys() != {"entry", "item"} or (self.stable and prefix is None):
                keys.append(None)
                continue
            own = (route.path, route.template, route.title, route.crumbs, route.root_relative, route.indexed, entry)
            keys.append(stable_digest(own, prefix) if self.stable else shared + own)
        return keys


def stable_digest(value, prefix: bytes = b"") -> bytes | None:
    """SHA-256 of `prefix` and a value, the same in every process; None when it cannot be written down.

    Pickle without its memo ("fast" mode) writes every object out in full, so the bytes
    depend only on the value (types, fields, order), not on which objects are shared,
    on ids or on hash randomisation; equal bytes mean an equal value. Records hold only
    str, int, bool, None, Decimal, dates and times, tuples, dicts and frozen dataclasses;
    a zone pickles by its name, which is why pagecache's version holds the zone's data.
    """
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=5)
    pickler.fast = True
    try:
        pickler.dump(value)
    except Exception:  # noqa: BLE001 - anything that cannot be pickled is simply not cached
        return None
    digest = hashlib.sha256(prefix)
    digest.update(stream.getbuffer())
    return digest.digest()


def templates_version(templates_dir: Path) -> str:
    """A digest of every template and static file: any edit changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(templates_dir).rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_ENVIRONMENTS: dict[str, tuple[str, jinja2.Environment]] = {}


def environment(templates_dir: Path, version: str) -> jinja2.Environment:
    """The Jinja environment of a templates folder at this version, its templates compiled once per process.

    Compiling the templates was three quarters of a small site's build (0.07 of 0.10 s for the
    test site): the preview and every build in one process reuse them until a template or static
    file changes. A few folders are kept (a site may bring its own templates).
    """
    known = _ENVIRONMENTS.get(str(templates_dir))
    if known is None or known[0] != version:
        if len(_ENVIRONMENTS) >= 8:
            _ENVIRONMENTS.clear()
        known = _ENVIRONMENTS[str(templates_dir)] = (version, make_environment(templates_dir))
    return known[1]


def render_site(site: Site, templates_dir: Path, cache: RenderCache | None = None,
                conversions: markup.Conversions | None = None, workers: int = 1) -> dict[str, bytes]:
    """Render every page and copy the static files; refuse any output path used twice.

    `conversions` (the build command's on-disk cache) remembers Markdown bodies already converted.
    `cache` gives back unchanged items' pages; with `workers` > 1 the other items' pages are
    rendered in that many forked processes (Linux, at least PARALLEL_MINIMUM of them).
    """
    routes = plan_routes(site)
    static = static_files(Path(templates_dir) / "static")
    assets = fingerprinted(static)
    static.update((name.lstrip("/"), static[plain.lstrip("/")]) for plain, name in assets.items())
    version = templates_version(Path(templates_dir))
    env = environment(Path(templates_dir), version)
    if cache is None:
        keys = [None] * len(routes)
    else:  # the templates' version covers the static files, so `assets` is in the key too
        keys = cache.keys(version, site, routes)
    job = _PageJob(env, site, routes, assets, conversions, cache, keys, workers)  # workers start here
    try:
        generated = generated_files(site, routes)
        check_paths(site, routes, static, generated)  # before any page's error, as in a serial render
        pages = job.collect()
    finally:
        job.close()
    files = {route.path: page for route, page in zip(routes, pages, strict=True)}
    files.update(static)
    files.update((path, data) for path, _, data in generated)
    return dict(sorted(files.items()))


def generated_files(site: Site, routes: list[Route]) -> list[tuple[str, str, bytes]]:
    """(path, source, content) of the calendars, the feed, sitemap.xml and robots.txt.

    The sitemap lists every HTML page but 404.html and, in preview, the pending ones.
    """
    published = [
        (page_url(route.path), route.context.get("item"))
        for route in routes
        if route.path != "404.html" and getattr(route.context.get("entry"), "pending", None) is None
    ]
    return (calendar.calendar_files(site) + syndication.syndication_files(site, published)
            + charts.csv_files(site.keyfigures))


PARALLEL_MINIMUM = 64  # fewer item pages to render than this are rendered in this process
CACHED_SITE_READS = frozenset({"config", "menu", "preview"})  # what of `site` a kept page may read
_job: tuple = ()  # what forked workers read (inherited, never pickled); see _PageJob


class _PageJob:
    """Every route's page, in order: from the cache, from forked workers or rendered here.

    Hits are taken here. The items' pages still to render go to the workers in
    chunks of route indexes as soon as the job is made; `collect` renders the lists
    here meanwhile and walks the routes in order, so the first route that fails
    raises here, as in a serial render, by being rendered again here (workers send
    back no exceptions). The Markdown the workers converted is merged into
    `conversions` in route order, as if converted here.
    """

    def __init__(self, env: jinja2.Environment, site: Site, routes: list[Route], assets: dict[str, str],
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


def _render_one(env: jinja2.Environment, site: Site, route: Route, assets: dict[str, str],
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


def plan_routes(site: Site) -> list[Route]:
    """The route table: every HTML page of the site with its template and context (addresses from urls.py)."""
    home = (("Forside", urls.FRONT),)
    path = urls.output_path
    routes = [
        Route(path(urls.FRONT), "front.html", "forsiden", site.config.title, front_page_context(site)),
        Route(path(urls.MEETINGS), "meeting_list.html", "mødeoversigten", urls.SECTIONS[urls.MEETINGS], crumbs=home),
        Route(path(urls.MINUTES), "minutes_list.html", "referatoversigten", urls.SECTIONS[urls.MINUTES], crumbs=home),
        Route(path(urls.INITIATIVES), "initiative_list.html", "tiltagsoversigten", urls.SECTIONS[urls.INITIATIVES],
              crumbs=home),
        Route(path(urls.UPDATES), "update_list.html", "statusoversigten", urls.SECTIONS[urls.UPDATES], crumbs=home),
        Route(path(urls.KEYFIGURES), "keyfigures.html", "nøgletalssiden", urls.SECTIONS[urls.KEYFIGURES], crumbs=home),
    ]
    for entries, section, template, attribute in (
        (site.meetings, urls.MEETINGS, "meeting.html", "meeting"),
        (site.minutes, urls.MINUTES, "minutes.html", "minutes"),
        (site.initiatives, urls.INITIATIVES, "initiative.html", "initiative"),
        (site.updates, urls.UPDATES, "update.html", "update"),
    ):
        crumbs = home + ((urls.SECTIONS[section], section),)
        for entry in entries:
            item = getattr(entry, attribute)
            routes.append(Route(path(urls.of(item)), template, item.source, item.title,
                                {"entry": entry, "item": item}, crumbs))
    pages = {e.page.slug: e.page for e in site.pages}
    for entry in site.pages:
        routes.append(Route(
            path(urls.of(entry.page)), "page.html", entry.page.source, entry.page.title,
            {"entry": entry, "item": entry.page}, home + _page_ancestors(entry.page, pages),
        ))
    # The search bundles depend on the number of HTML pages: these, the search page and the 404 page.
    extra = [path(urls.SEARCH), path(urls.NOT_FOUND)]
    bundles = ["/" + folder for folder in search.bundle_dirs([route.path for route in routes] + extra)]
    routes.append(Route(path(urls.SEARCH), "search.html", "søgesiden", "Søg", {"search_bundles": bundles},
                        crumbs=home, indexed=False))
    routes.append(Route(path(urls.NOT_FOUND), "not_found.html", "404-siden", "Siden findes ikke", root_relative=True,
                        indexed=False))
    return routes


def front_page_context(site: Site) -> dict:
    """Counts of the initiatives kept up to date by status (in a fixed order), the overdue ones among them
    without a recorded answer, and how many are historical (left out of the live counts)."""
    live = [e for e in site.initiatives if not e.initiative.historical]
    counts = Counter(e.initiative.status for e in live)
    by_status = [(danish.initiative_status(s), counts[s]) for s in INITIATIVE_STATUS_ORDER if counts[s]]
    overdue = [e for e in live if e.overdue]
    return {
        "meetings": [e for e in site.upcoming_meetings if not e.meeting.historical][:FRONT_PAGE_MEETINGS],
        "live_initiatives": len(live),
        "historical_initiatives": len(site.initiatives) - len(live),
        "updates": site.updates[:FRONT_PAGE_UPDATES],
        "keyfigures": site.keyfigures[:FRONT_PAGE_KEYFIGURES],
        "initiative_counts": by_status,
        "overdue": overdue,
    }


def _page_ancestors(page: Page, pages: dict[str, Page]) -> tuple[tuple[str, str], ...]:
    chain: list[tuple[str, str]] = []
    seen = {page.slug}
    parent = pages.get(page.parent) if page.parent else None
    while parent is not None and parent.slug not in seen:
        seen.add(parent.slug)
        chain.insert(0, (parent.title, urls.of(parent)))
        parent = pages.get(parent.parent) if parent.parent else None
    return tuple(chain)


def static_files(static_dir: Path) -> dict[str, bytes]:
    """Every file under templates/static/ as static/..., and favicon.ico also at the root."""
    files: dict[str, bytes] = {}
    if static_dir.is_dir():
        for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
            files[urls.output_path(urls.static_file(path.relative_to(static_dir).as_posix()))] = path.read_bytes()
    favicon = urls.output_path(urls.static_file("favicon.ico"))
    if favicon in files:
        files["favicon.ico"] = files[favicon]
    return files


def fingerprinted(static: dict[str, bytes]) -> dict[str, str]:
    """Site path of each static file -> the same file under a name with its content's hash.

    `/static/style.css` -> `/static/style.3f2a9c1b.css` (8 hex digits of SHA-256), so the web
    server may let browsers keep it for a year: an edited file gets a new name. Templates and
    Markdown keep writing `/static/style.css`; `url()` links the fingerprinted copy. The plain
    names stay too (the preview's own pages and old links use them), and favicon.ico at the root.
    """
    names = {}
    for name, data in static.items():
        if name.startswith(urls.output_path(urls.STATIC).removesuffix("index.html")):
            folder, _, file = name.rpartition("/")
            stem, dot, suffix = file.rpartition(".")
            if not stem:  # no extension
                stem, dot, suffix = file, "", ""
            digest = hashlib.sha256(data).hexdigest()[:8]
            names["/" + name] = f"/{folder}/{stem}.{digest}{dot}{suffix}"
    return names


def check_paths(site: Site, routes: list[Route], static: dict[str, bytes],
                generated: list[tuple[str, str, bytes]]) -> None:
    """Refuse any output path produced twice, naming every source (the last line of defence)."""
    problems = []
    sources: dict[str, list[str]] = {}
    for route in routes:
        sources.setdefault(route.path, []).append(route.source)
    for path in static:
        sources.setdefault(path, []).append(
                f"templates/{path}" if path.startswith(urls.STATIC.lstrip("/")) else "favicon.ico")
    for path, source, _ in generated:
        sources.setdefault(path, []).append(source)
    for path, names in sorted(sources.items()):
        if len(names) > 1:
            problems.append(
                f"{names[0]}:1: Filnavnet giver samme adresse '{path}' som {', '.join(names[1:])}. "
                f"Giv en af filerne et andet navn."
            )
    if problems:
        raise RenderError(problems)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Jinja with autoescape, StrictUndefined and the Danish filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        long_date=danish.long_date,
        short_date=danish.short_date,
        time=danish.time,
        time_range=danish.time_range,
        datetime=danish.datetime,
        number=danish.number,
        partial_date=danish.partial_date,
        partial_date_iso=danish.partial_date_iso,
        deadline=danish.deadline,
        newest_date=lambda item: max(recorded_dates(item), default=None),
        meeting_status=danish.meeting_status,
        initiative_status=danish.initiative_status,
        update_category=danish.update_category,
    )
    env.globals.update(amount=danish.amount, meeting_when=danish.meeting_when, urls=urls.ForTemplates)
    env.globals.update(
        absolute_url=syndication.absolute_url,
        feed_title=syndication.feed_title,
        event_json_ld=lambda site, entry: Markup(structured.event_json_ld(site, entry)),
        chart=lambda figure: Markup(charts.chart_svg(figure)),
    )
    return env


def render_page(env: jinja2.Environment, site: Site, route: Route, assets: dict[str, str] | None = None,
                conversions: markup.Conversions | None = None) -> bytes:
    """One page through its template, with an explicit context; `assets` maps static files to fingerprinted ones."""
    linker = Linker(route.path, _root_path(site.config.base_url) if route.root_relative else None, assets,
                    conversions)
    context = {
        "site": site,
        "path": route.path,
        # drafts and future items stay out of the search index, even in preview
        "indexed": route.indexed and getattr(route.context.get("entry"), "pending", None) is None,
        "page_url": page_url(route.path),
        "title": route.title,
        "crumbs": route.crumbs,
        "url": linker.url,
        "markdown": linker.markdown,
        "item": None,
        "entry": None,
        **route.context,
    }
    try:
        text = env.get_template(route.template).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise RenderError([f"templates/{error.name or route.template}:{error.lineno}: skabelonfejl: {error.message}. "
                           "Ret skabelonen; se Jinja-dokumentationen for den rigtige skrivemåde."]) from None
    except jinja2.TemplateError as error:  # e.g. a misspelt variable (StrictUndefined)
        raise RenderError([f"templates/{route.template}:1: skabelonfejl på siden {page_url(route.path)}: {error}. "
                           "Ret navnet i skabelonen."]) from None
    return text.encode("utf-8")


class Linker:
    """Makes site paths ("/moeder/x/") into links from one output file."""

    def __init__(self, path: str, root: str | None = None, assets: dict[str, str] | None = None,
                 conversions: markup.Conversions | None = None):
        self.directory = path.split("/")[:-1]
        self.to_html = conversions.to_html if conversions is not None else markup.to_html
        self.root = root  # "/prefix/" for root-relative links, None for relative ones
        self.assets = assets or {}  # "/static/style.css" -> "/static/style.3f2a9c1b.css"

    def url(self, target: str) -> str:
        """A site path -> a link from this page; external URLs and "#x" pass through."""
        if _is_external(target) or target.startswith("#"):
            return target
        if not target.startswith("/"):
            raise RenderError([f"intern adresse skal begynde med '/': {target!r}"])
        path, hash_, fragment = target.partition("#")
        path, query_mark, query = path.partition("?")
        path = self.assets.get(path, path)
        parts = path.lstrip("/").split("/")
        if parts[-1] and "." not in parts[-1]:
            parts.append("")  # "/moeder" means the folder "/moeder/"
        if self.root is not None:
            link = self.root + "/".join(parts)
        else:
            common = 0
            while common < min(len(self.directory), len(parts) - 1) and self.directory[common] == parts[common]:
                common += 1
            link = "../" * (len(self.directory) - common) + "/".join(parts[common:])
            link = link or "./"
        return link + query_mark + query + hash_ + fragment

    def markdown(self, text: str, top: int = 2) -> Markup:
        """A Markdown body as HTML (headings from h`top`), the authors' site paths made relative."""
        return Markup(_SITE_PATH_ATTRIBUTE.sub(self._relink, self.to_html(text, top)))

    def _relink(self, match: re.Match) -> str:
        target = html.unescape(match.group(2))
        return f'{match.group(1)}="{html.escape(self.url(target), quote=True)}"'


_SITE_PATH_ATTRIBUTE = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


page_url = urls.page_url  # output path -> the site path readers see (kept here for the modules that import it)


def _root_path(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _is_external(target: str) -> bool:
    return target.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) is not None
