"""Assemble: Records + now + preview -> Site, what is published at that moment.

Stage 3. Imports: records. Drafts, publish moments, upcoming/held and overdue
are decided here and only here; later stages never look at the clock.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitegen import COPENHAGEN
from sitegen.core import urls
from sitegen.core.records import (
    Initiative,
    Intro,
    KeyFigure,
    Meeting,
    MenuItem,
    Minutes,
    Page,
    Person,
    Progress,
    Records,
    SiteConfig,
    Update,
    Venue,
)

CLOSED_STATUSES = ("gennemfoert", "opgivet")


@dataclass(frozen=True, kw_only=True)
class Pending:
    """Why an item is not public at `now`; only items shown in preview have one."""

    draft: bool
    publish: dt.datetime | None  # the future publish moment, if any


@dataclass(frozen=True, kw_only=True)
class MeetingEntry:
    meeting: Meeting
    starts: dt.datetime  # aware, Europe/Copenhagen
    ends: dt.datetime
    upcoming: bool  # has not ended at `now`
    registration_open: bool  # upcoming, and the sign-up deadline has not passed
    minutes: Minutes | None  # published minutes of this meeting
    pending: Pending | None = None


@dataclass(frozen=True, kw_only=True)
class MinutesEntry:
    minutes: Minutes
    meeting: Meeting | None  # None when the meeting is not published
    pending: Pending | None = None


@dataclass(frozen=True, kw_only=True)
class InitiativeEntry:
    initiative: Initiative
    overdue: bool  # past the deadline in force (the newest moved one), neither completed nor abandoned
    # Overdue, and the editor has recorded where it stands: a status and a progress entry dated
    # after the deadline in force. The page then shows that status and note, not "not completed".
    answered: bool
    latest: Progress | None  # the newest progress entry
    last_recorded: dt.date | None  # newest of updated, progress and decided: how fresh the status is
    updates: tuple[Update, ...]  # published updates reporting on it, newest first
    pending: Pending | None = None


@dataclass(frozen=True, kw_only=True)
class UpdateEntry:
    update: Update
    initiatives: tuple[Initiative, ...]  # the published ones it reports on
    pending: Pending | None = None


@dataclass(frozen=True, kw_only=True)
class PageEntry:
    page: Page
    parent: Page | None
    children: tuple[Page, ...]
    pending: Pending | None = None


@dataclass(frozen=True, kw_only=True)
class Site:
    now: dt.datetime
    preview: bool
    config: SiteConfig
    menu: tuple[MenuItem, ...]
    people: dict[str, Person]
    venues: dict[str, Venue]
    keyfigures: tuple[KeyFigure, ...]
    intro: Intro | None
    upcoming_meetings: tuple[MeetingEntry, ...]  # soonest first
    past_meetings: tuple[MeetingEntry, ...]  # latest first
    minutes: tuple[MinutesEntry, ...]  # latest meeting first
    initiatives: tuple[InitiativeEntry, ...]  # by deadline, then title
    updates: tuple[UpdateEntry, ...]  # newest first
    pages: tuple[PageEntry, ...]  # by menu position, then title
    # Future `publish` moments of every item that is not a draft, soonest first, in normal
    # builds too (where the items themselves are left out): when the site changes by itself.
    publish_moments: tuple[dt.datetime, ...] = ()

    @property
    def meetings(self) -> tuple[MeetingEntry, ...]:
        return self.upcoming_meetings + self.past_meetings


DEFAULT_MENU = (
    MenuItem(title="Møder", url=urls.MEETINGS),
    MenuItem(title="Referater", url=urls.MINUTES),
    MenuItem(title="Tiltag", url=urls.INITIATIVES),
    MenuItem(title="Status", url=urls.UPDATES),
    MenuItem(title="Nøgletal", url=urls.KEYFIGURES),
)
SEARCH_ITEM = MenuItem(title="Søg", url=urls.SEARCH)  # always last, after the free pages


def assemble_site(records: Records, now: dt.datetime, preview: bool) -> Site:
    """Decide what is published at `now` and in which order."""
    now = now.astimezone(COPENHAGEN)

    def pending_of(item) -> Pending | None:
        future = item.publish is not None and item.publish > now
        if not item.draft and not future:
            return None
        return Pending(draft=item.draft, publish=item.publish if future else None)

    def visible(items):
        for item in items:
            pending = pending_of(item)
            if pending is None or preview:
                yield item, pending

    meetings = list(visible(records.meetings))
    minutes = list(visible(records.minutes))
    initiatives = list(visible(records.initiatives))
    updates = list(visible(records.updates))
    pages = list(visible(records.pages))
    intro_visible = list(visible([records.intro] if records.intro else []))
    everything = (*records.meetings, *records.minutes, *records.initiatives, *records.updates, *records.pages,
                  *([records.intro] if records.intro else []))
    publish_moments = sorted({p.publish for p in map(pending_of, everything) if p and not p.draft and p.publish})

    meeting_by_slug = {m.slug: m for m, _ in meetings}
    minutes_by_meeting = {n.meeting: n for n, _ in minutes if n.meeting in meeting_by_slug}
    initiative_by_slug = {i.slug: i for i, _ in initiatives}
    page_by_slug = {p.slug: p for p, _ in pages}

    meeting_entries = [_meeting_entry(m, p, now, minutes_by_meeting.get(m.slug)) for m, p in meetings]
    upcoming = sorted((e for e in meeting_entries if e.upcoming), key=lambda e: (e.starts, e.meeting.slug))
    past = sorted((e for e in meeting_entries if not e.upcoming), key=lambda e: (e.starts, e.meeting.slug), reverse=True)

    minutes_entries = sorted(
        (MinutesEntry(minutes=n, meeting=meeting_by_slug.get(n.meeting), pending=p) for n, p in minutes),
        key=lambda e: (e.meeting.date if e.meeting else dt.date.min, e.minutes.slug),
        reverse=True,
    )

    update_entries = _update_entries(updates, initiative_by_slug)
    initiative_entries = _initiative_entries(initiatives, update_entries, now.date())
    page_entries = _page_entries(pages, page_by_slug)

    return Site(
        now=now,
        preview=preview,
        config=records.config,
        menu=_menu(records.config, page_entries),
        people=records.people,
        venues=records.venues,
        keyfigures=records.keyfigures,
        intro=intro_visible[0][0] if intro_visible else None,
        upcoming_meetings=tuple(upcoming),
        past_meetings=tuple(past),
        minutes=tuple(minutes_entries),
        initiatives=tuple(initiative_entries),
        updates=tuple(update_entries),
        pages=tuple(page_entries),
        publish_moments=tuple(publish_moments),
    )


def _update_entries(updates: list, initiative_by_slug: dict) -> list[UpdateEntry]:
    """Visible updates, newest first, each with the visible initiatives it names."""
    return sorted(
        (
            UpdateEntry(
                update=u,
                initiatives=tuple(initiative_by_slug[s] for s in u.initiatives if s in initiative_by_slug),
                pending=p,
            )
            for u, p in updates
        ),
        key=lambda e: (e.update.date, e.update.slug),
        reverse=True,
    )


def _initiative_entries(initiatives: list, update_entries: list[UpdateEntry], today: dt.date) -> list[InitiativeEntry]:
    """Visible initiatives by deadline, each with its state at `today` and its updates, newest first."""
    # Each initiative's updates in update_entries' order (newest first), an update once even if it
    # names the initiative twice: one pass over the updates instead of one per initiative.
    updates_by_initiative: dict[str, list[Update]] = {}
    for e in update_entries:
        for slug in dict.fromkeys(e.update.initiatives):
            updates_by_initiative.setdefault(slug, []).append(e.update)
    return sorted(
        (
            InitiativeEntry(
                initiative=i,
                overdue=is_overdue(i, today),
                answered=is_overdue(i, today) and is_answered(i),
                latest=i.progress[-1] if i.progress else None,
                last_recorded=max((d for d in (i.updated, i.decided, *(p.date for p in i.progress)) if d), default=None),
                updates=tuple(updates_by_initiative.get(i.slug, ())),
                pending=p,
            )
            for i, p in initiatives
        ),
        key=lambda e: (e.initiative.current_deadline.last_day or dt.date.max, e.initiative.title, e.initiative.slug),
    )


def _page_entries(pages: list, page_by_slug: dict) -> list[PageEntry]:
    """Visible pages in menu order, each with its parent and children."""
    return sorted(
        (
            PageEntry(
                page=pg,
                parent=page_by_slug.get(pg.parent) if pg.parent else None,
                children=tuple(sorted((c for c, _ in pages if c.parent == pg.slug), key=lambda c: (c.title, c.slug))),
                pending=p,
            )
            for pg, p in pages
        ),
        key=lambda e: (e.page.menu if e.page.menu is not None else 10**6, e.page.title, e.page.slug),
    )


def is_overdue(initiative: Initiative, today: dt.date) -> bool:
    """Past the deadline in force and neither completed nor abandoned."""
    last_day = initiative.current_deadline.last_day
    return last_day is not None and today > last_day and initiative.status not in CLOSED_STATUSES


def is_answered(initiative: Initiative) -> bool:
    """The editor has said where an overdue initiative stands: a status, and progress after the deadline in force."""
    last_day = initiative.current_deadline.last_day
    return (initiative.status is not None and last_day is not None
            and any(step.date > last_day for step in initiative.progress))


def _meeting_entry(meeting: Meeting, pending, now: dt.datetime, minutes) -> MeetingEntry:
    starts = dt.datetime.combine(meeting.date, meeting.start, tzinfo=COPENHAGEN)
    ends = dt.datetime.combine(meeting.date, meeting.end, tzinfo=COPENHAGEN)
    upcoming = ends > now
    open_ = upcoming and meeting.registration is not None and now.date() <= meeting.registration.deadline
    return MeetingEntry(meeting=meeting, starts=starts, ends=ends, upcoming=upcoming, registration_open=open_,
                        minutes=minutes, pending=pending)


def _menu(config: SiteConfig, pages: list[PageEntry]) -> tuple[MenuItem, ...]:
    if config.menu:
        return config.menu
    in_menu = [e.page for e in pages if e.page.menu is not None and e.pending is None]
    return DEFAULT_MENU + tuple(MenuItem(title=p.title, url=urls.of(p)) for p in in_menu) + (SEARCH_ITEM,)
