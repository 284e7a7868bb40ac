"""Feeds, calendars and the sitemap are read by programs, not people (issue 15, item 9): every one
of them parses, and a character XML cannot hold never gets that far. A control character in any text
(title, summary, body) is a fejl naming the file, line and field: exit 1, nothing written.

The real site's are read in tests/integration/test_real_site.py, where it is built anyway.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sitegen.engine.pipeline import build_site
from tests.gatekit import TEST_SITE_NOW
from tests.pagekit import malformed_machine_files
from tests.sitekit import FULL_SITE, base_files, run_cli, tree_digest, write_site

NOW = dt.datetime.fromisoformat(TEST_SITE_NOW).replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
UPDATE = "content/updates/nyhed.md"


@pytest.mark.parametrize("preview", [False, True], ids=["build", "preview"])
def test_every_feed_calendar_and_sitemap_of_the_test_site_parses(preview):
    files = build_site(FULL_SITE, NOW, preview=preview).files
    assert malformed_machine_files(files) == []
    assert {"sitemap.xml", "status/feed.xml", "moeder/kalender.ics"} <= set(files)


def test_the_check_finds_a_malformed_feed_and_calendar():
    feed = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ny\x01hed</title></feed>'
    calendar = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:x\r\n"
    wrong = malformed_machine_files({"status/feed.xml": feed, "moeder/kalender.ics": calendar})
    assert [line.split(":")[0] for line in wrong] == ["moeder/kalender.ics", "status/feed.xml"]


CONTROL = {
    "title": ('---\ntitle: "Ny\\x01hed"\ndate: 2016-06-01\n---\nTekst.\n', 2),
    "summary": ('---\ntitle: Nyhed\ndate: 2016-06-01\nsummary: "Kort\\x1f sagt"\n---\nTekst.\n', 4),
    "body": ("---\ntitle: Nyhed\ndate: 2016-06-01\n---\nTekst.\n\nMere \x01 tekst.\n", 7),
}


@pytest.mark.parametrize("field", list(CONTROL))
def test_a_control_character_stops_the_build_naming_the_field(tmp_path, field):
    text, line = CONTROL[field]
    site = write_site(tmp_path / "site", base_files())
    out = tmp_path / "out"
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-09-01").returncode == 0
    before = tree_digest(out)
    write_site(site, {UPDATE: text})
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-09-01")
    assert result.returncode == 1, result.stderr
    named = f"{UPDATE}:{line}: {field}: " if field != "body" else f"{UPDATE}:{line}: "
    mine = [row for row in result.stderr.splitlines() if row.startswith(named)]
    assert mine and "usynligt tegn" in mine[0] and mine[0].endswith("[fejl]"), result.stderr
    assert tree_digest(out) == before
