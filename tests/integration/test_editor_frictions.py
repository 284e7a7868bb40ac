"""Issue 13, part 5: the editor's small frictions, found by trying the tools as a new editor would.

- `make ny-referat MOEDE=...` suggests the meeting whose name starts with what was typed;
- a date written in the title is not repeated in a dated file name;
- YAML mistakes with quotes are named as such, on the line the editor must fix, and a wrongly
  indented line is reported at that line, not at the next one (where YAML notices it);
- the editors' make targets show build.py's answer, not their own command line.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from sitegen.editors.schema import front_matter
from tests.editorkit import load_like_editor
from tests.sitekit import MEETING, ROOT, base_files, run_cli, tree_digest, write_site

MEETING_FILE = "content/meetings/borgermoede.md"
RUNTIME_STAMP = ".venv/.installed-runtime"  # -o: the one-time setup of .venv is not what these tests are about


@pytest.fixture()
def site(tmp_path) -> Path:
    return write_site(tmp_path / "site", base_files())


def new(site: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli("new", *args, "--site", str(site))


def make(target: str, *variables: str) -> subprocess.CompletedProcess:
    """`make TARGET ...` as an editor types it in a terminal: no -s, and not a sub-make of `make test`."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    return subprocess.run(["make", "-o", RUNTIME_STAMP, target, *variables], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env=env)


# 1. Which meeting did you mean? ------------------------------------------------------

def _meetings(site: Path, *names: str) -> None:
    write_site(site, {f"content/meetings/{name}.md": MEETING for name in names})


def test_a_meeting_that_starts_with_what_was_typed_is_suggested_before_a_similar_one(site):
    """The case found: the nearest spelling was a meeting ten years older."""
    _meetings(site, "2017-03-15-borgermoede")
    assert new(site, "meeting", "Borgermøde i april", "--date", "2027-04-14").returncode == 0
    before = tree_digest(site)
    result = make("ny-referat", "TITEL=Referat", "MOEDE=2027-04-14-borgermoede", f"SITE={site}")
    assert result.returncode != 0
    assert "Mente du '2027-04-14-borgermoede-i-april'?" in result.stderr, result.stderr
    assert "2017-03-15-borgermoede" not in result.stderr
    assert tree_digest(site) == before


def test_several_meetings_that_start_with_it_are_all_named(site):
    _meetings(site, "2027-04-14-borgermoede-i-april", "2027-04-14-borgermoede-ekstra", "2017-03-15-borgermoede")
    result = new(site, "minutes", "Referat", "--meeting", "2027-04-14-borgermoede")
    assert result.returncode == 1
    assert ("Mente du et af disse: '2027-04-14-borgermoede-ekstra', '2027-04-14-borgermoede-i-april'?"
            in result.stderr), result.stderr


@pytest.mark.parametrize("typed, meant", [
    ("borgermoede-i-april", "2027-04-14-borgermoede-i-april"),  # without the date in front
    ("2027-04-14-borgermode-i-april", "2027-04-14-borgermoede-i-april"),  # misspelt: the closest one that day
    ("2017-03-15-borgermode", "2017-03-15-borgermoede"),  # misspelt: the closest one
])
def test_other_near_misses_get_the_right_suggestion(site, typed, meant):
    _meetings(site, "2027-04-14-borgermoede-i-april", "2027-04-14-dialogmoede", "2017-03-15-borgermoede")
    result = new(site, "minutes", "Referat", "--meeting", typed)
    assert result.returncode == 1
    assert f"Mente du '{meant}'?" in result.stderr, result.stderr


def test_a_meeting_typed_as_the_title_spells_it_is_found(site):
    """Capitals and æ, ø, å: the file name as its address spells it is what the minutes get."""
    _meetings(site, "2027-04-14-borgermoede-i-april")
    result = new(site, "minutes", "Referat", "--meeting", "2027-04-14-Borgermøde-i-april")
    assert result.returncode == 0, result.stderr
    values = load_like_editor(front_matter((site / "content/minutes/referat.md").read_text(encoding="utf-8")))
    assert values["meeting"] == "2027-04-14-borgermoede-i-april"


