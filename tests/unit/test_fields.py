"""Tables of good and bad values per field kind, with the Danish messages."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sitegen.content.fields import (
    Bool,
    Choice,
    Date,
    DeadlineKind,
    Email,
    FieldError,
    Integer,
    Link,
    Moment,
    Number,
    PartialDateKind,
    PostalCode,
    Text,
    Time,
)
from sitegen.content.load import parse_yaml
from sitegen.content.model import INITIATIVE_STATUSES, MEETING_STATUSES
from sitegen.content.nodes import Map, Scalar, Seq
from sitegen.core.records import Deadline, PartialDate


def yaml_value(source: str):
    """The node of `value:` as the loader keeps it: the author's text."""
    tree = parse_yaml(f"value: {source}\n", "x.md", 0, [])
    return tree.get("value")


GOOD = [
    (Text(), "Borgermøde", "Borgermøde"),
    (Text(), "no", "no"),  # never False
    (Text(), "'17:00'", "17:00"),
    (Text(), "yes", "yes"),
    (Bool(), "true", True), (Bool(), "false", False), (Bool(), "ja", True), (Bool(), "Nej", False),
    (Date(), "2016-10-05", dt.date(2016, 10, 5)),
    (Date(), "'2016-10-05'", dt.date(2016, 10, 5)),
    (Date(), "2016-02-29", dt.date(2016, 2, 29)),
    (Time(), "17:00", dt.time(17, 0)),  # PyYAML alone would make this 1020
    (Time(), "17.00", dt.time(17, 0)),
    (Time(), '"9:30"', dt.time(9, 30)),
    (Time(), "18:30", dt.time(18, 30)),
    (Time(), "00:00", dt.time(0, 0)),
    (Moment(), "2016-10-05", dt.datetime(2016, 10, 5, tzinfo=dt.UTC).replace(tzinfo=None)),
    (Choice(MEETING_STATUSES), "aflyst", "aflyst"),
    (Choice(INITIATIVE_STATUSES), "gennemfoert", "gennemfoert"),
    (Number(), "747", Decimal("747")),
    (Number(), "62.5", Decimal("62.5")),
    (Number(), "62,5", Decimal("62.5")),
    (Number(), "11408", Decimal("11408")),
    (Number(), "0", Decimal("0")),
    (Number(), "1234.5", Decimal("1234.5")),
    (Integer(), "3", 3),
    (Email(), "jajo@lejre.dk", "jajo@lejre.dk"),
    (Link(), "/moeder/", "/moeder/"),
    (Link(), "https://www.lejre.dk/", "https://www.lejre.dk/"),
    (Link(absolute_only=True), "https://www.lejre.dk/kvalitet", "https://www.lejre.dk/kvalitet/"),
    (PostalCode(), "4320", "4320"),
    (PostalCode(), '"4060"', "4060"),
    (DeadlineKind(), "2017-03-31", Deadline(kind="date", last_day=dt.date(2017, 3, 31))),
    (DeadlineKind(), "2017-Q1", Deadline(kind="quarter", last_day=dt.date(2017, 3, 31), quarter=1)),
    (DeadlineKind(), "2017-Q2", Deadline(kind="quarter", last_day=dt.date(2017, 6, 30), quarter=2)),
    (DeadlineKind(), "2017-q4", Deadline(kind="quarter", last_day=dt.date(2017, 12, 31), quarter=4)),
    (DeadlineKind(), "2018", Deadline(kind="year", last_day=dt.date(2018, 12, 31))),
    (DeadlineKind(), "ikke-fastsat", Deadline(kind="none", last_day=None)),
    (PartialDateKind(), "2016-06-01", PartialDate(year=2016, month=6, day=1)),
    (PartialDateKind(), "2017-08", PartialDate(year=2017, month=8)),
    (PartialDateKind(), "2013", PartialDate(year=2013)),
]


