"""Accessibility: axe-core (npm, pinned) in Debian's Chromium finds no WCAG 2.1 A/AA violation.

Every page of every build is opened at 1280 and 320 px (where it must also not scroll
sideways, WCAG 1.4.10): the test site in a normal and a --preview build, the empty site
and the preview server's own pages (the builds of tests/integration/test_html_validity.py
but the real site: its publish test, tests/browser/test_publish_real_site.py, runs this
same gate on every page of it, at both widths, and fails on any finding). Planted faults prove the gate can fail. Chromium or
axe-core missing is a failure, never a skip: .ci/run installs both.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.checks.browsercheck import run_axe
from tests.gatekit import PREVIEW_SERVER, REAL_PREFIX, TEST_BUILDS, build_all

pytestmark = pytest.mark.browser

BUILDS = (*TEST_BUILDS, PREVIEW_SERVER)


ROBOTS_META = b'<meta name="robots" content="noindex">\n'


@pytest.fixture(scope="module")
def builds(tmp_path_factory, built_real_site) -> dict[str, tuple[Path, str]]:
    builds = build_all(tmp_path_factory.mktemp("axe"), built_real_site)
    skip_unchanged_preview_pages(builds["full-preview"][0], builds["full"][0])
    return builds


def skip_unchanged_preview_pages(preview: Path, normal: Path) -> None:
    """Delete the preview pages that are the normal build's page plus only the robots line.

    Same markup and stylesheet give the same axe result; this saves a third of the
    browser time. Pages with banners, pending items or other changes stay.
    """
    for page in list(preview.rglob("*.html")):
        twin = normal / page.relative_to(preview)
        if twin.is_file() and page.read_bytes().replace(ROBOTS_META, b"", 1) == twin.read_bytes():
            page.unlink()


@pytest.mark.parametrize("name", BUILDS)
def test_no_axe_violations_at_1280_and_320_px(builds, name):
    folder, prefix = builds[name]
    problems = run_axe(folder, prefix)
    assert problems == [], f"axe found problems in the {name} build:\n" + "\n".join(p.format() for p in problems)


@pytest.fixture(scope="module")
def planted(tmp_path_factory, built_real_site) -> list:
    """The real front page with an image without alt text, grey-on-white text and a 900 px wide box."""
    folder = tmp_path_factory.mktemp("axe-planted")
    shutil.copytree(built_real_site / "static", folder / "static")
    page = (built_real_site / "index.html").read_text(encoding="utf-8")
    faults = ('<img src="static/favicon.ico" width="16" height="16">'
              '<p style="color:#bbb">Lys grå tekst</p><div style="width:900px">Bred boks</div>\n<h1>')
    (folder / "index.html").write_text(page.replace("<h1>", faults, 1), encoding="utf-8")
    return run_axe(folder, REAL_PREFIX)


def test_an_image_without_alt_text_is_reported(planted):
    found = [p for p in planted if "axe image-alt" in p.message]
    assert len(found) == 1, [p.format() for p in planted]
    assert found[0].path == "index.html" and found[0].line == 1
    assert found[0].format().startswith("index.html:1: Tilgængelighed (axe image-alt, WCAG 1.1.1): ")
    assert "— img" in found[0].message
    assert "alt" in found[0].fix


def test_low_contrast_is_reported_with_the_ratio(planted):
    found = [p for p in planted if "axe color-contrast" in p.message]
    assert len(found) == 1, [p.format() for p in planted]
    assert "WCAG 1.4.3" in found[0].message
    assert "1.91" in found[0].fix  # #bbb on white


def test_a_page_wider_than_320_px_is_reported(planted):
    found = [p for p in planted if "WCAG 1.4.10" in p.message]
    assert len(found) == 1, [p.format() for p in planted]
    assert "320 px" in found[0].message and "div" in found[0].message

