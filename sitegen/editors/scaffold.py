"""Scaffold: the text of a new content file, from the field tables in model.py.

Used by `build.py new`. Imports: fields, load, model, privacy, schema (the
Danish help for each field), slugs, validate (reserved page names). Reads the
site (venues, people, meetings, minutes) but writes nothing: build.py writes
the file, and never over an existing one.

The new file builds in preview without edits: every required field gets a
valid value (the date given or today, 17:00-18:30, the first venue in
data/venues.yaml, ...), every optional field is there as a comment with an
example, each with its meaning in Danish, and `draft: true` keeps it off the
public site.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from sitegen.checks.privacy import find_cpr, find_cpr_in_name
from sitegen.content.fields import (
    Bool,
    Choice,
    Date,
    DeadlineKind,
    Email,
    Group,
    Integer,
    Link,
    ListOf,
    Moment,
    Number,
    PartialDateKind,
    PostalCode,
    Ref,
    Text,
    Time,
    guess_names,
)
from sitegen.content.load import load_site
from sitegen.content.model import Field, fields_for
from sitegen.content.nodes import Map, Scalar
from sitegen.content.validate import REGISTRATION_DAYS, RESERVED_SLUGS
from sitegen.core.slugs import slugify
from sitegen.editors.schema import describe_field

# `new TYPE` -> the content folder. The command line is in the contract.
TYPES = {"meeting": "meetings", "minutes": "minutes", "initiative": "initiatives", "update": "updates",
         "page": "pages"}
DATED = ("meetings", "updates")  # their file names start with the date: 2016-10-05-borgermoede.md
DEFAULT_START, DEFAULT_END = "17:00", "18:30"

_HEADINGS = {"meetings": "Nyt møde", "minutes": "Nyt referat", "initiatives": "Nyt tiltag",
             "updates": "Ny status eller nyhed", "pages": "Ny side"}
# Where the common fields go: the title and draft first, the rarely used ones last.
_FIRST, _LAST = ("title", "summary", "draft"), ("publish", "updated", "changes")
_BODIES = {
    "meetings": "Skriv her, hvad mødet handler om, og hvem der er velkommen.",
    "minutes": "## Til stede\n\nSkriv, hvem der var med.\n\n## Punkt 1\n\nSkriv, hvad der blev sagt og besluttet.",
    "initiatives": "Skriv her, hvad tiltaget går ud på, og hvorfor det er besluttet.",
    "updates": "Skriv her, hvad der er nyt.",
    "pages": "Skriv sidens tekst her.",
}
# Examples for optional text fields, where "..." would say too little.
_TEXT_EXAMPLES = {
    "summary": "En eller to sætninger om indholdet.",
    "room": "Mødelokale 1",
    "audience": "Alle forældre og andre interesserede",
    "decided_by": "Udvalget for Børn & Ungdom",
    "committee": "Udvalget for Børn & Ungdom",
    "note": "Hvad der er sket eller ændret.",
    "minutes_note": "Der blev ikke skrevet referat af mødet.",
}


class ScaffoldError(Exception):
    """The file cannot be made; the message is Danish. exit: 1 content, 2 wrong usage."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class SiteFacts:
    """What a new file may refer to, read from the site without validating it."""

    venues: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    meetings: dict[str, str] = field(default_factory=dict)  # slug -> date text ("" when missing)
    minutes: dict[str, str] = field(default_factory=dict)  # meeting slug -> path of its minutes
    initiatives: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, slug) -> path

    def ids(self, target: str) -> list[str]:
        return {"venues": self.venues, "people": self.people, "meetings": list(self.meetings),
                "initiatives": self.initiatives, "pages": self.pages}[target]


