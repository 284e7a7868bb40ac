"""Odd shapes of input never give a traceback: each is a Danish message naming the file."""
from __future__ import annotations

import pytest

from tests.sitekit import base_files, run_cli, write_site

ODD = {
    "list-front-matter": "---\n- a\n- b\n---\n",
    "scalar-front-matter": "---\nbare tekst\n---\n",
    "empty-front-matter": "---\n---\nTekst\n",
    "title-is-list": "---\ntitle: [a, b]\n---\n",
    "title-is-map": "---\ntitle:\n  da: Titel\n---\n",
    "changes-is-text": "---\ntitle: T\nchanges: flyttet\n---\n",
    "changes-item-is-text": "---\ntitle: T\nchanges:\n  - flyttet\n---\n",
    "changes-item-unknown": "---\ntitle: T\nchanges:\n  - dato: 2016-01-01\n    note: x\n---\n",
    "menu-negative": "---\ntitle: T\nmenu: -1\n---\n",
    "anchor-alias": "---\ntitle: &a T\nsummary: *a\nparent: *a\n---\n",
    "key-is-list": "---\n[a]: b\ntitle: T\n---\n",
    "only-bom": "\ufeff",
    "binary": b"\x00\x01\x02\xff\xfe",
    "crlf-unclosed": "---\r\ntitle: T\r\n",
    "huge-number": "---\ntitle: T\nmenu: 99999999999999999999\n---\n",
    "publish-garbage": "---\ntitle: T\npublish: 2016-13-45 25:61\n---\n",
    "draft-list": "---\ntitle: T\ndraft: [true]\n---\n",
}


@pytest.mark.parametrize("body", list(ODD.values()), ids=list(ODD))
def test_odd_page_is_reported_not_crashed(tmp_path, body):
    site = write_site(tmp_path / "site", base_files() | {"content/pages/side.md": body})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2016-09-01")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert any(line.startswith("content/pages/side.md:") for line in result.stderr.splitlines()), result.stderr
    assert not (tmp_path / "out").exists()


ODD_DATA = {
    "people-is-list": ("data/people.yaml", "- anna\n"),
    "person-is-text": ("data/people.yaml", "anna: Anna\n"),
    "venues-scalar": ("data/venues.yaml", "raadhus\n"),
    "keyfigures-map": ("data/keyfigures.yaml", "a: 1\n"),
    "keyfigure-item-text": ("data/keyfigures.yaml", "- a\n"),
    "series-not-list": ("data/keyfigures.yaml", "- id: a\n  label: L\n  value: 1\n  date: 2013\n  source: S\n  series: 4\n"),
    "site-is-list": ("data/site.yaml", "- title\n"),
    "site-empty": ("data/site.yaml", "# kun en kommentar\n"),
    "menu-item-text": ("data/site.yaml", "title: T\norganisation: O\nbase_url: https://e.org/\nmenu: [Møder]\n"),
}


@pytest.mark.parametrize("name, body", list(ODD_DATA.values()), ids=list(ODD_DATA))
def test_odd_data_is_reported_not_crashed(tmp_path, name, body):
    site = write_site(tmp_path / "site", base_files() | {name: body})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2016-09-01")
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert any(line.startswith(name + ":") for line in result.stderr.splitlines()), result.stderr
