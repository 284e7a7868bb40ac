"""A CPR number added after a cached build stops the next build (build.py in its own process; the
source bytes read once per build: tests/unit/test_read_once.py)."""
from __future__ import annotations

import subprocess
import sys

from tests.sitekit import ROOT, an_update, copy_full_site

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = "2016-10-01"


def test_a_cpr_number_added_after_a_cached_build_stops_the_next_build(tmp_path):
    site = copy_full_site(tmp_path)
    out = tmp_path / "out"
    command = [sys.executable, "build.py", "build", "--site", str(site), "--out", str(out), "--now", NOW]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    update = an_update(site)
    update.write_text(update.read_text(encoding="utf-8") + "\nRing på 010203-1234.\n", encoding="utf-8")
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert second.returncode == 1, second.stderr
    assert "CPR-nummer" in second.stderr and update.name in second.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert "010203-1234" not in "".join(p.read_text(errors="replace") for p in out.rglob("*.html"))
