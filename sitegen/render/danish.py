"""Danish wording of dates, times, numbers and status values for readers.

Stage: helper of render (templates use these as filters). Imports: records
only for type names. Pure functions; never depends on the OS locale.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sitegen.core.records import Deadline, PartialDate

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)

MEETING_STATUSES = {
    "planlagt": "Planlagt",
    "afholdt": "Afholdt",
    "aflyst": "Aflyst",
    "flyttet": "Flyttet",
}
INITIATIVE_STATUSES = {
    "ikke-startet": "Ikke startet",
    "i-gang": "I gang",
    "forsinket": "Forsinket",
    "gennemfoert": "Gennemført",
    "opgivet": "Opgivet",
    None: "Status ikke oplyst",
}
UPDATE_CATEGORIES = {
    "nyhed": "Nyhed",
    "udvalgsstatus": "Status til udvalget",
}
EN_DASH = "\u2013"


def short_date(d: dt.date) -> str:
    """5. oktober 2016"""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def long_date(d: dt.date) -> str:
    """onsdag den 5. oktober 2016"""
    return f"{WEEKDAYS[d.weekday()]} den {short_date(d)}"


def time(t: dt.time) -> str:
    """17.00, 9.30 (Danish writes a full stop between hours and minutes)."""
    return f"{t.hour}.{t.minute:02d}"


def time_range(start: dt.time, end: dt.time) -> str:
    """kl. 17.00–18.30"""
    return f"kl. {time(start)}{EN_DASH}{time(end)}"


def meeting_when(date: dt.date, start: dt.time, end: dt.time) -> str:
    """onsdag den 5. oktober 2016 kl. 17.00–18.30"""
    return f"{long_date(date)} {time_range(start, end)}"


def datetime(moment: dt.datetime) -> str:
    """onsdag den 5. oktober 2016 kl. 17.00"""
    return f"{long_date(moment.date())} kl. {time(moment.time())}"


def number(value: Decimal | int) -> str:
    """747, 62,5, 11.408, 1.234,5: thousands with '.', decimals with ','.

    Shows the decimals the value has (Decimal('62.50') keeps both), no more.
    """
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if value.as_tuple().exponent > 0:  # Decimal('1E+3'): show it as 1000
        value = value.quantize(Decimal(1))
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + ".".join(groups)
    return f"{result},{decimals}" if decimals else result


def amount(value: Decimal | int, unit: str | None, approximate: bool = False) -> str:
    """ca. 62,5 mio. kr. / 11.408 kr. / 747 børn og familier"""
    text = number(value)
    if unit:
        text = f"{text} {unit}"
    return f"ca. {text}" if approximate else text


def partial_date(d: PartialDate) -> str:
    """1. juni 2016 / august 2017 / 2013"""
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{MONTHS[d.month - 1]} {d.year}"
    return short_date(dt.date(d.year, d.month, d.day))


def partial_date_iso(d: PartialDate) -> str:
    """2016-06-01 / 2017-08 / 2013: the value for <time datetime>."""
    if d.month is None:
        return f"{d.year:04d}"
    if d.day is None:
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def deadline(d: Deadline) -> str:
    """31. marts 2017 / udgangen af 1. kvartal 2017 / udgangen af 2018 / ingen frist fastsat"""
    if d.kind == "none" or d.last_day is None:
        return "ingen frist fastsat"
    if d.kind == "quarter":
        return f"udgangen af {d.quarter}. kvartal {d.last_day.year}"
    if d.kind == "year":
        return f"udgangen af {d.last_day.year}"
    if d.kind == "date":
        return short_date(d.last_day)
    raise ValueError(f"unknown deadline kind: {d.kind!r}")


def meeting_status(status: str) -> str:
    """planlagt -> Planlagt"""
    return _word(MEETING_STATUSES, status, "meeting status")


def initiative_status(status: str | None) -> str:
    """i-gang -> I gang; None -> Status ikke oplyst"""
    return _word(INITIATIVE_STATUSES, status, "initiative status")


def update_category(category: str) -> str:
    """udvalgsstatus -> Status til udvalget"""
    return _word(UPDATE_CATEGORIES, category, "update category")


def _word(table: dict, key, what: str) -> str:
    try:
        return table[key]
    except KeyError:
        raise ValueError(f"unknown {what}: {key!r}") from None
