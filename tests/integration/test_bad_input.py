"""Every kind of content mistake, end to end through build.py.

Each case writes a tiny site, builds it once cleanly, breaks it, and checks:
exit status 1, a Danish `path:line: field: ...` message naming the file and
line, no traceback, and the previous output/ byte-identical.
"""
from __future__ import annotations

import re

import pytest

from tests.sitekit import MEETING, base_files, run_cli, tree_digest, write_site

NOW = "2016-09-01T12:00"

CASES = [
    # (id, files to change, expected fragments of one stderr line)
    ("unknown-key", {"content/meetings/borgermoede.md": MEETING.replace("title:", "summray: Kort\ntitle:")},
     ["content/meetings/borgermoede.md:2: summray: Ukendt felt 'summray'", "Mente du 'summary'?"]),
    ("bad-time", {"content/meetings/borgermoede.md": MEETING.replace("start: 17:00", "start: 25:00")},
     ["content/meetings/borgermoede.md:4: start: Klokkeslættet '25:00' findes ikke"]),
    ("bad-date", {"content/meetings/borgermoede.md": MEETING.replace("2016-10-05", "5. oktober 2016")},
     ["content/meetings/borgermoede.md:3: date: '5. oktober 2016' er ikke en dato", "2016-10-05"]),
    ("bad-choice", {"content/meetings/borgermoede.md": MEETING.replace("venue:", "status: afhold\nvenue:")},
     ["content/meetings/borgermoede.md:6: status: 'afhold' er ikke en af de mulige værdier",
      "planlagt, afholdt, aflyst, flyttet"]),
    ("missing-required", {"content/meetings/borgermoede.md": MEETING.replace("venue: raadhus\n", "")},
     ["content/meetings/borgermoede.md:2: venue: Feltet 'venue' mangler"]),
    ("missing-venue", {"content/meetings/borgermoede.md": MEETING.replace("venue: raadhus", "venue: raadhuset")},
     ["content/meetings/borgermoede.md:6: venue: 'raadhuset' findes ikke i data/venues.yaml", "Mente du 'raadhus'?"]),
    ("missing-person", {"content/meetings/borgermoede.md": MEETING.replace("contact: anna", "contact: bent")},
     ["content/meetings/borgermoede.md:8: registration.contact: 'bent' findes ikke i data/people.yaml"]),
    ("end-before-start", {"content/meetings/borgermoede.md": MEETING.replace('end: "18.30"', 'end: "16.30"')},
     ["content/meetings/borgermoede.md:5: end: Mødet slutter (16:30), før det begynder (17:00)"]),
    ("minutes-missing-meeting", {"content/minutes/referat.md": "---\ntitle: Referat\nmeeting: borgermode\n---\nTekst\n"},
     ["content/minutes/referat.md:3: meeting: 'borgermode' findes ikke i content/meetings/", "Mente du 'borgermoede'?"]),
    ("empty-file", {"content/pages/om.md": ""}, ["content/pages/om.md:1: Filen er tom"]),
    ("not-utf8", {"content/pages/om.md": "---\ntitle: Om\n---\nGr\xf8d\n".encode("latin-1")},
     ["content/pages/om.md:4: Filen er ikke gemt som UTF-8", "UTF-8"]),
    ("unclosed-front-matter", {"content/pages/om.md": "---\ntitle: Om\n\nTekst uden afslutning\n"},
     ["content/pages/om.md:1: Felterne bliver ikke afsluttet", "---"]),
    ("no-front-matter", {"content/pages/om.md": "Bare tekst\n"}, ["content/pages/om.md:1: Filen begynder ikke med felterne"]),
    ("yaml-syntax", {"content/pages/om.md": "---\ntitle: Om\nsummary: Møde: status\n---\nTekst\n"},
     ["content/pages/om.md:3: YAML-fejl", "anførselstegn"]),
    ("yaml-tab", {"content/pages/om.md": "---\ntitle: Om\nmenu:\n\t- 1\n---\nTekst\n"}, ["content/pages/om.md:4: YAML-fejl"]),
    ("duplicate-key", {"content/pages/om.md": "---\ntitle: Om\ntitle: Igen\n---\n"},
     ["content/pages/om.md:3: title: Feltet står to gange (også i linje 2)"]),
    ("slug-collision", {"content/pages/Møde.md": "---\ntitle: A\n---\n", "content/pages/moede.md": "---\ntitle: B\n---\n"},
     ["content/pages/Møde.md:1: Filerne content/pages/Møde.md, content/pages/moede.md får samme adresse (moede)"]),
    ("reserved-page-slug", {"content/pages/moeder.md": "---\ntitle: A\n---\n"},
     ["content/pages/moeder.md:1: Siden ville få adressen /moeder/"]),
    ("meeting-named-kalender", {"content/meetings/kalender.md": MEETING},
     ["content/meetings/kalender.md:1: Mødet ville få adressen /moeder/kalender.ics"]),
    ("unknown-folder", {"content/meeting/x.md": "---\ntitle: A\n---\n"},
     ["content/meeting:1: Ukendt fil eller mappe i content/", "Mente du content/meetings/?"]),
    ("ambiguous-number", {"data/keyfigures.yaml": "- id: a\n  label: Udgift\n  value: 11.408\n  unit: kr.\n  date: 2013\n  source: Lejre\n"},
     ["data/keyfigures.yaml:3: value: '11.408' kan læses både som 11408 og som 11,408"]),
    ("data-unknown-key", {"data/venues.yaml": "raadhus:\n  name: R\n  adress: Vej 1\n  postal_code: '4000'\n  city: By\n"},
     ["data/venues.yaml:3: raadhus.adress: Ukendt felt 'raadhus.adress'", "Mente du 'raadhus.address'?"]),
    ("data-missing-required", {"data/site.yaml": "title: T\norganisation: O\n"},
     ["data/site.yaml:1: base_url: Feltet 'base_url' mangler"]),
    ("data-missing-site", {"data/site.yaml": None}, ["data/site.yaml:1: Filen mangler"]),
    ("deadline-after-meeting", {"content/meetings/borgermoede.md": MEETING.replace("contact: anna", "contact: anna\n  deadline: 2016-10-06")},
     ["content/meetings/borgermoede.md:9: registration.deadline: Fristen for tilmelding ligger efter mødet"]),
    ("two-minutes-one-meeting", {"content/minutes/a.md": "---\ntitle: A\nmeeting: borgermoede\n---\n",
                                 "content/minutes/b.md": "---\ntitle: B\nmeeting: borgermoede\n---\n"},
     ["content/minutes/a.md:1: meeting: Mødet 'borgermoede' har flere referater (content/minutes/a.md, content/minutes/b.md)"]),
    ("update-unknown-initiative", {"content/updates/u.md": "---\ntitle: U\ndate: 2016-06-07\ninitiatives: [ekstra]\n---\n"},
     ["content/updates/u.md:4: initiatives: 'ekstra' findes ikke i content/initiatives/"]),
    ("list-expected", {"content/meetings/borgermoede.md": MEETING.replace("venue:", "agenda: Velkomst\nvenue:")},
     ["content/meetings/borgermoede.md:6: agenda: Skal være en liste"]),
]


