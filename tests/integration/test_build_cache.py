"""The build command's memos on disk (sitegen/cache/) are never wrong.

After each kind of change, a build with the cache writes exactly the files,
byte for byte, that a cold build without any cache writes.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.corpus import generate_site
from tests.sitekit import ROOT, run_cli, tree_digest

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = "2016-10-01"
MEETING = "content/meetings/2016-10-05-borgermoede.md"  # has minutes and updates that refer to it


def build(site: Path, out: Path) -> dict[str, str]:
    """The written files' digests, and what the build printed (warnings from cached findings too)."""
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert result.returncode == 0, result.stderr
    # How much was written differs between a cold build and a rebuild by design; what it says must not.
    written = r" \((intet ændret|\d+ fil(er)? skrevet eller fjernet(, søgeindekset opdateret)?|alle filer skrevet)\)\."
    said = re.sub(written, ".", result.stderr)
    return {**tree_digest(out), "(stderr)": said.replace(str(out), "OUT")}


def cold_build(site: Path, tmp_path: Path) -> dict[str, str]:
    """The same site built from a copy without any cache."""
    fresh = tmp_path / "cold-site"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns(".cache"))
    return build(fresh, tmp_path / "cold-out")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The full fixture site with its own templates, built once so its cache is warm."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    shutil.copytree(ROOT / "templates", site / "templates")
    build(site, tmp_path / "out")
    assert (site / ".cache" / "sitegen").is_dir()
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_template(site: Path) -> None:
    edit(site / "templates" / "base.html", "</body>", "<!-- ændret skabelon --></body>")


def change_venue_address(site: Path) -> None:
    edit(site / "data" / "venues.yaml", "Rådhusvej 1", "Rådhusvej 99")


def change_referenced_meeting(site: Path) -> None:
    path = site / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Flyttet og ", 1) + "\n## Nyt afsnit\n\nEn ny linje.\n", encoding="utf-8")


def change_person_email(site: Path) -> None:  # contact findings depend on data/people.yaml
    path = site / "data" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    email = text.split("email:", 1)[1].split()[0]
    path.write_text(text.replace(email, "ny." + email, 1), encoding="utf-8")


def delete_file(site: Path) -> None:
    (site / "content" / "updates" / "2016-08-16-udvalgsmoede.md").unlink()


def rename_file(site: Path) -> None:
    source = site / "content" / "initiatives"
    first = sorted(source.glob("*.md"))[0]
    first.rename(source / ("omdoebt-" + first.name))


@pytest.mark.parametrize("change", [change_template, change_venue_address, change_referenced_meeting,
                                    change_person_email, delete_file, rename_file])
def test_cached_build_equals_cold_build(site: Path, tmp_path: Path, change) -> None:
    before = tree_digest(tmp_path / "out")
    change(site)
    cached = build(site, tmp_path / "out")
    assert cached == cold_build(site, tmp_path)
    assert cached != before  # the change is visible in the output


def test_markdown_change_is_converted_again(site: Path, tmp_path: Path) -> None:
    change_referenced_meeting(site)
    build(site, tmp_path / "out")
    page = (tmp_path / "out" / "moeder" / "2016-10-05-borgermoede" / "index.html").read_text(encoding="utf-8")
    assert "Nyt afsnit" in page and "Flyttet og" in page


@pytest.mark.parametrize("name", ["markdown.pickle", "findings.pickle"])
@pytest.mark.parametrize("damage", [b"", b"not a cache", b"\x00" * 64, b"\x80\x05garbage"])
def test_damaged_cache_is_ignored_and_rebuilt(site: Path, tmp_path: Path, name: str, damage: bytes) -> None:
    cache = site / ".cache" / "sitegen" / name
    cache.write_bytes(damage)
    for stamp in cache.parent.glob("stamp-*.json"):  # else nothing changed, and nothing is read
        stamp.unlink()
    assert build(site, tmp_path / "out") == cold_build(site, tmp_path)
    assert cache.stat().st_size > 100  # written again


def test_cache_of_other_code_is_ignored(site: Path, tmp_path: Path) -> None:
    from sitegen.cache import disk

    cache = site / ".cache" / "sitegen" / "markdown.pickle"
    _, entries = disk.unsealed(cache.read_bytes())
    poisoned = {key: "<p>forkert</p>" for key in entries}
    cache.write_bytes(disk.sealed(("en anden version", poisoned)))
    for stamp in cache.parent.glob("stamp-*.json"):
        stamp.unlink()
    out = build(site, tmp_path / "out")
    assert out == cold_build(site, tmp_path)


def test_parallel_prefill_gives_the_serial_build(monkeypatch) -> None:
    """Markdown converted and files checked in forked workers: the same files and warnings."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from sitegen.cache import buildcache
    from sitegen.cache.store import Store
    from sitegen.checks.gates import FindingsMemo
    from sitegen.engine.pipeline import build_site
    from sitegen.render.markup import Conversions

    now = dt.datetime(2016, 10, 1, tzinfo=ZoneInfo("Europe/Copenhagen"))
    monkeypatch.setattr(buildcache, "PARALLEL_MINIMUM", 0)
    conversions, findings = Conversions(), FindingsMemo()
    parallel = build_site(FIXTURE, now, store=Store(conversions=conversions, findings=findings), workers=2)
    serial = build_site(FIXTURE, now)
    assert conversions.hits > 0 and findings.used  # the workers' results were used
    assert parallel.files == serial.files
    assert parallel.findings == serial.findings and parallel.report.advice == serial.report.advice


# A generated site of 120 pages: large enough that the build renders and converts in forked
# workers (more than 64 pages) and writes small changes in place in output/.
def _generated_site(root: Path) -> Path:
    site = generate_site(root, pages=120, linked=True)
    shutil.copytree(ROOT / "templates", site / "templates")
    return site


def _update(site: Path) -> Path:
    updates = sorted((site / "content" / "updates").glob("*.md"))
    return updates[len(updates) // 2]


GENERATED_CHANGES = {
    "template": lambda site: edit(site / "templates" / "base.html", "</body>", "<!-- ændret --></body>"),
    "venue address": lambda site: edit(site / "data" / "venues.yaml", "address: Prøvevej 1", "address: Prøvevej 7"),
    "update body": lambda site: _update(site).write_text(
        _update(site).read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8"),
    "delete": lambda site: _update(site).unlink(),
    "rename": lambda site: _update(site).rename(_update(site).with_name("omdoebt.md")),
}


@pytest.mark.parametrize("change", sorted(GENERATED_CHANGES))
def test_generated_site_rebuild_equals_cold_build(tmp_path: Path, change: str) -> None:
    site = _generated_site(tmp_path / "site")
    out = tmp_path / "out"
    first = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert first.returncode == 0, first.stderr
    before = tree_digest(out)
    GENERATED_CHANGES[change](site)
    cached = build(site, out)
    assert cached == cold_build(site, tmp_path)
    assert {k: v for k, v in cached.items() if k != "(stderr)"} != before
