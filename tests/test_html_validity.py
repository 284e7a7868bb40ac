"""HTML validity: the Nu Html Checker (npm vnu-jar, pinned) finds no errors in any build.

Every build is checked in ONE JVM run (its time is almost all start-up): the real site,
the test site (tests/fixtures/full_site) in a normal and a --preview build, the empty
site (tests/fixtures/empty_site), the preview server's own pages, and a page with
planted faults that proves the gate can fail. The checker missing is a failure, never
a skip: .ci/run installs Java and runs `npm ci`.

`build_all` is shared with tests/test_axe.py.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen import htmlcheck
from sitegen.htmlcheck import CheckToolMissing, validate_html
from tests.sitekit import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures"
TEST_SITE_NOW = "2017-03-01T12:00"  # the moment the test sites are built for (see data/site.yaml there)
REAL_SITE_NOW = "2026-11-23T12:00"  # as tests/conftest.py
PLANTED = "planted"

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
    from sitegen import preview, review
    from sitegen.problems import Problem
    from sitegen.rebuild import Changes

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


def plant_faults(folder: Path, page: Path) -> int:
    """A copy of page with a duplicate id and a <p> inside a <span>; returns the line they are on."""
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("<h1>"))
    lines.insert(at, '<span><p>Et afsnit i en span</p></span><div id="indhold"></div>')
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.fixture(scope="module")
def checked(tmp_path_factory, built_real_site):
    """(builds, planted line, problems): the Nu Html Checker run once over every build."""
    parent = tmp_path_factory.mktemp("html-validity")
    builds = build_all(parent, built_real_site)
    line = plant_faults(parent / PLANTED, parent / "real" / "index.html")
    return builds, line, validate_html(parent)


def test_every_build_is_valid_html(checked):
    builds, _, problems = checked
    found = [p.format() for p in problems if not p.path.startswith(PLANTED + "/")]
    assert found == [], "the Nu Html Checker found errors:\n" + "\n".join(found)
    for name, (folder, _) in builds.items():
        assert len(htmlcheck.html_files(folder)) >= 5, f"{name}: too few pages were checked"


def test_a_planted_fault_is_reported_with_path_and_line(checked):
    _, line, problems = checked
    planted = [p for p in problems if p.path.startswith(PLANTED + "/")]
    assert {p.path for p in planted} == {"planted/index.html"}
    assert {p.line for p in planted} == {line}
    messages = "\n".join(p.format() for p in planted)
    assert "Duplicate ID “indhold”" in messages
    assert "“p” not allowed as child of element “span”" in messages
    assert all(p.format().startswith(f"planted/index.html:{line}: HTML-fejl: ") for p in planted)
    assert all("templates/" in p.fix for p in planted)


def test_the_search_index_is_not_checked(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.html").write_text("<p>not ours</p>", encoding="utf-8")
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html lang=da><title>x</title><p>x</p></html>", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in htmlcheck.html_files(tmp_path)] == ["index.html"]


def test_the_test_site_covers_every_template_and_state(checked):
    """Guards the fixtures: each state the templates know is in some build that is checked."""
    builds, _, _ = checked
    text = {name: "\n".join(p.read_text(encoding="utf-8") for p in htmlcheck.html_files(folder))
            for name, (folder, _) in builds.items()}
    expected = {
        "full": [
            "Mødet er aflyst.", "Opdatér din kalender", "Føj til kalender", "Hent mødet som kalenderfil",
            "Status: Flyttet", "Status: Afholdt", "Tilmeld dig senest", "Fristen for tilmelding var",
            "Der er ikke oplyst noget om tilmelding", "Der er ikke oplyst noget om adgangsforhold",
            "Mødet er overstået", "Dagsordenen er ikke offentliggjort endnu", "Der er ingen dagsorden til mødet på denne side",
            "Læs referatet", "Referatet er ikke offentliggjort endnu", "så der kommer ikke et referat",
            "Fristen er overskredet", "Gennemført", "Opgivet", "Forsinket", "Ikke startet", "Status ikke oplyst",
            "ngen frist fastsat", "udgangen af 4. kvartal 2017", "udgangen af 2018",
            "Ansvarlig er ikke oplyst", "Der er ikke registreret noget forløb", "Tiltag med overskredet frist",
            "Nyheder og statusrapporter om tiltaget", "Tiltag, som det handler om", "Status til udvalget",
            "Behandlet på mødet i", "Behandlet i ", "Behandlet på udvalgsmødet",
            "Undersider", "Denne side hører under", "Senest opdateret", "Dato ikke oplyst",
            "Udvikling over tid", "ca. ", "<table>", "<ol>", 'alt="Testkommunens ikon', 'href="https://example.org/',
            "Det er ikke oplyst, om referatet er godkendt",
            'class="lead"', "Siden findes ikke",
        ],
        "full-preview": ["pending-banner", "pending-mark", "Kladde - ikke offentliggjort", "Offentliggøres "],
        "empty": [
            "Der er ingen planlagte møder lige nu.", "Der har endnu ikke været holdt møder.",
            "Der er endnu ikke offentliggjort referater.", "Der er endnu ikke registreret tiltag.",
            "Der er endnu ikke offentliggjort nyheder.", "Der er endnu ikke offentliggjort nøgletal.",
        ],
        PREVIEW_SERVER: ["Sitet kan ikke bygges", "Siden findes ikke i forhåndsvisningen", "Gennemgang",
                         "Forhåndsvisning med kladder", "pending-banner"],
    }
    missing = {name: [s for s in strings if s not in text[name]] for name, strings in expected.items()}
    assert not any(missing.values()), f"states missing from the test builds: {missing}"
    assert "pending" not in text["full"], "a draft or future item reached the normal build of the test site"


def test_missing_java_is_an_error_that_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(htmlcheck.shutil, "which", lambda name: None)
    with pytest.raises(CheckToolMissing, match="apt-get install -y default-jre-headless"):
        validate_html(tmp_path)


def test_a_missing_checker_is_an_error_that_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(htmlcheck, "VNU_JAR", tmp_path / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    monkeypatch.setattr(htmlcheck, "PROJECT_ROOT", tmp_path)
    with pytest.raises(CheckToolMissing, match="npm ci"):
        validate_html(tmp_path)