@pytest.fixture
def site_with_output(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    out = tmp_path / "out"
    first = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert first.returncode == 0, first.stderr
    return site, out


@pytest.mark.parametrize("changes, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_mistake_is_reported_and_output_untouched(site_with_output, changes, expected):
    site, out = site_with_output
    before = tree_digest(out)
    write_site(site, changes)
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(all(fragment in line for fragment in expected) for line in lines), result.stderr
    assert tree_digest(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.")]  # no staging left behind


def test_every_problem_in_every_file_is_collected(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {
        "content/meetings/borgermoede.md": MEETING.replace("start: 17:00", "start: 27:00").replace("venue: raadhus", "venue: x"),
        "content/pages/om.md": "",
        "content/updates/u.md": "---\ntitle: U\n---\n",
    })
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 1
    assert "content/meetings/borgermoede.md:4: start:" in result.stderr
    assert "content/meetings/borgermoede.md:6: venue:" in result.stderr
    assert "content/pages/om.md:1:" in result.stderr
    assert "content/updates/u.md:2: date: Feltet 'date' mangler" in result.stderr
    assert not (tmp_path / "out").exists()


def test_every_message_has_the_contract_shape(tmp_path):
    broken: dict = {}
    for _, changes, _ in CASES:
        if not set(changes) & set(broken) and None not in changes.values():
            broken.update(changes)
    site = write_site(tmp_path / "site", base_files() | broken)
    result = run_cli("check", "--site", str(site), "--now", NOW)
    problem_lines = result.stderr.splitlines()[:-1]
    assert problem_lines
    for line in problem_lines:
        path, lineno, rest = line.split(":", 2)
        assert path.startswith(("content/", "data/")) and lineno.isdigit() and rest.startswith(" ")
        message, level = re.fullmatch(r"(.*) \[(fejl|blokerer udgivelse|advarsel|råd)\]", rest).groups()
        assert message.rstrip().endswith((".", "?")), line


@pytest.mark.parametrize("value, shown", [("no", "no"), ("'17:00'", "17:00"), ("yes", "yes"), ("1020", "1020")])
def test_yaml_scalars_stay_what_the_author_typed(tmp_path, value, shown):
    site = write_site(tmp_path / "site", base_files() | {"content/pages/om.md": f"---\ntitle: {value}\n---\nTekst\n"})
    out = tmp_path / "out"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert f"<h1>{shown}</h1>" in (out / "om" / "index.html").read_text(encoding="utf-8")


def test_unquoted_time_is_the_time_the_author_meant(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    out = tmp_path / "out"
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW).returncode == 0
    page = (out / "moeder" / "borgermoede" / "index.html").read_text(encoding="utf-8")
    assert "onsdag den 5. oktober 2016 kl. 17.00–18.30" in page
    assert "1020" not in page


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("build", "--now", "i morgen").returncode == 2
    assert run_cli("bygg").returncode == 2
    assert run_cli("build", "--site", str(tmp_path / "nowhere")).returncode == 2


def test_refuses_an_output_folder_that_is_not_ours(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("important")
    result = run_cli("build", "--site", str(site), "--out", str(precious), "--now", NOW)
    assert result.returncode == 2
    assert (precious / "keep.txt").read_text() == "important"
    result = run_cli("build", "--site", str(site), "--out", str(site / "content"), "--now", NOW)
    assert result.returncode == 2 and (site / "content" / "meetings" / "borgermoede.md").exists()


def test_keyfigure_id_must_be_a_slug(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {
        "data/keyfigures.yaml": "- id: ../Ventetid i dage\n  label: L\n  value: 1\n  date: 2013\n  source: S\n"})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 1
    assert "data/keyfigures.yaml:1: id: Id'et '../Ventetid i dage' indeholder tegn, der ikke må bruges" in result.stderr


def test_template_mistakes_are_named_not_a_traceback(tmp_path):
    import shutil

    from tests.sitekit import ROOT
    site = write_site(tmp_path / "site", base_files())
    shutil.copytree(ROOT / "templates", site / "templates")
    page = site / "templates" / "meeting.html"
    page.write_text(page.read_text(encoding="utf-8").replace("{% endif %}", "{% endiff %}", 1), encoding="utf-8")
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^templates/meeting\.html:\d+: skabelonfejl", result.stderr, re.MULTILINE), result.stderr
    page.write_text(page.read_text(encoding="utf-8").replace("{% endiff %}", "{% endif %}").replace(
        "venue.address", "venue.adresse", 1), encoding="utf-8")
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/meeting.html:1: skabelonfejl på siden /moeder/borgermoede/" in result.stderr, result.stderr
