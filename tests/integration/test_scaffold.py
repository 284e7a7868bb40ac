"""`build.py new` (and `make ny-...`): a new draft of each type that builds without edits.

Every new file has every field of its type (required ones filled, optional ones
as comments), Danish help for each, and draft: true; it never overwrites a file;
for minutes, --meeting must name a meeting that exists.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from sitegen.content.fields import Group, ListOf
from sitegen.content.model import fields_for
from sitegen.editors.schema import front_matter
from tests.editorkit import load_like_editor
from tests.sitekit import ROOT, base_files, run_cli, tree_digest, write_site

FULL_SITE = ROOT / "tests" / "fixtures" / "full_site"
NOW = "2016-10-20T12:00"

# (type, title, options, path written, folder)
ITEMS = [
    ("meeting", "Borgermøde i november", ["--date", "2016-11-02"], "content/meetings/2016-11-02-borgermoede-i-november.md"),
    ("minutes", "Referat af borgermødet 5. oktober", ["--meeting", "borgermoede"],
     "content/minutes/referat-af-borgermoedet-5-oktober.md"),
    ("initiative", "Bedre introduktion", ["--date", "2017-03-31"], "content/initiatives/bedre-introduktion.md"),
    ("update", "Status: oktober & november", ["--date", "2016-10-18"],
     "content/updates/2016-10-18-status-oktober-november.md"),
    ("page", "Om panelet", [], "content/pages/om-panelet.md"),
]
KINDS = {"meeting": "meetings", "minutes": "minutes", "initiative": "initiatives", "update": "updates", "page": "pages"}


@pytest.fixture()
def site(tmp_path) -> Path:
    return write_site(tmp_path / "site", base_files())


def new(site: Path, *args: str):
    return run_cli("new", *args, "--site", str(site))


def _url_of(rel: str) -> str:
    kind, name = rel.split("/")[1], Path(rel).stem
    section = {"meetings": "moeder", "minutes": "referater", "initiatives": "tiltag", "updates": "status"}.get(kind)
    return f"{section}/{name}/index.html" if section else f"{name}/index.html"


def test_one_of_each_type_builds_in_preview_without_edits_and_stays_out_of_the_public_build(site, tmp_path):
    for type_name, title, options, rel in ITEMS:
        result = new(site, type_name, title, *options)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(rel), result.stdout
        assert (site / rel).is_file()
    preview = run_cli("build", "--site", str(site), "--out", str(tmp_path / "preview"), "--now", NOW, "--preview")
    assert preview.returncode == 0, preview.stderr
    public = run_cli("build", "--site", str(site), "--out", str(tmp_path / "public"), "--now", NOW)
    assert public.returncode == 0, public.stderr
    for _, title, _, rel in ITEMS:
        url = _url_of(rel)
        page = (tmp_path / "preview" / url).read_text(encoding="utf-8")
        assert title.split(":")[0].replace("&", "&amp;") in page, url
        assert not (tmp_path / "public" / url).exists(), f"the draft {url} is in the public build"


@pytest.mark.parametrize("type_name,title,options,rel", ITEMS, ids=[i[0] for i in ITEMS])
def test_new_file_has_every_field_with_danish_help_and_is_a_draft(site, type_name, title, options, rel):
    assert new(site, type_name, title, *options).returncode == 0
    text = (site / rel).read_text(encoding="utf-8")
    meta = front_matter(text)
    values = load_like_editor(meta)
    assert values["draft"] is True and values["title"] == title
    for field in fields_for(KINDS[type_name]):
        if field.required:
            assert values.get(field.name) is not None, field.name
            assert re.search(rf"^{field.name}: \S", meta, re.M), field.name
        else:
            assert re.search(rf"^(# )?{field.name}:", meta, re.M), field.name
        # the Danish meaning stands just above the field
        above = meta.split(f"\n{field.name}:")[0] if field.required or field.name == "draft" \
            else meta.split(f"\n# {field.name}:")[0]
        help_line = above.rstrip("\n").split("\n\n")[-1].lower()
        if field.name != "draft":
            assert field.meaning.lower() in " ".join(help_line.replace("# ", "").split()), field.name
        kind = field.kind.item if isinstance(field.kind, ListOf) else field.kind
        if isinstance(kind, Group):
            for child in kind.fields:
                assert re.search(rf"^#\s+(- )?{child.name}: .*# {re.escape(child.meaning)}", meta, re.M), child.name
    assert "docs/redaktoer.md" in meta


def test_new_meeting_uses_the_date_and_the_first_venue(site):
    result = new(site, "meeting", "Borgermøde", "--date", "2016-10-05")
    assert result.returncode == 0, result.stderr
    rel = "content/meetings/2016-10-05-borgermoede.md"
    values = load_like_editor(front_matter((site / rel).read_text(encoding="utf-8")))
    assert values | {} == {"title": "Borgermøde", "draft": True, "date": "2016-10-05", "start": "17:00",
                           "end": "18:30", "venue": "raadhus"}


def test_new_without_date_uses_today(site):
    import datetime as dt
    from zoneinfo import ZoneInfo

    result = new(site, "update", "Nyt fra kommunen")
    today = dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat()
    assert result.returncode == 0, result.stderr
    assert (site / f"content/updates/{today}-nyt-fra-kommunen.md").is_file()


def test_uncommented_examples_are_valid_too(tmp_path):
    """Removing every '# ' before a field example gives a file the build accepts."""
    site = Path(shutil.copytree(FULL_SITE, tmp_path / "site"))
    written = []
    for type_name, title, options, _rel in ITEMS:
        options = ["--meeting", "2017-03-20-borgermoede-marts"] if type_name == "minutes" else options
        result = new(site, type_name, f"Eksempel {title}", *options)
        assert result.returncode == 0, result.stderr
        written.append((KINDS[type_name], site / result.stdout.strip().split("/site/", 1)[1]))
    for kind, path in written:
        text = path.read_text(encoding="utf-8")
        opened = re.sub(r"^# ((?:  )*(?:- |  )?[a-z_]+:(?: .*)?|  - .*)$", r"\1", text, flags=re.M)
        values = load_like_editor(front_matter(opened))
        assert set(values) == {f.name for f in fields_for(kind)}, path
        assert all(value is not None for value in values.values()), path
        path.write_text(opened, encoding="utf-8")
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", "2017-03-01T12:00",
                     "--preview")
    assert result.returncode == 0, result.stderr


def test_new_files_pass_the_json_schemas(site):
    for type_name, title, options, rel in ITEMS:
        assert new(site, type_name, title, *options).returncode == 0
        schema = json.loads((ROOT / "schemas" / f"{KINDS[type_name]}.schema.json").read_text(encoding="utf-8"))
        value = load_like_editor(front_matter((site / rel).read_text(encoding="utf-8")))
        assert list(jsonschema.Draft7Validator(schema).iter_errors(value)) == [], rel


# Never overwrite -----------------------------------------------------------------

def test_new_never_overwrites(site):
    assert new(site, "page", "Om panelet").returncode == 0
    path = site / "content/pages/om-panelet.md"
    path.write_text("---\ntitle: Mit arbejde\n---\nVigtig tekst.\n", encoding="utf-8")
    before = tree_digest(site)
    result = new(site, "page", "Om panelet")
    assert result.returncode == 1
    assert "content/pages/om-panelet.md findes allerede" in result.stderr
    assert tree_digest(site) == before


def test_new_refuses_a_name_that_gives_the_same_address(site):
    write_site(site, {"content/pages/Om Panelet.md": "---\ntitle: Om\n---\nTekst.\n"})
    before = tree_digest(site)
    result = new(site, "page", "Om panelet")
    assert result.returncode == 1
    assert "content/pages/Om Panelet.md" in result.stderr and "om-panelet" in result.stderr
    assert tree_digest(site) == before


def test_new_page_refuses_an_address_the_site_uses(site):
    result = new(site, "page", "Møder")
    assert result.returncode == 1 and "/moeder/" in result.stderr


# --meeting ---------------------------------------------------------------------

def test_meeting_must_exist_and_a_near_one_is_suggested(site):
    before = tree_digest(site)
    result = new(site, "minutes", "Referat", "--meeting", "borgermode")
    assert result.returncode == 1
    assert "'borgermode' findes ikke" in result.stderr and "Mente du 'borgermoede'?" in result.stderr
    assert tree_digest(site) == before


def test_meeting_with_minutes_already_is_refused(site):
    assert new(site, "minutes", "Referat", "--meeting", "borgermoede").returncode == 0
    result = new(site, "minutes", "Referat igen", "--meeting", "borgermoede")
    assert result.returncode == 1
    assert "allerede et referat: content/minutes/referat.md" in result.stderr


def test_minutes_without_meeting_takes_the_latest_meeting_without_minutes(site):
    write_site(site, {"content/meetings/2016-12-07-moede.md": "---\ntitle: M\ndate: 2016-12-07\nstart: 17:00\n"
                                                               "end: 18:00\nvenue: raadhus\n---\nTekst.\n"})
    result = new(site, "minutes", "Referat", "--date", "2016-12-20")
    assert result.returncode == 0, result.stderr
    values = load_like_editor(front_matter((site / "content/minutes/referat.md").read_text(encoding="utf-8")))
    assert values["meeting"] == "2016-12-07-moede"


def test_meeting_option_only_for_minutes(site):
    result = new(site, "page", "Om", "--meeting", "borgermoede")
    assert result.returncode == 2 and "--meeting" in result.stderr


# Usage ---------------------------------------------------------------------------

def test_meeting_needs_a_venue(site):
    (site / "data/venues.yaml").unlink()
    result = new(site, "meeting", "Borgermøde", "--date", "2016-10-05")
    assert result.returncode == 1 and "data/venues.yaml" in result.stderr
    assert not (site / "content/meetings/2016-10-05-borgermoede.md").exists()


@pytest.mark.parametrize("args,words", [
    (["meeting", "Møde", "--date", "5. oktober"], "--date"),
    (["meeting", "Møde", "--date", "2016-02-30"], "findes ikke"),
    (["moede", "Møde"], "meeting"),
    (["page", "!!!"], "filnavn"),
])
def test_wrong_usage_exits_2(site, args, words):
    result = new(site, *args)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr


def test_a_cpr_number_in_the_title_is_refused(site):
    result = new(site, "page", "Sag 010190-1234")
    assert result.returncode == 1 and "CPR" in result.stderr
    assert not list((site / "content").glob("pages/*"))


@pytest.mark.parametrize("target,variables,rel", [
    ("ny-moede", ["TITEL=Borgermøde i december", "DATO=2016-12-07"], "content/meetings/2016-12-07-borgermoede-i-december.md"),
    ("ny-referat", ["TITEL=Referat", "MOEDE=borgermoede"], "content/minutes/referat.md"),
    ("ny-tiltag", ["TITEL=Nyt tiltag", "DATO=2017-06-30"], "content/initiatives/nyt-tiltag.md"),
    ("ny-status", ["TITEL=Status", "DATO=2016-10-18"], "content/updates/2016-10-18-status.md"),
    ("ny-side", ["TITEL=Kontakt"], "content/pages/kontakt.md"),
])
def test_make_shortcuts(site, target, variables, rel):
    result = subprocess.run(["make", "-s", target, f"SITE={site}", *variables], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (site / rel).is_file()


def test_make_shortcut_without_title_explains(site):
    result = subprocess.run(["make", "-s", "ny-side", f"SITE={site}"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and 'TITEL="' in result.stderr
