"""Time-dependent rules, each with an explicit now: upcoming/held, drafts, publish, overdue, links."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.assemble import assemble_site
from sitegen.load import load_site
from sitegen.validate import validate_records
from tests.sitekit import base_files, run_cli, tree_digest, write_site

CPH = ZoneInfo("Europe/Copenhagen")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CPH)


def records_of(root: Path, files: dict):
    write_site(root, base_files() | files)
    records, problems = validate_records(load_site(root))
    assert problems == [], [p.format() for p in problems]
    return records


TIMED = {
    "content/meetings/december.md": """\
        ---
        title: Møde i december
        date: 2016-12-07
        start: "17:00"
        end: "18:30"
        venue: raadhus
        ---
        """,
    "content/minutes/referat-oktober.md": "---\ntitle: Referat fra oktober\nmeeting: borgermoede\npublish: 2016-10-05 18:30\n---\nTekst.\n",
    "content/initiatives/open.md": "---\ntitle: Åbent tiltag\ndeadline: 2017-Q1\nstatus: i-gang\n---\n",
    "content/initiatives/done.md": "---\ntitle: Færdigt tiltag\ndeadline: 2017-03-31\nstatus: gennemfoert\n---\n",
    "content/initiatives/unknown.md": "---\ntitle: Uden status\ndeadline: 2017-03-31\n---\n",
    "content/initiatives/none.md": "---\ntitle: Uden frist\ndeadline: ikke-fastsat\n---\n",
    "content/updates/draft.md": "---\ntitle: Kladde\ndate: 2016-06-01\ndraft: true\n---\n",
    "content/updates/later.md": "---\ntitle: Senere\ndate: 2016-06-01\npublish: 2016-10-05 17:00\n---\n",
    "content/updates/now.md": "---\ntitle: Nu\ndate: 2016-06-02\ninitiatives: [open]\n---\n",
}


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


def test_draft_never_reaches_output_but_preview_marks_it(tmp_path):
    site = write_site(tmp_path / "site", base_files() | TIMED)
    out, preview_out = tmp_path / "out", tmp_path / "preview"
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-10-01T12:00").returncode == 0
    assert run_cli("build", "--site", str(site), "--out", str(preview_out), "--now", "2016-10-01T12:00",
                   "--preview").returncode == 0
    public = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "Kladde" not in public and "Senere" not in public
    assert not (out / "status" / "draft").exists() and not (out / "status" / "later").exists()
    draft_page = (preview_out / "status" / "draft" / "index.html").read_text(encoding="utf-8")
    later_page = (preview_out / "status" / "later" / "index.html").read_text(encoding="utf-8")
    assert "Kladde - ikke offentliggjort" in draft_page
    assert "Offentliggøres onsdag den 5. oktober 2016 kl. 17.00" in later_page


def test_same_input_same_now_gives_identical_bytes(tmp_path):
    site = write_site(tmp_path / "site", base_files() | TIMED)
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-10-01T12:00").returncode == 0
    assert tree_digest(a) == tree_digest(b)


def test_a_site_folder_outside_the_project(tmp_path):
    """The contract's own example: python build.py build --site DIR --out DIR2 --now 2031-01-15."""
    site = write_site(tmp_path / "elsewhere", base_files() | TIMED)
    out = tmp_path / "published"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2031-01-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    meetings = (out / "moeder" / "index.html").read_text(encoding="utf-8")
    assert "Møde i december" in meetings and (out / "tiltag" / "open" / "index.html").is_file()
    assert not (site / "output").exists()


def test_initiative_shows_when_its_status_was_last_recorded(tmp_path):
    files = {"content/initiatives/x.md": "---\ntitle: X\ndeadline: 2018\ndecided: 2016-06-01\nprogress:\n"
                                          "  - date: 2016-08-23\n    note: Status givet.\n  - date: 2016-06-07\n    note: Fremlagt.\n---\n",
             "content/initiatives/y.md": "---\ntitle: Y\ndeadline: 2018\n---\n"}
    site = assemble_site(records_of(tmp_path, files), at("2017-01-01T00:00"), preview=False)
    recorded = {e.initiative.slug: e.last_recorded for e in site.initiatives}
    assert recorded == {"x": dt.date(2016, 8, 23), "y": None}
