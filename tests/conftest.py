"""Shared fixtures (the project root, the real site built once, Chromium) and the three layers of tests.

    tests/unit         in memory: records rendered to a dict, tiny inline sites read by the engine;
                       no build.py, no process, no server, no browser (tests/unit/conftest.py refuses them)
    tests/integration  the command line (run_cli runs build.py in this process by default), output
                       folders, Pagefind, Java, make, servers; no browser (tests/integration/conftest.py)
    tests/browser      everything that starts Chromium (Playwright): the `browser` fixture, axe, publish

Each test is marked with its layer (`pytest -m unit`); a test file anywhere else is an error.
Helpers shared by the layers stay here in tests/ (sitekit, browserkit, previewkit, ...).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browserkit import launch_chromium
from tests.sitekit import REAL_SITE_NOW, run_cli

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
LAYERS = ("unit", "integration", "browser")
MISFILED = pytest.StashKey[str]()


def layer_of(path: Path) -> str | None:
    """The layer a test file is in (its folder under tests/), or None."""
    try:
        parts = Path(path).resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


def pytest_configure(config):
    outside = sorted(path.relative_to(PROJECT_ROOT).as_posix() for path in TESTS.rglob("test_*.py")
                     if layer_of(path) is None)
    if outside:
        raise pytest.UsageError(
            "test files belong in tests/unit (in memory), tests/integration (build.py, files, tools, servers) "
            "or tests/browser (Chromium), see README: " + ", ".join(outside))


def pytest_collection_modifyitems(config, items):
    for item in items:
        layer = layer_of(item.path)
        if layer is None:
            continue
        item.add_marker(layer)
        if layer != "browser" and ("browser" in item.fixturenames or item.get_closest_marker("browser")):
            item.stash[MISFILED] = "it starts Chromium: move it to tests/browser"
        elif layer == "unit" and "built_real_site" in item.fixturenames:
            item.stash[MISFILED] = "it needs the real site built by build.py: move it to tests/integration"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if MISFILED in item.stash:  # before any fixture is set up
        pytest.fail(f"{item.nodeid} is in the wrong layer: {item.stash[MISFILED]}", pytrace=False)


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
