"""Freshness: promises with dates that the site shows are not being kept, and dates that cannot be true.

Stage 5 (check). Imports: problems, assemble, records, danish. Rules on the
assembled Site at its `now`; each finding points at the file and line an
editor must change, and says how in Danish. Every warning can be answered
with a true statement: a status with a dated progress note, a moved deadline
recorded beside the original, a note on why there are no minutes, or
`historical: true` for what is no longer kept up to date. `timing_errors`
finds minutes that would be public before their meeting: errors, since they
would put a wrong fact on the site.
"""
from __future__ import annotations

import datetime as dt

from sitegen.content.assemble import COPENHAGEN, Site
from sitegen.core.problems import ERROR, WARNING, Problem
from sitegen.core.records import Records
from sitegen.render import danish

MINUTES_AFTER_DAYS = 14
AGENDA_BEFORE_DAYS = 7
PROGRESS_EVERY_DAYS = 183  # about six months


def review_warnings(site: Site) -> list[Problem]:
    """Overdue initiatives, missing minutes and agendas, initiatives gone quiet; never on historical items."""
    today = site.now.date()
    found: list[Problem] = []
    for entry in site.initiatives:
        initiative = entry.initiative
        if initiative.historical:
            continue
        if entry.overdue and not entry.answered:
            moved = bool(initiative.deadline_changes)
            which = "den nye frist" if moved else "fristen"
            found.append(_warning(
                initiative.source, initiative.line_of("deadline_changes" if moved else "deadline"),
                "deadline_changes" if moved else "deadline",
                f"{which} ({danish.deadline(initiative.current_deadline)}) er overskredet, og der er ikke "
                "registreret, hvor tiltaget står siden da",
                "skriv den aktuelle status i status: (fx forsinket) og tilføj en linje under progress: med "
                "dagens dato og hvad der er sket. Er fristen flyttet, så skriv den nye frist under "
                "deadline_changes:. Holdes siden ikke længere ajour, så skriv historical: true",
            ))
        last = entry.last_recorded
        if initiative.status not in ("gennemfoert", "opgivet") and (last is None or (today - last).days > PROGRESS_EVERY_DAYS):
            since = f"siden {danish.short_date(last)}" if last else "endnu"
            found.append(_warning(
                initiative.source, initiative.line_of("progress"), "progress",
                f"der er ikke registreret fremdrift {since}",
                "tilføj en linje under progress: med dato og hvad der er sket. Holdes siden ikke længere "
                "ajour, så skriv historical: true",
            ))
    for entry in site.past_meetings:
        meeting = entry.meeting
        days = (today - meeting.date).days
        if (entry.minutes is None and meeting.status != "aflyst" and days > MINUTES_AFTER_DAYS
                and not meeting.minutes_note and not meeting.historical):
            found.append(_warning(
                meeting.source, meeting.line_of("date"), "date",
                f"mødet var for {days} dage siden, og der er ikke offentliggjort et referat",
                f"læg referatet i content/minutes/ med meeting: {meeting.slug}, eller skriv i minutes_note: "
                "kort, hvorfor der ikke er et referat",
            ))
    for entry in site.upcoming_meetings:
        meeting = entry.meeting
        if (not meeting.agenda and meeting.status != "aflyst" and not meeting.historical
                and entry.starts - site.now <= dt.timedelta(days=AGENDA_BEFORE_DAYS)):
            found.append(_warning(
                meeting.source, meeting.line_of("agenda"), "agenda",
                f"mødet er {danish.long_date(meeting.date)}, og der er ingen dagsorden",
                "tilføj agenda: med mødets punkter, ét pr. linje med '- ' foran",
            ))
    return sorted(found, key=Problem.sort_key)


def timing_errors(records: Records, now: dt.datetime) -> list[Problem]:
    """Minutes that would be public before their meeting starts, or approved on a day that has not come.

    Drafts are exempt: they are work in progress, checked again when `draft` goes.
    """
    meetings = {meeting.slug: meeting for meeting in records.meetings}
    found: list[Problem] = []
    for minutes in records.minutes:
        meeting = meetings.get(minutes.meeting)
        if minutes.draft or meeting is None:
            continue
        starts = dt.datetime.combine(meeting.date, meeting.start, tzinfo=COPENHAGEN)
        when = f"{danish.long_date(meeting.date)} kl. {meeting.start:%H.%M}"
        if minutes.publish is None and starts > now:
            found.append(_error(
                minutes.source, minutes.line_of("meeting"), "meeting",
                f"mødet er {when} og er ikke begyndt endnu, så der kan ikke være et referat",
                "gem referatet som kladde med draft: true, eller skriv publish: med et tidspunkt efter mødet",
            ))
        elif minutes.publish is not None and minutes.publish < starts:
            found.append(_error(
                minutes.source, minutes.line_of("publish"), "publish",
                f"referatet bliver offentliggjort, før mødet begynder ({when})",
                "skriv et tidspunkt efter mødet i publish:",
            ))
        if minutes.approved is not None:
            latest = max(now, minutes.publish or now).date()
            if minutes.approved > latest:
                found.append(_error(
                    minutes.source, minutes.line_of("approved"), "approved",
                    f"datoen {danish.short_date(minutes.approved)} er ikke kommet endnu",
                    "skriv den dato, referatet blev godkendt, når det er sket; indtil da: slet approved:",
                ))
            elif minutes.approved < meeting.date:
                found.append(_error(
                    minutes.source, minutes.line_of("approved"), "approved",
                    f"referatet er godkendt ({danish.short_date(minutes.approved)}) før mødet ({danish.short_date(meeting.date)})",
                    "tjek datoen i approved:",
                ))
    return sorted(found, key=Problem.sort_key)


def _warning(path: str, line: int, field: str, message: str, fix: str) -> Problem:
    return Problem(path=path, line=line, field=field, message=message, fix=fix, level=WARNING)


def _error(path: str, line: int, field: str, message: str, fix: str) -> Problem:
    return Problem(path=path, line=line, field=field, message=message, fix=fix, level=ERROR)
