"""The real site in a real browser: Debian's Chromium driven by Playwright.

The site is built once (fixture `built_real_site`, --now 2026-11-23T12:00) and served on
127.0.0.1, so relative links, the skip link and the stylesheet behave as they will for
citizens. Chromium missing is a failure, never a skip: .ci/run installs it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.browserkit import serve_directory

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000
SKIP_LINK_TEXT = "Gå til sidens indhold"
DANISH_DATE = re.compile(
    r"\b(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) den \d{1,2}\. "
    r"(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) "
    r"\d{4}\b",
    re.IGNORECASE,
)


# --- fixtures ---------------------------------------------------------------

@pytest.fixture(scope="module")
def site_url(built_real_site: Path, project_root: Path):
    """The built site served under the path of base_url, as it is published (404.html
    links absolutely to that path; every other page links relatively)."""
    with open(project_root / "data" / "site.yaml", encoding="utf-8") as fh:
        base_path = urlsplit(yaml.load(fh, Loader=yaml.BaseLoader)["base_url"]).path
    with serve_directory(built_real_site, prefix=base_path) as url:
        yield url


@pytest.fixture
def new_page(browser):
    """`new_page(**context_options)` opens a page in a fresh browser context."""
    contexts = []

    def make(**context_options) -> Page:
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page

    yield make
    for context in contexts:
        context.close()


# --- helpers ----------------------------------------------------------------

def site_paths(site_dir: Path) -> list[str]:
    """URL path (relative to the site root) of every HTML page, as a web server serves it."""
    paths = []
    for file in sorted(site_dir.rglob("*.html")):
        rel = file.relative_to(site_dir).as_posix()
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        paths.append(rel)
    assert paths, f"no HTML pages in {site_dir}"
    return paths


def visible_text(page: Page, selector: str = "body") -> str:
    """The rendered text of SELECTOR with all whitespace (incl. no-break spaces) collapsed."""
    return " ".join(page.locator(selector).first.inner_text().split())


def open_page(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


def venues(project_root: Path) -> dict[str, dict[str, str]]:
    """data/venues.yaml with every value as text (postal codes stay '4320')."""
    with open(project_root / "data" / "venues.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.BaseLoader)


def assert_one_h1(page: Page) -> str:
    h1 = page.locator("h1")
    expect(h1).to_have_count(1)
    text = " ".join(h1.inner_text().split())
    assert text, f"{page.url}: the h1 is empty"
    return text


# --- tests ------------------------------------------------------------------

@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_front_page_navigation_to_a_meeting(new_page, site_url, project_root, javascript):
    page = new_page(java_script_enabled=javascript)
    open_page(page, site_url)

    # Front page: Danish, skip link first in the tab order, one h1.
    expect(page.locator("html")).to_have_attribute("lang", "da")
    skip = page.get_by_role("link", name=SKIP_LINK_TEXT, exact=True)
    expect(skip).to_have_count(1)
    target = skip.get_attribute("href") or ""
    assert target.startswith("#") and len(target) > 1, f"skip link points to {target!r}"
    expect(page.locator(f"[id='{target[1:]}']")).to_have_count(1)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == SKIP_LINK_TEXT, f"first Tab focuses {focused!r}, not the skip link"
    expect(skip).to_be_visible()
    assert_one_h1(page)
    open_page(page, site_url)  # start afresh: the focused skip link may cover the menu

    # Main navigation -> the meetings list.
    nav_link = (
        page.get_by_role("navigation")
        .get_by_role("link", name=re.compile("møder", re.IGNORECASE))
        .first
    )
    expect(nav_link).to_be_visible()
    nav_link.click()
    expect(page).to_have_url(re.compile(re.escape(site_url) + r"moeder/(index\.html)?$"))
    assert_one_h1(page)

    # The first link in the list to a meeting page (/moeder/<slug>/).
    meeting_href = re.compile(re.escape(site_url) + r"moeder/[a-z0-9-]+/(index\.html)?$")
    links = page.get_by_role("main").locator("a[href]")
    hrefs = [links.nth(i).evaluate("a => a.href") for i in range(links.count())]
    first = next((i for i, href in enumerate(hrefs) if meeting_href.match(href)), None)
    assert first is not None, f"no link to a meeting page in the meetings list: {hrefs}"
    links.nth(first).click()
    expect(page).to_have_url(hrefs[first])

    # The meeting page: its title, when (Danish date, 17.00–18.30) and where.
    assert_one_h1(page)
    text = visible_text(page, "main")
    assert "kl. 17.00–18.30" in text, f"no 'kl. 17.00–18.30' on {page.url}:\n{text}"
    assert DANISH_DATE.search(text), f"no Danish date such as 'onsdag den 5. oktober 2016':\n{text}"
    shown = [
        venue_id for venue_id, venue in venues(project_root).items()
        if venue["address"] in text and f"{venue['postal_code']} {venue['city']}" in text
    ]
    assert shown, f"no venue address (street, postal code and city) on {page.url}:\n{text}"


def test_no_horizontal_scroll_at_320px(new_page, site_url, built_real_site):
    page = new_page(viewport={"width": 320, "height": 640})
    too_wide = {}
    for path in site_paths(built_real_site):
        open_page(page, site_url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path or "/"] = width
    assert not too_wide, f"pages wider than a 320 px phone (scrollWidth): {too_wide}"


def test_pages_load_nothing_from_other_origins(new_page, site_url, built_real_site):
    page = new_page()
    current = {"path": ""}
    foreign: list[str] = []
    broken: list[str] = []

    def on_request(request):
        url = request.url
        if not url.startswith(site_url) and not url.startswith(("data:", "blob:", "about:")):
            foreign.append(f"{current['path'] or '/'} -> {url}")

    def on_response(response):
        # Subresources only (the page itself is checked by open_page); favicon aside.
        if response.status >= 400 and response.request.resource_type != "document" \
                and not response.url.endswith("/favicon.ico"):
            broken.append(f"{current['path'] or '/'} -> {response.url} ({response.status})")

    page.on("request", on_request)
    page.on("response", on_response)
    for path in site_paths(built_real_site):
        current["path"] = path
        open_page(page, site_url + path)
    assert not foreign, "requests to another origin:\n" + "\n".join(foreign)
    assert not broken, "missing files requested by pages:\n" + "\n".join(broken)
