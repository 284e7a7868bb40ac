"""The builds the HTML and accessibility gates check (tests/integration/test_html_validity.py,
tests/browser/test_axe.py): the real site, the test site (tests/fixtures/full_site) in a normal and a
--preview build, the empty site (tests/fixtures/empty_site) and the preview server's own pages."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.sitekit import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures"
TEST_SITE_NOW = "2017-03-01T12:00"  # the moment the test sites are built for (see data/site.yaml there)

# name -> (site folder, extra build arguments, path of base_url: where it is served)
TEST_BUILDS = {
    "full": (FIXTURES / "full_site", (), "/kvalitet/"),
    "full-preview": (FIXTURES / "full_site", ("--preview",), "/kvalitet/"),
    "empty": (FIXTURES / "empty_site", (), "/tomt/"),
}
REAL_PREFIX = "/kvalitet-boerneomraadet/"
PREVIEW_SERVER = "preview-server"  # what `make serve` shows: at the root, with its own pages


def build_all(parent: Path, real_site: Path) -> dict[str, tuple[Path, str]]:
    """Every build to check, each in its own folder under parent: name -> (folder, served prefix)."""
    builds = {"real": (parent / "real", REAL_PREFIX)}
    shutil.copytree(real_site, parent / "real", ignore=shutil.ignore_patterns("pagefind"))
    for name, (site, extra, prefix) in TEST_BUILDS.items():
        out = parent / name
        result = run_cli("build", "--site", str(site), "--out", str(out), "--now", TEST_SITE_NOW, *extra)
        assert result.returncode == 0, f"building {name} failed (exit {result.returncode}):\n{result.stderr}"
        builds[name] = (out, prefix)
    builds[PREVIEW_SERVER] = (write_preview_server_pages(parent / PREVIEW_SERVER, parent / "full-preview"), "/")
    return builds


def write_preview_server_pages(folder: Path, preview_build: Path) -> Path:
    """The pages only the preview server makes (build error, not found, review), and two site
    pages as it sends them (live reload script and review link added), beside the stylesheet."""
    from sitegen.core.problems import Problem
    from sitegen.engine.changes import Changes
    from sitegen.preview import review
    from sitegen.preview import server as preview

    shutil.copytree(preview_build / "static", folder / "static")
    now = dt.datetime.fromisoformat(TEST_SITE_NOW).replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    warning = Problem(path="content/meetings/moede.md", line=4, field="agenda",
                      message="mødet er om 3 dage, men har ingen dagsorden", fix="skriv dagsordenen under agenda:")
    pages = {
        "_fejl/index.html": preview.with_live_reload(review.error_page([
            "content/meetings/moede.md:3: date: '2017-02-30' er ikke en dato. Skriv datoen som 2017-03-01.",
            "data/people.yaml:7: email: 'anna(at)example.org' er ikke en e-mailadresse. Skriv fx anna@example.org.",
        ]), 1),
        "_mangler/index.html": preview.with_live_reload(review.not_found_page("/findes-ikke/"), 1),
        "_gennemgang/index.html": preview.with_live_reload(review.review_page(
            [warning], Changes(added=["/moeder/nyt-moede/"], changed=["/"], removed=["/gammel-side/"]), now, "output/",
        ), 1, note=False),
        "index.html": preview.with_live_reload((preview_build / "index.html").read_bytes(), 1),
    }
    pending = next(p for p in sorted(preview_build.glob("moeder/*/index.html")) if b"pending-banner" in p.read_bytes())
    pages["moeder/kladde/index.html"] = preview.with_live_reload(pending.read_bytes(), 1)
    for path, body in pages.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(body)
    return folder
