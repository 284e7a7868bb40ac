"""The quality gates end to end through build.py: personal data stops the build,
editors get warnings in their own words, --strict turns warnings into failures."""
from __future__ import annotations

import re

from tests.sitekit import base_files, run_cli, tree_digest, write_site

NOW = "2016-09-01T12:00"
BUREAUCRATIC = (
    "I henhold til ovennævnte skal der foretages en vurdering af, hvorvidt sagen skal behandles i henhold til "
    "servicelovens § 52, stk. 3, jf. § 50, hvorefter der fremsendes en afgørelse til de pågældende forældre, "
    "såfremt dette vurderes relevant af den ansvarlige sagsbehandler i forvaltningen."
)


def test_a_cpr_number_in_minutes_stops_the_build_naming_file_and_line(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    out = tmp_path / "out"
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW).returncode == 0
    before = tree_digest(out)
    write_site(site, {"content/minutes/referat.md": "---\ntitle: Referat\nmeeting: borgermoede\n---\n"
                                                    "Vi talte om kvalitet.\n\nSagen om 010203-1234 blev nævnt.\n"})
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert result.returncode == 1, result.stderr
    assert re.search(r"^content/minutes/referat\.md:7: .*CPR-nummer", result.stderr, re.MULTILINE), result.stderr
    assert "010203-1234" not in result.stderr  # the message never repeats the number
    assert tree_digest(out) == before


def test_cpr_in_front_matter_data_and_file_names(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {
        "content/pages/side.md": "---\ntitle: Side\nsummary: \"Barnet 311299-4321\"\n---\nTekst.\n",
        "content/pages/notat-0102031234.md": "---\ntitle: Notat\n---\nTekst.\n",
        "data/people.yaml": "anna:\n  name: Anna Andersen\n  role: \"CPR 010203 1234\"\n",
    })
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 1
    assert re.search(r"^content/pages/side\.md:3: ", result.stderr, re.MULTILINE), result.stderr
    assert re.search(r"^content/pages/notat-0102031234\.md:1: ", result.stderr, re.MULTILINE), result.stderr
    assert re.search(r"^data/people\.yaml:3: ", result.stderr, re.MULTILINE), result.stderr
    assert not (tmp_path / "out").exists()


def test_vague_link_and_bureaucratic_language_build_with_warnings(tmp_path):
    body = f"Du finder referatet [HER](/referater/).\n\n{BUREAUCRATIC}\n"
    site = write_site(tmp_path / "site", base_files() | {"content/pages/om.md": f"---\ntitle: Om\n---\n{body}"})
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/pages/om.md:")]
    assert any(line.startswith("content/pages/om.md:4: ") and "HER" in line for line in lines), lines
    assert not any(re.search(r"LIX er \d+", line) for line in lines), lines  # advice: counted, not printed
    assert re.search(r"0 fejl, 0 blokerer udgivelse, 1 advarsel, [1-9]\d* råd", result.stderr.splitlines()[-1])
    checked = run_cli("check", "--file", str(site / "content/pages/om.md"), "--now", NOW)
    advice = [line for line in checked.stderr.splitlines() if line.endswith(" [råd]")]
    assert any(re.search(r"LIX er \d+", line) for line in advice), checked.stderr
    assert any(line.startswith("content/pages/om.md:6: ") for line in advice), advice  # the long sentence
    assert (out / "om" / "index.html").is_file()


def test_strict_turns_warnings_into_failures_and_writes_nothing(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {
        "content/pages/om.md": "---\ntitle: Om\n---\nKlik [her](/moeder/).\n"})
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW, "--strict")
    assert result.returncode == 1
    assert "content/pages/om.md:4: " in result.stderr
    assert not out.exists()
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW).returncode == 0


def test_broken_internal_link_is_reported_with_its_source(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {
        "content/pages/om.md": "---\ntitle: Om\n---\nSe [mødet i november](/moeder/november/).\n"})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 0
    assert re.search(r"^content/pages/om\.md:\d+: .*moeder/november", result.stderr, re.MULTILINE), result.stderr


def test_freshness_warnings_at_build(tmp_path):
    files = base_files() | {"content/initiatives/t.md": "---\ntitle: T\ndeadline: 2016-01-31\nstatus: i-gang\n---\n"}
    site = write_site(tmp_path / "site", files)
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2016-11-01")
    assert result.returncode == 0
    assert "content/initiatives/t.md:3: deadline: Fristen (31. januar 2016) er overskredet" in result.stderr
    assert re.search(r"content/meetings/borgermoede\.md:3: date: Mødet var for \d+ dage siden", result.stderr)

