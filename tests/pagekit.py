"""Built pages read back as clients read them: the head's scripts and meta tags (JSON-LD),
sitemap.xml's addresses, and html.parser's own view of a page's links and ids."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from sitegen.checks.links import srcset_urls

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class PageHead(HTMLParser):
    """Scripts (type and text), meta tags and the canonical link of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self._script_type: str | None = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script, self._script_type = True, attrs.get("type")
            self.scripts.append((self._script_type, ""))
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("name") or attrs.get("property")
            assert key not in self.meta, f"{key} twice"
            self.meta[key] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])

    def handle_data(self, data):
        if self._in_script:
            kind, so_far = self.scripts[-1]
            self.scripts[-1] = (kind, so_far + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def head(html: str) -> PageHead:
    parser = PageHead()
    parser.feed(html)
    return parser


def json_ld(html: str) -> dict:
    (only,) = [body for kind, body in head(html).scripts if kind == "application/ld+json"]
    return json.loads(only)


def sitemap_urls(data: bytes) -> dict[str, str | None]:
    root = ET.fromstring(data)
    assert root.tag == SITEMAP_NS + "urlset"
    return {url.findtext(SITEMAP_NS + "loc"): url.findtext(SITEMAP_NS + "lastmod") for url in root}


class LinkReference(HTMLParser):
    """What html.parser itself finds: the scanner in links.py must agree."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.urls = set(), []

    def handle_starttag(self, tag, attrs):
        values = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        self.urls += [values[a].strip() for a in ("href", "src") if a in values]
        self.urls += srcset_urls(values["srcset"]) if "srcset" in values else []

    handle_startendtag = handle_starttag


def malformed_machine_files(files: dict[str, bytes]) -> list[str]:
    """'path: why' for each feed, sitemap (XML) and calendar (.ics) in `files` a client could not read.

    XML with ElementTree (well-formed), the Atom feed also with feedparser (bozo 0, as a feed reader
    sees it), calendars with icalendar. An empty list when every one parses; at least one must exist.
    """
    import feedparser
    import icalendar

    wrong, checked = [], 0
    for path, data in sorted(files.items()):
        if not path.endswith((".xml", ".ics")):
            continue
        checked += 1
        try:
            if path.endswith(".xml"):
                ET.fromstring(data)
            else:
                icalendar.Calendar.from_ical(data)
        except Exception as error:  # any failure to read is the finding
            wrong.append(f"{path}: {error}")
            continue
        if path.endswith("feed.xml"):
            parsed = feedparser.parse(data)
            if parsed.bozo:
                wrong.append(f"{path}: feedparser: {parsed.get('bozo_exception')}")
    assert checked, "no feed, sitemap or calendar among the files"
    return wrong
