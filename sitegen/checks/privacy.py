"""Personal data: CPR numbers (errors) and contact details that are not ours (warnings).

Stage: check. Runs on the text of content and data files and on file and
folder names. Imports: problems, records. Standard library only.

A CPR number is six digits forming a real date (DDMMYY), an optional
separator and four digits, not part of a longer run of digits. There is no
modulus-11 test: numbers issued since 2007 can fail it. The full number is
never repeated in a message: the build log may be read by more people than
the file.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sitegen.core.problems import BLOCKS, Problem
from sitegen.core.records import Person

# Hyphen, the dashes a word processor turns it into, a space or a no-break space.
_CPR_SEPARATOR = "[-\u2010\u2011\u2012\u2013 \u00a0]"
# Not glued to more digits: no digit, and no digit plus dash, dot, slash or comma, on either side
# (so 2016-10-05, 978-87-1234-567-8, 11.408 and 123456789012 never match). The look behind comes
# after the first digit, so the regex engine can jump from digit to digit (5x faster than before it).
_CPR = re.compile(
    rf"(\d(?<!\d\d)(?<!\d[-./,]\d)\d)(\d\d)(\d\d){_CPR_SEPARATOR}?(\d{{4}})(?!\d)(?![-./,]\d)"
)
# In names, dashes and underscores separate words: "referat-2016-10-05-010203-1234.md".
_CPR_IN_NAME = re.compile(r"(?<!\d)(\d\d)(\d\d)(\d\d)[-_ \u2013]?(\d{4})(?!\d)")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

CPR_FIX = "fjern CPR-nummeret; personnumre må aldrig stå på sitet"
CONTACT_FIX = "brug en funktionspostkasse eller en person fra data/people.yaml, eller fjern oplysningen"


def find_cpr(path: str, text: str, first_line: int = 1) -> list[Problem]:
    """Every CPR number in `text` (which starts at line `first_line` of `path`), as errors."""
    found = []
    for match in _CPR.finditer(text):
        if _is_date(*match.groups()[:3]):
            line = first_line + text.count("\n", 0, match.start())
            found.append(Problem(path=path, line=line, field="",
                                 message=f"et CPR-nummer står i filen ({_masked(match)})", fix=CPR_FIX))
    return found


def find_cpr_in_name(path: str) -> list[Problem]:
    """A CPR number in the last part of `path`: the name of this file or folder, as an error.

    Only the last part, so a caller that walks a tree (every folder, then every
    file in it) hears of a folder once. The problem keeps the real path, so the
    editor can find the file; its message shows the number masked.
    """
    name = path.rpartition("/")[2]
    return [Problem(path=path, line=1, field="",
                    message=f"et CPR-nummer står i navnet på filen eller mappen ({_masked(match)})",
                    fix="omdøb filen eller mappen uden CPR-nummeret; personnumre må aldrig stå på sitet")
            for match in _CPR_IN_NAME.finditer(name) if _is_date(*match.groups()[:3])]


def _is_date(day: str, month: str, year: str) -> bool:
    """DDMMYY is a real date; 29 February only when YY can be a leap year (the century is unknown)."""
    d, m, y = int(day), int(month), int(year)
    if not 1 <= m <= 12 or d < 1 or d > _MONTH_DAYS[m - 1]:
        return False
    return not (m == 2 and d == 29 and y % 4 != 0)


def _masked(match: re.Match) -> str:
    """The date part and XXXX for the last four digits: 010203-XXXX."""
    return "".join(match.groups()[:3]) + "-XXXX"


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_SPACE = "[ \u00a0]"
# Danish numbers: eight digits (not starting with 0), optionally after +45 or 0045,
# written 12345678, 12 34 56 78 or 1234 5678; not part of a longer number.
_PHONE = re.compile(
    rf"(?<![\w+])(?<!\d[-.,/ \u00a0])"
    rf"(?:(?:\+|00)45{_SPACE}?)?"
    rf"([1-9]\d(?:\d{{6}}|{_SPACE}\d\d{_SPACE}\d\d{_SPACE}\d\d|\d\d{_SPACE}\d{{4}}))"
    rf"(?!\d)(?![-.,/]\d)(?!{_SPACE}\d)"
)
_PHONE_HINT = re.compile(rf"\d\d{_SPACE}?\d\d{_SPACE}?\d\d{_SPACE}?\d\d")  # cheap: most texts have none
_YEAR = re.compile(r"(19|20)\d\d")
# Numbers that are eight digits but not phones: company, account and case numbers.
_NOT_PHONE_BEFORE = re.compile(
    r"(?<!\w)(?:(?:cvr|ean|se|p|reg|konto|sags|journal|j)\.?[-\s]?(?:nr|nummer)\.?|cvr|ean)[\s:.]*$", re.I)


def contact_findings(path: str, text: str, first_line: int, people: Mapping[str, Person],
                     known: Iterable[str] = ()) -> list[Problem]:
    """Warnings for e-mail addresses and Danish phone numbers that are no one's in data/people.yaml.

    `known` adds further addresses or numbers that are allowed (e.g. functional mailboxes).
    E-mail addresses are compared without regard to case, phone numbers by their last eight digits.
    """
    emails = {p.email.lower() for p in people.values() if p.email}
    phones = {_phone_key(p.phone) for p in people.values() if p.phone}
    for extra in known:
        if "@" in extra:
            emails.add(extra.lower())
        else:
            phones.add(_phone_key(extra))
    found: dict[tuple[int, str], Problem] = {}
    for match in _EMAIL.finditer(text) if "@" in text else ():
        address = match.group(0)
        if address.lower() not in emails:
            line = first_line + text.count("\n", 0, match.start())
            found.setdefault((line, address.lower()), Problem(
                path=path, line=line, field="",
                message=f"e-mailadressen {address} hører ikke til en person i data/people.yaml", fix=CONTACT_FIX,
                level=BLOCKS))
    for match in _PHONE.finditer(text) if _PHONE_HINT.search(text) else ():
        number = match.group(0)
        if _phone_key(number) in phones or _looks_like_years(match.group(1)):
            continue
        if _NOT_PHONE_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            continue
        line = first_line + text.count("\n", 0, match.start())
        found.setdefault((line, _phone_key(number)), Problem(
            path=path, line=line, field="",
            message=f"telefonnummeret {number} hører ikke til en person i data/people.yaml", fix=CONTACT_FIX,
            level=BLOCKS))
    return sorted(found.values(), key=Problem.sort_key)


def _phone_key(number: str) -> str:
    """The last eight digits: +45 12 34 56 78, 0045 12345678 and 1234 5678 are one number."""
    return re.sub(r"\D", "", number)[-8:]


def _looks_like_years(digits: str) -> bool:
    """'2016 2017' is two years, not a phone number."""
    halves = digits.split()
    return len(halves) == 2 and all(_YEAR.fullmatch(half) for half in halves)
