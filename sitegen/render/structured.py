"""Structured data: JSON-LD (schema.org) for meeting pages.

Stage: helper of render. Imports: assemble, syndication (for absolute URLs)
and json. Returns text safe inside <script type="application/ld+json">; the
renderer marks it safe. It is data only: the site still runs no JavaScript.
"""
from __future__ import annotations

import json

from sitegen.content.assemble import MeetingEntry, Site
from sitegen.core import urls
from sitegen.render.syndication import absolute_url

SCHEMA = "https://schema.org/"


def event_json_ld(site: Site, entry: MeetingEntry) -> str:
    """A schema.org Event for one meeting, as JSON text for a script element."""
    return script_json(event_data(site, entry))


def event_data(site: Site, entry: MeetingEntry) -> dict:
    meeting = entry.meeting
    venue = meeting.venue
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": entry.starts.isoformat(),  # 2016-10-05T17:00:00+02:00
        "endDate": entry.ends.isoformat(),
        "eventStatus": SCHEMA + _event_status(meeting.status),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": venue.name + (f", {meeting.room}" if meeting.room else ""),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "postalCode": venue.postal_code,
                "addressLocality": venue.city,
                "addressCountry": "DK",
            },
        },
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": site.config.organisation,
            "url": site.config.base_url,
        },
        "inLanguage": "da",
        "url": absolute_url(site.config.base_url, urls.of(meeting)),
    }
    if meeting.summary:
        data["description"] = meeting.summary
    return data


def _event_status(status: str) -> str:
    """Cancelled or scheduled.

    "flyttet" in our content means a new place or time, and we do not know
    whether the date changed; EventRescheduled would need the previous date,
    so a moved meeting stays EventScheduled. A held meeting ("afholdt") has no
    schema.org status of its own and stays EventScheduled too.
    """
    return "EventCancelled" if status == "aflyst" else "EventScheduled"


def script_json(data: dict) -> str:
    """JSON that cannot end its script element early, nor open a comment in it.

    Like Django's json_script, "<", ">" and "&" become \\u003c, \\u003e and
    \\u0026: stronger than writing "</" as "<\\/" ("<!--" is harmful too),
    and a title with "<script>" in it shows no markup in the page source.
    They occur only inside JSON strings, where the escapes mean the same text.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return text
