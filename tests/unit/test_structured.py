"""JSON-LD on meeting pages (read with json.loads) and the metadata in every page head."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from sitegen.render import structured
from tests.pagekit import head, json_ld
from tests.recordkit import build, config, meeting, page, records, text

BASE = "https://www.lejre.dk/kvalitet-boerneomraadet/"
SCHEMA = "https://schema.org/"


def meetings_records(**changes):
    values = dict(meetings=(
        meeting(),  # 2016-10-05, planlagt
        meeting("vinter", title="Borgermøde i december", date=dt.date(2016, 12, 7), summary=None, room=None),
        meeting("aflyst", date=dt.date(2017, 3, 15), status="aflyst"),
        meeting("flyttet", date=dt.date(2017, 4, 5), status="flyttet"),
    ), minutes=())
    values.update(changes)
    return records(**values)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build(meetings_records())


# --- JSON-LD ------------------------------------------------------------------------

def test_meeting_event(files):
    data = json_ld(text(files, "moeder/borgermoede-1/index.html"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Borgermøde i forældreekspertpanelet",
        "description": "Første møde.",
        "startDate": "2016-10-05T17:00:00+02:00",
        "endDate": "2016-10-05T18:30:00+02:00",
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Allerslev Rådhus, Mødelokale 1",
            "address": {"@type": "PostalAddress", "streetAddress": "Lejrevej 15", "postalCode": "4320",
                        "addressLocality": "Lejre", "addressCountry": "DK"},
        },
        "organizer": {"@type": "GovernmentOrganization", "name": "Lejre Kommune", "url": BASE},
        "inLanguage": "da",
        "url": BASE + "moeder/borgermoede-1/",
    }


def test_winter_meeting_has_the_winter_offset_and_no_empty_fields(files):
    data = json_ld(text(files, "moeder/vinter/index.html"))
    assert data["startDate"] == "2016-12-07T17:00:00+01:00" and data["endDate"] == "2016-12-07T18:30:00+01:00"
    assert "description" not in data
    assert data["location"]["name"] == "Allerslev Rådhus"
    assert dt.datetime.fromisoformat(data["startDate"]).astimezone(dt.UTC).hour == 16


@pytest.mark.parametrize("slug, status", [
    ("borgermoede-1", "EventScheduled"), ("aflyst", "EventCancelled"), ("flyttet", "EventScheduled"),
])
def test_event_status(files, slug, status):
    assert json_ld(text(files, f"moeder/{slug}/index.html"))["eventStatus"] == SCHEMA + status


def test_json_ld_only_on_meeting_pages_and_as_the_only_script(files):
    for path in files:
        if not path.endswith(".html"):
            continue
        scripts = head(text(files, path)).scripts
        if path.startswith("moeder/") and path != "moeder/index.html":
            assert [kind for kind, _ in scripts] == ["application/ld+json"], path
        else:
            assert not any(kind == "application/ld+json" for kind, _ in scripts), path


def test_text_cannot_close_the_script_element():
    title = 'Møde </script><script>alert(1)</script> <!-- "x" & y'
    built = build(meetings_records(meetings=(meeting(title=title),)))
    html = text(built, "moeder/borgermoede-1/index.html")
    assert html.count("</script>") == 1 and "<!--" not in html
    assert json_ld(html)["name"] == title


def test_serialisation_is_sorted_and_keeps_danish_letters():
    body = structured.script_json({"b": "æøå", "a": "<&>"})
    assert body.index('"a"') < body.index('"b"')
    assert "æøå" in body and "<" not in body and "&" not in body
    assert json.loads(body) == {"a": "<&>", "b": "æøå"}


# --- meta description, Open Graph, canonical ---------------------------------------------

def test_item_page_metadata(files):
    parsed = head(text(files, "moeder/borgermoede-1/index.html"))
    assert parsed.meta == {
        "viewport": "width=device-width, initial-scale=1",
        "description": "Første møde.",
        "og:title": "Borgermøde i forældreekspertpanelet",
        "og:description": "Første møde.",
        "og:type": "article",
        "og:locale": "da_DK",
        "og:site_name": "Kvalitet i børnesagerne",
        "og:url": BASE + "moeder/borgermoede-1/",
    }
    assert parsed.canonical == [BASE + "moeder/borgermoede-1/"]


def test_front_page_and_lists_are_websites_described_by_the_site(files):
    front = head(text(files, "index.html"))
    assert front.meta["og:type"] == "website" and front.meta["og:title"] == "Kvalitet i børnesagerne"
    assert front.meta["description"] == "Status for arbejdet med kvaliteten i børnesagerne."
    assert front.canonical == [BASE]
    listing = head(text(files, "moeder/index.html"))
    assert listing.meta["og:type"] == "website" and listing.canonical == [BASE + "moeder/"]
    assert listing.meta["og:title"] == "Møder"


def test_without_summary_the_site_description_then_nothing(files):
    assert head(text(files, "moeder/vinter/index.html")).meta["description"] == \
        "Status for arbejdet med kvaliteten i børnesagerne."
    bare = build(meetings_records(config=config(description=None), pages=(page(summary=None),)))
    meta = head(text(bare, "om-panelet/index.html")).meta
    assert "description" not in meta and "og:description" not in meta
    assert head(text(bare, "moeder/borgermoede-1/index.html")).meta["description"] == "Første møde."


def test_404_has_no_address_of_its_own(files):
    parsed = head(text(files, "404.html"))
    assert parsed.canonical == [] and "og:url" not in parsed.meta
    assert parsed.meta["og:locale"] == "da_DK"


def test_descriptions_are_escaped():
    built = build(meetings_records(meetings=(meeting(summary='Om "kvalitet" & <tid>'),)))
    html = text(built, "moeder/borgermoede-1/index.html")
    assert '<meta name="description" content="Om &#34;kvalitet&#34; &amp; &lt;tid&gt;">' in html
    assert head(html).meta["og:description"] == 'Om "kvalitet" & <tid>'


def test_favicon_is_linked_and_shipped(files):
    assert re.search(r'<link rel="icon" href="static/favicon\.[0-9a-f]{8}\.ico" sizes="any">', text(files, "index.html"))
    assert files["favicon.ico"] == files["static/favicon.ico"]


