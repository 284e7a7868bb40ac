"""Freshness: promises with dates that the site shows are not being kept.

Stage 5 (check). Imports: problems, assemble, danish. Rules on the assembled
Site at its `now`; each finding points at the file and line an editor must
change, and says how in Danish.
"""
from __future__ import annotations

import datetime as dt

from . import danish
from .assemble import Site
from .problems import Problem

MINUTES_AFTER_DAYS = 14
AGENDA_BEFORE_DAYS = 7
PROGRESS_EVERY_DAYS = 183  # about six months


def review_warnings(site: Site) -> list[Problem]:
    """Overdue initiatives, missing minutes and agendas, initiatives gone quiet."""
    today = site.now.date()
    found: list[Problem] = []
    for entry in site.initiatives:
        initiative = entry.initiative
        if entry.overdue:
            found.append(Problem(
                path=initiative.source, line=initiative.line_of("deadline"), field="deadline",
                message=f"fristen ({danish.deadline(initiative.deadline)}) er overskredet, og tiltaget står ikke som "
                        "gennemført eller opgivet",
                fix="skriv den aktuelle status i status: og tilføj en linje under progress: om, hvor tiltaget står",
            ))
        last = entry.last_recorded
        if initiative.status not in ("gennemfoert", "opgivet") and (last is None or (today - last).days > PROGRESS_EVERY_DAYS):
            since = f"siden {danish.short_date(last)}" if last else "endnu"
            found.append(Problem(
                path=initiative.source, line=initiative.line_of("progress"), field="progress",
                message=f"der er ikke registreret fremdrift {since}",
                fix="tilføj en linje under progress: med dato og hvad der er sket",
            ))
    for entry in site.past_meetings:
        meeting = entry.meeting
        days = (today - meeting.date).days
        if entry.minutes is None and meeting.status != "aflyst" and days > MINUTES_AFTER_DAYS:
            found.append(Problem(
                path=meeting.source, line=meeting.line_of("date"), field="date",
                message=f"mødet var for {days} dage siden, og der er ikke offentliggjort et referat",
                fix=f"læg referatet i content/minutes/ med meeting: {meeting.slug}",
            ))
    for entry in site.upcoming_meetings:
        meeting = entry.meeting
        if not meeting.agenda and meeting.status != "aflyst" and entry.starts - site.now <= dt.timedelta(days=AGENDA_BEFORE_DAYS):
            found.append(Problem(
                path=meeting.source, line=meeting.line_of("agenda"), field="agenda",
                message=f"mødet er {danish.long_date(meeting.date)}, og der er ingen dagsorden",
                fix="tilføj agenda: med mødets punkter, ét pr. linje med '- ' foran",
            ))
    return sorted(found, key=Problem.sort_key)
