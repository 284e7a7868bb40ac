"""The Atom feed (read with `feedparser`), sitemap.xml (read with ElementTree) and robots.txt."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import feedparser
import pytest

from sitegen.render import syndication
from tests.pagekit import sitemap_urls
from tests.recordkit import CPH, build, meeting, page, records, text, update

BASE = "https://www.lejre.dk/kvalitet-boerneomraadet/"


def feed_records(**changes):
    """Three updates across daylight saving time, one edited later, one with characters to escape."""
    values = dict(updates=(
        update(),  # status-juni, 2016-06-07
        update("vinter", title='PwC\'s "rapport" & <b>tiltag</b>', summary="Før & efter <i>x</i>.",
               date=dt.date(2016, 12, 1), category="nyhed", committee=None, committee_meeting=None,
               initiatives=()),
        update("rettet", title="Rettet nyhed", date=dt.date(2016, 9, 1), updated=dt.date(2016, 9, 10),
               category=None, summary=None),
    ))
    values.update(changes)
    return records(**values)


NOW = dt.datetime(2016, 12, 20, 12, 0, tzinfo=CPH)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build(feed_records(), now=NOW)


@pytest.fixture(scope="module")
def feed(files):
    return feedparser.parse(files["status/feed.xml"])


# --- the feed -------------------------------------------------------------------

def test_feed_is_well_formed_atom(feed):
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Status og nyheder – Kvalitet i børnesagerne"
    assert feed.feed.language == "da"
    assert feed.feed.author == "Lejre Kommune"
    assert feed.feed.id == BASE + "status/feed.xml"


def test_feed_links_are_absolute(feed):
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": BASE + "status/", "self": BASE + "status/feed.xml"}
    assert [e.link for e in feed.entries] == [BASE + "status/vinter/", BASE + "status/rettet/",
                                              BASE + "status/status-juni/"]


def test_entries_newest_first_with_offsets(feed, files):
    assert [e.title for e in feed.entries] == ['PwC\'s "rapport" & <b>tiltag</b>', "Rettet nyhed",
                                               "Status til udvalget i juni"]
    assert [e.published for e in feed.entries] == [
        "2016-12-01T00:00:00+01:00", "2016-09-01T00:00:00+02:00", "2016-06-07T00:00:00+02:00"]
    assert [e.updated for e in feed.entries] == [
        "2016-12-01T00:00:00+01:00", "2016-09-10T00:00:00+02:00", "2016-06-07T00:00:00+02:00"]
    assert feed.feed.updated == "2016-12-01T00:00:00+01:00"  # the newest entry
    assert re.findall(rb"<updated>[^<]*</updated>", files["status/feed.xml"])[0] == \
        b"<updated>2016-12-01T00:00:00+01:00</updated>"


def test_text_is_escaped_not_markup(feed, files):
    assert b"&lt;b&gt;tiltag&lt;/b&gt;" in files["status/feed.xml"]
    assert feed.entries[0].summary == "Før & efter <i>x</i>."
    assert feed.entries[0].summary_detail.type == "text/plain"
    assert feed.entries[0].tags[0].term == "nyhed" and feed.entries[0].tags[0].label == "Nyhed"
    assert "summary" not in feed.entries[1]


def test_entry_ids_are_stable_tag_uris(feed):
    later = feedparser.parse(build(feed_records(), now=dt.datetime(2017, 5, 1, tzinfo=CPH))["status/feed.xml"])
    assert [e.id for e in later.entries] == [e.id for e in feed.entries] == [
        "tag:www.lejre.dk,2016:kvalitet-boerneomraadet/status/vinter",
        "tag:www.lejre.dk,2016:kvalitet-boerneomraadet/status/rettet",
        "tag:www.lejre.dk,2016:kvalitet-boerneomraadet/status/status-juni",
    ]


def test_feed_has_only_published_updates_even_in_preview():
    recs = feed_records(updates=(update(), update("kladde", title="Kladdenyhed", draft=True),
                                 update("senere", title="Senere", date=dt.date(2016, 12, 1),
                                        publish=dt.datetime(2017, 1, 1, tzinfo=CPH))))
    for preview in (False, True):
        parsed = feedparser.parse(build(recs, now=NOW, preview=preview)["status/feed.xml"])
        assert [e.title for e in parsed.entries] == ["Status til udvalget i juni"], preview


def test_empty_feed_is_still_valid():
    parsed = feedparser.parse(build(feed_records(updates=()), now=NOW)["status/feed.xml"])
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "2016-12-20T12:00:00+01:00"


def test_feed_is_deterministic(files):
    assert build(feed_records(), now=NOW)["status/feed.xml"] == files["status/feed.xml"]


# --- autodiscovery and links ----------------------------------------------------------

class _HeadLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_head = False
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "link" and self.in_head:
            self.links.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def test_every_page_head_announces_the_feed(files):
    pages = [path for path in files if path.endswith(".html")]
    assert len(pages) > 10
    for path in pages:
        parser = _HeadLinks()
        parser.feed(text(files, path))
        feeds = [link for link in parser.links if link.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, path
        assert feeds[0]["rel"] == "alternate" and feeds[0]["title"] == "Status og nyheder – Kvalitet i børnesagerne"
        if path == "404.html":  # served at any depth: root-relative from base_url
            assert feeds[0]["href"] == "/kvalitet-boerneomraadet/status/feed.xml"
        else:
            assert urljoin(BASE + path, feeds[0]["href"]) == BASE + "status/feed.xml", path


def test_updates_list_links_to_the_feed(files):
    listing = text(files, "status/index.html")
    assert '<a href="feed.xml" type="application/atom+xml">Følg nyhederne i en feedlæser</a>' in listing


# --- sitemap and robots.txt ---------------------------------------------------------------

def test_sitemap_lists_every_published_page(files):
    urls = sitemap_urls(files["sitemap.xml"])
    pages = {BASE + re.sub(r"(^|/)index\.html$", r"\1", path) for path in files
             if path.endswith(".html") and path != "404.html"}
    assert set(urls) == pages
    assert all(url.startswith(BASE) and url.endswith("/") for url in urls)
    assert BASE in urls and BASE + "moeder/borgermoede-1/" in urls
    assert not any("404" in url for url in urls)
    assert list(urls) == sorted(urls)


def test_sitemap_lastmod_only_when_the_content_says(files):
    urls = sitemap_urls(files["sitemap.xml"])
    assert urls[BASE + "status/rettet/"] == "2016-09-10"
    assert urls[BASE + "status/vinter/"] == "2016-12-01"
    assert urls[BASE] is None and urls[BASE + "moeder/borgermoede-1/"] is None
    with_updated = build(feed_records(pages=(page(updated=dt.date(2016, 8, 1)),)), now=NOW)
    assert sitemap_urls(with_updated["sitemap.xml"])[BASE + "om-panelet/"] == "2016-08-01"


def test_preview_sitemap_leaves_out_drafts_and_future_items():
    recs = feed_records(
        meetings=(meeting(), meeting("kladde", title="Kladdemøde", draft=True)),
        updates=(update(), update("senere", title="Senere", publish=dt.datetime(2017, 1, 1, tzinfo=CPH))),
        minutes=(),
    )
    preview = build(recs, now=NOW, preview=True)
    assert "moeder/kladde/index.html" in preview and "status/senere/index.html" in preview
    urls = sitemap_urls(preview["sitemap.xml"])
    assert BASE + "moeder/borgermoede-1/" in urls
    assert BASE + "moeder/kladde/" not in urls and BASE + "status/senere/" not in urls


def test_robots_txt_names_the_sitemap(files):
    assert files["robots.txt"].decode("utf-8") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://www.lejre.dk/kvalitet-boerneomraadet/sitemap.xml\n")


def test_preview_robots_txt_shuts_crawlers_out():
    robots = build(feed_records(), now=NOW, preview=True)["robots.txt"].decode("utf-8")
    assert robots == "User-agent: *\nDisallow: /\n"


@pytest.mark.parametrize("base, path, expected", [
    ("https://e.org/a/", "/moeder/", "https://e.org/a/moeder/"),
    ("https://e.org/a", "/moeder/", "https://e.org/a/moeder/"),
    ("https://e.org/", "/", "https://e.org/"),
    ("https://e.org/", "/status/feed.xml", "https://e.org/status/feed.xml"),
])
def test_absolute_url_cases(base, path, expected):
    assert syndication.absolute_url(base, path) == expected



def test_the_feed_holds_the_newest_fifty_updates():
    many = tuple(update(f"nyt-{n:02d}", title=f"Nyhed {n}", date=dt.date(2016, 1, 1) + dt.timedelta(days=n),
                        initiatives=()) for n in range(60))
    parsed = feedparser.parse(build(records(updates=many), now=NOW)["status/feed.xml"])
    assert parsed.bozo == 0 and syndication.FEED_ENTRIES == 50
    assert [e.title for e in parsed.entries] == [f"Nyhed {n}" for n in range(59, 9, -1)]