# 1. The date once in a file name ----------------------------------------------------------

@pytest.mark.parametrize("title", [
    "Borgermøde 14. april 2027",
    "Borgermøde 2027-04-14",
    "Borgermøde 14/4 2027",
    "Borgermøde 14.04.2027",
    "Borgermøde onsdag den 14. april 2027",
    "Borgermøde d. 14. apr. 2027",
])
def test_a_date_in_the_title_is_not_repeated_in_the_file_name(site, title):
    result = new(site, "meeting", title, "--date", "2027-04-14")
    assert result.returncode == 0, result.stderr
    rel = "content/meetings/2027-04-14-borgermoede.md"
    assert result.stdout.strip().endswith(rel), result.stdout
    values = load_like_editor(front_matter((site / rel).read_text(encoding="utf-8")))
    assert values["title"] == title  # the title stays as typed


def test_the_same_for_updates_and_through_make(site):
    result = make("ny-status", "TITEL=Status til udvalget 14. april 2027", "DATO=2027-04-14", f"SITE={site}")
    assert result.returncode == 0, result.stderr
    rel = "content/updates/2027-04-14-status-til-udvalget.md"
    assert (site / rel).is_file() and result.stdout.strip().endswith(rel)
    assert load_like_editor(front_matter((site / rel).read_text(encoding="utf-8")))["title"] == \
        "Status til udvalget 14. april 2027"


@pytest.mark.parametrize("type_name, title, rel", [
    ("meeting", "Borgermøde 15. april 2027", "content/meetings/2027-04-14-borgermoede-15-april-2027.md"),  # another day
    ("meeting", "Borgermøde i april", "content/meetings/2027-04-14-borgermoede-i-april.md"),  # no day: kept
    ("initiative", "Plan til 14. april 2027", "content/initiatives/plan-til-14-april-2027.md"),  # no date in the name
])
def test_other_dates_stay_in_the_name(site, type_name, title, rel):
    result = new(site, type_name, title, "--date", "2027-04-14")
    assert result.returncode == 0, result.stderr
    assert (site / rel).is_file(), result.stdout


# 3. YAML mistakes: what is wrong with the quotes, and on which line ------------------------

def _check(site: Path, rel: str) -> list[str]:
    """The lines `build.py check --file` says about the file, as the editor reads them."""
    result = run_cli("check", "--file", str(site / rel))
    assert result.returncode == 1, result.stderr
    return [line for line in (result.stdout + result.stderr).splitlines() if re.match(rf"{re.escape(rel)}:\d+: ", line)]


def _meeting_with(site: Path, old: str, new_text: str) -> None:
    assert old in MEETING
    write_site(site, {MEETING_FILE: MEETING.replace(old, new_text)})


QUOTES = [  # (id, the lines that replace `date: 2016-10-05` at line 3, the line reported, words in the message)
    ("quoted-then-more-text", 'summary: "Vi fortæller" om panelet\ndate: 2016-10-05', 3,
     ["summary: YAML-fejl: anførselstegnene slutter, før teksten gør",
      """fx summary: "Vi fortæller om panelet\"""", """summary: '"Vi fortæller" om panelet'"""]),
    ("single-quoted-then-more-text", "summary: 'Vi fortæller' om panelet\ndate: 2016-10-05", 3,
     ["anførselstegnene slutter, før teksten gør", """summary: "'Vi fortæller' om panelet\""""]),
    ("never-closed", 'summary: "Vi fortæller om panelet\ndate: 2016-10-05', 3,  # closed only by end: "18.30"
     ["summary: YAML-fejl: anførselstegnet bliver ikke lukket (YAML opdager det først i linje 6)",
      """fx summary: "Vi fortæller om panelet\""""]),
    ("quote-then-colon", 'summary: "Borgermøde": status og planer\ndate: 2016-10-05', 3,
     ["summary: YAML-fejl: anførselstegnene slutter før kolonet",
      """fx summary: "Borgermøde: status og planer\""""]),
    ("apostrophe-in-single-quotes", "summary: 'Annas og Jane's møde'\ndate: 2016-10-05", 3,
     ["summary: YAML-fejl: teksten står i enkelte anførselstegn ('), men der står også ' inde i teksten",
      "summary: 'Annas og Jane''s møde'", """summary: "Annas og Jane's møde\""""]),
    ("quotes-in-double-quotes", 'summary: "Han sagde "ja" til det"\ndate: 2016-10-05', 3,
     ['summary: YAML-fejl: teksten står i anførselstegn ("), men der står også " inde i teksten',
      """summary: 'Han sagde "ja" til det'"""]),
    ("begins-with-one-quote-ends-with-the-other", "summary: \"Vi fortæller'\ndate: 2016-10-05", 3,
     ["summary: YAML-fejl: teksten begynder med \" og slutter med '", 'fx summary: "Vi fortæller"']),
]