def site_facts(site_dir) -> SiteFacts:
    loaded = load_site(site_dir)
    facts = SiteFacts()
    for name, target in (("venues", facts.venues), ("people", facts.people)):
        data = loaded.data.get(name)
        if data is not None and isinstance(data.tree, Map):
            target.extend(data.tree.keys())
    for source in loaded.files:
        slug = slugify(source.stem)
        facts.files[(source.kind, slug)] = source.path
        if source.kind == "meetings":
            date = source.meta.get("date")
            facts.meetings[slug] = date.text.strip() if isinstance(date, Scalar) else ""
        elif source.kind == "minutes":
            meeting = source.meta.get("meeting")
            if isinstance(meeting, Scalar) and not meeting.is_null:
                facts.minutes.setdefault(meeting.text.strip(), source.path)
        elif source.kind == "initiatives":
            facts.initiatives.append(slug)
        elif source.kind == "pages":
            facts.pages.append(slug)
    # Files whose YAML is broken are not in loaded.files, but their names are taken all the same.
    content = site_dir / "content"
    for kind in TYPES.values():
        for path in sorted((content / kind).glob("*.md")) if (content / kind).is_dir() else ():
            facts.files.setdefault((kind, slugify(path.stem)), path.relative_to(site_dir).as_posix())
    return facts


def file_slug(kind: str, title: str, day: dt.date) -> str:
    """The file name without .md: the title as a slug, after the date for dated types.

    A dated file name starts with the date, so the same date written in the title
    ("Borgermøde 14. april 2027", "... 2027-04-14", "... 14/4 2027") is left out of
    the rest of the name: 2027-04-14-borgermoede, not 2027-04-14-borgermoede-14-april-2027.
    """
    slug = re.sub("-{2,}", "-", slugify(title)).strip("-")
    if not re.search("[a-z]", slug):
        raise ScaffoldError(f"titlen '{title}' giver ikke noget filnavn. Skriv en titel med bogstaver, "
                            "fx \"Borgermøde i oktober\".", 2)
    if kind in DATED:
        slug = _without_date(slug, day)
        if not slug.startswith(day.isoformat()):
            slug = f"{day.isoformat()}-{slug}".rstrip("-")  # a title that is only the date: the date alone
    return slug


_MONTHS = ("januar|jan", "februar|feb", "marts|mar", "april|apr", "maj", "juni|jun", "juli|jul", "august|aug",
           "september|sept|sep", "oktober|okt", "november|nov", "december|dec")
_WEEKDAYS = "mandag|tirsdag|onsdag|torsdag|fredag|loerdag|soendag"


def _without_date(slug: str, day: dt.date) -> str:
    """The slug without `day` written out in it (with its weekday and "den")."""
    d, m, y = rf"0?{day.day}", rf"0?{day.month}", str(day.year)
    date = (rf"{y}-{m}-{d}"  # 2027-04-14
            rf"|{d}-{m}-{y}"  # 14/4 2027, 14.04.2027, 14-4-2027
            rf"|{d}-(?:{_MONTHS[day.month - 1]})(?:-{y})?")  # 14. april 2027, 14. apr., 14. april
    pattern = rf"(?:^|-)(?:(?:{_WEEKDAYS})-)?(?:(?:den|d)-)?(?:{date})(?=-|$)"
    return re.sub("-{2,}", "-", re.sub(pattern, "-", slug)).strip("-")


def new_item(site_dir, type_name: str, title: str, day: dt.date | None, today: dt.date,
             meeting: str | None = None) -> tuple[str, str]:
    """(path relative to the site, text) of a new draft; ScaffoldError says why not."""
    if type_name not in TYPES:
        raise ScaffoldError(f"ukendt type '{type_name}'. Vælg en af: {', '.join(TYPES)}.", 2)
    kind = TYPES[type_name]
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('skriv en titel, fx build.py new meeting "Borgermøde i oktober".', 2)
    if meeting is not None and kind != "minutes":
        raise ScaffoldError("--meeting bruges kun til et referat: build.py new minutes \"Titel\" --meeting "
                            "2016-10-05-borgermoede (mødets filnavn uden .md).", 2)
    facts = site_facts(site_dir)
    day_given, day = day is not None, day or today
    slug = file_slug(kind, title, day)
    rel = f"content/{kind}/{slug}.md"
    taken = facts.files.get((kind, slug))
    if taken:
        raise ScaffoldError(f"{taken} findes allerede og får samme adresse ({slug}). Der er ikke skrevet noget. "
                            "Vælg en anden titel, eller ret i den fil, der findes.")
    if kind == "pages" and slug in RESERVED_SLUGS:
        raise ScaffoldError(f"en side med adressen /{slug}/ ville støde sammen med en adresse, sitet selv bruger. "
                            "Vælg en anden titel.")
    values, suggested = _required_values(kind, title, day, day_given, facts, meeting)
    text = render(kind, values, suggested, facts, day, type_name)
    cpr = find_cpr(rel, text) + find_cpr_in_name(rel)
    if cpr:
        raise ScaffoldError("titlen indeholder et CPR-nummer. Personnumre må aldrig stå på sitet. "
                            "Skriv titlen uden nummeret.")
    return rel, text


