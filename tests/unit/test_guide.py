"""docs/redaktoer.md: the editors' guide exists, is linked, is plain Danish, covers every field,
and its examples are valid files (that they build together, and that `make check` prints the LIX:
tests/integration/test_guide_cli.py, tests/browser/test_guide_check.py).
"""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from sitegen.content.fields import Group, ListOf
from sitegen.content.model import COMMON, DATA_FIELDS, TYPE_FIELDS
from sitegen.editors.schema import front_matter, schema_name_for
from tests.editorkit import load_like_editor
from tests.guidekit import TEXT, examples, guide_lix
from tests.sitekit import ROOT


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
    from sitegen.content.model import INITIATIVE_STATUSES, MEETING_STATUSES, UPDATE_CATEGORIES

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


@pytest.mark.parametrize("path", sorted(examples()))
def test_each_example_passes_its_json_schema(path):
    schema = json.loads((ROOT / "schemas" / schema_name_for(path)).read_text(encoding="utf-8"))
    body = examples()[path]
    value = load_like_editor(front_matter(body) if path.endswith(".md") else body)
    assert list(jsonschema.Draft7Validator(schema).iter_errors(value)) == []



def test_check_shows_the_guide_of_the_site_checked_when_it_has_one(tmp_path):
    """`check`'s guide line (engine.commands.guide_lix_line; the whole `make check`: tests/browser/test_guide_check.py):
    a site's own docs/redaktoer.md before the project's."""
    from sitegen.engine.commands import guide_lix_line

    guide = tmp_path / "site" / "docs" / "redaktoer.md"
    guide.parent.mkdir(parents=True)
    guide.write_text("Kort tekst. Den er let at læse.\n", encoding="utf-8")
    # 7 words in 2 sentences, none longer than 6 letters: LIX 3.5, shown as 4.
    assert guide_lix_line(tmp_path / "site", ROOT) == [f"Redaktørvejledningen ({guide}): LIX 4"]
    assert guide_lix_line(tmp_path / "other", ROOT) == [f"Redaktørvejledningen (docs/redaktoer.md): LIX {guide_lix():.0f}"]
