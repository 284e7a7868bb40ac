"""danish.py: dates, times, numbers and status words as Danish readers expect them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sitegen.core.records import Deadline, PartialDate
from sitegen.render import danish


@pytest.mark.parametrize("value, expected", [
    (Decimal("0"), "0"),
    (Decimal("7"), "7"),
    (Decimal("747"), "747"),
    (Decimal("11408"), "11.408"),
    (Decimal("62.5"), "62,5"),
    (Decimal("1234.5"), "1.234,5"),
    (Decimal("1000000"), "1.000.000"),
    (Decimal("0.5"), "0,5"),
    (Decimal("100"), "100"),
    (Decimal("999"), "999"),
    (Decimal("1000"), "1.000"),
    (Decimal("62.50"), "62,50"),  # the decimals the author gave, no more
    (Decimal("1E+3"), "1.000"),
    (Decimal("-1234.5"), "-1.234,5"),
    (11408, "11.408"),
])
def test_number(value, expected):
    assert danish.number(value) == expected


@pytest.mark.parametrize("value, unit, approximate, expected", [
    (Decimal("62.5"), "mio. kr.", True, "ca. 62,5 mio. kr."),
    (Decimal("11408"), "kr.", False, "11.408 kr."),
    (Decimal("747"), "børn og familier", False, "747 børn og familier"),
    (Decimal("84"), None, False, "84"),
    (Decimal("100"), None, True, "ca. 100"),
])
def test_amount(value, unit, approximate, expected):
    assert danish.amount(value, unit, approximate) == expected


# 2016 starts on a Friday: the first of each month covers every weekday and month name.
@pytest.mark.parametrize("day, expected", [
    (dt.date(2016, 1, 1), "fredag den 1. januar 2016"),
    (dt.date(2016, 2, 1), "mandag den 1. februar 2016"),
    (dt.date(2016, 3, 1), "tirsdag den 1. marts 2016"),
    (dt.date(2016, 4, 1), "fredag den 1. april 2016"),
    (dt.date(2016, 5, 1), "søndag den 1. maj 2016"),
    (dt.date(2016, 6, 1), "onsdag den 1. juni 2016"),
    (dt.date(2016, 7, 1), "fredag den 1. juli 2016"),
    (dt.date(2016, 8, 1), "mandag den 1. august 2016"),
    (dt.date(2016, 9, 1), "torsdag den 1. september 2016"),
    (dt.date(2016, 10, 1), "lørdag den 1. oktober 2016"),
    (dt.date(2016, 11, 1), "tirsdag den 1. november 2016"),
    (dt.date(2016, 12, 1), "torsdag den 1. december 2016"),
    (dt.date(2016, 10, 5), "onsdag den 5. oktober 2016"),
    (dt.date(2029, 2, 28), "onsdag den 28. februar 2029"),
])
def test_long_date(day, expected):
    assert danish.long_date(day) == expected
    assert danish.short_date(day) == expected.split(" den ")[1]


def test_weekdays_and_months_do_not_depend_on_the_locale():
    assert len(set(danish.long_date(dt.date(2016, 10, d)).split()[0] for d in range(3, 10))) == 7
    assert danish.WEEKDAYS[dt.date(2016, 10, 3).weekday()] == "mandag"


@pytest.mark.parametrize("t, expected", [
    (dt.time(17, 0), "17.00"),
    (dt.time(18, 30), "18.30"),
    (dt.time(9, 5), "9.05"),
    (dt.time(0, 0), "0.00"),
])
def test_time(t, expected):
    assert danish.time(t) == expected


def test_meeting_when():
    assert danish.time_range(dt.time(17), dt.time(18, 30)) == "kl. 17.00\u201318.30"
    assert (danish.meeting_when(dt.date(2016, 10, 5), dt.time(17), dt.time(18, 30))
            == "onsdag den 5. oktober 2016 kl. 17.00–18.30")


def test_datetime():
    moment = dt.datetime(2016, 10, 5, 17, 0)
    assert danish.datetime(moment) == "onsdag den 5. oktober 2016 kl. 17.00"


@pytest.mark.parametrize("value, expected, iso", [
    (PartialDate(year=2016, month=6, day=1), "1. juni 2016", "2016-06-01"),
    (PartialDate(year=2017, month=8), "august 2017", "2017-08"),
    (PartialDate(year=2013), "2013", "2013"),
])
def test_partial_date(value, expected, iso):
    assert danish.partial_date(value) == expected
    assert danish.partial_date_iso(value) == iso


@pytest.mark.parametrize("value, expected", [
    (Deadline(kind="date", last_day=dt.date(2017, 3, 31)), "31. marts 2017"),
    (Deadline(kind="quarter", last_day=dt.date(2017, 3, 31), quarter=1), "udgangen af 1. kvartal 2017"),
    (Deadline(kind="quarter", last_day=dt.date(2017, 6, 30), quarter=2), "udgangen af 2. kvartal 2017"),
    (Deadline(kind="year", last_day=dt.date(2018, 12, 31)), "udgangen af 2018"),
    (Deadline(kind="none", last_day=None), "ingen frist fastsat"),
])
def test_deadline(value, expected):
    assert danish.deadline(value) == expected


@pytest.mark.parametrize("function, value, expected", [
    (danish.meeting_status, "planlagt", "Planlagt"),
    (danish.meeting_status, "afholdt", "Afholdt"),
    (danish.meeting_status, "aflyst", "Aflyst"),
    (danish.meeting_status, "flyttet", "Flyttet"),
    (danish.initiative_status, "ikke-startet", "Ikke startet"),
    (danish.initiative_status, "i-gang", "I gang"),
    (danish.initiative_status, "forsinket", "Forsinket"),
    (danish.initiative_status, "gennemfoert", "Gennemført"),
    (danish.initiative_status, "opgivet", "Opgivet"),
    (danish.initiative_status, None, "Status ikke oplyst"),
    (danish.update_category, "nyhed", "Nyhed"),
    (danish.update_category, "udvalgsstatus", "Status til udvalget"),
])
def test_status_words(function, value, expected):
    assert function(value) == expected


def test_unknown_status_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        danish.meeting_status("udsat")
