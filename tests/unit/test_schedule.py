"""When the site changes by itself: next_change picks the earliest moment after --now."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from build import parse_now
from sitegen.checks.schedule import next_change
from sitegen.engine.pipeline import build_site
from tests.sitekit import SCHEDULED as KNOWN
from tests.sitekit import base_files, write_site

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(scope="module")
def known_site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("schedule") / "site", KNOWN)


def change_at(site: Path, now: str) -> str | None:
    moment = next_change(build_site(site, parse_now(now)).site)
    return moment.isoformat() if moment else None


@pytest.mark.parametrize("now, expected, why", [
    ("2016-09-01T12:00", "2016-09-29T00:00:00+02:00", "sign-up closes the day after the deadline"),
    ("2016-09-29T00:00", "2016-10-03T00:00:00+02:00", "the initiative is overdue the day after its deadline"),
    ("2016-10-03T00:00", "2016-10-03T09:00:00+02:00", "the update's publish moment"),
    ("2016-10-03T08:59:59", "2016-10-03T09:00:00+02:00", "still the publish moment, a second before"),
    ("2016-10-03T09:00", "2016-10-05T17:00:00+02:00", "the meeting starts"),
    ("2016-10-05T17:00", "2016-10-05T18:30:00+02:00", "the meeting ends and is held"),
    ("2016-10-05T18:30", "2016-10-20T00:00:00+02:00", "15th day without minutes: the freshness warning"),
    ("2016-10-20T00:00", None, "nothing left that depends on the clock"),
])
def test_next_change_is_the_earliest_moment_after_now(known_site, now, expected, why):
    assert change_at(known_site, now) == expected, why


def test_minutes_and_a_closed_initiative_take_their_moments_away(tmp_path):
    site = write_site(tmp_path / "site", KNOWN | {
        # Public when the meeting ends: minutes of a meeting that has not started are an error.
        "content/minutes/referat.md": "---\ntitle: Referat\nmeeting: borgermoede\npublish: 2016-10-05 18:30\n---\n"
                                      "Vi talte om kvalitet.\n",
        "content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2016-10-02\nstatus: gennemfoert\n---\nT.\n",
    })
    assert change_at(site, "2016-09-29T00:00") == "2016-10-03T09:00:00+02:00"
    assert change_at(site, "2016-10-05T18:30") is None


@pytest.mark.parametrize("files, now, expected, hours", [
    # Summer time ends on 30 October 2016 at 03:00: the moment is in winter time (+01:00).
    ({"content/meetings/borgermoede.md": "---\ntitle: Møde\ndate: 2016-10-31\nstart: \"10:00\"\nend: \"12:00\"\n"
                                         "venue: raadhus\n---\nTekst.\n"},
     "2016-10-29T12:00", "2016-10-31T10:00:00+01:00", 47),
    # Overdue from midnight after the deadline, which is the first night of winter time.
    ({"content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2016-10-29\n---\nTekst.\n"},
     "2016-10-29T12:00", "2016-10-30T00:00:00+02:00", 12),
    # Summer time starts on 26 March 2017 at 02:00: a publish moment that day is in +02:00.
    ({"content/updates/nyhed.md": "---\ntitle: Nyhed\ndate: 2017-03-26\npublish: 2017-03-26 12:00\n---\nT.\n",
      "content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2017-03-26\n---\nTekst.\n"},
     "2017-03-25T12:00", "2017-03-26T12:00:00+02:00", 23),
])
def test_next_change_across_daylight_saving_time(tmp_path, files, now, expected, hours):
    site = write_site(tmp_path / "site", base_files() | {"content/meetings/borgermoede.md": None} | files)
    assert change_at(site, now) == expected
    elapsed = dt.datetime.fromisoformat(expected) - parse_now(now)
    assert elapsed == dt.timedelta(hours=hours)



def test_a_moved_deadline_is_the_moment_the_initiative_becomes_overdue(tmp_path):
    moved = ("---\ntitle: Tiltag\ndeadline: 2016-10-02\nstatus: i-gang\ndeadline_changes:\n  - date: 2016-09-20\n"
             "    deadline: 2016-11-15\n    note: Flere sager end ventet.\n---\nT.\n")
    site = write_site(tmp_path / "site", base_files() | {"content/meetings/borgermoede.md": None,
                                                          "content/initiatives/tiltag.md": moved})
    assert change_at(site, "2016-09-29T00:00") == "2016-11-16T00:00:00+01:00"  # not the original 3 October
