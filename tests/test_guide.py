"""docs/redaktoer.md: the editors' guide exists, is linked, is plain Danish, covers every field,
and its examples are valid files that build together; `make check` prints its LIX.
"""
from __future__ import annotations

import json
import os
import re
import subprocess

import jsonschema
import pytest

from sitegen import language
from sitegen.fields import Group, ListOf
from sitegen.gates import plain_text
from sitegen.model import COMMON, DATA_FIELDS, TYPE_FIELDS
from sitegen.schema import front_matter, schema_name_for
from tests.editorkit import load_like_editor
from tests.conftest import REAL_SITE_NOW
from tests.sitekit import ROOT, run_cli, write_site

GUIDE = ROOT / "docs" / "redaktoer.md"
TEXT = GUIDE.read_text(encoding="utf-8")
# An example is a fenced block right after a line "**Fil:** `path`".
_EXAMPLE = re.compile(r"^\*\*Fil:\*\* `([^`]+)`\n+```(\w+)\n(.*?)^```$", re.M | re.S)


def examples() -> dict[str, str]:
    found: dict[str, str] = {}
    for path, _language, body in _EXAMPLE.findall(TEXT):
        assert path not in found, f"two examples for {path}"
        found[path] = body
    return found


def guide_lix() -> float:
    return language.lix(plain_text(TEXT))


def test_readme_links_the_guide_at_the_top_of_writing_content():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Skriv indhold", 1)[1]
    first_paragraph = section.strip().split("\n\n")[0]
    assert "(docs/redaktoer.md)" in first_paragraph


def test_lix_is_under_40():
    score = guide_lix()
    assert 0 < score < 40, f"LIX {score:.1f}"


def test_every_field_of_the_model_is_mentioned():
    def names(fields):
        for field in fields:
            yield field.name
            kind = field.kind.item if isinstance(field.kind, ListOf) else field.kind
            if isinstance(kind, Group):
                yield from names(kind.fields)

    tables = [COMMON, *TYPE_FIELDS.values(), *DATA_FIELDS.values()]
    missing = sorted({name for fields in tables for name in names(fields) if f"`{name}`" not in TEXT})
    assert missing == []


def test_every_choice_is_mentioned():
    from sitegen.model import INITIATIVE_STATUSES, MEETING_STATUSES, UPDATE_CATEGORIES

    for option in MEETING_STATUSES + INITIATIVE_STATUSES + UPDATE_CATEGORIES:
        assert f"`{option}`" in TEXT, option


def test_tasks_are_covered():
    headings = re.findall(r"^## (.+)$", TEXT, re.M)
    for words in ("nyt møde", "flyt", "aflys", "referat", "fremdrift", "status", "nøgletal", "se dine",
                  "tjek", "udgiv", "beskeder"):
        assert any(words in heading.lower() for heading in headings), words
    for target in ("ny-moede", "ny-referat", "ny-tiltag", "ny-status", "ny-side", "make serve", "make check",
                   "make publish", "tjek-fil", "/_gennemgang/", "SEQUENCE", "STATUS:CANCELLED", "CPR"):
        assert target in TEXT, target


def test_one_complete_example_per_type():
    found = examples()
    kinds = {path.split("/")[1] for path in found if path.startswith("content/") and path.count("/") == 2}
    assert kinds == {"meetings", "minutes", "initiatives", "updates", "pages"}
    assert {"content/index.md", "data/site.yaml", "data/people.yaml", "data/venues.yaml",
            "data/keyfigures.yaml"} <= set(found)
    meetings = [load_like_editor(front_matter(body)) for path, body in found.items() if "/meetings/" in path]
    assert {m.get("status") for m in meetings} >= {"flyttet", "aflyst"}
    assert all(m.get("changes") for m in meetings if m.get("status") in ("flyttet", "aflyst"))


def test_examples_build_together(tmp_path):
    site = write_site(tmp_path / "site", examples())
    for now in ("2016-10-01T12:00", "2017-06-01T12:00"):
        result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", now)
        assert result.returncode == 0, result.stderr
        assert "0 fejl, 0 blokerer udgivelse" in result.stderr.splitlines()[-1], result.stderr
        assert not any(line.endswith(("[fejl]", "[blokerer udgivelse]")) for line in result.stderr.splitlines())
    out = tmp_path / "out"
    assert (out / "moeder" / "2016-11-02-eksempelmoede" / "index.html").is_file()
    assert (out / "referater" / "referat-2016-11-02-eksempelmoede" / "index.html").is_file()
    calendar = (out / "moeder" / "2017-02-22-eksempelmoede.ics").read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in calendar and "SEQUENCE:1" in calendar


@pytest.mark.parametrize("path", sorted(examples()))
def test_each_example_passes_its_json_schema(path):
    schema = json.loads((ROOT / "schemas" / schema_name_for(path)).read_text(encoding="utf-8"))
    body = examples()[path]
    value = load_like_editor(front_matter(body) if path.endswith(".md") else body)
    assert list(jsonschema.Draft7Validator(schema).iter_errors(value)) == []


def test_make_check_prints_the_guides_lix(tmp_path):
    """`make check` (axe and the Nu checker too) on a site without a guide of its own shows the project's.

    The real site's own gates are run by its publish test (tests/test_levels.py) and by .ci/run.
    """
    site = write_site(tmp_path / "site", examples())
    result = subprocess.run(["make", "-s", "--no-print-directory", "-o", ".venv/.installed-runtime",
                             "-o", "node_modules/.installed", "check", f"SITE={site}", f"NOW={REAL_SITE_NOW}"],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
                            env={k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"})
    assert result.returncode == 0, result.stderr
    assert f"Redaktørvejledningen (docs/redaktoer.md): LIX {guide_lix():.0f}\n" in result.stderr


def test_check_prints_the_guides_lix_for_another_site_too(tmp_path):
    site = write_site(tmp_path / "site", examples())
    guide = site / "docs" / "redaktoer.md"
    guide.parent.mkdir()
    guide.write_text("Kort tekst. Den er let at læse.\n", encoding="utf-8")
    result = run_cli("check", "--site", str(site), "--now", "2016-10-01T12:00")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Redaktørvejledningen \(.*redaktoer\.md\): LIX \d+$", result.stderr, re.M)
