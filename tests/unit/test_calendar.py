"""Calendars: every .ics is read back with the `icalendar` library, as a calendar app would.

Records are built by hand with the factories of tests/recordkit.py; the real site's calendar is
read in tests/integration/test_real_site.py.
"""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from sitegen.core import records as r
from sitegen.render import calendar
from sitegen.render.templating import RenderError
from tests.recordkit import CPH, ERIK, JANE, NOW, build, meeting, records, text

UTC = dt.UTC
LONG_SUMMARY = (
    "Forældre, bedsteforældre og plejefamilier er velkomne; vi taler om sagsbehandlingen på det "
    "specialiserede børneområde, om ventetider og om, hvordan rådgiverne følger op på handleplanerne. "
    "Mødet foregår på dansk, og der er kaffe, te og æblekage til alle – også til børn. C:\\sti\\ er ikke en sti."
)


def calendar_records(**changes) -> r.Records:
    """A summer meeting (CEST) with one public change, a winter one (CET), a cancelled one with two."""
    two_changes = (r.Change(date=dt.date(2016, 9, 1), note="Nyt lokale."),
                   r.Change(date=dt.date(2016, 10, 1), note="Mødet er aflyst."))
    values = dict(
        meetings=(
            meeting("sommer", date=dt.date(2016, 10, 5)),
            meeting("vinter", title="Borgermøde i december", date=dt.date(2016, 12, 7), changes=(),
                    registration=r.Registration(contact=None, deadline=dt.date(2016, 11, 30))),
            meeting("aflyst", title="Borgermøde i marts", date=dt.date(2017, 3, 15), status="aflyst",
                    changes=two_changes, registration=None),
        ),
        minutes=(),
    )
    values.update(changes)
    return records(**values)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build(calendar_records())


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def event(files: dict[str, bytes], slug: str) -> icalendar.Event:
    (only,) = icalendar.Calendar.from_ical(files[f"moeder/{slug}.ics"]).walk("VEVENT")
    return only


def ics_paths(files: dict[str, bytes]) -> list[str]:
    return [path for path in files if path.endswith(".ics")]


# --- the files -----------------------------------------------------------------

def test_one_file_per_meeting_and_one_for_all(files):
    assert ics_paths(files) == ["moeder/aflyst.ics", "moeder/kalender.ics", "moeder/sommer.ics",
                                "moeder/vinter.ics"]


def test_every_file_parses_with_the_calendar_properties(files):
    for path in ics_paths(files):
        parsed = icalendar.Calendar.from_ical(files[path])
        assert parsed.errors == [], path
        assert str(parsed["VERSION"]) == "2.0"
        assert str(parsed["PRODID"]) == "-//Lejre Kommune//Kvalitet i børnesagerne//DA"
        assert str(parsed["CALSCALE"]) == "GREGORIAN" and str(parsed["METHOD"]) == "PUBLISH"
        for component in parsed.walk("VEVENT"):
            assert component.errors == [], path
            for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION",
                         "URL", "STATUS", "SEQUENCE"):
                assert name in component, (path, name)


def test_every_line_ends_with_crlf(files):
    for path in ics_paths(files):
        data = files[path]
        assert data.endswith(b"END:VCALENDAR\r\n"), path
        assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b""), path


def test_the_whole_calendar_is_named_and_holds_every_meeting(files):
    whole = icalendar.Calendar.from_ical(files["moeder/kalender.ics"])
    assert str(whole["X-WR-CALNAME"]) == "Kvalitet i børnesagerne – møder"
    assert [str(e["SUMMARY"]) for e in whole.walk("VEVENT")] == [
        "Borgermøde i forældreekspertpanelet", "Borgermøde i december", "Aflyst: Borgermøde i marts"]
    assert "X-WR-CALNAME" not in icalendar.Calendar.from_ical(files["moeder/sommer.ics"])


def test_held_and_upcoming_meetings_are_both_in_the_calendar():
    later = build(calendar_records(), now=dt.datetime(2016, 11, 1, 12, 0, tzinfo=CPH))
    assert len(events_by_uid(later["moeder/kalender.ics"])) == 3  # sommer is held by now


# --- times -----------------------------------------------------------------------

