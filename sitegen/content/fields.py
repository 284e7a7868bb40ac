"""Field kinds: turn the author's text into values, or say in Danish what is wrong.

Stage 2 (validate) vocabulary. Imports: load (node types), records, slugs.
Each kind is a small object with `parse(node) -> value` raising FieldError,
and a `describe` string used in messages and kept in step with the contract.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sitegen import COPENHAGEN
from sitegen.content.nodes import Map, Node, Scalar, Seq
from sitegen.core.records import Deadline, PartialDate


class FieldError(Exception):
    """A value the author must change. `line` overrides the field's line."""

    def __init__(self, message: str, fix: str, line: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.line = line
        self.field = field


def _text_of(node: Node, wanted: str, example: str) -> str:
    if isinstance(node, Scalar):
        found = invisible_character(node.text)
        if found is not None:
            raise FieldError(*found[1:], line=node.line)
        return node.text.strip()
    shape = "en liste" if isinstance(node, Seq) else "en gruppe af felter"
    raise FieldError(f"skal være {wanted}, men er {shape}", f"skriv fx {example} på samme linje som feltnavnet")


# Characters no text on the site may hold: those XML 1.0 forbids (C0 controls but tab, line feed and
# carriage return; surrogates; U+FFFE and U+FFFF), which would make the feed, the sitemap and the
# calendars malformed, and those HTML counts as parse errors (DEL, C1 controls, noncharacters).
# YAML refuses most of them typed as they are, but lets "\x01" in double quotes through, and a
# Markdown body is not YAML.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                        + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
                        + "]")


def invisible_character(text: str) -> tuple[int, str, str] | None:
    """(index, message, fix) for the first character in `text` no page, feed or calendar can carry."""
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    before = " ".join(_INVISIBLE.sub(" ", text[max(0, found.start() - 30):found.start()]).split()[-4:])
    where = f'efter "{before}"' if before else "først i teksten"
    return (found.start(), f"der står et usynligt tegn (U+{ord(found.group()):04X}) {where}; det kan ikke stå på en "
            "side, i et feed eller i en kalender",
            "slet tegnet, eller skriv teksten forfra; det kommer tit med, når man kopierer fra et andet program")


@dataclass(frozen=True)
class Text:
    describe: str = "text"

    def parse(self, node: Node) -> str:
        text = _text_of(node, "tekst", "en sætning")
        if not text:
            raise FieldError("er tom", "skriv en tekst eller slet feltet")
        return text


@dataclass(frozen=True)
class Bool:
    describe: str = "bool"

    def parse(self, node: Node) -> bool:
        text = _text_of(node, "true eller false", "true").lower()
        if text in ("true", "ja"):
            return True
        if text in ("false", "nej"):
            return False
        raise FieldError(f"'{text}' er hverken true eller false", "skriv true (ja) eller false (nej)")


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


YEARS = range(1900, 2201)  # years a date may have: beyond them the site's date arithmetic would overflow


def checked_year(year: int, text: str) -> int:
    """`year` when it is in YEARS, else a FieldError: year 0 or 9999-Q4 made an exit 3 (date out of range)."""
    if year not in YEARS:
        raise FieldError(f"årstallet i '{text}' er ikke med i kalenderen her",
                         f"skriv et år mellem {YEARS.start} og {YEARS.stop - 1}")
    return year


