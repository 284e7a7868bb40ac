"""Templating: the Jinja side of rendering, and the only module that imports Jinja.

The environment (autoescape, StrictUndefined, the Danish filters), compiled once per
process per templates folder; one page through its template with an explicit context;
and the Linker, which makes every internal link relative to the page it is on (404.html
uses root-relative links from the path of `base_url`, since it is served at any depth),
so the site works under any path prefix.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from sitegen.content.assemble import Site
from sitegen.core import urls
from sitegen.core.records import recorded_dates
from sitegen.core.urls import page_url
from sitegen.render import charts, danish, markup, structured, syndication


class RenderError(Exception):
    """The site cannot be rendered; `problems` holds one Danish line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

Environment = jinja2.Environment  # the type other modules name without importing Jinja


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


def _root_path(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _is_external(target: str) -> bool:
    return target.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) is not None
