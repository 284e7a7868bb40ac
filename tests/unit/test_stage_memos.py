"""The stages' memos in memory: the link checker's verdicts follow the current files and a page from
the memo is the scanned page; assemble gives each initiative its updates in order; the YAML parser's
errors are said in Danish whichever parser is used. (The memos on disk: tests/integration/test_stage_caches.py.)"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest

from sitegen.checks import links
from sitegen.checks.links import check_links
from sitegen.content import load
from sitegen.content.assemble import assemble_site
from sitegen.content.validate import validate_records
from sitegen.core.problems import Problem
from tests.sitekit import ROOT, base_files, write_site

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = dt.datetime(2017, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))  # what the fixture is built for


def html(body: str) -> bytes:
    return f'<!doctype html><html lang="da"><head><title>x</title></head><body>\n{body}\n</body></html>'.encode()


def test_link_memo_verdicts_follow_the_current_files():
    """The memo keeps what a page asks for and offers; whether that exists is decided every time."""
    linking = html('<a href="../b/#afsnit">b</a>\n<a href="../c/">c</a>')
    files = {"a/index.html": linking, "b/index.html": html('<h2 id="afsnit">x</h2>'), "c/index.html": html("")}
    memo: dict = {}
    assert check_links(files, memo=memo) == check_links(files) == ([], [])
    assert len(memo) == 3

    without_id = dict(files, **{"b/index.html": html("<h2>x</h2>")})
    problems = check_links(without_id, memo=memo)
    assert problems == check_links(without_id) and len(problems[0]) == 1
    assert 'intet element med id="afsnit"' in problems[0][0].message and problems[0][0].line == 2
    assert hashlib.sha256(files["b/index.html"]).digest() not in memo and len(memo) == 3  # the old b is forgotten

    gone = {"a/index.html": linking, "b/index.html": html('<h2 id="afsnit">x</h2>')}
    problems = check_links(gone, memo=memo)
    assert problems == check_links(gone) and [p.line for p in problems[0]] == [3]
    assert "/c/ findes ikke" in problems[0][0].message


def test_a_page_from_the_memo_is_the_scanned_page():
    page = html('<a href="x/?a=1&amp;b=2#s&eacute;">1</a><img src=y.png id=billede><a name="n" href=z/>3</a>')
    memo: dict = {}
    check_links({"p/index.html": page}, memo=memo)
    (parts,) = memo.values()
    again = links.Page.from_parts(page, parts)
    fresh = links.Page(page)
    assert (again.urls, again.ids, again.data) == (fresh.urls, fresh.ids, fresh.data)
    assert fresh.urls and fresh.ids


def test_urls_with_the_same_verdict_key_get_the_same_verdict():
    """check_links resolves a URL once per verdict_key; every folder and URL sharing a key must agree."""
    folders = ["", "a", "b", "a/b", "a/c", "b/b", "a/b/c", "x/b/c", "a/b/c/d"]
    urls = ["", "#x", "./", ".", "..", "../", "../#x", "../../", "../../..", "../../../", "../a/", "../../a/b/",
            "../b/../c/", "../../../a/", "..//a/", "../..//", "../%2E%2E/a/", "../%2e%2e/%2e%2e/", "../?q#f",
            "../http:x", "../../x/index.html", "../a", "../../static/s.css", "/a/", "b/", "//ex.org/", "../b"]
    files = {f"{f}/index.html".lstrip("/"): b"" for f in folders} | {"static/s.css": b"", "x/index.html": b""}
    seen: dict = {}
    for folder in folders:
        parts = folder.split("/") if folder else []
        bases = [tuple(parts[:len(parts) - up]) for up in range(len(parts) + 1)]
        for url in urls:
            for prefix in ("/", "/a/"):
                key = (links.verdict_key(folder, bases, url), prefix)
                verdict = links._resolve(folder, url, prefix, files)
                assert seen.setdefault(key, (verdict, folder))[0] == verdict, (folder, url, prefix)
    shared = len([1 for folder in folders for _ in urls]) * 2 - len(seen)
    assert shared > 50  # many pairs share a key: the check above compared them


def _old_updates(site) -> list[tuple]:
    """Each initiative's updates as assemble worked them out before: by scanning every update."""
    return [tuple(e.update for e in site.updates if i.initiative.slug in e.update.initiatives) for i in site.initiatives]


