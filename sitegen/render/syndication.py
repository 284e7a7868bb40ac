"""Syndication: the Atom feed of updates, sitemap.xml and robots.txt.

Stage: helper of render. Imports: assemble, records, danish (and xml.etree for
writing XML, so every text and attribute is escaped by the library).
Every address here is absolute, made from `base_url`; nothing reads the clock.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from urllib.parse import urlsplit

from sitegen.content.assemble import COPENHAGEN, Site, UpdateEntry
from sitegen.core import urls
from sitegen.core.records import Item, Update
from sitegen.render import danish

FEED_PATH = urls.FEED
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def absolute_url(base_url: str, site_path: str) -> str:
    """A site path ("/moeder/x/") as a full address under base_url."""
    return base_url.rstrip("/") + "/" + site_path.lstrip("/")


def feed_title(site: Site) -> str:
    """The feed's name, also used by the autodiscovery link in every page head."""
    return f"Status og nyheder – {site.config.title}"


def syndication_files(site: Site, pages: Iterable[tuple[str, Item | None]]) -> list[tuple[str, str, bytes]]:
    """(output path, source, content) of the feed, the sitemap and robots.txt.

    `pages` are the published HTML pages: (site path, the item shown or None).
    """
    return [
        (FEED_PATH.lstrip("/"), "nyhedsfeedet", feed_xml(site)),
        (urls.output_path(urls.SITEMAP), "sitemap.xml", sitemap_xml(site, pages)),
        (urls.output_path(urls.ROBOTS), "robots.txt", robots_txt(site)),
    ]


FEED_ENTRIES = 50  # the newest; a feed reader wants what is new, and a phone on a slow line a small file


def feed_xml(site: Site) -> bytes:
    """Atom (RFC 4287), the FEED_ENTRIES newest updates first; only published updates, also in preview."""
    base = site.config.base_url
    entries = [e for e in site.updates if e.pending is None][:FEED_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "da"})
    _text(feed, "title", feed_title(site))
    if site.config.description:
        _text(feed, "subtitle", site.config.description)
    _link(feed, "alternate", "text/html", absolute_url(base, urls.UPDATES))
    _link(feed, "self", "application/atom+xml", absolute_url(base, FEED_PATH))
    # The feed has no date of its own for a tag URI, so its id is its address.
    _text(feed, "id", absolute_url(base, FEED_PATH))
    # With no updates the feed still needs <updated>: the build's moment.
    newest = max((_entry_updated(e.update) for e in entries), default=site.now.replace(microsecond=0))
    _text(feed, "updated", newest.isoformat())
    author = ET.SubElement(feed, "author")
    _text(author, "name", site.config.organisation)
    _text(author, "uri", base)
    for entry in entries:
        _feed_entry(feed, site, entry)
    ET.indent(feed)
    return _xml_bytes(feed)


def _feed_entry(feed: ET.Element, site: Site, entry: UpdateEntry) -> None:
    update = entry.update
    element = ET.SubElement(feed, "entry")
    _text(element, "title", update.title)
    _link(element, "alternate", "text/html", absolute_url(site.config.base_url, urls.of(update)))
    _text(element, "id", entry_id(site.config.base_url, update))
    _text(element, "published", _midnight(update.date).isoformat())
    _text(element, "updated", _entry_updated(update).isoformat())
    if update.category:
        ET.SubElement(element, "category", {"term": update.category,
                                            "label": danish.update_category(update.category)})
    if update.summary:
        _text(element, "summary", update.summary)


def entry_id(base_url: str, update: Update) -> str:
    """A tag URI (RFC 4151), stable across builds and moves of the site to another host.

    tag:www.lejre.dk,2016:kvalitet-boerneomraadet/status/<slug>. The year is the
    update's own, so it stays the same when the text is edited later.
    """
    parts = urlsplit(base_url)
    path = "/".join(p for p in parts.path.split("/") if p)
    page = urls.of(update).strip("/")  # the update page's path: status/<slug>
    return f"tag:{parts.hostname},{update.date.year}:{path + '/' if path else ''}{page}"


def _entry_updated(update: Update) -> dt.datetime:
    """The later of `date` and `updated`, at midnight in Copenhagen (RFC 3339 with offset)."""
    return _midnight(max(update.date, update.updated or update.date))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=COPENHAGEN)


def sitemap_xml(site: Site, pages: Iterable[tuple[str, Item | None]]) -> bytes:
    """sitemaps.org 0.9: every published page by address; lastmod only when the content says."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP})
    addresses = [(absolute_url(site.config.base_url, path), item) for path, item in pages]
    for address, item in sorted(addresses, key=lambda pair: pair[0]):
        url = ET.SubElement(urlset, "url")
        _text(url, "loc", address)
        modified = _last_modified(item)
        if modified is not None:
            _text(url, "lastmod", modified.isoformat())
    ET.indent(urlset)
    return _xml_bytes(urlset)


def _last_modified(item: Item | None) -> dt.date | None:
    if isinstance(item, Update):
        return max(item.date, item.updated or item.date)
    return item.updated if item is not None else None


def robots_txt(site: Site) -> bytes:
    """Allow everything and name the sitemap; a preview build shuts crawlers out.

    Crawlers read robots.txt only at the root of a host, so under a path prefix
    (www.lejre.dk/kvalitet-boerneomraadet/) this file is advisory: the host's
    own robots.txt should carry the Sitemap line too.
    """
    if site.preview:
        # No Sitemap line: it would point crawlers from a preview to the public site.
        return b"User-agent: *\nDisallow: /\n"
    sitemap = absolute_url(site.config.base_url, urls.SITEMAP)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, type_: str, href: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": type_, "href": href})


def _xml_bytes(root: ET.Element) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")
