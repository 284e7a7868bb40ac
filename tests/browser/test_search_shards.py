"""The same query finds the same pages in Chromium whether the index is one bundle or merged from shards
(the shards themselves: tests/integration/test_output_sync.py)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.output import search
from sitegen.output.write import SyncResult
from tests.browserkit import search as search_in_browser
from tests.browserkit import serve_directory
from tests.sitekit import ROOT, build_and_sync, copy_full_site

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = dt.datetime(2016, 10, 1, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_full_site(tmp_path)


def sync(site: Path, out: Path, manifest: Path) -> SyncResult:
    return build_and_sync(site, out, manifest, NOW)


def test_search_merges_the_shards_in_the_browser(site: Path, tmp_path: Path, browser, monkeypatch) -> None:
    """The same query finds the same pages whether the index is one bundle or merged from shards."""
    whole, shards = tmp_path / "whole", tmp_path / "shards"
    sync(site, whole, tmp_path / "whole.json")
    monkeypatch.setattr(search, "SHARD_PAGES", 10)  # 32 pages: 4 shards
    sync(site, shards, tmp_path / "shards.json")
    assert (shards / "pagefind" / "3" / "pagefind.js").is_file()
    found = {}
    for name, folder in (("whole", whole), ("shards", shards)):
        with serve_directory(folder, prefix="/kvalitet/") as url:
            found[name] = sorted(search_in_browser(browser, url, "møde"))
    assert len({path.split("/")[2] for path in found["whole"]}) >= 3  # hits in several sections
    assert found["shards"] == found["whole"]