@pytest.mark.parametrize("now", ["2016-09-01T12:00", "2017-03-01T12:00", "2018-01-01T00:00"])
@pytest.mark.parametrize("preview", [False, True])
def test_assemble_gives_each_initiative_the_updates_it_gave_before(now, preview):
    records, problems = validate_records(load.load_site(FIXTURE))
    assert problems == []
    site = assemble_site(records, dt.datetime.fromisoformat(now).replace(tzinfo=NOW.tzinfo), preview)
    assert [e.updates for e in site.initiatives] == _old_updates(site)
    before = dataclasses.replace(site, initiatives=tuple(
        dataclasses.replace(e, updates=old) for e, old in zip(site.initiatives, _old_updates(site), strict=True)))
    assert site == before
    if now != "2016-09-01T12:00":
        assert max(len(e.updates) for e in site.initiatives) >= 2  # the order of several is compared


def test_assemble_lists_an_update_once_in_its_order_even_if_it_names_an_initiative_twice(tmp_path):
    write_site(tmp_path, base_files() | {
        "content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2017-Q1\n---\n",
        "content/initiatives/andet.md": "---\ntitle: Andet\ndeadline: 2017-Q2\n---\n",
        "content/updates/a.md": "---\ntitle: A\ndate: 2016-06-01\ninitiatives: [tiltag, andet, tiltag]\n---\n",
        "content/updates/b.md": "---\ntitle: B\ndate: 2016-06-03\ninitiatives: [andet]\n---\n",
        "content/updates/c.md": "---\ntitle: C\ndate: 2016-06-02\ninitiatives: [tiltag]\n---\n",
    })
    records, problems = validate_records(load.load_site(tmp_path))
    assert problems == [] and records.updates[0].initiatives.count("tiltag") == 2
    site = assemble_site(records, NOW, preview=False)
    assert [e.updates for e in site.initiatives] == _old_updates(site)
    by_slug = {e.initiative.slug: [u.slug for u in e.updates] for e in site.initiatives}
    assert by_slug == {"tiltag": ["c", "a"], "andet": ["b", "a"]}


@pytest.mark.parametrize("text, line, reason", [
    ("title: Møde: status\n", 2, "et kolon står et sted, hvor YAML ikke venter det"),
    ("title:\n\t- punkt\n", 3, "der er brugt tabulator til indrykning"),
    ("a: 1\nb:\n  c: 1\n\td: 2\n", 5, "der er brugt tabulator til indrykning"),
    ("a:\n  b: 1\n c: 2\n", 4, "indrykningen passer ikke"),
    ("title: x\nfoo\nbar: y\n", 3, "der mangler et kolon efter et feltnavn"),  # the line without it, not the next
    ('title: "abc\n', 2, "anførselstegnet bliver ikke lukket"),  # where the quote opens, not the end of the text
    ("agenda: [a, b\n", 2, "en liste i [ ] bliver ikke lukket med ]"),
    ("title: @x\n", 2, None),  # not a tab: said as the parser says it, never blamed on a tab
])
@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_yaml_errors_are_said_in_danish_by_either_parser(monkeypatch, text, line, reason, loader):
    """The memo keeps what the parser in use says; libyaml (CSafeLoader) words errors unlike PyYAML."""
    import yaml

    if not hasattr(yaml, loader):
        pytest.skip(f"this PyYAML has no {loader}")
    monkeypatch.setattr(load, "_Loader", getattr(yaml, loader))
    problems: list[Problem] = []
    assert load.parse_yaml(text, "content/pages/x.md", 1, problems) is None
    if reason is None:
        assert [p.line for p in problems] == [line] and "cannot start any token" in problems[0].message
    else:
        assert [(p.line, p.message) for p in problems] == [(line, f"YAML-fejl: {reason}")]
