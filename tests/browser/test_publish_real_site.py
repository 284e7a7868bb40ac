"""The real site is published past every gate (axe in Chromium too), and a broken link or a CPR number
stops the next publish with the level named, leaving the live site as it was (issue 13's levels:
tests/integration/test_levels.py)."""
from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest

from tests.browserkit import serve_directory
from tests.sitekit import ROOT, run_cli, tree_digest

REAL_NOW = "2026-12-06T12:00"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """A copy of the municipality's own content and data (the project's templates are used)."""
    site = tmp_path_factory.mktemp("real") / "site"
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, site / folder)
    return site


def test_the_real_site_is_published_and_a_broken_link_or_cpr_number_stops_it(real_site, tmp_path):
    target = tmp_path / "www"
    result = run_cli("publish", "--site", str(real_site), "--target", str(target), "--now", REAL_NOW)
    assert result.returncode == 0, result.stderr
    with serve_directory(target / "current") as url:
        with urllib.request.urlopen(url) as response:
            assert response.status == 200 and "Kvalitet i børnesagerne" in response.read().decode("utf-8")
    before = tree_digest(target), sorted(str(p.relative_to(target)) for p in target.rglob("*"))

    page = real_site / "content" / "pages" / "om-panelet.md"
    original = page.read_text(encoding="utf-8")
    for added, level in (("\nSe også [mødeplanen](/moeder/findes-ikke/).\n", "blokerer udgivelse"),
                         ("\nEt barn med CPR-nummer 010203-1234.\n", "fejl")):
        page.write_text(original + added, encoding="utf-8")
        try:
            stopped = run_cli("publish", "--site", str(real_site), "--target", str(target), "--now", REAL_NOW)
        finally:
            page.write_text(original, encoding="utf-8")
        assert stopped.returncode == 1, stopped.stderr
        assert any(line.startswith("content/pages/om-panelet.md:") and line.endswith(f"[{level}]")
                   for line in stopped.stderr.splitlines()), stopped.stderr
        assert "1234" not in stopped.stderr
        assert (tree_digest(target), sorted(str(p.relative_to(target)) for p in target.rglob("*"))) == before
