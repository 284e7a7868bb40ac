"""Publish: put a built, checked site live in one rename; keep earlier releases; roll back.

Stage 8 (after write and the gates; run by `build.py publish`, `rollback` and `releases`).
Imports: publishrules (the records and decisions, pure), targets (a folder here or
`user@host:path` over ssh and rsync); this module is their face: the rest of the engine
and the tests import from it. A target holds

    releases/<UTC time>-<content hash>/   one complete site each, never changed once there
    current -> releases/<name>            the live site (a relative symlink): the web server's root
    .published                            what was published when, and when the site changes by itself
    history.jsonl                         every publish and rollback, oldest first: where rollback goes

A release is copied in under a hidden name and renamed when complete; `current` is
switched by renaming a new symlink onto it, so readers always get one whole release,
old or new, and a failure before the rename leaves the live site as it was.
Over ssh the same steps run as shell commands (sitegen/output/targets.py).

The history is the record rollback follows. Each event (one JSON object a line) says
when, which release went live and which was live before it; a rollback also names the
release it withdrew. It is recorded before `current` switches (a release is never live
without its record; if the switch then fails the event is taken back) and always
written whole beside the file and renamed onto it, so an interrupted write leaves the
earlier history as it was. Rollback goes to the release that was live before the live
one, following the recorded `before` of each publish past releases a rollback withdrew
or pruning deleted; a release a rollback withdrew never goes live again by rollback,
and it is deleted at the next publish. A target published before the history existed
has none: rollback refuses there (which releases an earlier rollback withdrew cannot be
known) until the next publish starts the history.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sitegen.output.publishrules import (
    CURRENT,
    HISTORY,
    PUBLISHED,
    RELEASE_NAME,
    RELEASES,
    REPUBLISH_AFTER,
    ROLLED_BACK,
    STATE,
    Event,
    Inventory,
    PublishError,
    State,
    content_hash,
    history_text,
    parse_history,
    publish_due,
    release_name,
    releases_to_prune,
    rollback_target,
    withdrawn_releases,
)
from sitegen.output.targets import LocalTarget, SshTarget, open_target

__all__ = [  # the face: one import for the engine and the tests
    "CURRENT", "HISTORY", "PUBLISHED", "RELEASE_NAME", "RELEASES", "REPUBLISH_AFTER", "ROLLED_BACK", "STATE",
    "Event", "Inventory", "LocalTarget", "PublishError", "SshTarget", "State", "content_hash", "deploy",
    "history_text", "open_target", "parse_history", "publish_due", "release_name", "releases_to_prune",
    "roll_back", "rollback_target", "target_lock", "withdrawn_releases",
]


def deploy(target: LocalTarget | SshTarget, folder: Path, name: str, keep: int, state: State,
           clock: dt.datetime) -> list[str]:
    """Upload `folder` as release `name`, record it in the history, make it live, record the state, prune;
    the pruned names. `clock` is the moment the history records (UTC)."""
    before = target.inventory()
    history = before.history or ()
    recorded = (*history, Event(PUBLISHED, clock, name, before.live, built_for=state.published))
    try:
        target.upload(folder, name, before.live)
        try:
            target.write_history(recorded)
        except PublishError:
            with contextlib.suppress(PublishError):  # never live: not worth keeping
                target.remove([name])
            raise
        _switch(target, name, history)
    except PublishError as error:
        raise PublishError(f"{error}. Det offentlige site er uændret") from None
    releases = tuple(sorted({*before.releases, name}))
    pruned = releases_to_prune(releases, name, keep, withdrawn=withdrawn_releases(recorded),
                               back_to=rollback_target(recorded, name, releases))
    try:
        target.write_state(state)
        target.remove(pruned)
    except PublishError as error:
        raise PublishError(f"udgaven {name} er udgivet, men {error}") from None
    return pruned


def roll_back(target: LocalTarget | SshTarget, clock: dt.datetime) -> tuple[str, str]:
    """Make the release live before the live one live again, by the history; (live before, live now).
    The release it withdraws is recorded as withdrawn: rollback never makes it live again."""
    inventory = target.inventory()
    live, history = inventory.live, inventory.history
    if live is None:
        raise PublishError(f"der er intet udgivet site i {target} at rulle tilbage")
    if not history:  # none, or empty (a first publish whose switch failed)
        raise PublishError(f"{target} har ingen historik ({HISTORY}): sitet er udgivet, før historikken blev "
                           "indført, så det vides ikke, hvilke udgaver en tilbagerulning har trukket tilbage. Der "
                           "rulles ikke tilbage. Udgiv med make publish; derefter kan der rulles tilbage til den "
                           f"udgave, der er udgivet nu ({live})")
    back = rollback_target(history, live, inventory.releases)
    if back is None:
        if not any(live in (event.release, event.before) for event in history):
            raise PublishError(f"historikken i {target}/{HISTORY} nævner ikke den udgivne udgave {live} (er "
                               f"{CURRENT} skiftet uden om make publish og make rollback?), så det vides ikke, "
                               "hvilken udgave der var udgivet før den. Der rulles ikke tilbage. Udgiv med make "
                               f"publish; derefter kan der rulles tilbage til {live}")
        raise PublishError(f"der er ingen tidligere udgave før {live} i {target} at rulle tilbage til (udgaver, som "
                           "en tilbagerulning har trukket tilbage, og slettede udgaver tæller ikke med). Ret "
                           "indholdet, og udgiv med make publish")
    try:
        target.write_history((*history, Event(ROLLED_BACK, clock, back, live, withdrawn=live)))
        _switch(target, back, history)
    except PublishError as error:
        raise PublishError(f"{error}. Det offentlige site er uændret") from None
    state = inventory.state or State(published=None, release=None, next_change=None)
    try:
        target.write_state(replace(state, release=back, held=True))
    except PublishError as error:
        raise PublishError(f"{CURRENT} viser nu {back}, men {error}") from None
    return live, back


def _switch(target: LocalTarget | SshTarget, name: str, history: tuple[Event, ...]) -> None:
    """Make `name` live, its event recorded; if the switch fails, the history as it was (when it can)."""
    try:
        target.activate(name)
    except PublishError:
        with contextlib.suppress(PublishError):
            target.write_history(history)
        raise


@contextlib.contextmanager
def target_lock(target: LocalTarget | SshTarget) -> Iterator[None]:
    """One publish or rollback at a time per target from this machine (cron and a person may overlap)."""
    key = hashlib.sha256(str(target).encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"sitegen-publish-{key}.lock"
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if not path.exists() or path.stat().st_ino != os.fstat(handle.fileno()).st_ino:
                raise BlockingIOError  # the holder removed the file as we opened it: it was busy
        except BlockingIOError:
            raise PublishError(f"en anden udgivelse til {target} er i gang; vent, til den er færdig, "
                               "og prøv igen") from None
        try:
            yield
        finally:
            path.unlink(missing_ok=True)  # while still locked: a later process makes a new file