def _required_values(kind: str, title: str, day: dt.date, day_given: bool, facts: SiteFacts,
                     meeting: str | None) -> tuple[dict, set]:
    """The values of the required fields (and draft), and which of them are only suggestions."""
    values = {"title": yaml_text(title), "draft": "true"}
    suggested = set() if day_given else {"date", "deadline"}
    if kind in ("meetings", "updates"):
        values["date"] = day.isoformat()
    if kind == "meetings":
        if not facts.venues:
            raise ScaffoldError("der er ingen mødesteder i data/venues.yaml. Tilføj mødestedet der først "
                                "(se docs/redaktoer.md), og prøv igen.")
        values.update(start=f'"{DEFAULT_START}"', end=f'"{DEFAULT_END}"', venue=facts.venues[0])
        suggested |= {"start", "end", "venue"}
    if kind == "initiatives":  # the date given, else the end of the year: not overdue the day it is written
        values["deadline"] = day.isoformat() if day_given else f"{day.year}-12-31"
    if kind == "minutes":
        values["meeting"] = _meeting_for_minutes(facts, meeting, day)
        if meeting is None:
            suggested.add("meeting")
    return values, suggested


def _meeting_for_minutes(facts: SiteFacts, meeting: str | None, day: dt.date) -> str:
    if meeting is not None:
        meeting = meeting.strip().removesuffix(".md").rpartition("/")[2]
        if meeting not in facts.meetings and slugify(meeting) in facts.meetings:
            meeting = slugify(meeting)  # "2016-10-05-Borgermøde": the file name as the address spells it
        if meeting not in facts.meetings:
            guesses = guess_names(meeting, sorted(facts.meetings))
            hint = (f" Mente du '{guesses[0]}'?" if len(guesses) == 1 else
                    " Mente du et af disse: " + ", ".join(f"'{g}'" for g in guesses) + "?" if guesses else
                    " Møderne hedder: " + ", ".join(sorted(facts.meetings)) + "." if facts.meetings else
                    " Der er ingen møder endnu; opret mødet først med build.py new meeting.")
            raise ScaffoldError(f"mødet '{meeting}' findes ikke i content/meetings/.{hint} Der er ikke skrevet noget.")
        if meeting in facts.minutes:
            raise ScaffoldError(f"mødet '{meeting}' har allerede et referat: {facts.minutes[meeting]}. "
                                "Ret i det, i stedet for at lave et nyt. Der er ikke skrevet noget.")
        return meeting
    open_ = {slug: date for slug, date in facts.meetings.items() if slug not in facts.minutes}
    if not open_:
        raise ScaffoldError("der er intet møde uden referat i content/meetings/. Opret mødet først "
                            "(build.py new meeting), eller skriv --meeting med mødets filnavn.")
    # The newest meeting up to the given day, else the earliest one after it.
    held = sorted((date, slug) for slug, date in open_.items() if date <= day.isoformat())
    return held[-1][1] if held else min((date, slug) for slug, date in open_.items())[1]


# Writing the file -----------------------------------------------------------

def render(kind: str, values: dict, suggested: set, facts: SiteFacts, day: dt.date, type_name: str) -> str:
    lines = [
        "---",
        f"# {_HEADINGS[kind]}, lavet med: build.py new {type_name}",
        "# Linjer, der begynder med #, er hjælp til dig. De kommer ikke med på sitet.",
        "# Vil du bruge et felt, der står med # foran, så slet # og mellemrummet efter det.",
        "# Hjælp til alle felter: docs/redaktoer.md",
    ]
    for item in in_order(fields_for(kind)):
        lines.append("")
        lines += _field_block(item, values.get(item.name), item.name in suggested, facts, day)
    lines += ["---", _BODIES[kind], ""]
    return "\n".join(lines)


