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
"""
from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import calendar, charts, danish, markup, structured, syndication
from .assemble import Site
from .records import Page

# Section folders and their titles. validate.RESERVED_SLUGS keeps free pages out of them.
SECTIONS = {
    "moeder": "Møder",
    "referater": "Referater",
    "tiltag": "Tiltag",
    "status": "Status og nyheder",
    "noegletal": "Nøgletal",
}
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
    """Pages of one entry, kept between builds of a long-running process (the preview).

    A page of one item depends only on its route (path, template, title, crumbs,
    entry) and on the site-wide config, menu, preview flag and templates; the key
    holds all of them by value, so a hit is always the page a cold build would
    make. Lists, the front page and generated files are rendered every time.
    """

    def __init__(self):
        self.pages: dict[tuple, bytes] = {}
        self.environments: dict[str, tuple[str, jinja2.Environment]] = {}
        self.hits = 0

    def environment(self, templates_dir: Path, version: str) -> jinja2.Environment:
        known = self.environments.get(str(templates_dir))
        if known is None or known[0] != version:
            known = (version, make_environment(templates_dir))
            self.environments[str(templates_dir)] = known
        return known[1]


def templates_version(templates_dir: Path) -> str:
    """A digest of every template and static file: any edit changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(templates_dir).rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def render_site(site: Site, templates_dir: Path, cache: RenderCache | None = None,
                conversions: markup.Conversions | None = None) -> dict[str, bytes]:
    """Render every page and copy the static files; refuse any output path used twice.

    `conversions` (the build command's on-disk cache) remembers Markdown bodies already converted.
    """
    routes = plan_routes(site)
    static = static_files(Path(templates_dir) / "static")
    assets = fingerprinted(static)
    static.update((name.lstrip("/"), static[plain.lstrip("/")]) for plain, name in assets.items())
    generated = generated_files(site, routes)
    check_paths(site, routes, static, generated)
    if cache is None:
        env = make_environment(Path(templates_dir))
        files = {route.path: render_page(env, site, route, assets, conversions) for route in routes}
    else:  # the templates' version covers the static files, so `assets` is in the key too
        version = templates_version(Path(templates_dir))
        env = cache.environment(Path(templates_dir), version)
        used: dict[tuple, bytes] = {}
        files = {route.path: _render_cached(cache, env, site, route, version, used, assets) for route in routes}
        cache.pages = used  # forget pages no longer in the site, so memory stays bounded
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


def _render_cached(cache: RenderCache, env: jinja2.Environment, site: Site, route: Route, version: str,
                   used: dict[tuple, bytes], assets: dict[str, str]) -> bytes:
    entry = route.context.get("entry")
    if entry is None:  # lists and the front page read the whole site
        return render_page(env, site, route, assets)
    key = (version, route.path, route.template, route.title, route.crumbs, route.root_relative, route.indexed,
           entry, site.config, site.menu, site.preview)
    page = cache.pages.get(key)
    if page is None:
        page = render_page(env, site, route, assets)
    else:
        cache.hits += 1
    used[key] = page
    return page


def plan_routes(site: Site) -> list[Route]:
    """The route table: every HTML page of the site with its template and context."""
    home = (("Forside", "/"),)
    routes = [
        Route("index.html", "front.html", "forsiden", site.config.title, front_page_context(site)),
        Route("moeder/index.html", "meeting_list.html", "mødeoversigten", SECTIONS["moeder"], crumbs=home),
        Route("referater/index.html", "minutes_list.html", "referatoversigten", SECTIONS["referater"], crumbs=home),
        Route("tiltag/index.html", "initiative_list.html", "tiltagsoversigten", SECTIONS["tiltag"], crumbs=home),
        Route("status/index.html", "update_list.html", "statusoversigten", SECTIONS["status"], crumbs=home),
        Route("noegletal/index.html", "keyfigures.html", "nøgletalssiden", SECTIONS["noegletal"], crumbs=home),
    ]
    for entries, section, template, attribute in (
        (site.meetings, "moeder", "meeting.html", "meeting"),
        (site.minutes, "referater", "minutes.html", "minutes"),
        (site.initiatives, "tiltag", "initiative.html", "initiative"),
        (site.updates, "status", "update.html", "update"),
    ):
        crumbs = home + ((SECTIONS[section], f"/{section}/"),)
        for entry in entries:
            item = getattr(entry, attribute)
            routes.append(Route(
                f"{section}/{item.slug}/index.html", template, item.source, item.title,
                {"entry": entry, "item": item}, crumbs,
            ))
    pages = {e.page.slug: e.page for e in site.pages}
    for entry in site.pages:
        routes.append(Route(
            f"{entry.page.slug}/index.html", "page.html", entry.page.source, entry.page.title,
            {"entry": entry, "item": entry.page}, home + _page_ancestors(entry.page, pages),
        ))
    routes.append(Route("soeg/index.html", "search.html", "søgesiden", "Søg", crumbs=home, indexed=False))
    routes.append(Route("404.html", "not_found.html", "404-siden", "Siden findes ikke", root_relative=True,
                        indexed=False))
    return routes


def front_page_context(site: Site) -> dict:
    """Counts of initiatives by status (in a fixed order) and the overdue ones."""
    counts = Counter(e.initiative.status for e in site.initiatives)
    by_status = [(danish.initiative_status(s), counts[s]) for s in INITIATIVE_STATUS_ORDER if counts[s]]
    overdue = [e for e in site.initiatives if e.overdue]
    return {
        "meetings": site.upcoming_meetings[:FRONT_PAGE_MEETINGS],
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
        chain.insert(0, (parent.title, f"/{parent.slug}/"))
        parent = pages.get(parent.parent) if parent.parent else None
    return tuple(chain)


def static_files(static_dir: Path) -> dict[str, bytes]:
    """Every file under templates/static/ as static/..., and favicon.ico also at the root."""
    files: dict[str, bytes] = {}
    if static_dir.is_dir():
        for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
            files["static/" + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    if "static/favicon.ico" in files:
        files["favicon.ico"] = files["static/favicon.ico"]
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
        if name.startswith("static/"):
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
        sources.setdefault(path, []).append(f"templates/{path}" if path.startswith("static/") else "favicon.ico")
    for path, source, _ in generated:
        sources.setdefault(path, []).append(source)
    for path, names in sorted(sources.items()):
        if len(names) > 1:
            problems.append(
                f"{names[0]}:1: slug: giver samme adresse '{path}' som {', '.join(names[1:])}. "
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
        meeting_status=danish.meeting_status,
        initiative_status=danish.initiative_status,
        update_category=danish.update_category,
    )
    env.globals.update(amount=danish.amount, meeting_when=danish.meeting_when)
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


def page_url(path: str) -> str:
    """Output path -> the site path readers see: moeder/x/index.html -> /moeder/x/."""
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


def _root_path(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _is_external(target: str) -> bool:
    return target.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) is not None
