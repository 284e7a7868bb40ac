"""Render: Site -> {output path: bytes}, in memory.

The route table (`plan_routes`: every HTML page with its template and context,
addresses from core.urls), the static files, the generated files and the page
cache's keys. Pages go through templating.py (Jinja) and workers.py (the cache
and forked workers). Nothing here reads the clock or writes files; `site.now`
is the only time there is.

New kinds of output (calendar, feed, sitemap) are new entries in the route
table of `plan_routes`, or further files added in `render_site` before the
collision check.

With `workers` > 1 (Linux) the pages of single items are rendered in forked
worker processes; the result is the same bytes, and the same errors, as a
render in this process. A `RenderCache` gives back the page of an item whose
inputs are unchanged (in the preview's memory, or on disk: cache/pagecache.py).
"""
from __future__ import annotations

import hashlib
import io
import pickle
from collections import Counter
from pathlib import Path

from sitegen.content.assemble import Site
from sitegen.core import urls
from sitegen.core.records import Page
from sitegen.core.urls import page_url
from sitegen.output import search
from sitegen.render import calendar, charts, danish, markup, syndication
from sitegen.render.templating import RenderError, Route, environment, templates_version
from sitegen.render.workers import PageJob

FRONT_PAGE_MEETINGS = 3
FRONT_PAGE_UPDATES = 5
FRONT_PAGE_KEYFIGURES = 3
INITIATIVE_STATUS_ORDER = ("ikke-startet", "i-gang", "forsinket", "gennemfoert", "opgivet", None)






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
    job = PageJob(env, site, routes, assets, conversions, cache, keys, workers)  # workers start here
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