@pytest.mark.parametrize("new_lines, line, words", [q[1:] for q in QUOTES], ids=[q[0] for q in QUOTES])
def test_quote_mistakes_are_named_on_their_line(site, new_lines, line, words):
    _meeting_with(site, "date: 2016-10-05", new_lines)
    said = _check(site, MEETING_FILE)
    assert len(said) == 1 and said[0].startswith(f"{MEETING_FILE}:{line}: "), said
    assert "anførselstegn" in said[0].lower()
    for word in words:
        assert word in said[0], said[0]


def test_a_quote_never_closed_in_the_last_field_is_named_on_its_line(site):
    _meeting_with(site, "registration:\n  contact: anna\n", 'audience: "Alle forældre\n')
    said = _check(site, MEETING_FILE)
    assert len(said) == 1 and said[0].startswith(f"{MEETING_FILE}:7: audience: YAML-fejl: anførselstegnet bliver "
                                                 "ikke lukket."), said


def test_quote_mistake_in_a_list_and_in_a_data_file(site):
    _meeting_with(site, "registration:\n", 'agenda:\n  - Velkommen\n  - "Nyt" fra kommunen\nregistration:\n')
    said = _check(site, MEETING_FILE)
    assert len(said) == 1 and said[0].startswith(f"{MEETING_FILE}:9: YAML-fejl: anførselstegnene slutter"), said
    assert """- '"Nyt" fra kommunen'""" in said[0]
    write_site(site, {MEETING_FILE: MEETING,
                      "data/venues.yaml": 'raadhus:\n  name: "Testrådhus" i Testby\n  address: Testvej 1\n'})
    said = _check(site, "data/venues.yaml")
    assert len(said) == 1 and said[0].startswith("data/venues.yaml:2: name: YAML-fejl: anførselstegnene slutter"), said


def test_a_wrongly_indented_line_40_is_reported_at_40_not_41(site):
    """The first line of a block sets its indentation: YAML only notices at the next line, which is right.

    PyYAML's problem_mark is that next line (41); its context_mark is where the whole mapping began
    (line 2). The line to fix is the first line under `registration:`.
    """
    padding = "".join(f"# note {n}\n" for n in range(32))
    text = MEETING.replace("registration:\n  contact: anna\n",
                           padding + "registration:\n   contact: anna\n  deadline: 2016-09-28\n")
    assert text.split("\n")[39] == "   contact: anna"  # line 40
    write_site(site, {MEETING_FILE: text})
    said = _check(site, MEETING_FILE)
    assert len(said) == 1 and said[0].startswith(
        f"{MEETING_FILE}:40: contact: YAML-fejl: indrykningen passer ikke (YAML opdager det først i linje 41)"), said


