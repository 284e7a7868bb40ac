"""HTML validity: the Nu Html Checker (npm vnu-jar, pinned) finds no errors in any build.

Every build is checked in ONE JVM run (its time is almost all start-up): the real site,
the test site (tests/fixtures/full_site) in a normal and a --preview build, the empty
site (tests/fixtures/empty_site), the preview server's own pages, and a page with
planted faults that proves the gate can fail. The checker missing is a failure, never
a skip: .ci/run installs Java and runs `npm ci`.

The builds are made by tests/gatekit.py, shared with tests/browser/test_axe.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.checks import htmlcheck
from sitegen.checks.htmlcheck import validate_html
from tests.gatekit import PREVIEW_SERVER, build_all

PLANTED = "planted"


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

