"""Records: what the files say, after validation. Frozen, keyword-only.

Stage: shared vocabulary of validate -> assemble -> render. Imports nothing
from the project.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class PartialDate:
    """A date known to the day, the month or only the year ("Regnskab 2013")."""

    year: int
    month: int | None = None
    day: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 12, self.day or 31)


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """An initiative's deadline: a day, the end of a quarter or year, or none set.

    `last_day` is the last day the deadline is met; None when no deadline is set.
    `kind` is "date", "quarter", "year" or "none"; `quarter` is 1-4 for quarters.
    """

    kind: str
    last_day: dt.date | None
    quarter: int | None = None


@dataclass(frozen=True, kw_only=True)
class Person:
    id: str
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, kw_only=True)
class Venue:
    id: str
    name: str
    address: str
    postal_code: str
    city: str
    accessibility: str | None = None


@dataclass(frozen=True, kw_only=True)
class SeriesPoint:
    period: str
    value: Decimal


@dataclass(frozen=True, kw_only=True)
class KeyFigure:
    id: str
    label: str
    value: Decimal
    unit: str | None
    date: PartialDate
    source: str
    approximate: bool = False
    note: str | None = None
    series: tuple[SeriesPoint, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MenuItem:
    title: str
    url: str


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    title: str
    organisation: str
    base_url: str
    description: str | None = None
    accessibility_statement: str | None = None
    contact: Person | None = None
    menu: tuple[MenuItem, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Change:
    date: dt.date | None
    note: str


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every content file has. `source` is the path relative to the site."""

    slug: str
    source: str
    title: str
    summary: str | None = None
    draft: bool = False
    publish: dt.datetime | None = None  # aware, Europe/Copenhagen
    updated: dt.date | None = None
    changes: tuple[Change, ...] = ()
    historical: bool = False  # no longer kept up to date: a notice, its own list section, no freshness warnings
    body: str = ""
    body_line: int = 1
    lines: tuple[tuple[str, int], ...] = ()  # (front matter field, line): where to point editors

    def line_of(self, field: str) -> int:
        """The line of a front matter field, or of the front matter's first field."""
        for name, line in self.lines:
            if name == field:
                return line
        return self.lines[0][1] if self.lines else 1


@dataclass(frozen=True, kw_only=True)
class Registration:
    contact: Person | None
    deadline: dt.date  # the default (7 days before) is already applied


@dataclass(frozen=True, kw_only=True)
class Meeting(Item):
    date: dt.date
    start: dt.time
    end: dt.time
    venue: Venue
    room: str | None = None
    status: str = "planlagt"
    registration: Registration | None = None
    agenda: tuple[str, ...] = ()
    audience: str | None = None
    minutes_note: str | None = None  # why a held meeting has no minutes, for citizens


@dataclass(frozen=True, kw_only=True)
class Minutes(Item):
    meeting: str  # slug of a meeting
    approved: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class Progress:
    date: dt.date
    note: str
    status: str | None = None


@dataclass(frozen=True, kw_only=True)
class DeadlineChange:
    date: dt.date  # when the deadline was moved
    deadline: Deadline  # the new deadline
    note: str  # why


@dataclass(frozen=True, kw_only=True)
class Initiative(Item):
    deadline: Deadline  # the original deadline: a new one is recorded in deadline_changes, never written over it
    owner: Person | None = None
    decided: dt.date | None = None
    decided_by: str | None = None
    status: str | None = None
    progress: tuple[Progress, ...] = ()  # sorted by date, oldest first
    deadline_changes: tuple[DeadlineChange, ...] = ()  # sorted by date, oldest first

    @property
    def current_deadline(self) -> Deadline:
        """The deadline in force: the newest moved one, else the original."""
        return self.deadline_changes[-1].deadline if self.deadline_changes else self.deadline


@dataclass(frozen=True, kw_only=True)
class Update(Item):
    date: dt.date
    category: str | None = None
    committee: str | None = None
    committee_meeting: dt.date | None = None
    initiatives: tuple[str, ...] = ()  # slugs


@dataclass(frozen=True, kw_only=True)
class Page(Item):
    menu: int | None = None
    parent: str | None = None  # slug of another page


@dataclass(frozen=True, kw_only=True)
class Intro(Item):
    """content/index.md: the front page intro."""


def recorded_dates(item: Item) -> list[dt.date]:
    """Every date an item's own fields record: what its historical notice may state, and nothing else."""
    found = [item.updated, *(c.date for c in item.changes)]
    for name in ("date", "decided", "approved", "committee_meeting"):
        found.append(getattr(item, name, None))
    found += [p.date for p in getattr(item, "progress", ())]
    found += [c.date for c in getattr(item, "deadline_changes", ())]
    return [d for d in found if isinstance(d, dt.date)]


@dataclass(frozen=True, kw_only=True)
class Records:
    """Everything one site's files say, validated and cross-referenced."""

    config: SiteConfig
    people: dict[str, Person]
    venues: dict[str, Venue]
    keyfigures: tuple[KeyFigure, ...]
    intro: Intro | None
    meetings: tuple[Meeting, ...]
    minutes: tuple[Minutes, ...]
    initiatives: tuple[Initiative, ...]
    updates: tuple[Update, ...]
    pages: tuple[Page, ...]
