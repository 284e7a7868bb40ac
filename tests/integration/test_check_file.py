"""`build.py check --file PATH`: one file, in the context of its site, fast, in the usual format."""
from __future__ import annotations

import time

from tests.sitekit import MEETING, ROOT, base_files, run_cli, write_site

NOW = "2016-09-01T12:00"
REL = "content/meetings/borgermoede.md"


def check_file(site, rel, *extra):
    return run_cli("check", "--site", str(site), "--file", str(site / rel), "--now", NOW, *extra)


def test_a_valid_file_passes(tmp_path):
    site = write_site(tmp_path, base_files())
    result = check_file(site, REL)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith(f"{REL}: 0 fejl, 0 blokerer udgivelse, 0 advarsler, 0 råd.")


def test_errors_in_the_file_are_reported_in_the_usual_format(tmp_path):
    broken = MEETING.replace("start: 17:00", "start: 25:00").replace("venue: raadhus", "venue: raadhuset")
    site = write_site(tmp_path, {**base_files(), REL: broken + "Ring på 010190-1234, hvis du vil [her](/x/).\n"})
    result = check_file(site, REL)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{REL}:4: start: Klokkeslættet '25:00' findes ikke. Timer går fra 00 til 23 og minutter fra 00 til 59. [fejl]" in lines
    assert any(line.startswith(f"{REL}:6: venue: 'raadhuset' findes ikke i data/venues.yaml") for line in lines)
    assert any(line.startswith(f"{REL}:11: Et CPR-nummer står i filen (010190-XXXX)") for line in lines)
    assert any(line.startswith(f"{REL}:11: Linkteksten \"her\"") and line.endswith("[advarsel]") for line in lines)
    assert "1234" not in result.stderr
    assert lines[-1] == f"{REL}: 3 fejl, 0 blokerer udgivelse, 1 advarsel, 0 råd."


def test_only_this_files_findings(tmp_path):
    other = "content/pages/om.md"
    site = write_site(tmp_path, {**base_files(), other: "---\ntitle: Om\nmenu: første\n---\nTekst.\n"})
    result = check_file(site, REL)
    assert result.returncode == 0, result.stderr
    assert other not in result.stderr
    result = check_file(site, other)
    assert result.returncode == 1 and f"{other}:3: menu:" in result.stderr


def test_references_need_the_other_files(tmp_path):
    minutes = "content/minutes/referat.md"
    site = write_site(tmp_path, {**base_files(), minutes: "---\ntitle: Referat\nmeeting: borgermoede\n"
                                                         "publish: 2016-10-06\n---\nTekst.\n"})
    assert check_file(site, minutes).returncode == 0
    (site / REL).unlink()
    result = check_file(site, minutes)
    assert result.returncode == 1 and "'borgermoede' findes ikke i content/meetings/" in result.stderr


def test_data_files_and_language_and_freshness(tmp_path):
    long_text = " ".join(["Forvaltningsområdets sagsbehandlingsprocedurer dokumenteres systematisk"] * 8) + ".\n"
    site = write_site(tmp_path, {**base_files(), REL: MEETING + long_text,
                                 "data/venues.yaml": "raadhus:\n  name: R\n  address: Vej 1\n  postal_code: 400\n  city: By\n"})
    result = check_file(site, "data/venues.yaml")
    assert result.returncode == 1 and "data/venues.yaml:4: raadhus.postal_code:" in result.stderr
    (site / "data/venues.yaml").write_text("raadhus:\n  name: R\n  address: Vej 1\n  postal_code: \"4000\"\n  city: By\n")
    result = check_file(site, REL, "--strict", "--now", "2016-10-01T12:00")
    assert "LIX er" in result.stderr and "agenda:" in result.stderr  # language, and no agenda 4 days before
    assert result.returncode == 1  # warnings count with --strict
    assert check_file(site, REL, "--now", "2016-10-01T12:00").returncode == 0


def test_finds_the_site_from_the_file(tmp_path):
    site = write_site(tmp_path / "andet-site", base_files())
    result = run_cli("check", "--file", str(site / REL), "--now", NOW)  # no --site: the project's is the default
    assert result.returncode == 0, result.stderr
    assert f"{REL}: 0 fejl" in result.stderr


def test_a_file_outside_a_site_is_wrong_usage(tmp_path):
    (tmp_path / "x.md").write_text("---\ntitle: X\n---\n")
    assert run_cli("check", "--file", str(tmp_path / "x.md")).returncode == 2
    assert run_cli("check", "--file", str(tmp_path / "findes-ikke.md")).returncode == 2


def test_fast_on_the_real_site():
    start = time.monotonic()
    result = run_cli("check", "--file", str(ROOT / "content/meetings/2016-10-05-borgermoede.md"))
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start < 5  # no browser, no Java: well under a second on a laptop
