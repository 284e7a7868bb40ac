"""The build writes only what changed (write.sync_output), and a large site's search index comes in shards.

Every incremental result is compared, byte for byte and Pagefind included,
with a full write of the same files into an empty folder.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.engine.pipeline import build_site
from sitegen.output import search
from sitegen.output.write import SyncResult, sync_output
from tests.sitekit import ROOT, build_and_sync, copy_full_site, run_cli, tree_digest

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = dt.datetime(2016, 10, 1, tzinfo=ZoneInfo("Europe/Copenhagen"))
UPDATE = "content/updates/2016-08-16-udvalgsmoede.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_full_site(tmp_path)


def sync(site: Path, out: Path, manifest: Path) -> SyncResult:
    return build_and_sync(site, out, manifest, NOW)


def full(site: Path, folder: Path) -> dict[str, str]:
    """The same build written whole into a new folder, without a manifest."""
    shutil.rmtree(folder, ignore_errors=True)
    result = sync(site, folder, folder.parent / (folder.name + ".manifest"))
    assert result.mode == "full"
    return tree_digest(folder)


def append(site: Path, rel: str, text: str) -> None:
    with (site / rel).open("a", encoding="utf-8") as stream:
        stream.write(text)


def test_nothing_changed_touches_nothing(site: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    assert sync(site, out, manifest).mode == "full"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert sync(site, out, manifest) == SyncResult("unchanged", 0, 0)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_one_changed_page_is_written_in_place_and_equals_a_full_write(site: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    append(site, UPDATE, "\nEt nyt ord: blåbærgrød.\n")
    result = sync(site, out, manifest)
    assert result.mode == "in place" and result.bundles == 1
    assert tree_digest(out) == full(site, tmp_path / "fresh")
    assert sync(site, out, manifest).mode == "unchanged"  # the manifest describes the updated folder
    assert "blåbærgrød" in (out / "status" / "2016-08-16-udvalgsmoede" / "index.html").read_text(encoding="utf-8")


def test_a_deleted_page_is_removed_with_its_folder(site: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    (site / UPDATE).unlink()
    assert sync(site, out, manifest).mode == "in place"
    assert not (out / "status" / "2016-08-16-udvalgsmoede").exists()
    assert tree_digest(out) == full(site, tmp_path / "fresh")


@pytest.mark.parametrize("tamper", ["edit", "same size", "delete", "no manifest", "other folder"])
def test_an_output_folder_not_as_left_is_written_whole(site: Path, tmp_path: Path, tamper: str) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    page = out / "status" / "index.html"
    if tamper == "edit":
        page.write_text("ændret i hånden", encoding="utf-8")
    elif tamper == "same size":  # only the mtime tells
        page.write_bytes(page.read_bytes().replace(b"<main", b"<MAIN", 1))
    elif tamper == "delete":
        page.unlink()
    elif tamper == "no manifest":  # as an update that was interrupted leaves it
        manifest.unlink()
    else:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["out"] = str(tmp_path / "andet")
        manifest.write_text(json.dumps(data), encoding="utf-8")
    assert sync(site, out, manifest).mode == "full"
    assert tree_digest(out) == full(site, tmp_path / "fresh")


@pytest.mark.parametrize("broken", ["binary", "binary and launcher"])
def test_failing_pagefind_leaves_output_and_manifest_as_they_were(site: Path, tmp_path: Path, monkeypatch,
                                                                  broken: str) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    before, recorded = tree_digest(out), manifest.read_bytes()
    append(site, UPDATE, "\nEndnu en sætning.\n")
    if broken == "binary":  # found the way Pagefind finds it, run directly, and it fails
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    else:  # no binary found: `python -m pagefind` is run instead, and fails too
        monkeypatch.setattr(search, "pagefind_executable", lambda: None)
        monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(search.SearchIndexError, match="søgeindekset kunne ikke bygges .* pagefind\\[bin\\]"):
        sync(site, out, manifest)
    assert tree_digest(out) == before and manifest.read_bytes() == recorded
    assert not list(tmp_path.glob(".out.*")) and not list(tmp_path.glob(".search-*"))  # no scratch left


def test_pagefind_runs_as_the_binary_pagefind_would_find(site: Path, tmp_path: Path, monkeypatch) -> None:
    """No `python -m pagefind` in between: the binary (here behind a logging wrapper) is run itself,
    and the pages' private folder is gone before it ends (removed once Pagefind has read them)."""
    real = search.pagefind_executable()
    assert real is not None and Path(real).name.startswith("pagefind")
    log, wrapper = tmp_path / "runs.log", tmp_path / "pagefind-wrapper"
    # After Pagefind, the wrapper polls (every 0.1 s, at most 10 s) for the pages' folder to be removed.
    wrapper.write_text(f"""#!/bin/sh
"{real}" "$@"; status=$?
i=0; while [ -d "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
if [ -d "$2" ]; then echo "$0 kept" >> "{log}"; else echo "$0 gone" >> "{log}"; fi
exit $status
""", encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the launcher would fail
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    append(site, UPDATE, "\nEt nyt ord: hindbær.\n")
    assert sync(site, out, manifest).mode == "in place"
    assert log.read_text(encoding="utf-8").splitlines() == [f"{wrapper.resolve()} gone"] * 2
    monkeypatch.undo()
    assert tree_digest(out) == full(site, tmp_path / "fresh")


def test_a_pagefind_that_hangs_is_stopped_and_changes_nothing(site: Path, tmp_path: Path, monkeypatch) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    before = tree_digest(out)
    wrapper = tmp_path / "pagefind-hangs"
    wrapper.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")  # hangs: the build stops it after TIMEOUT
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    monkeypatch.setattr(search, "TIMEOUT", 0.5)
    append(site, UPDATE, "\nEndnu en sætning.\n")
    with pytest.raises(search.SearchIndexError, match="svarede ikke inden for 10 minutter"):
        sync(site, out, manifest)
    assert tree_digest(out) == before
    assert not list(tmp_path.glob(".out.*")) and not list(tmp_path.glob(".search-*"))


@pytest.mark.parametrize("found", ["nothing", "a file that cannot run"])
def test_without_a_runnable_binary_python_m_pagefind_builds_the_same_index(site: Path, tmp_path: Path, monkeypatch,
                                                                          found: str) -> None:
    if found == "nothing":
        monkeypatch.setitem(sys.modules, "pagefind.service", None)  # importing it fails
    else:
        (tmp_path / "not-a-program").write_text("", encoding="utf-8")
        monkeypatch.setattr(search, "pagefind_executable", lambda: str(tmp_path / "not-a-program"))
    assert found != "nothing" or search.pagefind_executable() is None
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    append(site, UPDATE, "\nEt nyt ord: solbær.\n")
    assert sync(site, out, manifest) == SyncResult("in place", 1, 1)
    monkeypatch.undo()
    assert tree_digest(out) == full(site, tmp_path / "fresh")


@pytest.mark.parametrize("links", ["allowed", "refused"])
def test_an_in_place_index_links_unchanged_pages_from_output_and_writes_changed_ones(site: Path, tmp_path: Path,
                                                                                    monkeypatch, links: str) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    changed, same = "status/2016-08-16-udvalgsmoede/index.html", "status/index.html"
    old_changed = (out / changed).read_bytes()
    seen = {}
    real_fill = search._fill

    def fill(folder, paths, pages) -> None:  # look at the bundle's private folder before Pagefind runs
        real_fill(folder, paths, pages)
        for path in (changed, same):
            copy = Path(folder) / path
            seen[path] = (copy.read_bytes(), copy.samefile(out / path))

    def no_link(source, target) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(search, "_fill", fill)
    if links == "refused":  # as from another file system: the pages are copied instead
        monkeypatch.setattr(search.os, "link", no_link)
    append(site, UPDATE, "\nEt nyt ord: stikkelsbær.\n")
    assert sync(site, out, manifest).mode == "in place"
    assert seen[same] == ((out / same).read_bytes(), links == "allowed")  # the very file of output/, or a copy
    new_bytes, linked = seen[changed]
    assert not linked and b"stikkelsb" in new_bytes and new_bytes != old_changed
    assert new_bytes == (out / changed).read_bytes()
    assert not list(tmp_path.glob(".out.*")) and not list(tmp_path.glob(".search-*"))
    monkeypatch.undo()
    assert tree_digest(out) == full(site, tmp_path / "fresh")


@pytest.fixture
def sharded(monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 10)  # 32 pages: 4 shards


def test_sharded_index_is_rebuilt_one_shard_at_a_time(site: Path, tmp_path: Path, sharded) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    files = build_site(site, NOW).files
    plan = search.plan_bundles(p for p in files if p.endswith(".html"))
    assert len(plan) == 4 and sum(len(paths) for paths in plan.values()) == sum(p.endswith(".html") for p in files)
    for bundle in plan:
        assert (out / bundle / "pagefind.js").is_file() and (out / bundle / "pagefind-entry.json").is_file()
    assert not (out / "pagefind" / "pagefind.js").exists()
    search_page = files["soeg/index.html"].decode()
    assert 'data-pagefind="../pagefind/0/pagefind.js"' in search_page
    assert 'data-pagefind-merge="' + " ".join(f"../{b}/" for b in sorted(plan)[1:]) + '"' in search_page
    append(site, UPDATE, "\nEt nyt ord: tyttebær.\n")
    result = sync(site, out, manifest)
    assert result.mode == "in place" and result.bundles == 1
    assert tree_digest(out) == full(site, tmp_path / "fresh")
    assert sync(site, out, manifest).mode == "unchanged"


def test_changing_between_one_bundle_and_shards_replaces_the_index(site: Path, tmp_path: Path, monkeypatch) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    sync(site, out, manifest)
    monkeypatch.setattr(search, "SHARD_PAGES", 16)
    assert sync(site, out, manifest).mode == "full"
    assert tree_digest(out) == full(site, tmp_path / "fresh")
    monkeypatch.setattr(search, "SHARD_PAGES", 2000)
    assert sync(site, out, manifest).mode == "full"
    assert (out / "pagefind" / "pagefind.js").is_file() and not (out / "pagefind" / "0").exists()


def test_build_command_says_how_much_it_wrote(tmp_path: Path) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    said = []
    for _ in range(2):
        result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-10-01")
        assert result.returncode == 0, result.stderr
        said.append(result.stderr)
    append(site, UPDATE, "\nEn ny linje.\n")
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-10-01")
    assert "(alle filer skrevet)." in said[0] and "(intet ændret)." in said[1]
    assert "(1 fil skrevet eller fjernet, søgeindekset opdateret)." in result.stderr


def cli_build(site: Path, out: Path, now: str) -> str:
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", now)
    assert result.returncode == 0, result.stderr
    return result.stderr


def findings(said: str) -> list[str]:
    """What a build printed before its summary line."""
    return [line for line in said.splitlines() if not line.startswith(("Bygget ", "Næste ændring"))]


def test_a_rebuild_with_nothing_changed_writes_nothing_and_says_the_same(tmp_path: Path) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    first = cli_build(site, out, "2016-10-01T08:00")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = cli_build(site, out, "2016-10-01T09:00")
    assert "(intet ændret)." in again and "for 2016-10-01 09:00" in again
    assert findings(again) == findings(first) and findings(first)  # the warnings are printed again
    # The same counts of each level and the same next change by itself.
    assert again.splitlines()[-1].split(". ", 1)[1] == first.splitlines()[-1].split(". ", 1)[1]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.parametrize("later", [
    "2016-10-05T17:00",  # the next change by itself (.next-change): the meeting starts
    "2016-10-02T08:00",  # the next day: warnings count days
    "2016-09-30T08:00",  # before the stamped moment
])
def test_the_stamp_holds_only_until_the_site_or_its_warnings_change(tmp_path: Path, later: str) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    cli_build(site, out, "2016-10-01T08:00")
    assert (out / ".next-change").read_text(encoding="utf-8").startswith("2016-10-05T17:00")
    said = cli_build(site, out, later)
    assert "(intet ændret)" not in said
    cold = tmp_path / "cold"
    assert findings(cli_build(site, cold, later)) == findings(said)
    assert tree_digest(out) == tree_digest(cold)


@pytest.mark.parametrize("change", ["content", "template", "output"])
def test_the_stamp_does_not_hold_after_a_change(tmp_path: Path, change: str) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(ROOT / "templates", site / "templates")
    cli_build(site, out, "2016-10-01T08:00")
    if change == "content":
        append(site, UPDATE, "\nEt ord mere: hyldebær.\n")
    elif change == "template":
        path = site / "templates" / "base.html"
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", "<!-- x --></body>"), encoding="utf-8")
    else:
        (out / "index.html").write_text("ændret i hånden", encoding="utf-8")
    said = cli_build(site, out, "2016-10-01T08:00")
    assert "(intet ændret)" not in said
    cli_build(site, tmp_path / "cold", "2016-10-01T08:00")
    assert tree_digest(out) == tree_digest(tmp_path / "cold")


def test_an_in_place_update_that_cannot_be_done_falls_back_to_the_full_write(site: Path, tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "manifest.json"
    files = dict(build_site(site, NOW).files)
    sync_output(files | {"ekstra/noter/index.html": b"<p>x</p>"}, out, manifest, "")
    # The next site has a file where the last one had a folder: it cannot be renamed over it.
    result = sync_output(files | {"ekstra/noter": b"en fil"}, out, manifest, "")
    assert result.mode == "full" and (out / "ekstra" / "noter").read_bytes() == b"en fil"
    fresh = tmp_path / "fresh"
    sync_output(files | {"ekstra/noter": b"en fil"}, fresh, tmp_path / "fresh.json", "")
    assert tree_digest(out) == tree_digest(fresh)


@pytest.mark.parametrize("runner", ["binary", "python -m pagefind"])
def test_pagefind_settings_where_the_build_runs_do_not_change_the_index(site: Path, tmp_path: Path, monkeypatch,
                                                                        runner: str) -> None:
    """A pagefind.yml in the current folder or PAGEFIND_* in the environment are no input of ours."""
    expected = full(site, tmp_path / "expected")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pagefind.yml").write_text('force_language: "en"\nexclude_selectors: ["main"]\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "en")
    if runner != "binary":
        monkeypatch.setattr(search, "pagefind_executable", lambda: None)
    assert full(site, tmp_path / "stray") == expected
    assert json.loads((tmp_path / "stray" / "pagefind" / "pagefind-entry.json").read_text())["languages"].keys() == {"da"}
