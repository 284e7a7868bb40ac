"""privacy.py: CPR numbers stop the build; contact details that are no one's are warned about."""
from __future__ import annotations

import pytest

from sitegen.checks.privacy import CONTACT_FIX, CPR_FIX, contact_findings, find_cpr, find_cpr_in_name
from sitegen.core.records import Person


@pytest.mark.parametrize("text, line", [
    ("010203-1234", 1),
    ("0102031234", 1),
    ("010203 1234", 1),
    ("010203\u20131234", 1),  # the dash a word processor makes of a hyphen
    ("Barnets CPR: 311299-1234 står i sagen.", 1),
    ("(010203-1234).", 1),
    ("290200-1234", 1),  # 29 February: 2000 was a leap year
    ("290204-1234", 1),
    ("310117-4000", 1),  # born after 2007: no modulus-11 test
    ('---\ntitle: Referat\nsummary: "Barnet 010203-1234"\n---\nTekst\n', 3),  # front matter
    ("Første linje\n\nAnden linje med 150386-1111\n", 3),
])
def test_cpr_found(text, line):
    problems = find_cpr("content/minutes/referat.md", text)
    assert [p.line for p in problems] == [line]


@pytest.mark.parametrize("text", [
    "2016-10-05",
    "320101-1234",  # day 32
    "000101-1234",  # day 0
    "011301-1234",  # month 13
    "010001-1234",  # month 0
    "300201-1234",  # 30 February
    "290201-1234",  # 29 February, but 01 is never a leap year
    "310401-1234",  # 31 April
    "123456789012",
    "1010203-1234",  # seven digits before the hyphen
    "010203-12345",
    "010203-1234-5",
    "12.010203-1234",
    "+45 4646 4646",
    "+45 46 46 46 46",
    "46464646",
    "1234-5678",
    "kl. 17.00-18.30",
    "11.408 kr.",
    "§ 52, stk. 3",
    "ISBN 978-87-1234-567-8",
    "Konto 1234-0102031234",
    "20161005-1234",
])
def test_cpr_not_found(text):
    assert find_cpr("content/minutes/referat.md", text) == []


def test_cpr_message_masks_the_number_and_names_file_and_line():
    (problem,) = find_cpr("content/minutes/2016-10-05-referat.md", "Tekst\n\nCPR 010203-1234 nævnt\n", first_line=5)
    assert problem.line == 7
    assert "1234" not in problem.message and "010203-XXXX" in problem.message
    assert problem.fix == CPR_FIX
    assert problem.format() == ("content/minutes/2016-10-05-referat.md:7: Et CPR-nummer står i filen (010203-XXXX). "
                                "Fjern CPR-nummeret; personnumre må aldrig stå på sitet. [fejl]")


def test_every_cpr_number_is_reported():
    problems = find_cpr("data/people.yaml", "a: 010203-1234\nb: 020304-5678 og 030405 6789\n")
    assert [p.line for p in problems] == [1, 2, 2]


@pytest.mark.parametrize("path, masked", [
    ("content/minutes/referat-010203-1234.md", "010203-XXXX"),
    ("content/minutes/2016-10-05-010203-1234.md", "010203-XXXX"),
    ("content/pages/notat-0102031234.md", "010203-XXXX"),
    ("content/minutes/barn_311299_1234", "311299-XXXX"),  # a folder
    ("010203-1234.md", "010203-XXXX"),
])
def test_cpr_in_name(path, masked):
    (problem,) = find_cpr_in_name(path)
    assert problem.path == path and problem.line == 1  # the real path, so the editor finds the file
    assert problem.message == f"et CPR-nummer står i navnet på filen eller mappen ({masked})"


@pytest.mark.parametrize("path", [
    "content/minutes/2016-10-05-referat.md",
    "content/minutes/2016-10-05-borgermoede.md",
    "content/minutes/010203-1234/referat.md",  # the folder is reported when the caller passes the folder
    "content/updates/nyhed-1234567890.md",  # 12-34-56: no month 34
    "content/updates/20161005-nyhed.md",
])
def test_no_cpr_in_name(path):
    assert find_cpr_in_name(path) == []


PEOPLE = {
    "jane": Person(id="jane", name="Jane Jørgensen", email="jajo@lejre.dk"),
    "erik": Person(id="erik", name="Erik Asp Poulsen", phone="+45 46 46 46 46"),
    "nobody": Person(id="nobody", name="Uden kontakt"),
}


@pytest.mark.parametrize("text", [
    "Skriv til jajo@lejre.dk.",
    "Skriv til [Jane](mailto:JAJO@Lejre.dk)",  # case does not matter
    "Ring til Erik på 46 46 46 46.",  # the same number, written differently
    "Ring til Erik på 4646 4646 eller +45 46464646 eller 004546464646.",
    "Mødet er 5. oktober 2016 kl. 17.00-18.30.",
    "Taksten er 11.408 kr. pr. døgn, i alt 1.234.567 kr.",
    "Efter § 52, stk. 3, og § 50.",
    "Tal for 2016 2017 og 2018.",
    "Lejre Kommune, CVR-nr. 29188386.",
    "Sagsnr. 27000123",
    "J.nr. 27000123 og kontonummer 23456789 og SE-nr. 29188386 og EAN 57980000",
    "ISBN 978-87-1234-567-8",
    "Dato 2016-10-05 og 05.10.2016",
    "123 456 789 og 12345678901",
    "Telefonen er lukket 1234-5678",  # not a way to write a Danish number
    "Skriv til en@",
])
def test_no_contact_findings(text):
    assert contact_findings("content/pages/x.md", text, 1, PEOPLE) == []


@pytest.mark.parametrize("text, shown", [
    ("Skriv til anna@lejre.dk, hvis du har spørgsmål.", "e-mailadressen anna@lejre.dk"),
    ("Mail: anna.b-c+x@sub.lejre.dk", "e-mailadressen anna.b-c+x@sub.lejre.dk"),
    ("Ring på 23456789.", "telefonnummeret 23456789"),
    ("Ring på 23 45 67 89.", "telefonnummeret 23 45 67 89"),
    ("Ring på 2345 6789.", "telefonnummeret 2345 6789"),
    ("Ring på +45 2345 6789.", "telefonnummeret +45 2345 6789"),
    ("Ring på 0045 23456789.", "telefonnummeret 0045 23456789"),
    ("Ring på 12 34 56 78.", "telefonnummeret 12 34 56 78"),
    ("Tlf.: 46 46 46 47", "telefonnummeret 46 46 46 47"),
    ("Kontoret: 23456789", "telefonnummeret 23456789"),  # not an account number
    ("Region Sjælland 23 45 67 89", "telefonnummeret 23 45 67 89"),
])
def test_contact_findings(text, shown):
    (problem,) = contact_findings("content/pages/x.md", text, 1, PEOPLE)
    assert problem.message == f"{shown} hører ikke til en person i data/people.yaml"
    assert problem.fix == CONTACT_FIX


def test_contact_findings_lines_and_duplicates():
    text = "Indledning\n\nSkriv til [anna@lejre.dk](mailto:anna@lejre.dk)\n\nRing 23 45 67 89\n"
    problems = contact_findings("content/pages/x.md", text, 8, PEOPLE)
    assert [(p.line, p.message.split()[0]) for p in problems] == [(10, "e-mailadressen"), (12, "telefonnummeret")]


def test_known_addresses_are_allowed():
    text = "Skriv til borgerraadgiver@lejre.dk eller ring 23 45 67 89"
    assert contact_findings("x.md", text, 1, PEOPLE, known=["Borgerraadgiver@lejre.dk", "+4523456789"]) == []
