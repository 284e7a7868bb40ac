"""The real site as `build.py build` writes it (conftest's built_real_site, --now 2026-11-23T12:00), read back
as clients read it: its calendar, structured data, feed and sitemap, and its links.

The same checks on records built by hand are unit tests (tests/unit/test_calendar.py, test_structured.py,
test_syndication.py, test_links.py).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar

from sitegen.checks.links import Page, check_links
from tests.pagekit import LinkReference, json_ld, malformed_machine_files, sitemap_urls

UTC = dt.UTC
BASE = "https://www.lejre.dk/kvalitet-boerneomraadet/"
SCHEMA = "https://schema.org/"


# --- calendars ----------------------------------------------------------------------

def test_real_site_calendar(built_real_site: Path):
    whole = icalendar.Calendar.from_ical((built_real_site / "moeder" / "kalender.ics").read_bytes())
    found = {component["DTSTART"].dt: component for component in whole.walk("VEVENT")}
    assert len(found) == 3
    october = found[dt.datetime(2016, 10, 5, 15, 0, tzinfo=UTC)]
    december = found[dt.datetime(2016, 12, 7, 16, 0, tzinfo=UTC)]
    assert "Allerslev Rådhus" in str(october["LOCATION"]) and int(october["SEQUENCE"]) == 1
    assert str(december["LOCATION"]) == "Kirke Saaby Forsamlingshus, Fanøvej 1, 4060 Kirke Saaby"
    assert dt.datetime(2017, 3, 15, 16, 0, tzinfo=UTC) in found
    singles = sorted(p for p in (built_real_site / "moeder").glob("*.ics") if p.name != "kalender.ics")
    assert len(singles) == 3
    for path in singles:
        (component,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        assert str(component["UID"]) in {str(c["UID"]) for c in found.values()}


# --- structured data ----------------------------------------------------------------

def test_real_site_events(built_real_site: Path):
    october = json_ld((built_real_site / "moeder/2016-10-05-borgermoede/index.html").read_text(encoding="utf-8"))
    assert october["startDate"] == "2016-10-05T17:00:00+02:00"
    assert october["eventStatus"] == SCHEMA + "EventScheduled"  # status flyttet: same date, new place
    assert october["location"]["address"]["streetAddress"] == "Lejrevej 15"
    december = json_ld((built_real_site / "moeder/2016-12-07-borgermoede/index.html").read_text(encoding="utf-8"))
    assert december["startDate"] == "2016-12-07T17:00:00+01:00"
    assert december["location"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Fanøvej 1", "postalCode": "4060",
        "addressLocality": "Kirke Saaby", "addressCountry": "DK"}
    assert december["organizer"] == {"@type": "GovernmentOrganization", "name": "Lejre Kommune", "url": BASE}


# --- feed and sitemap ---------------------------------------------------------------

def test_real_site_feed_and_sitemap(built_real_site: Path):
    parsed = feedparser.parse((built_real_site / "status" / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == 5
    dates = [e.published for e in parsed.entries]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2023-10-04T00:00:00+02:00"
    assert all(e.link.startswith(BASE + "status/") and e.id.startswith("tag:www.lejre.dk,") for e in parsed.entries)
    urls = sitemap_urls((built_real_site / "sitemap.xml").read_bytes())
    assert BASE in urls and BASE + "moeder/2016-10-05-borgermoede/" in urls
    assert all(url.startswith(BASE) for url in urls)
    robots = (built_real_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_every_feed_calendar_and_sitemap_of_the_real_site_parses(built_real_site: Path):
    files = {p.relative_to(built_real_site).as_posix(): p.read_bytes()
             for pattern in ("**/*.xml", "**/*.ics") for p in built_real_site.glob(pattern)}
    assert malformed_machine_files(files) == []
    assert len([path for path in files if path.endswith(".ics")]) == 4


# --- links --------------------------------------------------------------------------

def test_scanner_agrees_with_html_parser_on_the_real_site(built_real_site):
    files = {p.relative_to(built_real_site).as_posix(): p.read_bytes()
             for p in built_real_site.rglob("*") if p.is_file()}
    pages = [path for path in files if path.endswith(".html") and not path.startswith("pagefind/")]
    assert len(pages) > 20
    for path in pages:
        reference = LinkReference()
        reference.feed(files[path].decode())
        page = Page(files[path])
        assert ([url for _, url in page.urls], page.ids) == (reference.urls, reference.ids), path


def test_real_site_has_no_broken_links(built_real_site, project_root):
    files = {p.relative_to(built_real_site).as_posix(): p.read_bytes()
             for p in built_real_site.rglob("*") if p.is_file()}
    base_url = re.search(r"^base_url:\s*(\S+)", (project_root / "data/site.yaml").read_text(), re.M).group(1)
    problems, external = check_links(files, root_prefix=urlsplit(base_url.strip("\"'")).path)
    assert [p.format() for p in problems] == []
    assert external and all(re.match(r"(https?:|mailto:|tel:|//)", url) for url in external)
