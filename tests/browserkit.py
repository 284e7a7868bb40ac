"""Helpers for real-browser tests: serve a built site on 127.0.0.1, start Debian's Chromium, search a site.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run), never from
`playwright install`. A missing browser fails the test: CI must have installed it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

# The lookup of Debian's Chromium (real binary first, $CHROMIUM_PATH overrides) is shared
# with the accessibility gate of `build.py check`.
from sitegen.checks.browsercheck import CHROMIUM_CANDIDATES, find_chromium  # noqa: F401
from sitegen.checks.browsercheck import serve_directory as gate_server


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike[str], prefix: str = "/") -> Iterator[str]:
    """Serve PATH over HTTP on 127.0.0.1 (a free port) under PREFIX and yield its base URL.

    The same server the accessibility gate uses (sitegen.checks.browsercheck), so tests and
    `build.py check` see the site the same way.
    """
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"cannot serve {root}: not a directory")
    with gate_server(root, prefix) as url:
        yield url


def launch_chromium(playwright, **launch_options):
    """Launch headless Chromium through Playwright; fail the test if it is not installed."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(
            "Chromium is not installed: the browser tests need Debian's chromium package "
            "(/usr/bin/chromium). Install it with `apt-get install -y chromium` "
            "(.ci/run does this) or set CHROMIUM_PATH. Do not run `playwright install`.",
            pytrace=False,
        )
    return playwright.chromium.launch(executable_path=executable, **launch_options)


def search(browser, base_url: str, query: str, javascript: bool = True) -> list[str]:
    """The result links (site paths) shown for `query` on the search page."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(base_url + "soeg/")
        page.get_by_label("Søg i møder, referater, tiltag, nyheder og sider").fill(query)
        page.get_by_role("button", name="Søg").click()
        if javascript:
            expect(page.get_by_role("status")).to_contain_text(f"for »{query}«")
            return page.locator("[data-search-results] a").evaluate_all("links => links.map(a => a.pathname)")
        return []
    finally:
        context.close()
