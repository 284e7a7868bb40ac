"""Calendar: meetings as iCalendar files (RFC 5545), written with the `icalendar` package.

Stage: helper of render. Imports: records, assemble, danish, syndication (for
absolute URLs) and icalendar, which also reads them back in the tests. Output
depends on `site` alone (DTSTAMP is `site.now`, properties in the order added),
so two builds for the same moment are byte-identical.

Times are written in UTC ("...Z"), which RFC 5545 allows and every client
reads, so no VTIMEZONE block is needed and daylight saving time cannot be
got wrong by a client: 17:00 on 5 October 2016 is 15:00Z, on 7 December 16:00Z.

icalendar makes the components, types the values, folds the lines and ends
them with CRLF. TEXT values are escaped here (`_Text`): icalendar 7.3's
writer turns a backslash followed by "N" into a line break, so "C:\\Noter"
would come back as "C:" and "oter"; its reader is right.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vDuration, vInt, vText, vUri
from icalendar.parser import Contentline

from sitegen.content.assemble import MeetingEntry, Site
from sitegen.core import urls
from sitegen.core.records import Person
from sitegen.render import danish
from sitegen.render.syndication import absolute_url

CALENDAR_PATH = urls.output_path(urls.CALENDAR)
LINE_LIMIT = 75  # octets per line, CRLF not counted (RFC 5545, 3.1)
# Clients that honour these (Apple, Outlook; RFC 7986) re-read a subscription twice a day.
REFRESH = dt.timedelta(hours=12)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def calendar_files(site: Site) -> list[tuple[str, str, bytes]]:
    """(output path, source, content) of every meeting's .ics, then the whole calendar.

    The source names the content file, so a meeting whose slug is "kalender"
    is refused by render's collision check with its file named first.
    """
    meetings = sorted(site.meetings, key=lambda e: (e.starts, e.meeting.slug))
    files = [
        (urls.output_path(urls.meeting_calendar(e.meeting.slug)), e.meeting.source, meeting_calendar(site, e))
        for e in meetings
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
    extra = [("X-WR-CALNAME", _Text(name)), ("NAME", _Text(name)),
             ("REFRESH-INTERVAL", vDuration(REFRESH, params={"VALUE": "DURATION"})),
             ("X-PUBLISHED-TTL", vDuration(REFRESH))]
    return _calendar(site, meetings, extra)


class _Text(vText):
    """A TEXT value escaped by escape_text (see the module's docstring for why not by vText)."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        return escape_text(self).encode(self.encoding)


def _calendar(site: Site, entries: list[MeetingEntry], extra: list[tuple[str, object]]) -> bytes:
    config = site.config
    calendar = Calendar()
    for name, value in [
        ("VERSION", _Text("2.0")),
        ("PRODID", _Text(f"-//{_pid(config.organisation)}//{_pid(config.title)}//DA")),
        ("CALSCALE", _Text("GREGORIAN")),
        ("METHOD", _Text("PUBLISH")),
        *extra,
    ]:
        calendar.add(name, value)
    stamp = _utc(site.now)
    for entry in entries:
        calendar.add_component(_event(site, entry, stamp))
    # Unsorted: properties in the order added here, the same in every build.
    return calendar.to_ical(sorted=False)


def _event(site: Site, entry: MeetingEntry, stamp: dt.datetime) -> Event:
    meeting = entry.meeting
    page = absolute_url(site.config.base_url, urls.of(meeting))
    cancelled = meeting.status == "aflyst"
    # Some clients (Google) show a cancelled event in a subscription like any
    # other, so the title says it too.
    summary = f"Aflyst: {meeting.title}" if cancelled else meeting.title
    event = Event()
    for name, value in [
        ("UID", _Text(event_uid(site.config.base_url, meeting.slug))),
        ("DTSTAMP", stamp),
        ("DTSTART", _utc(entry.starts)),
        ("DTEND", _utc(entry.ends)),
        ("SUMMARY", _Text(summary)),
        ("LOCATION", _Text(_location(entry))),
        ("DESCRIPTION", _Text(_description(entry, page))),
        ("URL", vUri(page)),
        ("STATUS", _Text("CANCELLED" if cancelled else "CONFIRMED")),
        # Each public change raises SEQUENCE, so clients replace their copy.
        ("SEQUENCE", vInt(len(meeting.changes))),
        ("TRANSP", _Text("OPAQUE")),
    ]:
        event.add(name, value)
    return event


def event_uid(base_url: str, slug: str) -> str:
    """Stable across builds and free of personal data: the page's path at the site's host.

    kvalitet-boerneomraadet/moeder/2016-10-05-borgermoede@www.lejre.dk
    The path keeps it unique on a host that publishes other sites too.
    """
    parts = urlsplit(base_url)
    path = "/".join(p for p in parts.path.split("/") if p)
    page = f"{urls.MEETINGS}{slug}".strip("/")  # the meeting page's path: moeder/<slug>
    return f"{path + '/' if path else ''}{page}@{parts.hostname}"


def utc_stamp(moment: dt.datetime) -> str:
    """An aware datetime as an RFC 5545 UTC DATE-TIME: 20161005T150000Z."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC, which icalendar writes as 20161005T150000Z (no TZID)."""
    return moment.astimezone(dt.UTC)


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
    """A PRODID part: "//" separates parts, so slashes inside one are dropped (escaped by _Text)."""
    return text.replace("/", " ")


def escape_text(value: str) -> str:
    r"""An RFC 5545 TEXT value: \\ \; \, and \n escaped; other control characters dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(char, escaped)
    return value


def fold_line(line: str) -> str:
    """Fold a content line as icalendar folds every line it writes: at most 75 octets of UTF-8.

    Never inside a character, nor (for older clients) between a backslash and
    the character it escapes. Each continuation starts with one space, counted
    in its 75 octets. Returns the folded line with CRLF between the parts (none at the end).
    """
    return Contentline(line).to_ical().decode("utf-8")
