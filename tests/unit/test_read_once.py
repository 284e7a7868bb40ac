"""Each source file is read once per build: the input digest's bytes feed load and the CPR scan.

The CPR scan remembers unchanged files (in load's memo, tag "cpr"), yet never misses a
number that was added, and gives exactly what a scan from disk gives.
"""
from __future__ import annotations

from sitegen.cache import buildstamp, disk
from sitegen.checks import gates, privacy
from sitegen.content.load import load_site
from tests.sitekit import ROOT, an_update, copy_full_site

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = "2016-10-01"


def test_sources_are_every_content_and_data_file_and_the_input_key_digests_them(tmp_path, monkeypatch):
    site = copy_full_site(tmp_path)
    sources = buildstamp.read_sources(site)
    expected = {str(p) for folder in ("content", "data") for p in (site / folder).rglob("*") if p.is_file()}
    assert set(sources) == expected
    update = an_update(site)
    assert sources[str(update)] == update.read_bytes()

    def key(given):
        return buildstamp.input_key(site, buildstamp.templates_dir(site), tmp_path / "out", (), given)

    assert key(sources) == key(dict(reversed(sources.items())))  # the bytes decide, not their order
    changed = dict(sources)
    changed[str(update)] += b"\n"
    assert key(changed) != key(sources)  # the bytes given, not the file on disk (unchanged)
    gone = {path: data for path, data in sources.items() if path != str(update)}
    assert key(gone) != key(sources)
    before = key(sources)
    monkeypatch.setattr(disk, "code_version", lambda: "other code, Python or libraries")
    assert key(sources) != before  # the memos' one version key is the stamp's too


def test_load_uses_the_bytes_it_is_given_and_reads_the_rest(tmp_path):
    site = copy_full_site(tmp_path)
    update = an_update(site)
    original = update.read_text(encoding="utf-8")
    digested = original.replace("\n---\n", "\n---\nDigestet tekst.\n", 1)
    assert digested != original
    loaded = load_site(site, {}, {str(update): digested.encode()})
    bodies = {source.path: source.body for source in loaded.files}
    rel = update.relative_to(site).as_posix()
    assert "Digestet tekst." in bodies[rel]
    assert not loaded.problems
    assert len(loaded.files) == len(load_site(site).files)  # files not given were read from disk


def test_cpr_scan_with_memo_matches_a_scan_from_disk_and_skips_unchanged_files(tmp_path, monkeypatch):
    site = copy_full_site(tmp_path)
    update = an_update(site)
    # CRLF line ends: the line number must be the one an editor sees, as Path.read_text gives it
    update.write_bytes(update.read_bytes().replace(b"\n", b"\r\n") + b"Ring 010203-1234 i dag.\r\n")
    (site / "data" / "noter.txt").write_text("kontakt 111111-1118\n", encoding="utf-8")
    plain = gates.personal_data_errors(site)
    assert {p.path for p in plain} == {update.relative_to(site).as_posix(), "data/noter.txt"}

    memo: dict = {("content", "other", "kind", b"x"): "load's own entry"}
    assert gates.personal_data_errors(site, None, memo) == plain
    assert memo[("content", "other", "kind", b"x")] == "load's own entry"  # other stages' entries are left alone

    scanned = []
    real = privacy.find_cpr
    monkeypatch.setattr(privacy, "find_cpr", lambda rel, text, line=1: scanned.append(rel) or real(rel, text, line))
    assert gates.personal_data_errors(site, None, memo) == plain
    assert scanned == []  # nothing changed: nothing scanned again

    other = sorted((site / "content" / "updates").glob("*.md"))[1]
    other.write_text(other.read_text(encoding="utf-8") + "\nCPR 2512952345\n", encoding="utf-8")
    again = gates.personal_data_errors(site, None, memo)
    assert scanned == [other.relative_to(site).as_posix()]
    assert again == gates.personal_data_errors(site)
    assert other.relative_to(site).as_posix() in {p.path for p in again}

    (site / "data" / "noter.txt").unlink()
    gates.personal_data_errors(site, None, memo)
    assert not [key for key in memo if key[0] == "cpr" and key[1] == "data/noter.txt"]  # gone files are forgotten


def test_cpr_scan_uses_the_digested_bytes(tmp_path):
    site = copy_full_site(tmp_path)
    update = an_update(site)
    digested = update.read_bytes() + b"\n010203-1234\n"
    found = gates.personal_data_errors(site, {str(update): digested}, {})
    assert [p.path for p in found] == [update.relative_to(site).as_posix()]

