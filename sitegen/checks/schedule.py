"""Schedule: when the published site changes by itself, with nobody editing a file.

Stage 3b (after assemble; read by the command line to write `.next-change` and by
publish to decide when to publish again). Imports: assemble, freshness. Pure: the
Site's `now` is the only clock.

A build for a later moment differs from one for now when
- a meeting starts or ends (when it ends it is held: it moves to the held meetings),
- an item's `publish` moment arrives (assemble keeps those moments in normal builds too),
- a sign-up deadline passes (registration closes at 00:00 the day after),
- an initiative's deadline passes (overdue from 00:00 the day after),
- a held meeting has had no minutes for 14 days (the freshness warning, which stops
  a strict publish, starts at 00:00 on the 15th day).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sitegen.checks.freshness import MINUTES_AFTER_DAYS
from sitegen.content.assemble import CLOSED_STATUSES, COPENHAGEN, Site


def next_change(site: Site) -> dt.datetime | None:
    """The first moment after site.now at which the site changes by itself (Europe/Copenhagen), or None."""
    now = site.now.astimezone(dt.UTC)
    # Compared in UTC: two times in one zone compare by wall clock, wrong in the hour DST repeats.
    later = [moment for moment in change_moments(site) if moment.astimezone(dt.UTC) > now]
    return min(later, key=lambda moment: moment.astimezone(dt.UTC), default=None)


def change_moments(site: Site) -> Iterator[dt.datetime]:
    """Every moment at which what the site shows depends on the clock, past ones included."""
    yield from site.publish_moments
    for entry in site.meetings:
        yield entry.starts
        yield entry.ends
        meeting = entry.meeting
        if meeting.registration is not None:
            yield _midnight(meeting.registration.deadline + dt.timedelta(days=1))
        if entry.minutes is None and meeting.status != "aflyst":
            yield _midnight(meeting.date + dt.timedelta(days=MINUTES_AFTER_DAYS + 1))
    for entry in site.initiatives:
        last_day = entry.initiative.current_deadline.last_day  # a moved deadline: the one in force
        if last_day is not None and entry.initiative.status not in CLOSED_STATUSES:
            yield _midnight(last_day + dt.timedelta(days=1))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=COPENHAGEN)
