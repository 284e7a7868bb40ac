"""The build's caches on disk as a whole file and a delta beside it (disk.read_cache, save_cache).

A delta beside the whole file (rather than shards of it) is cheaper to write;
both are in the one format of sitegen/cache/disk.py. Each of the five caches
(load's parse memo, the link checker's memo, the kept pages, the Markdown
conversions and the source findings) is read, used by a real
build (pipeline.build_site, as the build command calls it) and saved, and every
build is compared with a build without any cache. The files are checked by
their inodes and modification times: after a small edit only the deltas are
written; a damaged or foreign delta is ignored (the whole file alone is used,
so the memo lacks only the delta's entries) and the build is still right.
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import os
import pickle
import shutil
from pathlib import Path

import pytest
from test_stage_caches import FIXTURE, NOW, plain_build  # the same site, moment and plain build

from sitegen.cache import buildcache, disk, pagecache, stagecache
from sitegen.checks.gates import FindingsMemo
from sitegen.engine import pipeline
from sitegen.render import markup

UPDATE = "content/updates/2016-09-20-status-i-udvalget.md"
CACHES = ["load", "links", "pages", "conversions", "findings"]
FILES = {
    "load": stagecache.load_file,
    "links": stagecache.links_file,
    "pages": pagecache.cache_file,
    "conversions": buildcache.conversions_file,
    "findings": buildcache.findings_file,
}
PLAIN_DATA = {"pages"}  # read with the unpickler that refuses classes


@dataclasses.dataclass
class Caches:
    conversions: markup.Conversions
    findings: FindingsMemo
    parsed: stagecache.Memo
    scanned: stagecache.Memo
    pages: pagecache.PageCache

    def loaded(self) -> dict[str, dict]:
        """Each cache's entries as read from disk."""
        return {"load": dict(self.parsed), "links": dict(self.scanned), "pages": self.pages.pages,
                "conversions": self.conversions.known, "findings": self.findings.known}

    def kept(self) -> dict[str, dict]:
        """Each cache's entries after a build: what its files must hold."""
        return {"load": dict(self.parsed), "links": dict(self.scanned), "pages": self.pages.pages,
                "conversions": self.conversions.used, "findings": self.findings.used}


def load_caches(site: Path) -> Caches:
    return Caches(buildcache.load_conversions(site), buildcache.load_findings(site), stagecache.load_load_memo(site),
                  stagecache.load_links_memo(site), pagecache.load_page_cache(site))


def cached_build(site: Path) -> tuple[tuple, Caches]:
    """A build as the build command does it: every cache read from disk, used, and saved."""
    caches = load_caches(site)
    try:
        result = pipeline.build_site(site, NOW, store=caches, workers=1)
    finally:
        stagecache.save_load_memo(site, caches.parsed)
        stagecache.save_links_memo(site, caches.scanned)
    buildcache.save_conversions(site, caches.conversions)
    buildcache.save_findings(site, caches.findings)
    pagecache.save_page_cache(site, caches.pages)
    return ("built", result.files, result.findings, result.report), caches


def delta(site: Path, which: str) -> Path:
    base = FILES[which](site)
    return base.with_name(base.name + disk.DELTA_SUFFIX)


def stamp(path: Path) -> tuple | None:
    """Which file lies there: a file written again (replaced) has another inode or modification time."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def stamps(site: Path) -> dict[str, tuple]:
    return {which: (stamp(FILES[which](site)), stamp(delta(site, which))) for which in CACHES}


def edit_update(site: Path, text: str = "Et nyt afsnit.") -> None:
    path = site / UPDATE
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def base_alone(site: Path, which: str) -> dict:
    """The entries of a cache's whole file alone, without its delta."""
    aside = delta(site, which).with_name("aside")
    delta(site, which).rename(aside)
    try:
        return load_caches(site).loaded()[which]
    finally:
        aside.rename(delta(site, which))


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    """The fixture site, with a delta allowed up to a quarter of a cache (it has a few dozen entries)."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    monkeypatch.setattr(disk, "DELTA_SHARE", 4)
    return site


@pytest.fixture
def edited(site: Path) -> Path:
    """The site built, one update's body edited and built again: every cache has a delta on disk."""
    cached_build(site)
    edit_update(site)
    cached_build(site)
    assert all(delta(site, which).is_file() for which in CACHES)
    return site


