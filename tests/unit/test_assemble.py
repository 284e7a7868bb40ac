"""Time-dependent rules, each with an explicit now: upcoming/held, drafts, publish, overdue, links."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.content.assemble import assemble_site
from sitegen.content.load import load_site
from sitegen.content.validate import validate_records
from tests.sitekit import TIMED, base_files, write_site

CPH = ZoneInfo("Europe/Copenhagen")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CPH)


def records_of(root: Path, files: dict):
    write_site(root, base_files() | files)
    records, problems = validate_records(load_site(root))
    assert problems == [], [p.format() for p in problems]
    return records


@pytest.mark.parametrize("now, upcoming, past", [
    ("2016-09-01T12:00", ["borgermoede", "december"], []),
    ("2016-10-05T18:29", ["borgermoede", "december"], []),  # still going on
    ("2016-10-05T18:30", ["december"], ["borgermoede"]),  # ended
    ("2017-01-01T00:00", [], ["december", "borgermoede"]),  # latest first
])
def test_upcoming_and_past_meetings(tmp_path, now, upcoming, past):
    site = assemble_site(records_of(tmp_path, TIMED), at(now), preview=False)
    assert [e.meeting.slug for e in site.upcoming_meetings] == upcoming
    assert [e.meeting.slug for e in site.past_meetings] == past


@pytest.mark.parametrize("now, preview, titles", [
    ("2016-10-05T16:59", False, ["Nu"]),
    ("2016-10-05T17:00", False, ["Nu", "Senere"]),
    ("2016-10-05T16:59", True, ["Nu", "Kladde", "Senere"]),
])
def test_drafts_and_publish_moments(tmp_path, now, preview, titles):
    site = assemble_site(records_of(tmp_path, TIMED), at(now), preview=preview)
    assert sorted(e.update.title for e in site.updates) == sorted(titles)
    for entry in site.updates:
        if entry.update.title == "Kladde":
            assert entry.pending.draft is True
        elif entry.update.title == "Senere" and preview:
            assert entry.pending.publish == at("2016-10-05T17:00")
        else:
            assert entry.pending is None


@pytest.mark.parametrize("now, overdue", [
    ("2017-03-31T23:59", []),  # the deadline day itself is in time
    ("2017-04-01T00:00", ["open", "unknown"]),  # not gennemfoert/opgivet, and no status is not "done"
    ("2030-01-01T00:00", ["open", "unknown"]),
])
def test_overdue_initiatives(tmp_path, now, overdue):
    site = assemble_site(records_of(tmp_path, TIMED), at(now), preview=False)
    assert sorted(e.initiative.slug for e in site.initiatives if e.overdue) == overdue


def test_minutes_link_to_their_meeting_and_back(tmp_path):
    site = assemble_site(records_of(tmp_path, TIMED), at("2017-01-01T00:00"), preview=False)
    meeting = next(e for e in site.meetings if e.meeting.slug == "borgermoede")
    assert meeting.minutes.slug == "referat-oktober"
    assert site.minutes[0].meeting.slug == "borgermoede"
    assert next(e for e in site.meetings if e.meeting.slug == "december").minutes is None


def test_update_and_initiative_link_both_ways(tmp_path):
    site = assemble_site(records_of(tmp_path, TIMED), at("2017-01-01T00:00"), preview=False)
    open_entry = next(e for e in site.initiatives if e.initiative.slug == "open")
    assert [u.slug for u in open_entry.updates] == ["now"]
    assert [i.slug for i in next(e for e in site.updates if e.update.slug == "now").initiatives] == ["open"]


def test_registration_deadline_defaults_to_seven_days_before(tmp_path):
    records = records_of(tmp_path, {})
    assert records.meetings[0].registration.deadline == dt.date(2016, 9, 28)


def test_initiative_shows_when_its_status_was_last_recorded(tmp_path):
    files = {"content/initiatives/x.md": "---\ntitle: X\ndeadline: 2018\ndecided: 2016-06-01\nprogress:\n"
                                          "  - date: 2016-08-23\n    note: Status givet.\n  - date: 2016-06-07\n    note: Fremlagt.\n---\n",
             "content/initiatives/y.md": "---\ntitle: Y\ndeadline: 2018\n---\n"}
    site = assemble_site(records_of(tmp_path, files), at("2017-01-01T00:00"), preview=False)
    recorded = {e.initiative.slug: e.last_recorded for e in site.initiatives}
    assert recorded == {"x": dt.date(2016, 8, 23), "y": None}