@pytest.mark.parametrize("lines, line, words", [
    # the first item of a list indented one space too far
    ("agenda:\n   - Velkommen\n  - Nyt fra kommunen\n", 8, "indrykningen passer ikke"),
    # the first field under `registration:` without its indentation
    ("registration:\ncontact: anna\n  deadline: 2016-09-28\n", 8, "indrykningen passer ikke"),
    # a field moved out of a list item, between two items
    ("changes:\n  - date: 2016-09-01\nnote: Flyttet.\n  - date: 2016-09-02\n    note: Igen.\n", 9,
     "indrykningen passer ikke"),
    # a field under `registration:` without its colon
    ("registration:\n  contact anna\n  deadline: 2016-09-28\n", 8, "der mangler et kolon efter et feltnavn"),
    # ... and at the top
    ("audience\nregistration:\n", 7, "der mangler et kolon efter et feltnavn"),
])
def test_indentation_and_colons_are_reported_on_the_line_to_fix(site, lines, line, words):
    _meeting_with(site, "registration:\n  contact: anna\n", lines)
    said = _check(site, MEETING_FILE)
    assert len(said) == 1 and re.match(rf"{re.escape(MEETING_FILE)}:{line}: (\w+: )?YAML-fejl: {words}", said[0]), said


def test_a_new_file_with_a_comment_mark_left_in_front_of_a_field(site):
    """As a new editor does it: uncomment the registration block of a new meeting, one # too few."""
    result = new(site, "meeting", "Borgermøde i april", "--date", "2027-04-14")
    assert result.returncode == 0, result.stderr
    rel = "content/meetings/2027-04-14-borgermoede-i-april.md"
    lines = (site / rel).read_text(encoding="utf-8").split("\n")
    start = lines.index("# registration:")
    lines[start] = "registration:"
    lines[start + 1] = lines[start + 1].removeprefix("#")  # '#   contact:' -> '   contact:' (should be 2 spaces)
    lines[start + 2] = lines[start + 2].removeprefix("# ")  # '  deadline:' - right
    (site / rel).write_text("\n".join(lines), encoding="utf-8")
    said = _check(site, rel)
    assert len(said) == 1 and said[0].startswith(f"{rel}:{start + 2}: contact: YAML-fejl: indrykningen passer ikke"), said


# 2. The guide's word: "felterne", never "front matter" or "slug" ---------------------------

def test_messages_say_felterne(site):
    write_site(site, {"content/pages/om.md": "Bare tekst\n", "content/pages/kontakt.md": "---\ntitle: Kontakt\n\nTekst\n"})
    result = run_cli("build", "--site", str(site), "--out", str(site / "out"))
    said = result.stdout + result.stderr
    assert "content/pages/om.md:1: Filen begynder ikke med felterne." in said, said
    assert "content/pages/kontakt.md:1: Felterne bliver ikke afsluttet." in said
    assert not re.search("front ?matter|slug", said, re.I)


def test_a_new_minutes_file_explains_meeting_without_slug(site):
    result = new(site, "minutes", "Referat", "--meeting", "borgermoede")
    assert result.returncode == 0, result.stderr
    text = (site / "content/minutes/referat.md").read_text(encoding="utf-8")
    assert "Mødets filnavn uden .md" in text
    assert not re.search("front ?matter|slug", text, re.I)


# 4. The make targets: build.py's answer, not the command line (their recipes: tests/unit/test_makefile.py) --

def _echoed(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines()
            if line.startswith((".venv/bin/python", "test -n", "$(PY)"))]


def test_make_ny_side_shows_only_what_build_py_says(site):
    result = make("ny-side", "TITEL=Om panelet", f"SITE={site}")
    assert result.returncode == 0, result.stderr
    assert _echoed(result) == [], result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[0].endswith("content/pages/om-panelet.md"), result.stdout


def test_make_ny_referat_and_tjek_fil_show_only_what_build_py_says(site):
    result = make("ny-referat", "TITEL=Referat", "MOEDE=borgermode", f"SITE={site}")
    assert result.returncode != 0 and _echoed(result) == [], result.stdout + result.stderr
    assert result.stderr.startswith("build.py new: mødet 'borgermode' findes ikke"), result.stderr
    result = make("tjek-fil", f"FIL={site / MEETING_FILE}")
    assert _echoed(result) == [], result.stdout + result.stderr
    assert result.stdout + result.stderr, "tjek-fil says nothing"