@pytest.mark.parametrize("kind, source, expected", GOOD, ids=[f"{type(k).__name__}:{s}" for k, s, _ in GOOD])
def test_good_values(kind, source, expected):
    value = kind.parse(yaml_value(source))
    if isinstance(kind, Moment):
        assert value.replace(tzinfo=None) == expected and str(value.tzinfo) == "Europe/Copenhagen"
    else:
        assert value == expected


def test_moment_with_time_is_copenhagen_local():
    value = Moment().parse(yaml_value("2016-10-05 17:00"))
    assert value.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert Moment().parse(yaml_value("2016-12-07T17:00")).utcoffset() == dt.timedelta(hours=1)


BAD = [
    (Text(), "[a, b]", "skal være tekst, men er en liste"),
    (Text(), "''", "er tom"),
    (Bool(), "maybe", "'maybe' er hverken true eller false"),
    (Bool(), "no", "'no' er hverken true eller false"),
    (Date(), "5. oktober 2016", "'5. oktober 2016' er ikke en dato på formen ÅÅÅÅ-MM-DD"),
    (Date(), "2016-02-30", "datoen '2016-02-30' findes ikke"),
    (Date(), "05-10-2016", "er ikke en dato på formen ÅÅÅÅ-MM-DD"),
    (Time(), "25:00", "klokkeslættet '25:00' findes ikke"),
    (Time(), "17", "'17' er ikke et klokkeslæt"),
    (Time(), "kl. 17", "'kl. 17' er ikke et klokkeslæt"),
    (Time(), "17:60", "findes ikke"),
    (Moment(), "i morgen", "er hverken en dato eller en dato med klokkeslæt"),
    (Choice(MEETING_STATUSES), "afhold", "'afhold' er ikke en af de mulige værdier"),
    (Choice(INITIATIVE_STATUSES), "gennemført", "'gennemført' skal staves 'gennemfoert'"),
    (Choice(INITIATIVE_STATUSES), "I gang", "'I gang' skal staves 'i-gang'"),
    (Number(), "11.408", "kan læses både som 11408 og som 11,408"),
    (Number(), "62,5 mio. kr.", "'62,5 mio. kr.' er ikke et tal"),
    (Number(), "mange", "er ikke et tal"),
    (Integer(), "første", "er ikke et helt tal"),
    (Email(), "jajo(at)lejre.dk", "er ikke en e-mailadresse"),
    (Link(), "moeder", "er hverken en sti på sitet eller en webadresse"),
    (Link(), "/../etc/", "er hverken en sti på sitet eller en webadresse"),
    (Link(absolute_only=True), "/kvalitet/", "er ikke en fuld webadresse"),
    (PostalCode(), "DK-4320", "er ikke et dansk postnummer"),
    (DeadlineKind(), "udgangen af 2017", "er ikke en frist, vi kan læse"),
    (DeadlineKind(), "2017-Q5", "er ikke en frist, vi kan læse"),
    (PartialDateKind(), "2017-13", "måneden i '2017-13' findes ikke"),
    (PartialDateKind(), "august 2017", "er ikke en dato"),
]


@pytest.mark.parametrize("kind, source, message", BAD, ids=[f"{type(k).__name__}:{s}" for k, s, _ in BAD])
def test_bad_values_say_what_and_how(kind, source, message):
    with pytest.raises(FieldError) as caught:
        kind.parse(yaml_value(source))
    assert message in caught.value.message
    assert caught.value.fix  # every message says how to fix it


def test_loader_keeps_the_authors_text_and_lines():
    problems = []
    tree = parse_yaml("title: no\nstart: 17:00\ncount: 010\nlist:\n  - a\n  - 'b'\n", "x.md", 1, problems)
    assert problems == []
    assert isinstance(tree, Map)
    assert tree.get("title") == Scalar(text="no", line=2, quoted=False)
    assert tree.get("start").text == "17:00"
    assert tree.get("count").text == "010"
    assert isinstance(tree.get("list"), Seq) and [i.text for i in tree.get("list").items] == ["a", "b"]
    assert tree.line_of("list") == 5
