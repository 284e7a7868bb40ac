"""The preview's incremental build is never stale: after every kind of change the
preview folder is byte-identical to a cold build of the same files."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.engine.changes import compare_with_folder
from sitegen.output.write import OutputError
from sitegen.preview.rebuild import Rebuilder
from tests.sitekit import ROOT, base_files, run_cli, tree_digest, write_site

NOW = dt.datetime(2016, 11, 1, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
FILES = {
    "content/minutes/referat.md": "---\ntitle: Referat\nmeeting: borgermoede\n---\nVi talte om kvalitet.\n",
    "content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2017-Q1\n---\nTekst.\n",
    "content/updates/nyhed.md": "---\ntitle: Nyhed\ndate: 2016-06-01\ninitiatives: [tiltag]\n---\nTekst.\n",
    "content/pages/om.md": "---\ntitle: Om\nmenu: 1\n---\nSe [møderne](/moeder/).\n",
    "content/updates/kladde.md": "---\ntitle: Kladde\ndate: 2016-06-02\ndraft: true\n---\nIkke offentlig.\n",
}


def cold(site: Path, out: Path) -> dict[str, str]:
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW.isoformat(), "--preview")
    assert result.returncode == 0, result.stderr
    return {k: v for k, v in tree_digest(out).items() if not k.startswith(("pagefind/", ".sitegen", ".next-change"))}


def preview_digest(folder: Path) -> dict[str, str]:
    return {k: v for k, v in tree_digest(folder).items() if not k.startswith(("pagefind/", ".sitegen"))}


def own_templates(site: Path) -> None:
    shutil.copytree(ROOT / "templates", site / "templates")


CHANGES = [
    ("template", lambda s: (s / "templates" / "base.html").write_text(
        (s / "templates" / "base.html").read_text(encoding="utf-8").replace("Gå til sidens indhold", "Til indholdet"),
        encoding="utf-8")),
    ("stylesheet", lambda s: (s / "templates" / "static" / "style.css").write_text("body{color:#000}\n", encoding="utf-8")),
    ("venue-address", lambda s: write_site(s, {"data/venues.yaml": (s / "data/venues.yaml").read_text(encoding="utf-8")
                                                .replace("Testvej 1", "Nyvej 7")})),
    ("meeting-title", lambda s: write_site(s, {"content/meetings/borgermoede.md": (s / "content/meetings/borgermoede.md")
                                               .read_text(encoding="utf-8").replace("i oktober", "i efteråret")})),
    ("initiative-title", lambda s: write_site(s, {"content/initiatives/tiltag.md":
                                                  "---\ntitle: Nyt navn\ndeadline: 2017-Q1\n---\nTekst.\n"})),
    ("delete-update", lambda s: (s / "content/updates/nyhed.md").unlink()),
    ("rename-page", lambda s: (s / "content/pages/om.md").rename(s / "content/pages/om-panelet.md")),
    ("site-title", lambda s: write_site(s, {"data/site.yaml": (s / "data/site.yaml").read_text(encoding="utf-8")
                                            .replace("Testsite", "Nyt navn")})),
    ("draft-published", lambda s: write_site(s, {"content/updates/kladde.md":
                                                 "---\ntitle: Kladde\ndate: 2016-06-02\n---\nNu offentlig.\n"})),
    ("person-email", lambda s: write_site(s, {"data/people.yaml": (s / "data/people.yaml").read_text(encoding="utf-8")
                                              .replace("anna@example.org", "anna@example.net")})),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_incremental_preview_equals_a_cold_build(tmp_path, change):
    site = write_site(tmp_path / "site", base_files() | FILES)
    own_templates(site)
    rebuilder = Rebuilder(site, tmp_path / "preview", now=NOW)
    first = rebuilder.build()
    assert first.ok, first.problems
    assert preview_digest(tmp_path / "preview") == cold(site, tmp_path / "cold-before")
    change(site)
    second = rebuilder.build()
    assert second.ok, second.problems
    assert second.changed or second.removed
    assert preview_digest(tmp_path / "preview") == cold(site, tmp_path / "cold-after")


def test_unchanged_pages_come_from_the_cache_and_nothing_is_rewritten(tmp_path):
    site = write_site(tmp_path / "site", base_files() | FILES)
    rebuilder = Rebuilder(site, tmp_path / "preview", now=NOW)
    rebuilder.build()
    hits = rebuilder.store.pages.hits
    again = rebuilder.build()
    assert again.ok and again.changed == [] and again.removed == []
    assert rebuilder.store.pages.hits - hits == 6  # one page per item: meeting, minutes, initiative, 2 updates (one a draft), page
    write_site(site, {"content/pages/om.md": "---\ntitle: Om\nmenu: 1\n---\nNy tekst.\n"})
    third = rebuilder.build()
    assert "om/index.html" in third.changed and "moeder/borgermoede/index.html" not in third.changed


def test_a_broken_save_keeps_the_previous_preview_and_the_next_good_one_recovers(tmp_path):
    site = write_site(tmp_path / "site", base_files() | FILES)
    rebuilder = Rebuilder(site, tmp_path / "preview", now=NOW)
    assert rebuilder.build().ok
    before = preview_digest(tmp_path / "preview")
    meeting = site / "content/meetings/borgermoede.md"
    good = meeting.read_text(encoding="utf-8")
    meeting.write_text(good.replace("start: 17:00", "start: 25:00"), encoding="utf-8")
    broken = rebuilder.build()
    assert not broken.ok
    assert any(line.startswith("content/meetings/borgermoede.md:4: start:") for line in broken.problems)
    assert preview_digest(tmp_path / "preview") == before
    meeting.write_text(good, encoding="utf-8")
    assert rebuilder.build().ok


def test_the_preview_never_writes_into_output_or_the_content(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    (site / "output").mkdir()
    for target in (site / "output", site / "content" / "x", site / "data", ROOT / "output"):
        with pytest.raises(OutputError):
            Rebuilder(site, target, now=NOW)


def test_public_changes_lists_added_changed_and_removed_pages(tmp_path):
    site = write_site(tmp_path / "site", base_files() | FILES)
    out = tmp_path / "out"
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW.isoformat()).returncode == 0

    def public_changes(site, now, out):
        return Rebuilder(site, tmp_path / "preview", now=now).review(out)[0]

    assert public_changes(site, NOW, out).added == []
    write_site(site, {"content/pages/ny.md": "---\ntitle: Ny side\n---\nTekst.\n",
                      "content/updates/nyhed.md": None,
                      "content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2017-Q1\n---\nÆndret.\n"})
    changes = public_changes(site, NOW, out)
    assert "/ny/" in changes.added
    assert "/tiltag/tiltag/" in changes.changed
    assert "/status/nyhed/" in changes.removed
    assert "/status/kladde/" not in changes.added  # drafts are not public
    assert compare_with_folder({}, tmp_path / "missing").removed == []


def test_review_holds_the_language_and_source_warnings_of_drafts_too(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {
        "content/updates/kladde.md": "---\ntitle: Kladde\ndate: 2016-06-02\ndraft: true\n---\nLæs [her](/moeder/).\n"})
    changes, gates = Rebuilder(site, tmp_path / "preview", now=NOW).review(tmp_path / "missing")
    assert "/moeder/" in changes.added
    assert any(w.path == "content/updates/kladde.md" and "her" in w.message.lower() for w in gates.warnings)
