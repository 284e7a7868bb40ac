"""Values that would fail open (issue 15, items 6 and 9): an empty field whose default publishes or
claims something, and characters no page, feed or calendar can carry, are fejl naming the field.

An empty optional field is allowed only where empty means "none" (nothing shown, nothing claimed):
`summary:`, `room:`, `updated:`, `agenda:` ... The table in sitegen/content/model.py says why for each
field that refuses it (Field.empty_means).
"""
from __future__ import annotations

import pytest

from sitegen.content.load import load_site
from sitegen.content.model import COMMON, DATA_FIELDS, TYPE_FIELDS
from sitegen.content.validate import validate_records
from sitegen.core.problems import ERROR
from tests.sitekit import base_files, write_site

PAGE = "content/pages/side.md"
MEETING = "content/meetings/borgermoede.md"
FIGURES = "data/keyfigures.yaml"
FIGURE = "- id: budget\n  label: Budget\n  value: 41,5\n  date: 2016\n  source: Budget 2016\n"


def problems_of(tmp_path, files: dict[str, str], rel: str):
    site = write_site(tmp_path / "site", base_files() | files)
    records, problems = validate_records(load_site(site))
    return records, [p for p in problems if p.path == rel]


def page(front: str, body: str = "Tekst.") -> str:
    return f"---\ntitle: Side\n{front}---\n{body}\n"


EMPTY = [
    # (file, text, line, field, words in the fix)
    (PAGE, page("draft:\n"), 3, "draft", "skriv draft: true eller draft: false, eller slet linjen"),
    (PAGE, page("draft: ~\n"), 3, "draft", "skriv draft: true eller draft: false, eller slet linjen"),
    (PAGE, page("draft: null\n"), 3, "draft", "skriv draft: true eller draft: false, eller slet linjen"),
    (PAGE, page("publish:\n"), 3, "publish", "publish: 2016-10-05 09:00"),
    (PAGE, page("historical: ~\n"), 3, "historical", "skriv historical: true eller historical: false"),
    (MEETING, "---\ntitle: M\ndate: 2016-10-05\nstart: 17:00\nend: 18:00\nvenue: raadhus\nstatus:\n---\n", 7,
     "status", "planlagt, afholdt, aflyst"),
    (MEETING, "---\ntitle: M\ndate: 2016-10-05\nstart: 17:00\nend: 18:00\nvenue: raadhus\nregistration:\n"
              "  contact: anna\n  deadline:\n---\n", 9, "registration.deadline", "skriv deadline: og en dato"),
    (FIGURES, FIGURE + "  approximate:\n", 6, "approximate", "skriv approximate: true eller approximate: false"),
]


@pytest.mark.parametrize("rel,text,line,field,fix", EMPTY, ids=[f"{e[3]}-{i}" for i, e in enumerate(EMPTY)])
def test_an_empty_value_that_would_publish_or_claim_something_is_a_fejl(tmp_path, rel, text, line, field, fix):
    records, problems = problems_of(tmp_path, {rel: text}, rel)
    assert records is None, "the site was built"
    assert [(p.line, p.field, p.level) for p in problems] == [(line, field, ERROR)], [p.format() for p in problems]
    assert "feltet er tomt" in problems[0].message and fix in problems[0].fix, problems[0].format()


@pytest.mark.parametrize("front", ["summary:\n", "summary: ~\n", "updated:\n", "changes:\n"])
def test_an_empty_value_that_means_none_is_still_allowed(tmp_path, front):
    records, problems = problems_of(tmp_path, {PAGE: page(front)}, PAGE)
    assert problems == [] and records is not None


def test_every_field_that_refuses_empty_says_what_empty_would_have_meant():
    def walk(fields):
        for field in fields:
            yield field
            kind = getattr(field.kind, "item", field.kind)
            yield from walk(getattr(kind, "fields", ()))

    every = [f for table in (COMMON, *TYPE_FIELDS.values(), *DATA_FIELDS.values()) for f in walk(table)]
    refusing = sorted({f.name for f in every if f.empty_means})
    assert refusing == ["approximate", "deadline", "draft", "historical", "publish", "status"]
    assert not any(f.required and f.empty_means for f in every)  # a required field refuses empty anyway
