"""The live preview in a real Chromium: a save reaches the open page by itself; a broken save shows the
error page and the next good save brings the page back; a burst of saves is one build."""
from __future__ import annotations

import time
import urllib.request

import pytest
from playwright.sync_api import expect

from sitegen.preview.livebuild import QUIET
from sitegen.preview.review import BUILD_URL
from tests.previewkit import preview_server, wait_until
from tests.sitekit import MEETING, base_files, write_site

pytestmark = pytest.mark.browser
MEETING_FILE = "content/meetings/borgermoede.md"


@pytest.fixture
def preview(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    with preview_server(site) as server:
        server.site = site
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def save_meeting(site, title: str = "Borgermøde i oktober", start: str = "17:00") -> None:
    text = MEETING.replace("Borgermøde i oktober", title).replace("start: 17:00", f"start: {start}")
    (site / MEETING_FILE).write_text(text, encoding="utf-8")


def test_a_saved_title_reaches_the_open_page_without_a_reload_from_the_test(preview, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(preview.url + "/moeder/borgermoede/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Borgermøde i oktober")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._isSocketConnected()")
    latencies = []
    for n in range(1, 4):
        title = f"Borgermøde nummer {n}"
        started = time.perf_counter()
        save_meeting(preview.site, title)
        expect(heading).to_have_text(title, timeout=5_000)
        latencies.append(time.perf_counter() - started)
        expect(page).to_have_title(f"{title} – Testsite")
    print(f"\nsave-to-visible in Chromium: {', '.join(f'{s * 1000:.0f} ms' for s in latencies)}")
    assert page.url == preview.url + "/moeder/borgermoede/"
    assert max(latencies) < 3.0, latencies
    # livereload's script and socket come from the preview's own origin, nothing from anywhere else
    assert any(url.startswith(preview.url + "/livereload.js") for url in requests), requests
    assert all(url.startswith(preview.url + "/") for url in requests), requests


def test_a_broken_save_shows_the_error_page_and_the_next_good_save_brings_the_page_back(preview, page):
    page.goto(preview.url + "/moeder/borgermoede/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Borgermøde i oktober")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector._isSocketConnected()")
    before = len(preview.lines)

    save_meeting(preview.site, start="25:00")
    expect(heading).to_have_text("Sitet kan ikke bygges")
    printed = preview.wait_for(rf"^{MEETING_FILE}:4: start: ", after=before).string
    expect(page.locator("main")).to_contain_text(printed)  # exactly the line the terminal printed
    assert page.url == preview.url + "/moeder/borgermoede/"

    save_meeting(preview.site, title="Borgermøde rettet")
    expect(heading).to_have_text("Borgermøde rettet")
    assert page.url == preview.url + "/moeder/borgermoede/"


def test_a_burst_of_quick_saves_is_one_build(preview, page):
    page.goto(preview.url + "/moeder/borgermoede/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Borgermøde i oktober")
    for attempt in range(1, 6):
        builds = preview.builds()
        started = time.monotonic()
        for n in range(1, 6):
            save_meeting(preview.site, f"Borgermøde forsøg {attempt} version {n}")
            time.sleep(0.005)  # five saves 5 ms apart, well inside livebuild.QUIET
        took = time.monotonic() - started
        expect(heading).to_have_text(f"Borgermøde forsøg {attempt} version 5")
        wait_until(lambda before=builds: preview.builds() > before, timeout=10)  # the terminal line of the build shown
        # A gap, not a wait: a second build must not follow, and its absence cannot be polled for.
        # One second is four times livebuild.MAX_WAIT after the last save.
        time.sleep(1.0)
        if took < QUIET:  # the burst was one: judge it (a busy machine may stretch the test's own saves)
            assert preview.builds() == builds + 1, "\n".join(preview.lines)
            return
    pytest.fail(f"five saves never fitted in {QUIET} s on this machine: the debounce could not be judged")


def test_a_build_that_finishes_while_the_page_is_still_connecting_is_not_missed(preview, page):
    """The reload message of a build that ends before the page's socket is open goes nowhere; the page
    then sees, by the build number, that it is old and reloads itself."""
    held = []

    def shown_build() -> str:
        with urllib.request.urlopen(preview.url + BUILD_URL, timeout=5) as response:
            return response.read().decode("utf-8")

    def slow_livereload(route):
        if not held:  # the first page load: save while livereload.js is on its way, and wait for the build
            before, printed = shown_build(), len(preview.lines)
            held.append(preview.builds())
            save_meeting(preview.site, "Borgermøde gemt under indlæsning")
            preview.wait_for(r"^Bygget \d+ sider?", after=printed)
            # The server shows the new build number once it has sent the reload, to no one.
            wait_until(lambda: shown_build() != before, timeout=10)
        route.continue_()

    page.route("**/livereload.js*", slow_livereload)
    page.goto(preview.url + "/moeder/borgermoede/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Borgermøde gemt under indlæsning")
    assert preview.builds() == held[0] + 1
