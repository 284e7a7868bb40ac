"""Stage memos on disk (sitegen/cache/stagecache.py) never change a build (the memos in memory and assemble's
updates per initiative: tests/unit/test_stage_memos.py).

Load's parse memo and the link checker's page memo are read from disk, used by the
real pipeline (build_site with its load_site and output_gates given the memos) and
saved again; every build is compared with pipeline.build_site without any memo:
the same files, warnings, notes and figures, or the same problems with their lines.
Spies count the files parsed and the pages scanned, so a test also shows that the
memo was used (or, for a damaged file, that it was not).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import pickle
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.cache import disk, stagecache
from sitegen.checks import gates, links
from sitegen.content import load
from sitegen.core.problems import ContentProblems, Problem
from sitegen.engine import pipeline
from tests.sitekit import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = dt.datetime(2017, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))  # what the fixture is built for
MEETING = "content/meetings/2016-10-05-borgermoede.md"
LINKING = "content/meetings/2017-03-20-borgermoede-marts.md"
LINKING_PAGE = "moeder/2017-03-20-borgermoede-marts/index.html"
TARGET = "content/pages/regler-for-tilmelding.md"


@dataclasses.dataclass
class Counts:
    parsed: int = 0  # content files given to parse_markdown
    scanned: int = 0  # HTML pages given to the link scanner


@pytest.fixture
def counts(monkeypatch) -> Counts:
    counts = Counts()
    parse, scan = load.parse_markdown, links.Page.__init__

    def counting_parse(*args):
        counts.parsed += 1
        return parse(*args)

    def counting_scan(self, data):
        counts.scanned += 1
        scan(self, data)

    monkeypatch.setattr(load, "parse_markdown", counting_parse)
    monkeypatch.setattr(links.Page, "__init__", counting_scan)
    return counts


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    return site


def plain_build(site: Path) -> tuple:
    """build_site as the pipeline has it, without stage memos: what a memo must never change."""
    try:
        result = pipeline.build_site(site, NOW)
    except ContentProblems as error:
        return ("problems", error.problems)
    return ("built", result.files, result.findings, result.report)


def memo_build(site: Path, monkeypatch) -> tuple:
    """The same build with both memos read from disk, used, and saved again (also after problems)."""
    parsed, scanned = stagecache.load_load_memo(site), stagecache.load_links_memo(site)
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "load_site", lambda site_dir, *_, **__: load.load_site(site_dir, parsed))
        patch.setattr(pipeline, "output_gates",
                      lambda built, files, *_, **__: gates.output_gates(built, files, links_memo=scanned))
        try:
            return plain_build(site)
        finally:
            stagecache.save_load_memo(site, parsed)
            stagecache.save_links_memo(site, scanned)


def content_files(site: Path) -> int:
    return len(list((site / "content").rglob("*.md")))


def html_pages(outcome: tuple) -> int:
    return sum(1 for path in outcome[1] if path.endswith(".html") and not path.startswith("pagefind/"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_from_memos_on_disk_is_the_plain_build_and_parses_nothing(site, counts, monkeypatch):
    plain = plain_build(site)
    assert plain[0] == "built" and plain[2], "the fixture has warnings to compare"
    counts.parsed = counts.scanned = 0
    assert memo_build(site, monkeypatch) == plain  # no memo on disk yet: everything parsed and saved
    assert (counts.parsed, counts.scanned) == (content_files(site), html_pages(plain))
    assert stagecache.load_file(site).is_file() and stagecache.links_file(site).is_file()

    counts.parsed = counts.scanned = 0
    assert memo_build(site, monkeypatch) == plain
    assert (counts.parsed, counts.scanned) == (0, 0)  # all of it came from the files on disk


BREAKS = [  # (file, old, new, the problem expected: path, line, field, start of message)
    pytest.param(MEETING, "summary: Et holdt møde", "summary: Referat: et holdt møde",
                 (MEETING, 3, "", "YAML-fejl"), id="yaml-error-in-front-matter"),
    pytest.param(MEETING, 'end: "18:30"', 'end: "25:99"', (MEETING, 6, "end", ""), id="invalid-field"),
    pytest.param(MEETING, "---\ntitle:", "title:", (MEETING, 1, "", "filen begynder ikke med felterne"),
                 id="front-matter-missing"),
    pytest.param("data/venues.yaml", "  name: Testrådhuset", "  name: Testrådhuset: nyt navn",
                 ("data/venues.yaml", 2, "", "YAML-fejl"), id="yaml-error-in-data-file"),
]


@pytest.mark.parametrize("name, old, new, expected", BREAKS)
def test_broken_front_matter_is_reported_with_its_line_and_fixed_again(site, counts, monkeypatch,
                                                                       name, old, new, expected):
    original = plain_build(site)
    memo_build(site, monkeypatch)  # memos on disk know the file as it was
    path = site / name
    text = path.read_text(encoding="utf-8")
    edit(path, old, new)

    broken = memo_build(site, monkeypatch)
    assert broken == plain_build(site)
    assert broken[0] == "problems"
    assert any((p.path, p.line, p.field) == expected[:3] and p.message.startswith(expected[3])
               for p in broken[1]), [p.format() for p in broken[1]]

    counts.parsed = 0
    assert memo_build(site, monkeypatch) == broken  # the broken file's problems, now from the memo
    assert counts.parsed == 0

    path.write_text(text, encoding="utf-8")
    assert memo_build(site, monkeypatch) == plain_build(site) == original


def test_a_deleted_page_that_an_unchanged_page_links_to_is_reported(site, counts, monkeypatch):
    with (site / LINKING).open("a", encoding="utf-8") as stream:
        stream.write("\nSe også [reglerne for tilmelding](/regler-for-tilmelding/).\n")
    before = memo_build(site, monkeypatch)
    assert before == plain_build(site) and before[3].broken_links == []

    (site / TARGET).unlink()
    counts.scanned = 0
    after = memo_build(site, monkeypatch)
    scanned = counts.scanned
    assert after == plain_build(site)
    assert after[1][LINKING_PAGE] == before[1][LINKING_PAGE]  # the linking page came from the memo...
    changed = sum(1 for p, data in after[1].items() if p.endswith(".html") and before[1].get(p) != data)
    assert scanned == changed < html_pages(after)  # ...as did every page that did not change
    assert [(p.path, p.line) for p in after[3].broken_links] == [(LINKING, 1)]  # ...and its link is reported
    assert "/regler-for-tilmelding/ findes ikke" in after[3].broken_links[0].message
    assert after[3].broken_links[0] in after[2]


def test_memos_hold_only_this_build_and_are_not_written_when_unchanged(site, monkeypatch):
    memo_build(site, monkeypatch)
    files = (stagecache.load_file(site), stagecache.links_file(site))
    stamps = [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files]
    memo_build(site, monkeypatch)
    assert [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files] == stamps  # nothing new: not written

    (site / TARGET).unlink()
    memo_build(site, monkeypatch)
    saved = stagecache.load_load_memo(site)
    assert {key[1] for key in saved if key[0] == "content"} == {
        p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md")}
    assert len(saved) == content_files(site) + len(list((site / "data").glob("*.yaml")))
    assert len(stagecache.load_links_memo(site)) == len({
        hashlib.sha256(data).digest() for p, data in plain_build(site)[1].items() if p.endswith(".html")})


class Gone:
    """A class a memo refers to by name, renamed in the pickle to one that does not exist."""


def _class_gone(which: str) -> bytes:
    payload = pickle.dumps((disk.code_version(), {1: Gone()}), protocol=5)
    assert payload.count(b"Gone") == 1
    return _checksummed(payload.replace(b"Gone", b"Lost"))


WORDS = {"load": b"oktober", "links": b"moeder/"}  # text in a title / in URLs of the fixture


def _change_a_letter(data: bytes, which: str) -> bytes:
    """Still a loadable pickle, but one title or URL is wrong: only the checksum can tell."""
    word = WORDS[which]
    assert word in data
    return data.replace(word, word[:2] + b"x" + word[3:], 1)


def _checksummed(payload: bytes) -> bytes:
    return disk.MAGIC + hashlib.sha256(payload).digest() + payload


DAMAGES = {
    "empty": lambda data, which: b"",
    "garbage": lambda data, which: b"not a memo at all",
    "truncated": lambda data, which: data[: len(data) // 2],
    "one bit flipped": lambda data, which: data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
    "a letter changed": _change_a_letter,
    "without checksum": lambda data, which: data[len(disk.MAGIC) + 32:],  # a bare pickle of (version, entries)
    # Written whole by someone, with a right checksum, yet not a memo:
    "not a pickle": lambda data, which: _checksummed(b"\x80\x05garbage"),
    "a class that is gone": lambda data, which: _class_gone(which),
    "not a pair": lambda data, which: _checksummed(pickle.dumps("memo", protocol=5)),
    "entries not a dict": lambda data, which: _checksummed(pickle.dumps((disk.code_version(), [1, 2]), protocol=5)),
}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("which", ["load", "links"])
def test_a_damaged_memo_is_ignored_and_written_again(site, counts, monkeypatch, which, damage):
    plain = plain_build(site)
    memo_build(site, monkeypatch)
    path = stagecache.load_file(site) if which == "load" else stagecache.links_file(site)
    path.write_bytes(DAMAGES[damage](path.read_bytes(), which))
    assert (stagecache.load_load_memo if which == "load" else stagecache.load_links_memo)(site) == {}
    assert gc.isenabled()  # switched off while unpickling only
    counts.parsed = counts.scanned = 0
    assert memo_build(site, monkeypatch) == plain
    assert (counts.parsed if which == "load" else counts.scanned) > 0  # done again, not taken from the file
    reread = stagecache.load_load_memo(site) if which == "load" else stagecache.load_links_memo(site)
    assert len(reread) > 20  # written again, whole


def _poison(site: Path, which: str, version: str) -> dict:
    """Write a memo file whose entries are all wrong, under `version`; return its entries."""
    if which == "load":
        lie = (None, [Problem(path="content/forgiftet.md", line=99, field="", message="forgiftet", fix="")])
        keys, path = stagecache.load_load_memo(site), stagecache.load_file(site)
    else:
        lie = (frozenset(), (), ())  # a page without links or ids
        keys, path = stagecache.load_links_memo(site), stagecache.links_file(site)
    assert keys
    entries = {key: lie for key in keys}
    path.write_bytes(_checksummed(pickle.dumps((version, entries), protocol=5)))
    return entries


@pytest.mark.parametrize("which", ["load", "links"])
def test_a_memo_written_by_other_code_is_ignored(site, monkeypatch, which):
    plain = plain_build(site)
    memo_build(site, monkeypatch)
    version = disk.code_version()
    read = stagecache.load_load_memo if which == "load" else stagecache.load_links_memo

    poisoned = _poison(site, which, version)
    assert read(site) == poisoned  # under this code's version the file would be believed...
    _poison(site, which, "0" * 64)
    assert read(site) == {}  # ...but from other code it is not
    assert memo_build(site, monkeypatch) == plain


def test_a_load_memo_of_another_pyyaml_is_ignored(site, monkeypatch):
    disk.code_version.cache_clear()  # this process's key may be older than the sources now on disk
    memo_build(site, monkeypatch)
    assert stagecache.load_load_memo(site)
    plain = disk._distribution_version
    monkeypatch.setattr(disk, "_distribution_version",
                        lambda name, module: "0.0 without libyaml" if name == "pyyaml" else plain(name, module))
    disk.code_version.cache_clear()  # worked out once per process: again, with the other PyYAML
    try:
        assert stagecache.load_load_memo(site) == {}
    finally:
        monkeypatch.undo()
        disk.code_version.cache_clear()
    assert stagecache.load_load_memo(site)  # under this PyYAML, the memo is used again