@pytest.mark.parametrize("slug, start, end", [
    ("sommer", dt.datetime(2016, 10, 5, 15, 0, tzinfo=UTC), dt.datetime(2016, 10, 5, 16, 30, tzinfo=UTC)),
    ("vinter", dt.datetime(2016, 12, 7, 16, 0, tzinfo=UTC), dt.datetime(2016, 12, 7, 17, 30, tzinfo=UTC)),
])
def test_instants_in_utc_on_both_sides_of_daylight_saving_time(files, slug, start, end):
    for component in (event(files, slug), events_by_uid(files["moeder/kalender.ics"])[str(event(files, slug)["UID"])]):
        assert component["DTSTART"].dt == start and component["DTEND"].dt == end
        assert component["DTSTART"].dt.utcoffset() == dt.timedelta(0)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z\r\n".encode() in files[f"moeder/{slug}.ics"]


def test_dtstamp_is_the_build_moment_in_utc(files):
    assert event(files, "sommer")["DTSTAMP"].dt == NOW.astimezone(UTC)
    assert b"DTSTAMP:20160920T100000Z\r\n" in files["moeder/sommer.ics"]


def test_same_moment_gives_identical_files(files):
    again = build(calendar_records())
    assert {p: again[p] for p in ics_paths(again)} == {p: files[p] for p in ics_paths(files)}


# --- identity, status, sequence --------------------------------------------------

def test_uid_is_stable_across_builds_and_holds_no_personal_data(files):
    later = build(calendar_records(), now=dt.datetime(2016, 12, 24, 9, 0, tzinfo=CPH))
    assert set(events_by_uid(later["moeder/kalender.ics"])) == set(events_by_uid(files["moeder/kalender.ics"]))
    for uid in events_by_uid(files["moeder/kalender.ics"]):
        local, host = uid.split("@")
        assert host == "www.lejre.dk"
        assert local.startswith("kvalitet-boerneomraadet/moeder/")
        for person in (JANE, ERIK):
            assert person.email not in uid
            assert not any(part.lower() in local for part in person.name.split())


@pytest.mark.parametrize("base, uid", [
    ("https://www.lejre.dk/kvalitet-boerneomraadet/", "kvalitet-boerneomraadet/moeder/m@www.lejre.dk"),
    ("https://example.org/a/b", "a/b/moeder/m@example.org"),
    ("https://example.org/", "moeder/m@example.org"),
])
def test_event_uid_cases(base, uid):
    assert calendar.event_uid(base, "m") == uid


def test_no_attendees_or_organiser_e_mail(files):
    for path in ics_paths(files):
        assert b"ATTENDEE" not in files[path] and b"ORGANIZER" not in files[path]


def test_cancelled_meeting_is_cancelled(files):
    assert str(event(files, "aflyst")["STATUS"]) == "CANCELLED"
    assert str(event(files, "aflyst")["SUMMARY"]) == "Aflyst: Borgermøde i marts"
    assert "Mødet er aflyst." in str(event(files, "aflyst")["DESCRIPTION"])
    assert str(event(files, "sommer")["STATUS"]) == "CONFIRMED"


def test_changed_meeting_has_a_higher_sequence(files):
    assert int(event(files, "vinter")["SEQUENCE"]) == 0
    assert int(event(files, "sommer")["SEQUENCE"]) == 1
    assert int(event(files, "aflyst")["SEQUENCE"]) == 2


def test_location_description_and_url(files):
    component = event(files, "sommer")
    assert str(component["LOCATION"]) == "Allerslev Rådhus, Mødelokale 1, Lejrevej 15, 4320 Lejre"
    assert str(component["URL"]) == "https://www.lejre.dk/kvalitet-boerneomraadet/moeder/sommer/"
    assert str(component["DESCRIPTION"]) == (
        "Første møde.\n\n"
        "Tilmelding senest onsdag den 28. september 2016 til Erik Asp Poulsen, Borgerrådgiver (e-mail erik@lejre.dk).\n\n"
        "Læs mere: https://www.lejre.dk/kvalitet-boerneomraadet/moeder/sommer/"
    )
    assert str(event(files, "vinter")["DESCRIPTION"]).startswith(
        "Første møde.\n\nTilmelding senest onsdag den 30. november 2016.\n\n")