def parse_iso_date(text: str) -> dt.date:
    match = _DATE.match(text)
    if not match:
        raise FieldError(f"'{text}' er ikke en dato på formen ÅÅÅÅ-MM-DD",
                         "skriv datoen som år-måned-dag, fx 2016-10-05 for 5. oktober 2016")
    year, month, day = (int(g) for g in match.groups())
    checked_year(year, text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(f"datoen '{text}' findes ikke", "tjek måned og dag, fx 2016-10-05") from None


@dataclass(frozen=True)
class Date:
    describe: str = "date"

    def parse(self, node: Node) -> dt.date:
        return parse_iso_date(_text_of(node, "en dato", "2016-10-05"))


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_clock(text: str) -> dt.time:
    match = _TIME.match(text)
    if not match:
        raise FieldError(f"'{text}' er ikke et klokkeslæt", "skriv klokkeslættet som 17:00 eller 17.00")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise FieldError(f"klokkeslættet '{text}' findes ikke", "timer går fra 00 til 23 og minutter fra 00 til 59")
    return dt.time(hour, minute)


@dataclass(frozen=True)
class Time:
    describe: str = "time"

    def parse(self, node: Node) -> dt.time:
        return parse_clock(_text_of(node, "et klokkeslæt", '"17:00"'))


@dataclass(frozen=True)
class Moment:
    """A date (midnight) or a date with a time, in Europe/Copenhagen."""

    describe: str = "date or datetime"

    def parse(self, node: Node) -> dt.datetime:
        text = _text_of(node, "en dato", "2016-10-05 eller 2016-10-05 17:00")
        date_part, _, time_part = text.replace("T", " ", 1).partition(" ")
        try:
            day = parse_iso_date(date_part)
            clock = parse_clock(time_part.strip()) if time_part.strip() else dt.time(0, 0)
        except FieldError:
            raise FieldError(f"'{text}' er hverken en dato eller en dato med klokkeslæt",
                             "skriv fx 2016-10-05 eller 2016-10-05 17:00") from None
        return dt.datetime.combine(day, clock, tzinfo=COPENHAGEN)


@dataclass(frozen=True)
class Choice:
    options: tuple[str, ...]
    describe: str = "choice"

    def parse(self, node: Node) -> str:
        text = _text_of(node, "et af ordene " + ", ".join(self.options), self.options[0])
        if text in self.options:
            return text
        folded = text.lower().replace("ø", "oe").replace("æ", "ae").replace("å", "aa").replace(" ", "-")
        if folded in self.options:
            raise FieldError(f"'{text}' skal staves '{folded}'", f"skriv {folded}")
        raise FieldError(f"'{text}' er ikke en af de mulige værdier",
                         "vælg en af: " + ", ".join(self.options))


@dataclass(frozen=True)
class Ref:
    """The id or slug of another thing; validate checks that it exists."""

    target: str  # people, venues, meetings, initiatives, pages
    describe: str = "reference"

    def parse(self, node: Node) -> str:
        text = _text_of(node, "et id", "jane-joergensen")
        if not text:
            raise FieldError("er tom", "skriv et id eller slet feltet")
        return text


_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def parse_number(text: str) -> Decimal:
    compact = text.replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(compact):
        raise FieldError(f"'{text}' er ikke et tal", "skriv kun tallet, fx 747 eller 62,5, og enheden i feltet unit")
    if re.match(r"^-?\d{1,3}\.\d{3}$", compact):
        raise FieldError(f"'{text}' kan læses både som {compact.replace('.', '')} og som {compact.replace('.', ',')}",
                         f"skriv {compact.replace('.', '')} uden punktum, eller brug komma til decimaler "
                         f"({compact.replace('.', ',')})")
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise FieldError(f"'{text}' er ikke et tal", "skriv fx 747 eller 62,5") from None


@dataclass(frozen=True)
class Number:
    describe: str = "number"

    def parse(self, node: Node) -> Decimal:
        return parse_number(_text_of(node, "et tal", "747"))


@dataclass(frozen=True)
class Integer:
    describe: str = "integer"

    def parse(self, node: Node) -> int:
        text = _text_of(node, "et helt tal", "1")
        if not re.match(r"^\d{1,4}$", text):
            raise FieldError(f"'{text}' er ikke et helt tal", "skriv et helt tal, fx 1 for første plads")
        return int(text)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


@dataclass(frozen=True)
class Email:
    describe: str = "email"

    def parse(self, node: Node) -> str:
        text = _text_of(node, "en e-mailadresse", "navn@lejre.dk")
        if not _EMAIL.match(text):
            raise FieldError(f"'{text}' er ikke en e-mailadresse", "skriv adressen som navn@lejre.dk")
        return text


@dataclass(frozen=True)
class Link:
    """A site path (/moeder/) or a full web address (https://...)."""

    describe: str = "url"
    absolute_only: bool = False

    def parse(self, node: Node) -> str:
        text = _text_of(node, "en adresse", "https://www.lejre.dk/")
        if re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
            return text if not self.absolute_only or text.endswith("/") else text + "/"
        if not self.absolute_only and re.match(r"^/[^\s]*$", text) and ".." not in text:
            return text
        if self.absolute_only:
            raise FieldError(f"'{text}' er ikke en fuld webadresse", "skriv adressen med https://, fx https://www.lejre.dk/")
        raise FieldError(f"'{text}' er hverken en sti på sitet eller en webadresse",
                         "skriv en sti, der begynder med /, fx /moeder/, eller en adresse med https://")


@dataclass(frozen=True)
class PostalCode:
    describe: str = "postal code"

    def parse(self, node: Node) -> str:
        text = _text_of(node, "et postnummer", '"4320"')
        if not re.match(r"^\d{4}$", text):
            raise FieldError(f"'{text}' er ikke et dansk postnummer", "skriv de fire cifre, fx \"4320\"")
        return text


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class DeadlineKind:
    """A date, a quarter (2017-Q1), a year (2018) or ikke-fastsat."""

    describe: str = "date"

    def parse(self, node: Node) -> Deadline:
        text = _text_of(node, "en frist", "2017-03-31")
        if text == "ikke-fastsat":
            return Deadline(kind="none", last_day=None)
        quarter = _QUARTER.match(text)
        if quarter:
            year, q = checked_year(int(quarter.group(1)), text), int(quarter.group(2))
            end_month = q * 3
            last = dt.date(year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1)
            return Deadline(kind="quarter", last_day=last, quarter=q)
        if re.match(r"^\d{4}$", text):
            return Deadline(kind="year", last_day=dt.date(checked_year(int(text), text), 12, 31))
        try:
            return Deadline(kind="date", last_day=parse_iso_date(text))
        except FieldError:
            raise FieldError(f"'{text}' er ikke en frist, vi kan læse",
                             "skriv en dato (2017-03-31), et kvartal (2017-Q1), et år (2018) eller ikke-fastsat") from None


@dataclass(frozen=True)
class PartialDateKind:
    """YYYY-MM-DD, YYYY-MM or YYYY: when a figure was true."""

    describe: str = "date"

    def parse(self, node: Node) -> PartialDate:
        text = _text_of(node, "en dato", "2016-06-01")
        if re.match(r"^\d{4}$", text):
            return PartialDate(year=checked_year(int(text), text))
        month = re.match(r"^(\d{4})-(\d{2})$", text)
        if month:
            if not 1 <= int(month.group(2)) <= 12:
                raise FieldError(f"måneden i '{text}' findes ikke", "skriv fx 2017-08 for august 2017")
            return PartialDate(year=checked_year(int(month.group(1)), text), month=int(month.group(2)))
        try:
            day = parse_iso_date(text)
        except FieldError:
            raise FieldError(f"'{text}' er ikke en dato", "skriv 2016-06-01, 2017-08 (en måned) eller 2013 (et år)") from None
        return PartialDate(year=day.year, month=day.month, day=day.day)


def empty_fix(key: str, kind) -> str:
    """How to fill in a field left empty whose default would publish or claim something (model.Field)."""
    if isinstance(kind, Bool):
        return f"skriv {key}: true eller {key}: false, eller slet linjen"
    if isinstance(kind, Moment):
        return f"skriv {key}: og et tidspunkt, fx {key}: 2016-10-05 09:00, eller slet linjen"
    if isinstance(kind, Choice):
        return f"skriv {key}: og en af {', '.join(kind.options[:-1])} eller {kind.options[-1]}, eller slet linjen"
    return f"skriv {key}: og en dato, fx {key}: 2016-09-28, eller slet linjen"


@dataclass(frozen=True)
class ListOf:
    item: object  # a kind
    describe: str = "list"

    def parse(self, node: Node):
        if isinstance(node, Scalar):
            raise FieldError("skal være en liste", "skriv hvert punkt på sin egen linje, der begynder med '- '")
        return tuple(self.item.parse(child) for child in node.items) if isinstance(node, Seq) else self._not_list()

    def _not_list(self):
        raise FieldError("skal være en liste, men er en gruppe af felter",
                         "skriv hvert punkt på sin egen linje, der begynder med '- '")


@dataclass(frozen=True)
class Group:
    """A nested group of fields, e.g. registration: {contact, deadline}."""

    fields: tuple  # of model.Field
    describe: str = "group"


def suggest(name: str, known: list[str]) -> str | None:
    from difflib import get_close_matches

    match = get_close_matches(name, known, n=1, cutoff=0.6)
    return match[0] if match else None


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?:-|$)")