def in_order(fields: tuple[Field, ...]) -> list[Field]:
    """Title, summary and draft; the type's required fields, then its optional ones; publish, updated, changes."""
    first = [f for name in _FIRST for f in fields if f.name == name]
    last = [f for name in _LAST for f in fields if f.name == name]
    middle = [f for f in fields if f not in first and f not in last]
    return first + [f for f in middle if f.required] + [f for f in middle if not f.required] + last


def _field_block(item: Field, value: str | None, suggested: bool, facts: SiteFacts, day: dt.date) -> list[str]:
    help_ = describe_field(item)
    if item.name == "draft":
        help_ = ("Kladde: true betyder, at filen kun vises i forhåndsvisningen (make serve). "
                 "Slet linjen, når den skal udgives.")
    elif suggested:
        help_ += " Her står et forslag: ret det, så det passer."
    if help_.startswith("true: "):  # "# true: ..." would look like a field to uncomment
        help_ = "Ved " + help_
    lines = [f"# {line}" for line in _wrap(help_)]
    if value is not None:
        return lines + [f"{item.name}: {value}"]
    return lines + ["# " + line for line in _example(item, facts, day)]


def _example(item: Field, facts: SiteFacts, day: dt.date, indent: str = "") -> list[str]:
    """YAML lines for an optional field, with an example value (to be commented out)."""
    kind = item.kind
    if isinstance(kind, Group):
        return [f"{indent}{item.name}:"] + _group_lines(kind.fields, facts, day, indent + "  ", first="  ")
    if isinstance(kind, ListOf):
        if isinstance(kind.item, Group):
            return [f"{indent}{item.name}:"] + _group_lines(kind.item.fields, facts, day, indent + "    ",
                                                            first="  - ")
        examples = _list_examples(item, facts)
        return [f"{indent}{item.name}:"] + [f"{indent}  - {example}" for example in examples]
    return [f"{indent}{item.name}: {_scalar_example(item, facts, day)}"]


def _group_lines(fields: tuple[Field, ...], facts: SiteFacts, day: dt.date, indent: str, first: str) -> list[str]:
    """The fields of a group, each with its meaning as a comment at the end of the line."""
    lines = []
    for index, child in enumerate(fields):
        lead = indent[:-len(first)] + first if index == 0 else indent
        note = child.meaning + (" (skal med)" if child.required else "")
        lines.append(f"{lead}{child.name}: {_scalar_example(child, facts, day)}  # {note}")
    return lines


def _scalar_example(item: Field, facts: SiteFacts, day: dt.date) -> str:
    kind = item.kind
    if isinstance(kind, Text):
        return yaml_text(_TEXT_EXAMPLES.get(item.name, "..."))
    if isinstance(kind, Bool):
        return "true"
    if isinstance(kind, (Date, PartialDateKind, DeadlineKind)):
        if item.name == "deadline" and isinstance(kind, Date):  # registration: a week before the meeting
            return (day - dt.timedelta(days=REGISTRATION_DAYS)).isoformat()
        return day.isoformat()
    if isinstance(kind, Time):
        return f'"{DEFAULT_START}"'
    if isinstance(kind, Moment):
        return f"{day.isoformat()} 09:00"
    if isinstance(kind, Choice):
        return kind.options[0]
    if isinstance(kind, Ref):
        ids = facts.ids(kind.target)
        return ids[0] if ids else "..."
    if isinstance(kind, (Number, Integer)):
        return "1"
    if isinstance(kind, Email):
        return "navn@lejre.dk"
    if isinstance(kind, Link):
        return "https://www.lejre.dk/"
    if isinstance(kind, PostalCode):
        return '"4320"'
    raise TypeError(f"no example for {kind!r}")  # pragma: no cover - every kind is above


def _list_examples(item: Field, facts: SiteFacts) -> list[str]:
    kind = item.kind.item
    if isinstance(kind, Ref):
        return facts.ids(kind.target)[:2] or ["..."]
    if item.name == "agenda":
        return ["Velkommen", "Nyt fra kommunen", "Spørgsmål og svar"]
    return ["..."]


_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÉé0-9][\wÆØÅæøåÉé .,()&/'’–-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "ja", "nej", "y", "n", "~"}


def yaml_text(text: str) -> str:
    """Text as a YAML scalar that stays text: plain when safe, else in double quotes."""
    if (_PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not re.fullmatch(r"[\d.,:-]+", text)
            and not text.endswith(" ")):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _wrap(text: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines
