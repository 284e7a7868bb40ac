"""The same query finds the same pages in Chromium whether the index is one bundle or merged from shards
(the shards themselves: tests/integration/test_output_sync.py)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen import search
from sitegen.pipeline import build_site
from sitegen.write import SyncResult, sync_output
from tests.browserkit import search as search_in_browser
from tests.browserkit import serve_directory
from tests.sitekit import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = dt.datetime(2016, 10, 1, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    return site


def sync(site: Path, out: Path, manifest: Path) -> SyncResult:
    return sync_output(build_site(site, NOW).files, out, manifest, "2016-10-04T00:00:00+02:00")


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