def guess_names(typed: str, names: list[str], most: int = 3) -> list[str]:
    """The names (of meetings, files) the editor most likely meant by `typed`, best first.

    A name that starts with what was typed comes first: "2027-04-14-borgermoede" is the
    beginning of "2027-04-14-borgermoede-i-april", which is far likelier than the nearest
    spelling, "2017-03-15-borgermoede". Then a name whose part after the date starts with
    it, then the closest name on the same date, then the closest name at all.
    """
    from sitegen.core.slugs import slugify

    typed = slugify(typed).strip("-")
    if not typed:
        return []
    starts = [name for name in names if name.startswith(typed)]
    if not starts:
        starts = [name for name in names if _DATE_PREFIX.sub("", name, count=1).startswith(typed)]
    if starts:
        return sorted(starts, key=len)[:most]
    date = _DATE_PREFIX.match(typed)
    same_day = [name for name in names if date and name.startswith(typed[:10])]
    if same_day:
        from difflib import SequenceMatcher
        return [max(same_day, key=lambda name: SequenceMatcher(None, typed, name).ratio())]
    guess = suggest(typed, names)
    return [guess] if guess else []


__all__ = [
    "Bool", "Choice", "Date", "DeadlineKind", "Email", "FieldError", "Group", "Integer", "Link", "ListOf", "Map", "guess_names",
    "Moment", "Number", "PartialDateKind", "PostalCode", "Ref", "Scalar", "Seq", "Text", "Time", "empty_fix",
    "invisible_character", "parse_clock",
    "parse_iso_date", "parse_number", "suggest",
]