def test_a_small_edit_writes_only_the_deltas_and_they_give_the_build_back(site):
    plain = plain_build(site)
    assert cached_build(site)[0] == plain
    whole = stamps(site)
    assert all(base is not None and delta is None for base, delta in whole.values())  # a cold build: whole files

    edit_update(site)
    after, used = cached_build(site)
    assert after == plain_build(site) != plain
    now = stamps(site)
    for which in CACHES:
        assert now[which][0] == whole[which][0], f"{which}: the whole file was written again"
        assert now[which][1] is not None and now[which][1][2] < now[which][0][2], f"{which}: no small delta"
    assert load_caches(site).loaded() == used.kept()  # the file and its delta hold just this build's entries

    again, caches = cached_build(site)  # nothing changed: everything comes from the caches, nothing is written
    assert again == after and stamps(site) == now
    assert caches.pages.hits == len(caches.pages.pages) and caches.conversions.hits > 0


def test_each_delta_holds_only_what_came_and_went(edited):
    caches = load_caches(edited)
    disks = {"load": caches.parsed.on_disk, "links": caches.scanned.on_disk, "pages": caches.pages.on_disk,
             "conversions": caches.conversions.on_disk, "findings": caches.findings.on_disk}
    for which, on_disk in disks.items():
        removed, added = on_disk.delta
        assert added and (len(removed) == len(added) or which == "links"), which  # the edited file's entries
        assert removed <= on_disk.keys and not added & on_disk.keys
        entries = caches.loaded()[which]
        assert entries.keys() == (on_disk.keys - removed) | added
        assert (len(removed) + len(added)) * disk.DELTA_SHARE <= len(entries) < len(on_disk.keys) + len(added)


def test_editing_the_same_page_again_keeps_the_delta_as_small(edited):
    sizes = {which: stamp(delta(edited, which))[2] for which in CACHES}
    for text in ("Et andet afsnit.", "Et tredje afsnit."):
        path = edited / UPDATE
        path.write_text(path.read_text(encoding="utf-8").rsplit("\n", 2)[0] + f"\n{text}\n", encoding="utf-8")
        assert cached_build(edited)[0] == plain_build(edited)
    for which in CACHES:  # the entry of the text in between is in neither file
        assert abs(stamp(delta(edited, which))[2] - sizes[which]) < 64, which


def test_an_edit_undone_removes_the_deltas(edited):
    whole = stamps(edited)
    path = edited / UPDATE
    path.write_text(path.read_text(encoding="utf-8").removesuffix("\nEt nyt afsnit.\n"), encoding="utf-8")
    assert cached_build(edited)[0] == plain_build(edited)
    for which in CACHES:  # the whole files hold the site as it is again
        assert stamps(edited)[which] == (whole[which][0], None), which


def test_many_changes_write_the_whole_files_again(edited):
    whole = stamps(edited)
    for path in sorted((edited / "content").rglob("*.md"))[::2]:  # half of the files
        path.write_text(path.read_text(encoding="utf-8") + "\nEndnu et afsnit.\n", encoding="utf-8")
    outcome, used = cached_build(edited)
    assert outcome == plain_build(edited)
    for which in CACHES:
        base, delta_file = stamps(edited)[which]
        assert base != whole[which][0] and delta_file is None, which  # folded into a new whole file
    assert load_caches(edited).loaded() == used.kept()


def _checksummed(payload: bytes) -> bytes:
    return disk.MAGIC + hashlib.sha256(payload).digest() + payload


def _rewritten(change):
    """A damage that decodes the delta, changes it and writes it again with a right checksum."""
    def damage(data: bytes, site: Path, which: str) -> bytes:
        value = disk.unsealed(data, plain_data=which in PLAIN_DATA)
        assert value is not None
        return disk.sealed(change(value))
    return damage


class Boom:  # a pickle that would run code when loaded
    def __reduce__(self):
        return (os.system, ("false",))


DAMAGES = {
    "empty": lambda data, site, which: b"",
    "garbage": lambda data, site, which: b"not a delta at all",
    "truncated": lambda data, site, which: data[: len(data) // 2],
    "one bit flipped": lambda data, site, which: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:],
    "without checksum": lambda data, site, which: data[len(disk.MAGIC) + 32:],
    "of other code": _rewritten(lambda value: ("0" * 64,) + value[1:]),
    "for another file": _rewritten(lambda value: (value[0], (1, 2, 3, 4)) + value[2:]),
    "not a quadruple": _rewritten(lambda value: value[:3]),
    "added not a dict": _rewritten(lambda value: value[:3] + (list(value[3].items()),)),
    "removed not a tuple": _rewritten(lambda value: value[:2] + (list(value[2]),) + value[3:]),
    "a key of the wrong shape": _rewritten(lambda value: value[:2] + ((1,),) + value[3:]),
    "an entry of the wrong shape": _rewritten(lambda value: value[:3] + ({b"k" * 32: 1},)),
    "code to run": lambda data, site, which: _checksummed(pickle.dumps(Boom(), protocol=5)),
}
FOR_SHAPED = {"a key of the wrong shape", "an entry of the wrong shape"}  # pages and conversions check shapes


