"""Calendar: meetings as iCalendar files (RFC 5545), written by hand.

Stage: helper of render. Imports: records, assemble, danish, syndication (for
absolute URLs). Standard library only; the `icalendar` package is used by the
tests, never here. Output depends on `site` alone (DTSTAMP is `site.now`), so
two builds for the same moment are byte-identical.

Times are written in UTC ("...Z"), which RFC 5545 allows and every client
reads, so no VTIMEZONE block is needed and daylight saving time cannot be
got wrong by a client: 17:00 on 5 October 2016 is 15:00Z, on 7 December 16:00Z.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from . import danish
from .assemble import MeetingEntry, Site
from .records import Person
from .syndication import absolute_url

CALENDAR_PATH = "moeder/kalender.ics"
LINE_LIMIT = 75  # octets per line, CRLF not counted (RFC 5545, 3.1)
# Clients that honour these (Apple, Outlook; RFC 7986) re-read a subscription twice a day.
REFRESH = "PT12H"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def calendar_files(site: Site) -> list[tuple[str, str, bytes]]:
    """(output path, source, content) of every meeting's .ics, then the whole calendar.

    The source names the content file, so a meeting whose slug is "kalender"
    is refused by render's collision check with its file named first.
    """
    meetings = sorted(site.meetings, key=lambda e: (e.starts, e.meeting.slug))
    files = [
        (f"moeder/{e.meeting.slug}.ics", e.meeting.source, meeting_calendar(site, e)) for e in meetings
    ]
    files.append((CALENDAR_PATH, "mødekalenderen", site_calendar(site)))
    return files


def meeting_calendar(site: Site, entry: MeetingEntry) -> bytes:
    """One meeting, for "Føj til kalender"."""
    return _calendar(site, [entry], [])


def site_calendar(site: Site) -> bytes:
    """Every published meeting, held and upcoming, for subscribing."""
    meetings = sorted(site.meetings, key=lambda e: (e.starts, e.meeting.slug))
    name = f"{site.config.title} – møder"
    # Only the subscribed calendar is named: a name in a one-event file makes
    # some clients offer to create a new calendar for it.
    extra = [("X-WR-CALNAME", escape_text(name)), ("NAME", escape_text(name)),
             ("REFRESH-INTERVAL;VALUE=DURATION", REFRESH), ("X-PUBLISHED-TTL", REFRESH)]
    return _calendar(site, meetings, extra)


def _calendar(site: Site, entries: list[MeetingEntry], extra: list[tuple[str, str]]) -> bytes:
    config = site.config
    lines = [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", f"-//{_pid(config.organisation)}//{_pid(config.title)}//DA"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        *extra,
    ]
    for entry in entries:
        lines += _event(site, entry)
    lines.append(("END", "VCALENDAR"))
    return "".join(fold_line(f"{name}:{value}") + "\r\n" for name, value in lines).encode("utf-8")


def _event(site: Site, entry: MeetingEntry) -> list[tuple[str, str]]:
    meeting = entry.meeting
    page = absolute_url(site.config.base_url, f"/moeder/{meeting.slug}/")
    cancelled = meeting.status == "aflyst"
    # Some clients (Google) show a cancelled event in a subscription like any
    # other, so the title says it too.
    summary = f"Aflyst: {meeting.title}" if cancelled else meeting.title
    return [
        ("BEGIN", "VEVENT"),
        ("UID", event_uid(site.config.base_url, meeting.slug)),
        ("DTSTAMP", utc_stamp(site.now)),
        ("DTSTART", utc_stamp(entry.starts)),
        ("DTEND", utc_stamp(entry.ends)),
        ("SUMMARY", escape_text(summary)),
        ("LOCATION", escape_text(_location(entry))),
        ("DESCRIPTION", escape_text(_description(entry, page))),
        ("URL", page),
        ("STATUS", "CANCELLED" if cancelled else "CONFIRMED"),
        # Each public change raises SEQUENCE, so clients replace their copy.
        ("SEQUENCE", str(len(meeting.changes))),
        ("TRANSP", "OPAQUE"),
        ("END", "VEVENT"),
    ]


def event_uid(base_url: str, slug: str) -> str:
    """Stable across builds and free of personal data: the page's path at the site's host.

    kvalitet-boerneomraadet/moeder/2016-10-05-borgermoede@www.lejre.dk
    The path keeps it unique on a host that publishes other sites too.
    """
    parts = urlsplit(base_url)
    path = "/".join(p for p in parts.path.split("/") if p)
    return f"{path + '/' if path else ''}moeder/{slug}@{parts.hostname}"


def utc_stamp(moment: dt.datetime) -> str:
    """An aware datetime as an RFC 5545 UTC DATE-TIME: 20161005T150000Z."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _location(entry: MeetingEntry) -> str:
    venue = entry.meeting.venue
    room = f", {entry.meeting.room}" if entry.meeting.room else ""
    return f"{venue.name}{room}, {venue.address}, {venue.postal_code} {venue.city}"


def _description(entry: MeetingEntry, page: str) -> str:
    """Summary, sign-up and the page's address: what the page says, nothing more.

    The sign-up text does not depend on the build's moment (a calendar copy
    lives on after the deadline), so it states the deadline instead.
    """
    meeting = entry.meeting
    parts = [meeting.summary] if meeting.summary else []
    registration = meeting.registration
    if meeting.status == "aflyst":
        parts.append("Mødet er aflyst.")
    elif registration is not None:
        contact = registration.contact
        to = f" til {_person(contact)}" if contact is not None else ""
        parts.append(f"Tilmelding senest {danish.long_date(registration.deadline)}{to}.")
    parts.append(f"Læs mere: {page}")
    return "\n\n".join(parts)


def _person(person: Person) -> str:
    """As the page shows a contact: name, role, e-mail and telephone."""
    text = person.name + (f", {person.role}" if person.role else "")
    details = [f"e-mail {person.email}"] if person.email else []
    details += [f"telefon {person.phone}"] if person.phone else []
    return f"{text} ({', '.join(details)})" if details else text


def _pid(text: str) -> str:
    """A PRODID part: "//" separates parts, so slashes inside one are dropped."""
    return escape_text(text.replace("/", " "))


def escape_text(value: str) -> str:
    r"""An RFC 5545 TEXT value: \\ \; \, and \n escaped; other control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(char, escaped)
    return value


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets of UTF-8, never inside a character.

    Each continuation starts with one space, counted in its 75 octets.
    Returns the folded line with CRLF between the parts (none at the end).
    """
    if len(line) <= LINE_LIMIT // 4 or len(line.encode("utf-8")) <= LINE_LIMIT:
        return line  # most lines: no fold, and no walk over every character
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_LIMIT:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)