# --- folding and escaping -----------------------------------------------------------

def test_long_danish_text_is_folded_and_unfolds_exactly():
    built = build(calendar_records(meetings=(meeting("sommer", summary=LONG_SUMMARY),)))
    data = built["moeder/sommer.ics"]
    lines = data.split(b"\r\n")[:-1]
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character is cut in two
    description = str(event(built, "sommer")["DESCRIPTION"])
    assert description.startswith(LONG_SUMMARY + "\n\n")
    # Unfolding removes exactly the one space a fold adds, also where a fold falls before a word's space.
    unfolded = data.replace(b"\r\n ", b"").split(b"\r\n")
    assert f"DESCRIPTION:{calendar.escape_text(description)}".encode() in unfolded
    assert "æblekage" in description and "C:\\sti\\" in description


@pytest.mark.parametrize("line", [
    "A" * 75, "A" * 76, "æ" * 100, "A" + "æ" * 40, "AB" + "–" * 30, "x" * 74 + "😀" * 3, "",
])
def test_fold_line_cases(line):
    folded = calendar.fold_line(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert all(part.startswith(b" ") for part in folded[1:])
    assert all(len(part) > 71 for part in folded[:-1])  # full lines: at most one 4-byte character short
    assert b"".join(part[1:] if i else part for i, part in enumerate(folded)).decode("utf-8") == line


@pytest.mark.parametrize("raw, escaped", [
    ("a, b; c", "a\\, b\\; c"),
    ("C:\\sti", "C:\\\\sti"),
    ("linje 1\nlinje 2\r\nlinje 3", "linje 1\\nlinje 2\\nlinje 3"),
    ("tab\tog klokke\x07", "tab\tog klokke"),
    ("æøå – “citat”", "æøå – “citat”"),
    ("\\\\server\\Noter", "\\\\\\\\server\\\\Noter"),  # a backslash before N is no line break
])
def test_escape_text_cases(raw, escaped):
    assert calendar.escape_text(raw) == escaped


@pytest.mark.parametrize("title", ['Møde; "tema", del 1 \\ 2', "Noter i \\\\server\\Noter\\n"])
def test_characters_that_need_escaping_survive_a_round_trip(title):
    built = build(calendar_records(meetings=(meeting("sommer", title=title),)))
    assert str(event(built, "sommer")["SUMMARY"]) == title


# --- links, preview, collisions ---------------------------------------------------

def test_pages_link_to_the_calendars(files):
    page = text(files, "moeder/sommer/index.html")
    assert '<a href="../sommer.ics" type="text/calendar">Føj til kalender</a>' in page
    cancelled = text(files, "moeder/aflyst/index.html")
    assert "Føj til kalender" not in cancelled
    assert '<a href="../aflyst.ics" type="text/calendar">Opdatér din kalender</a>' in cancelled
    listing = text(files, "moeder/index.html")
    assert '<a href="kalender.ics" type="text/calendar">Abonnér på alle møder i din kalender</a>' in listing


def test_held_meeting_page_still_links_its_calendar_file():
    later = build(calendar_records(), now=dt.datetime(2016, 11, 1, 12, 0, tzinfo=CPH))
    page = text(later, "moeder/sommer/index.html")
    assert "Føj til kalender" not in page
    assert '<a href="../sommer.ics" type="text/calendar">Hent mødet som kalenderfil</a>' in page
    assert "moeder/sommer.ics" in later


def test_drafts_only_in_preview_calendars():
    recs = calendar_records(meetings=(meeting("sommer"), meeting("kladde", title="Kladdemøde", draft=True)))
    normal = build(recs)
    assert "moeder/kladde.ics" not in normal
    assert b"Kladdem" not in normal["moeder/kalender.ics"]
    preview = build(recs, preview=True)
    assert "Kladdemøde" in str(event(preview, "kladde")["SUMMARY"])
    assert len(events_by_uid(preview["moeder/kalender.ics"])) == 2


def test_meeting_named_kalender_is_refused():
    with pytest.raises(RenderError) as caught:
        build(calendar_records(meetings=(meeting("kalender"),)))
    assert ("content/meetings/kalender.md:1: Filnavnet giver samme adresse 'moeder/kalender.ics' som mødekalenderen"
            in str(caught.value))


