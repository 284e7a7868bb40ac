"""Shared fixtures: the project root and the real site built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from playwright.sync_api import sync_playwright

from tests.browserkit import launch_chromium
from tests.sitekit import run_cli

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The moment the real site is built for in tests: all three 2016-17 meetings are held.
REAL_SITE_NOW = "2026-11-23T12:00"


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (where build.py, content/ and data/ are)."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def built_real_site(tmp_path_factory) -> Path:
    """The real site (the project's content/ and data/) built once into a temp folder."""
    out = tmp_path_factory.mktemp("real-site") / "output"
    result = run_cli("build", "--out", str(out), "--now", REAL_SITE_NOW)
    assert result.returncode == 0, (
        f"building the real site failed (exit {result.returncode}):\n"
        f"{result.stderr}\n{result.stdout}"
    )
    assert (out / "index.html").is_file(), f"no index.html in {out}"
    return out


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (the sync API allows
    one Playwright at a time per thread, and the axe gate starts its own)."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
