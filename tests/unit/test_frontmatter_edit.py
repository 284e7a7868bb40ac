"""Saving from a form writes what a careful person would (issue 16, item 4): sitegen/editors/frontmatter.py.

A file opened and saved without changes is byte-identical; a change touches that field's lines only;
comments, unknown fields, the author's order and line ends stay; a new field goes in the canonical
order; times are quoted; what is written reads back, through the build's own loader, as the value set.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen.content.load import parse_markdown
from sitegen.content.model import fields_for
from sitegen.editors.frontmatter import FrontMatterError, edit

MEETING = """---
# Mødet i oktober
title: Borgermøde
date: 2016-10-05
start: "17:00"
end: "18:30"
venue: raadhus   # lokalet oplyses senere
agenda:
  - Velkommen

  - Status
ukendt_felt: bevares
---
Teksten.
"""
FIELDS = fields_for("meetings")
REAL = sorted((Path(__file__).resolve().parents[2] / "content").rglob("*.md"))


def _read(text: str):
    source, problems = parse_markdown("content/meetings/m.md", "meetings", "m", text.encode())
    assert source is not None, problems
    return source


@pytest.mark.parametrize("path", REAL, ids=lambda path: path.name)
def test_every_real_file_saved_unchanged_is_byte_identical(path):
    text = path.read_text(encoding="utf-8")
    kind = path.parent.name if path.parent.name != "content" else "meetings"
    assert edit(text, fields_for(kind), {}) == text
    assert edit(text, fields_for(kind), {}, body=text.split("\n---\n", 1)[1] if "\n---\n" in text else None) == text


def test_a_changed_field_changes_its_lines_only():
    changed = edit(MEETING, FIELDS, {"title": "Borgermøde om kvalitet"})
    assert changed == MEETING.replace("title: Borgermøde\n", "title: Borgermøde om kvalitet\n")
    assert _read(changed).meta.get("title").text == "Borgermøde om kvalitet"


def test_times_are_quoted_and_text_only_when_yaml_would_misread_it():
    changed = edit(MEETING, FIELDS, {"start": "16:30", "room": "Mødelokale 2", "audience": "ja"})
    assert 'start: "16:30"\n' in changed and "room: Mødelokale 2\n" in changed and 'audience: "ja"\n' in changed
    meta = _read(changed).meta
    assert (meta.get("start").text, meta.get("room").text, meta.get("audience").text) == ("16:30", "Mødelokale 2", "ja")


def test_a_new_field_goes_in_the_canonical_order_and_comments_stay():
    changed = edit(MEETING, FIELDS, {"summary": "Kort om mødet.", "status": "aflyst"})
    lines = changed.splitlines()
    assert lines[1:4] == ["# Mødet i oktober", "title: Borgermøde", "summary: Kort om mødet."]
    assert "venue: raadhus   # lokalet oplyses senere" in lines and "ukendt_felt: bevares" in lines
    assert lines.index("status: aflyst") > lines.index("venue: raadhus   # lokalet oplyses senere")


def test_a_removed_field_takes_its_lines_and_nothing_else():
    changed = edit(MEETING, FIELDS, {"agenda": None})
    assert changed == MEETING.replace("agenda:\n  - Velkommen\n\n  - Status\n", "")


def test_lists_and_groups_are_written_one_item_per_line_and_read_back():
    changed = edit(MEETING, FIELDS, {
        "agenda": ["Velkommen", "Status: hvor står vi?"],
        "changes": [{"note": "Flyttet til rådhuset", "date": dt.date(2016, 9, 1)}],
        "registration": {"contact": "anna", "deadline": dt.date(2016, 9, 28)},
    })
    assert 'agenda:\n  - Velkommen\n  - "Status: hvor står vi?"\n' in changed
    assert "changes:\n  - date: 2016-09-01\n    note: Flyttet til rådhuset\n" in changed
    assert "registration:\n  contact: anna\n  deadline: 2016-09-28\n" in changed
    meta = _read(changed).meta
    assert [item.text for item in meta.get("agenda").items] == ["Velkommen", "Status: hvor står vi?"]


def test_text_over_several_lines_is_a_block_and_the_body_is_replaced():
    changed = edit(MEETING, FIELDS, {"audience": "Forældre\nog fagfolk"}, body="Ny tekst.\n")
    assert "audience: |\n  Forældre\n  og fagfolk\n" in changed and changed.endswith("---\nNy tekst.\n")
    assert _read(changed).meta.get("audience").text == "Forældre\nog fagfolk\n"


def test_windows_line_ends_are_kept():
    windows = MEETING.replace("\n", "\r\n")
    assert edit(windows, FIELDS, {}) == windows
    changed = edit(windows, FIELDS, {"room": "Sal 1"}, body="Linje 1\nLinje 2\n")
    assert "\n" not in changed.replace("\r\n", "")
    assert "room: Sal 1\r\n" in changed and changed.endswith("Linje 1\r\nLinje 2\r\n")


@pytest.mark.parametrize("text", ["title: Uden streger\n", "---\ntitle: Aldrig lukket\n"])
def test_a_file_without_front_matter_is_refused(text):
    with pytest.raises(FrontMatterError):
        edit(text, FIELDS, {"title": "X"})
