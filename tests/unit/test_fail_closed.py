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


# Characters no page, feed or calendar can carry (item 9) ------------------------------------------
# YAML refuses most of them typed as they are; written as escapes in double quotes ("\x01") it lets
# them through, and a Markdown body is not YAML at all.

CONTROL = [
    # (file, text, line, field, the character as the message names it)
    (PAGE, '---\ntitle: "Ny\\x01hed"\n---\nTekst.\n', 2, "title", "U+0001"),
    (PAGE, '---\ntitle: Side\nsummary: "Et \\b i teksten"\n---\nTekst.\n', 3, "summary", "U+0008"),
    (PAGE, '---\ntitle: Side\nsummary: "Et \\x7f i teksten"\n---\nTekst.\n', 3, "summary", "U+007F"),
    (PAGE, '---\ntitle: "En \\x85 midt i"\n---\nTekst.\n', 2, "title", "U+0085"),
    (PAGE, '---\ntitle: "Slut \\uFFFE"\n---\nTekst.\n', 2, "title", "U+FFFE"),
    (PAGE, page("changes:\n  - note: \"Flyttet\\x1b\"\n"), 4, "changes.note", "U+001B"),
    (MEETING, '---\ntitle: M\ndate: 2016-10-05\nstart: 17:00\nend: 18:00\nvenue: raadhus\nagenda:\n'
              '  - Velkomst\n  - "Punkt\\x02"\n---\n', 9, "agenda", "U+0002"),
    ("data/people.yaml", 'anna:\n  name: "Anna\\x0bAndersen"\n', 2, "anna.name", "U+000B"),
    (PAGE, page("", "Første linje.\n\nAnden linje med \x01 i.\n"), 6, "", "U+0001"),
    (PAGE, page("", "Tekst med \x0c sideskift.\n"), 4, "", "U+000C"),
]


@pytest.mark.parametrize("rel,text,line,field,char", CONTROL, ids=[f"{c[3] or 'body'}-{i}" for i, c in enumerate(CONTROL)])
def test_a_control_character_in_any_text_is_a_fejl_naming_file_line_and_field(tmp_path, rel, text, line, field, char):
    records, problems = problems_of(tmp_path, {rel: text}, rel)
    assert records is None, "the site was built"
    assert [(p.line, p.field, p.level) for p in problems] == [(line, field, ERROR)], [p.format() for p in problems]
    said = problems[0].format()
    assert char in said and "usynligt tegn" in said and "slet" in problems[0].fix, said
    assert said.isprintable(), said  # the message itself never prints the character


@pytest.mark.parametrize("text", ['"Tab\\tog CR\\r"', "Æble, ø og å — “citat” 😀", '"Ny\\nlinje"'])
def test_tabs_line_breaks_and_any_other_letter_are_allowed(tmp_path, text):
    front = f"summary: {text}\n"
    records, problems = problems_of(tmp_path, {PAGE: page(front, "Tekst\tmed tabulator.\r\nOg CRLF.")}, PAGE)
    assert problems == [] and records is not None


@pytest.mark.parametrize("field, value", [
    ("deadline", "0000-Q1"), ("deadline", "9999-Q4"), ("deadline", "0000"), ("deadline", "0001-01-01"),
    ("deadline", "9999-12-31"), ("updated", "0001-01-07"), ("publish", "9999-12-31 23:59"),
])
def test_a_year_outside_the_calendar_is_a_fejl_not_a_crash(field, value):
    """Found by the fuzz tests: year 0 or 9999-Q4 ended in exit 3 (a date out of Python's range)."""
    from sitegen.content.fields import DeadlineKind, FieldError, Moment, parse_iso_date
    from sitegen.content.nodes import Scalar

    node = Scalar(text=value, line=3, quoted=False)
    with pytest.raises(FieldError):  # a fejl naming the field, never a ValueError or OverflowError
        if field == "deadline":
            DeadlineKind().parse(node)
        elif field == "publish":
            Moment().parse(node)
        else:
            parse_iso_date(value)
