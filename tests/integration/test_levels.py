"""Findings have four levels, the same in build, check, `check --file`, the preview and publish
(issue 13), and freshness can always be answered with a true statement.

Every time-dependent case has an explicit --now. The levels:
fejl (exit 1, nothing written), blokerer udgivelse (check and publish exit 1),
advarsel (printed; stops publish only with --strict), råd (a build only counts them).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sitekit import base_files, run_cli, tree_digest, write_site

LEVEL_AT_END = re.compile(r" \[(fejl|blokerer udgivelse|advarsel|råd)\]$")
SUMMARY = re.compile(r"(\d+) fejl, (\d+) blokerer udgivelse, (\d+) advarsl?e?r?, (\d+) råd")

OVERDUE = """\
---
title: Ekstra personale
deadline: 2017-03-31
status: i-gang
progress:
  - date: 2017-01-10
    note: Der er ansat to nye rådgivere.
---
Tekst.
"""
# Long sentences and stiff words: advice (råd) only.
WORDY = """\
---
title: Lang tekst
date: 2016-08-15
---
Det er således af afgørende betydning for kommunens samlede indsats på området, at der foretages en \
grundig og systematisk vurdering af samtlige sager i forbindelse med den forestående omorganisering \
af hele forvaltningen i kommunen, og at denne vurdering gennemføres hurtigst muligt af medarbejderne.
"""


def site_with(tmp_path: Path, files: dict) -> Path:
    return write_site(tmp_path / "site", base_files() | files)


def build(site: Path, out: Path, now: str, *more: str):
    return run_cli("build", "--site", str(site), "--out", str(out), "--now", now, *more)


def summary_counts(stderr: str) -> tuple[int, ...]:
    return tuple(int(n) for n in SUMMARY.search(stderr.strip().splitlines()[-1]).groups())


def findings(stderr: str, level: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.endswith(f" [{level}]")]


# Levels: build, check --file, check ----------------------------------------------

def test_every_finding_line_names_its_level_and_the_build_ends_with_the_counts(tmp_path):
    site = site_with(tmp_path, {"content/initiatives/ekstra.md": OVERDUE, "content/updates/lang.md": WORDY})
    result = build(site, tmp_path / "out", "2017-08-01")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(LEVEL_AT_END.search(line) for line in lines[:-1]), lines
    # The overdue initiative is a warning; the wordy text is advice, counted and not printed.
    assert any(line.startswith("content/initiatives/ekstra.md:3: deadline: Fristen (31. marts 2017) er overskredet")
               for line in findings(result.stderr, "advarsel"))
    assert findings(result.stderr, "råd") == []
    errors, blocking, warnings, advice = summary_counts(result.stderr)
    assert (errors, blocking) == (0, 0) and warnings >= 1 and advice >= 1
    assert lines[-1].startswith("Bygget ") and "Næste ændring af sig selv:" in lines[-1]


def test_advice_is_shown_in_full_by_check_file(tmp_path):
    site = site_with(tmp_path, {"content/updates/lang.md": WORDY})
    result = run_cli("check", "--file", str(site / "content/updates/lang.md"), "--now", "2016-09-01")
    assert result.returncode == 0, result.stderr
    advice = findings(result.stderr, "råd")
    assert advice and all(line.startswith("content/updates/lang.md:") for line in advice)
    assert result.stderr.strip().splitlines()[-1] == (
        f"content/updates/lang.md: 0 fejl, 0 blokerer udgivelse, 0 advarsler, {len(advice)} råd.")


def test_a_warning_stops_a_strict_build_but_not_a_normal_one(tmp_path):
    site = site_with(tmp_path, {"content/initiatives/ekstra.md": OVERDUE})
    out = tmp_path / "out"
    assert build(site, out, "2017-08-01").returncode == 0
    before = tree_digest(out)
    strict = build(site, out, "2017-08-01", "--strict")
    assert strict.returncode == 1 and "--strict er sat" in strict.stderr
    assert tree_digest(out) == before


def test_contact_details_of_a_stranger_block_publishing_but_not_the_build(tmp_path):
    page = "---\ntitle: Kontakt\n---\nSkriv til ukendt.person@example.org, hvis du har spørgsmål.\n"
    site = site_with(tmp_path, {"content/pages/kontakt.md": page})
    result = build(site, tmp_path / "out", "2016-09-01")
    assert result.returncode == 0, result.stderr
    assert any("ukendt.person@example.org" in line for line in findings(result.stderr, "blokerer udgivelse"))
    assert summary_counts(result.stderr)[1] == 1
    checked = run_cli("check", "--file", str(site / "content/pages/kontakt.md"), "--now", "2016-09-01")
    assert checked.returncode == 1 and "0 fejl, 1 blokerer udgivelse" in checked.stderr


def test_a_cpr_number_is_an_error_and_nothing_is_written(tmp_path):
    site = site_with(tmp_path, {"content/pages/om.md": "---\ntitle: Om\n---\nBarnet har CPR 010203-1234.\n"})
    result = build(site, tmp_path / "out", "2016-09-01")
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert findings(result.stderr, "fejl") and result.stderr.strip().endswith("er uændret.")


# Freshness that can be answered honestly ----------------------------------------

def initiative(*, status="i-gang", progress=(), moves=(), historical=False) -> str:
    lines = ["---", "title: Ekstra personale", "deadline: 2017-03-31", f"status: {status}"]
    if historical:
        lines.append("historical: true")
    if moves:
        lines.append("deadline_changes:")
        for date, deadline, note in moves:
            lines += [f"  - date: {date}", f"    deadline: {deadline}", f"    note: {note}"]
    if progress:
        lines.append("progress:")
        for date, note in progress:
            lines += [f"  - date: {date}", f"    note: {note}"]
    return "\n".join(lines + ["---", "Tiltaget giver ekstra personale.", ""])


def overdue_warnings(stderr: str) -> list[str]:
    return [line for line in findings(stderr, "advarsel") if ": deadline" in line]


def test_an_honest_delayed_status_with_later_progress_clears_the_overdue_warning(tmp_path):
    site = site_with(tmp_path, {"content/initiatives/ekstra.md": initiative(
        status="forsinket", progress=[("2017-01-10", "Første rådgiver er ansat."),
                                      ("2017-04-20", "Ansættelsen af nummer to er forsinket af en ny runde.")])})
    out = tmp_path / "out"
    result = build(site, out, "2017-06-01")
    assert result.returncode == 0, result.stderr
    assert overdue_warnings(result.stderr) == []
    page = (out / "tiltag" / "ekstra" / "index.html").read_text(encoding="utf-8")
    assert "ikke registreret som gennemført" not in page
    assert "Status <time datetime=\"2017-04-20\">20. april 2017</time>: forsinket." in page
    assert "Ansættelsen af nummer to er forsinket af en ny runde." in page
    # Six months without progress: the warning comes back, as a progress warning.
    later = build(site, out, "2017-11-01")
    assert any(": progress: Der er ikke registreret fremdrift siden 20. april 2017" in line
               for line in findings(later.stderr, "advarsel"))


def test_a_status_without_progress_after_the_deadline_is_still_overdue(tmp_path):
    site = site_with(tmp_path, {"content/initiatives/ekstra.md": initiative(
        status="forsinket", progress=[("2017-01-10", "Første rådgiver er ansat.")])})
    out = tmp_path / "out"
    result = build(site, out, "2017-06-01")
    assert len(overdue_warnings(result.stderr)) == 1
    page = (out / "tiltag" / "ekstra" / "index.html").read_text(encoding="utf-8")
    assert "er passeret, og tiltaget er ikke registreret som gennemført" in page


def test_a_moved_deadline_is_recorded_beside_the_original_and_the_warning_returns_when_it_passes(tmp_path):
    site = site_with(tmp_path, {"content/initiatives/ekstra.md": initiative(
        status="forsinket", moves=[("2017-03-20", "2017-09-30", "Rekrutteringen tager længere tid.")],
        progress=[("2017-03-20", "Fristen er flyttet til udgangen af september.")])})
    out = tmp_path / "out"
    before = build(site, out, "2017-06-01")
    assert before.returncode == 0 and overdue_warnings(before.stderr) == []
    page = (out / "tiltag" / "ekstra" / "index.html").read_text(encoding="utf-8")
    assert "Oprindelig frist" in page and "31. marts 2017" in page and "30. september 2017" in page
    assert "Rekrutteringen tager længere tid." in page
    after = build(site, out, "2017-10-02")
    warned = overdue_warnings(after.stderr)
    assert len(warned) == 1 and "deadline_changes: Den nye frist (30. september 2017) er overskredet" in warned[0]


def test_a_held_meeting_without_minutes_warns_unless_a_note_says_why(tmp_path):
    site = site_with(tmp_path, {})
    assert any(": date: Mødet var for" in line for line in findings(build(site, tmp_path / "a", "2016-11-01").stderr, "advarsel"))
    meeting = (site / "content/meetings/borgermoede.md").read_text(encoding="utf-8")
    noted = meeting.replace("registration:", "minutes_note: Panelet skrev ikke referat af dette møde.\nregistration:")
    (site / "content/meetings/borgermoede.md").write_text(noted, encoding="utf-8")
    result = build(site, tmp_path / "b", "2016-11-01")
    assert not any(": date: Mødet var for" in line for line in result.stderr.splitlines())
    page = (tmp_path / "b" / "moeder" / "borgermoede" / "index.html").read_text(encoding="utf-8")
    assert "Panelet skrev ikke referat af dette møde." in page


def test_historical_content_has_a_notice_its_own_section_no_live_counts_and_no_warnings(tmp_path):
    site = site_with(tmp_path, {
        "content/initiatives/ekstra.md": initiative(historical=True, progress=[("2016-08-23", "Status til udvalget.")]),
        "content/initiatives/aktuel.md": "---\ntitle: Aktuelt tiltag\ndeadline: 2030-12-31\nstatus: i-gang\n"
                                         "progress:\n  - date: 2024-05-01\n    note: I gang.\n---\nTekst.\n",
    })
    out = tmp_path / "out"
    result = build(site, out, "2024-06-01")
    assert result.returncode == 0, result.stderr
    assert not any("content/initiatives/ekstra.md" in line for line in result.stderr.splitlines())
    page = (out / "tiltag" / "ekstra" / "index.html").read_text(encoding="utf-8")
    assert ("Siden bliver ikke længere opdateret.</strong> De nyeste oplysninger på siden er fra "
            '<time datetime="2016-08-23">23. august 2016</time>.') in page
    assert "ikke registreret som gennemført" not in page
    listing = (out / "tiltag" / "index.html").read_text(encoding="utf-8")
    live, historical = listing.split("<h2>Historiske tiltag</h2>")
    assert "Aktuelt tiltag" in live and "Ekstra personale" not in live and "Ekstra personale" in historical
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "Der er registreret 1 tiltag, som holdes ajour" in front and "Overskredet frist: 0" in front
    assert "1 tiltag er historiske" in front


def test_a_historical_notice_states_no_date_when_the_file_has_none(tmp_path):
    site = site_with(tmp_path, {"content/pages/om.md": "---\ntitle: Om\nhistorical: true\n---\nTekst.\n"})
    out = tmp_path / "out"
    assert build(site, out, "2016-09-01").returncode == 0
    page = (out / "om" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Siden bliver ikke længere opdateret.</strong></p>" in page


@pytest.mark.parametrize("extra, field", [
    ("", "meeting"),  # public at once, before the meeting
    ("publish: 2016-10-05 12:00\n", "publish"),  # scheduled, but before the meeting starts
    ("publish: 2016-10-06\napproved: 2016-10-20\n", "approved"),  # approved on a day that has not come
])
def test_minutes_before_their_meeting_are_refused_naming_the_field(tmp_path, extra, field):
    minutes = f"---\ntitle: Referat\nmeeting: borgermoede\n{extra}---\nTekst.\n"
    site = site_with(tmp_path, {"content/minutes/referat.md": minutes})
    result = build(site, tmp_path / "out", "2016-10-01")
    assert result.returncode == 1 and not (tmp_path / "out").exists()
    assert any(line.startswith("content/minutes/referat.md:") and f": {field}: " in line
               for line in findings(result.stderr, "fejl")), result.stderr


def test_draft_minutes_before_the_meeting_are_work_in_progress(tmp_path):
    minutes = "---\ntitle: Referat\nmeeting: borgermoede\ndraft: true\n---\nTekst.\n"
    site = site_with(tmp_path, {"content/minutes/referat.md": minutes})
    assert build(site, tmp_path / "out", "2016-10-01").returncode == 0


def test_a_moved_meeting_that_has_been_held_shows_as_held_with_its_move_in_the_log(tmp_path):
    meeting = (base_files()["content/meetings/borgermoede.md"]
               .replace("registration:", "status: flyttet\nchanges:\n  - note: Mødet er flyttet til Testrådhus.\n"
                                         "registration:"))
    site = site_with(tmp_path, {"content/meetings/borgermoede.md": meeting})
    out = tmp_path / "out"
    assert build(site, out, "2016-10-01").returncode == 0
    assert "Flyttet" in (out / "moeder" / "borgermoede" / "index.html").read_text(encoding="utf-8")
    assert build(site, out, "2016-10-10").returncode == 0
    page = (out / "moeder" / "borgermoede" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Mødet er overstået</dd>" in page and "Mødet er flyttet til Testrådhus." in page


# The real site ------------------------------------------------------------------

REAL_NOW = "2026-12-06T12:00"


def test_make_build_on_the_real_site_says_at_most_15_lines_ending_with_the_counts(tmp_path):
    import os
    import subprocess

    from tests.sitekit import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    # -o: never reinstall .venv inside a test run; OUT: never touch the project's output/.
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-runtime", "build",
                             f"OUT={tmp_path / 'out'}", f"NOW={REAL_NOW}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    said = (result.stdout + result.stderr).strip().splitlines()
    assert 1 <= len(said) <= 15, said
    errors, blocking, _, _ = summary_counts(said[-1])
    assert (errors, blocking) == (0, 0) and said[-1].startswith("Bygget ")


def test_the_build_suggests_the_meeting_whose_name_starts_with_what_was_typed(tmp_path):
    april = base_files()["content/meetings/borgermoede.md"].replace("2016-10-05", "2027-04-14")
    site = site_with(tmp_path, {
        "content/meetings/2027-04-14-borgermoede-i-april.md": april,
        "content/meetings/2017-03-15-borgermoede.md": base_files()["content/meetings/borgermoede.md"]
        .replace("2016-10-05", "2017-03-15"),
        "content/minutes/referat.md": "---\ntitle: Referat\nmeeting: 2027-04-14-borgermoede\ndraft: true\n---\nT.\n",
    })
    result = build(site, tmp_path / "out", "2016-09-01")
    assert result.returncode == 1
    assert ("content/minutes/referat.md:3: meeting: '2027-04-14-borgermoede' findes ikke i content/meetings/. "
            "Mente du '2027-04-14-borgermoede-i-april'? [fejl]") in result.stderr.splitlines()


def test_build_and_preview_report_the_same_findings_before_and_after_an_edit(tmp_path):
    """The preview runs the build's pipeline with its memos in memory: the same findings, level for level."""
    import datetime as dt

    from sitegen import COPENHAGEN
    from sitegen.core.problems import count_levels
    from sitegen.preview.rebuild import Rebuilder

    page = "---\ntitle: Kontakt\n---\nSkriv til ukendt.person@example.org, eller læs [her](/moeder/).\n"
    draft = "---\ntitle: Kladde\ndraft: true\n---\nKlik [her](/tiltag/).\n"
    site = site_with(tmp_path, {"content/initiatives/ekstra.md": OVERDUE, "content/updates/lang.md": WORDY,
                                "content/pages/kontakt.md": page, "content/pages/kladde.md": draft})
    now = "2017-08-01T12:00"
    preview = Rebuilder(site, tmp_path / "preview", now=dt.datetime.fromisoformat(now).replace(tzinfo=COPENHAGEN))

    def both() -> tuple:
        shown = preview.build()
        assert shown.ok, shown.problems
        said = build(site, tmp_path / "out", now, "--preview")
        assert said.returncode == 0, said.stderr
        printed = [line for line in said.stderr.splitlines()[:-1]]
        in_full = [p.format() for p in shown.findings if p.level in ("blokerer udgivelse", "advarsel")]
        return printed, in_full, summary_counts(said.stderr), tuple(count_levels(shown.findings).values())

    printed, in_full, counted, counts = both()
    assert printed == in_full and counted == counts
    assert counts[1] >= 1 and counts[2] >= 3 and counts[3] >= 1  # blocking, warnings (draft's too), advice
    (site / "content/pages/kontakt.md").write_text(page.replace("ukendt.person@example.org", "os"), encoding="utf-8")
    printed, in_full, counted, counts = both()
    assert printed == in_full and counted == counts and counts[1] == 0
