"""Publishing's rules: what a target holds, its state and history, and the decisions on them.

Pure (no files, no clock): the names and records of sitegen/output/publish.py's targets
(sitegen/output/targets.py reads and writes them), when a scheduled publish is due, release
names, where a rollback goes by the history, and which releases pruning deletes.
Imports: nothing from the project.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

RELEASES = "releases"
CURRENT = "current"
STATE = ".published"
HISTORY = "history.jsonl"
PUBLISHED, ROLLED_BACK = "published", "rolled_back"  # the kinds of history events
RELEASE_NAME = re.compile(r"^(\d{8}T\d{6}Z)-[0-9a-f]{8}$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
REPUBLISH_AFTER = dt.timedelta(days=1)  # publish at least this often, even when nothing is due


class PublishError(Exception):
    """Publishing or rolling back failed; the message is Danish. The live site is as it was."""


@dataclass(frozen=True)
class State:
    """The target's `.published`: written after each publish, marked held by a rollback."""

    published: dt.datetime | None  # the moment the live site was built for
    release: str | None
    next_change: dt.datetime | None  # when that site changes by itself
    held: bool = False  # rolled back: scheduled publishing waits for a `publish` by hand

    def to_text(self) -> str:
        iso = lambda moment: moment.isoformat() if moment else None  # noqa: E731
        return json.dumps({"published": iso(self.published), "release": self.release,
                           "next_change": iso(self.next_change), "held": self.held}) + "\n"

    @classmethod
    def from_text(cls, text: str) -> State | None:
        """None when there is no state or it cannot be read (then publishing is due)."""
        try:
            data = json.loads(text)
            moment = lambda key: dt.datetime.fromisoformat(data[key]) if data.get(key) else None  # noqa: E731
            return cls(published=moment("published"), release=data.get("release"),
                       next_change=moment("next_change"), held=bool(data.get("held")))
        except (ValueError, TypeError, AttributeError, KeyError):
            return None


@dataclass(frozen=True)
class Event:
    """One line of the target's history: a publish or a rollback."""

    kind: str  # PUBLISHED or ROLLED_BACK
    at: dt.datetime  # when it happened (the clock, UTC)
    release: str  # the release live after it
    before: str | None  # the release live before it (None: nothing was live)
    withdrawn: str | None = None  # a rollback: the release it withdrew (the one live before it)
    built_for: dt.datetime | None = None  # a publish: the moment the site was built for (--now)

    def to_text(self) -> str:
        data = {"event": self.kind, "at": self.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "release": self.release, "before": self.before}
        if self.kind == ROLLED_BACK:
            data["withdrawn"] = self.withdrawn
        else:
            data["for"] = self.built_for.isoformat() if self.built_for else None
        return json.dumps(data)

    @classmethod
    def from_text(cls, text: str) -> Event:
        """ValueError when the line is not an event this module wrote."""
        try:
            data = json.loads(text)
            kind, release, before = data["event"], data["release"], data.get("before")
            withdrawn = data.get("withdrawn") if kind == ROLLED_BACK else None
            at = dt.datetime.fromisoformat(data["at"])
            built_for = dt.datetime.fromisoformat(data["for"]) if kind == PUBLISHED and data.get("for") else None
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as error:
            raise ValueError(f"ikke en hændelse ({error})") from None
        names = [release, before, withdrawn]
        if kind not in (PUBLISHED, ROLLED_BACK) or at.tzinfo is None or (kind == ROLLED_BACK and not withdrawn) \
                or any(name is not None and not (isinstance(name, str) and RELEASE_NAME.match(name)) for name in names):
            raise ValueError("ikke en hændelse, som udgivelsen skriver")
        return cls(kind, at, release, before, withdrawn, built_for)


def history_text(history: tuple[Event, ...]) -> str:
    return "".join(event.to_text() + "\n" for event in history)


def parse_history(text: str) -> tuple[Event, ...]:
    """The events of a history file; ValueError naming the line that cannot be read."""
    events = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                events.append(Event.from_text(line))
            except ValueError as error:
                raise ValueError(f"linje {number}: {error}") from None
    return tuple(events)


@dataclass(frozen=True)
class Inventory:
    """What a target holds: its releases (oldest first), the live one, the state and the history."""

    releases: tuple[str, ...]
    live: str | None
    state: State | None
    history: tuple[Event, ...] | None = None  # None: no history (published before it existed, or never)


def publish_due(now: dt.datetime, state: State | None) -> bool:
    """Scheduled publishing: due when the live site changes by itself by now, or was published a day ago."""
    if state is None:
        return True
    if state.held:
        return False
    if state.published is None or now - state.published >= REPUBLISH_AFTER:
        return True
    return state.next_change is not None and now >= state.next_change


def content_hash(files: dict[str, bytes]) -> str:
    """8 hex digits that change whenever any file of the site does."""
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:8]


def release_name(digest: str, clock: dt.datetime, releases: tuple[str, ...]) -> str:
    """`<UTC time>-<hash>`, later than every existing release, so names sort in publishing order."""
    stamp = clock.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)
    latest = max((dt.datetime.strptime(RELEASE_NAME.match(r).group(1), STAMP_FORMAT) for r in releases), default=None)
    if latest is not None and stamp <= latest:
        stamp = latest + dt.timedelta(seconds=1)
    return f"{stamp.strftime(STAMP_FORMAT)}-{digest}"


def withdrawn_releases(history: tuple[Event, ...]) -> set[str]:
    """The releases a rollback withdrew: never live again by rollback."""
    return {event.withdrawn for event in history if event.kind == ROLLED_BACK and event.withdrawn}


def rollback_target(history: tuple[Event, ...], live: str | None, releases: tuple[str, ...]) -> str | None:
    """The release that was live before `live` by the history: the recorded `before` of its publish,
    and of that one's publish in turn, past releases a rollback withdrew and releases no longer there.
    None when the history knows of none (nothing before, or a release it has no publish of)."""
    before = {event.release: event.before for event in history if event.kind == PUBLISHED}
    withdrawn = withdrawn_releases(history)
    seen = set()
    candidate = before.get(live) if live else None
    while candidate is not None and candidate not in seen:
        seen.add(candidate)
        if candidate not in withdrawn and candidate in releases:
            return candidate
        candidate = before.get(candidate)
    return None


def releases_to_prune(releases: tuple[str, ...], live: str, keep: int, *, withdrawn: set[str] | frozenset[str] = frozenset(),
                      back_to: str | None = None) -> list[str]:
    """All but the newest `keep` of those no rollback withdrew; never the live release nor `back_to`,
    where a rollback would go. Withdrawn releases go first: a rollback never makes them live again."""
    candidates = [name for name in releases if name not in withdrawn]
    kept = set(candidates[-keep:]) if keep > 0 else set()
    kept.add(live)
    if back_to is not None:
        kept.add(back_to)
    return [name for name in releases if name not in kept]