def _applies(which: str, damage: str) -> bool:
    """The stage memos and findings are trusted by checksum and version, as their whole files are;
    only the page cache refuses classes."""
    if damage in FOR_SHAPED:
        return which in ("pages", "conversions")
    return damage != "code to run" or which == "pages"


@pytest.mark.parametrize("which, damage", [(w, d) for w in CACHES for d in DAMAGES if _applies(w, d)])
def test_a_damaged_or_foreign_delta_is_ignored_and_the_build_is_right(edited, which, damage):
    alone = base_alone(edited, which)
    path = delta(edited, which)
    path.write_bytes(DAMAGES[damage](path.read_bytes(), edited, which))

    loaded = load_caches(edited).loaded()[which]
    assert gc.isenabled()
    assert loaded == alone and loaded  # the whole file's entries: a partial cache, never a wrong entry
    outcome, used = cached_build(edited)
    assert outcome == plain_build(edited)
    assert load_caches(edited).loaded()[which] == used.kept()[which]  # the delta is written again
    assert stamp(path) is not None and stamp(path)[2] < stamp(FILES[which](edited))[2]


@pytest.mark.parametrize("which", CACHES)
def test_a_damaged_whole_file_takes_its_delta_with_it(edited, which):
    FILES[which](edited).write_bytes(b"\x80\x05garbage")
    assert load_caches(edited).loaded()[which] == {}  # the delta alone is never used
    outcome, used = cached_build(edited)
    assert outcome == plain_build(edited)
    assert stamp(delta(edited, which)) is None  # the whole file is written, the delta removed
    assert load_caches(edited).loaded()[which] == used.kept()[which]


@pytest.mark.parametrize("which", CACHES)
def test_a_delta_without_its_whole_file_is_ignored_and_removed(edited, which):
    FILES[which](edited).unlink()
    assert load_caches(edited).loaded()[which] == {}
    assert cached_build(edited)[0] == plain_build(edited)
    assert stamp(FILES[which](edited)) is not None and stamp(delta(edited, which)) is None


def test_a_delta_left_from_an_earlier_whole_file_is_ignored(edited):
    """A build that stopped between writing a whole file and removing the old delta leaves one behind."""
    old = {which: delta(edited, which).read_bytes() for which in CACHES}
    for path in sorted((edited / "content").rglob("*.md"))[::2]:
        path.write_text(path.read_text(encoding="utf-8") + "\nEndnu et afsnit.\n", encoding="utf-8")
    outcome, used = cached_build(edited)
    for which in CACHES:
        assert stamp(delta(edited, which)) is None
        delta(edited, which).write_bytes(old[which])
    assert load_caches(edited).loaded() == used.kept()  # the old deltas are not applied to the new files
    assert cached_build(edited)[0] == outcome == plain_build(edited)
    assert all(stamp(delta(edited, which)) is None for which in CACHES)  # and are removed


FORMERLY = {  # each memo's whole file as it was written before the one format, with this code's key
    "findings": lambda version, entries: pickle.dumps((version, entries), protocol=5),  # no checksum
    "conversions": lambda version, entries: marshal.dumps((version, entries)),
    "load": lambda version, entries: _formerly_checksummed(b"sitegen stage memo\n", (version, entries)),
    "links": lambda version, entries: _formerly_checksummed(b"sitegen stage memo\n", (version, entries)),
    "pages": lambda version, entries: pickle.dumps(("sitegen page cache", version, entries), protocol=5),
}


def _formerly_checksummed(magic: bytes, value) -> bytes:
    payload = pickle.dumps(value, protocol=5)
    return magic + hashlib.sha256(payload).digest() + payload


@pytest.mark.parametrize("which", CACHES)
def test_a_file_of_a_format_before_is_ignored_and_replaced(site, which):
    outcome, used = cached_build(site)
    path = FILES[which](site)
    path.write_bytes(FORMERLY[which](disk.code_version(), used.kept()[which]))
    assert load_caches(site).loaded()[which] == {}
    again, kept = cached_build(site)
    assert again == outcome
    assert path.read_bytes().startswith(disk.MAGIC)  # written again in the one format
    assert load_caches(site).loaded()[which] == kept.kept()[which] != {}


def test_a_cache_not_read_from_disk_is_written_whole(edited):
    conversions = markup.Conversions()
    conversions.to_html("Et *lille* afsnit.")
    buildcache.save_conversions(edited, conversions)
    assert stamp(delta(edited, "conversions")) is None
    assert buildcache.load_conversions(edited).known == conversions.used


def test_a_file_that_cannot_be_written_only_costs_time(edited, monkeypatch):
    edit_update(edited, "Endnu et afsnit.")
    monkeypatch.setattr(disk, "_save_file", lambda path, data: False)
    before = stamps(edited)
    assert cached_build(edited)[0] == plain_build(edited)
    assert stamps(edited) == before
