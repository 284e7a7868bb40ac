"""Search with Pagefind in a real Chromium: Danish stemming, main content only, no drafts."""
from __future__ import annotations

import gzip

import pytest
from playwright.sync_api import expect

from tests.browserkit import search, serve_directory
from tests.sitekit import base_files, run_cli, write_site

pytestmark = pytest.mark.browser
REAL_PREFIX = "/kvalitet-boerneomraadet/"  # the path of base_url in data/site.yaml


def test_searching_moede_finds_the_meeting_pages(built_real_site, browser):
    with serve_directory(built_real_site, prefix=REAL_PREFIX) as url:
        found = search(browser, url, "møde")
        stemmed = search(browser, url, "møder")
    meetings = sorted(p.parent.name for p in (built_real_site / "moeder").glob("*/index.html"))
    assert len(meetings) == 3
    for slug in meetings:
        assert f"{REAL_PREFIX}moeder/{slug}/" in found, found
        assert f"{REAL_PREFIX}moeder/{slug}/" in stemmed, stemmed


def test_menus_and_footer_are_not_indexed(built_real_site, browser):
    # "Tilgængelighedserklæring" is in every page's footer, but in the main
    # content of only its own page.
    with serve_directory(built_real_site, prefix=REAL_PREFIX) as url:
        found = search(browser, url, "tilgængelighedserklæring")
    assert found == [f"{REAL_PREFIX}tilgaengelighedserklaering/"]


def test_without_javascript_the_search_page_points_to_the_lists(built_real_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve_directory(built_real_site, prefix=REAL_PREFIX) as url:
        page.goto(url + "soeg/")
        expect(page.get_by_text("Søgningen bruger JavaScript")).to_be_visible()
        page.get_by_role("link", name="Møder").last.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Møder")
    context.close()


DRAFTS = {
    "content/updates/kladde.md": "---\ntitle: Kladde\ndate: 2016-06-01\ndraft: true\n---\nOrdet hemmeligord står kun her.\n",
    "content/updates/senere.md": "---\ntitle: Senere\ndate: 2016-06-01\npublish: 2030-01-01\n---\nOrdet fremtidsord står kun her.\n",
    "content/updates/synlig.md": "---\ntitle: Synlig\ndate: 2016-06-01\n---\nOrdet synligord står kun her.\n",
}


@pytest.mark.parametrize("preview", [False, True], ids=["published", "preview"])
def test_drafts_and_future_items_are_never_indexed(tmp_path, browser, preview):
    site = write_site(tmp_path / "site", base_files() | DRAFTS)
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-09-01",
                     *(["--preview"] if preview else []))
    assert result.returncode == 0, result.stderr
    with serve_directory(out, prefix="/kvalitet/") as url:
        assert search(browser, url, "synligord") == ["/kvalitet/status/synlig/"]  # the check can succeed
        assert search(browser, url, "hemmeligord") == []
        assert search(browser, url, "fremtidsord") == []
    indexed = indexed_text(out)
    assert "synligord" in indexed
    assert "hemmeligord" not in indexed and "fremtidsord" not in indexed and "Kladde" not in indexed


def indexed_text(site) -> str:
    """Every page text Pagefind stored: its fragments are gzip files of JSON."""
    texts = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in sorted((site / "pagefind" / "fragment").iterdir())]
    assert texts and all(t.startswith("pagefind_dcd{") for t in texts)
    return "\n".join(texts)
