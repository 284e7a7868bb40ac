"""Publish: put a built, checked site live in one rename; keep earlier releases; roll back.

Stage 8 (after write and the gates; run by `build.py publish` and `rollback`).
Imports: nothing from the project. A target is a folder on this machine or, written
`user@host:path`, on a server reached with ssh and rsync. It holds

    releases/<UTC time>-<content hash>/   one complete site each, never changed once there
    current -> releases/<name>            the live site (a relative symlink): the web server's root
    .published                            what was published when, and when the site changes by itself

A release is copied in under a hidden name and renamed when complete; `current` is
switched by renaming a new symlink onto it, so readers always get one whole release,
old or new, and a failure before the rename leaves the live site as it was.
Over ssh the same steps run as shell commands (`mv -T` is the rename); the commands
are PUBLISH_SSH (default `ssh`) and PUBLISH_RSYNC (default `rsync`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
STATE = ".published"
RELEASE_NAME = re.compile(r"^(\d{8}T\d{6}Z)-[0-9a-f]{8}$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
REPUBLISH_AFTER = dt.timedelta(days=1)  # publish at least this often, even when nothing is due
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")  # as rsync reads it: a colon before any slash
_SAFE_REMOTE_PATH = re.compile(r"^[\w./~-]+$")
_SAFE_HOST = re.compile(r"^(?!-)[\w.@-]+$")  # never an ssh option


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
class Inventory:
    """What a target holds: its releases (oldest first), the live one and the state."""

    releases: tuple[str, ...]
    live: str | None
    state: State | None

    def previous(self) -> str | None:
        """The release before the live one: where a rollback goes."""
        if self.live not in self.releases:
            return None
        index = self.releases.index(self.live)
        return self.releases[index - 1] if index > 0 else None


# ---- decisions (pure) ----

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


def releases_to_prune(releases: tuple[str, ...], live: str, keep: int) -> list[str]:
    """All but the newest `keep`, never the live release or the one before it."""
    kept = set(releases[-keep:]) if keep > 0 else set()
    kept.add(live)
    kept.add(Inventory(releases, live, None).previous())
    return [name for name in releases if name not in kept]


# ---- the steps, on any target ----

def deploy(target: LocalTarget | SshTarget, folder: Path, name: str, keep: int, state: State) -> list[str]:
    """Upload `folder` as release `name`, make it live, record the state, prune; the pruned names."""
    before = target.inventory()
    try:
        target.upload(folder, name, before.live)
        target.activate(name)
    except PublishError as error:
        raise PublishError(f"{error}. Det offentlige site er uændret") from None
    pruned = releases_to_prune(tuple(sorted({*before.releases, name})), name, keep)
    try:
        target.write_state(state)
        target.remove(pruned)
    except PublishError as error:
        raise PublishError(f"udgaven {name} er udgivet, men {error}") from None
    return pruned


def roll_back(target: LocalTarget | SshTarget) -> tuple[str, str]:
    """Make the release before the live one live again; (live before, live now)."""
    inventory = target.inventory()
    if inventory.live is None:
        raise PublishError(f"der er intet udgivet site i {target} at rulle tilbage")
    previous = inventory.previous()
    if previous is None:
        raise PublishError(f"der er ingen tidligere udgave før {inventory.live} i {target} at rulle tilbage til")
    target.activate(previous)
    state = inventory.state or State(published=None, release=None, next_change=None)
    target.write_state(replace(state, release=previous, held=True))
    return inventory.live, previous


def open_target(spec: str) -> LocalTarget | SshTarget:
    """`user@host:path` (a colon before any slash) over ssh; anything else a local folder."""
    match = _REMOTE.match(spec)
    if match is None:
        return LocalTarget(Path(spec))
    path = match["path"].rstrip("/") or "."
    if not _SAFE_HOST.match(match["host"]):
        raise ValueError(f"serveren '{match['host']}' i --target {spec} må kun indeholde bogstaver, tal og . _ - @; "
                         "skriv fx bruger@server:/srv/kvalitet")
    if not _SAFE_REMOTE_PATH.match(path) or path.startswith("~"):
        raise ValueError(f"stien '{match['path']}' i --target {spec} må kun indeholde bogstaver, tal og . _ - /; "
                         "skriv fx bruger@server:/srv/kvalitet")
    return SshTarget(match["host"], path)


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


class LocalTarget:
    """A target folder on this machine (or a mounted disk)."""

    def __init__(self, root: Path):
        self.root = Path(root).absolute()

    def __str__(self) -> str:
        return str(self.root)

    def inventory(self) -> Inventory:
        try:
            return self._inventory()
        except OSError as error:
            raise PublishError(f"{self.root} kunne ikke læses ({error})") from None

    def _inventory(self) -> Inventory:
        current = self.root / CURRENT
        if current.exists() and not current.is_symlink():
            raise PublishError(f"{current} er en almindelig mappe eller fil, ikke et symlink; flyt den væk "
                               "(fx til releases/), før der udgives her")
        live = _release_of(os.readlink(current)) if current.is_symlink() else None
        folder = self.root / RELEASES
        releases = sorted(p.name for p in folder.iterdir() if RELEASE_NAME.match(p.name)) if folder.is_dir() else []
        state_file = self.root / STATE
        state = State.from_text(state_file.read_text(encoding="utf-8")) if state_file.is_file() else None
        return Inventory(tuple(releases), live, state)

    def upload(self, folder: Path, name: str, live: str | None) -> None:
        """Copy in under a hidden name, then rename: a release folder is always complete."""
        releases = self.root / RELEASES
        partial = releases / f".{name}.partial"
        try:
            releases.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder, partial, symlinks=True)
            os.rename(partial, releases / name)
        except OSError as error:
            shutil.rmtree(partial, ignore_errors=True)
            raise PublishError(f"udgaven kunne ikke kopieres til {releases} ({error})") from None

    def activate(self, name: str) -> None:
        """Point `current` at releases/<name> in one rename of a new symlink onto it."""
        link = self.root / f"{CURRENT}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            os.symlink(f"{RELEASES}/{name}", link)
            os.replace(link, self.root / CURRENT)
        except OSError as error:
            link.unlink(missing_ok=True)
            raise PublishError(f"{self.root / CURRENT} kunne ikke skiftes til {name} ({error})") from None

    def write_state(self, state: State) -> None:
        temporary = self.root / f"{STATE}.tmp-{os.getpid()}"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            temporary.write_text(state.to_text(), encoding="utf-8")
            os.replace(temporary, self.root / STATE)
        except OSError as error:
            raise PublishError(f"{self.root / STATE} kunne ikke skrives ({error})") from None

    def remove(self, names: list[str]) -> None:
        for name in names:
            shutil.rmtree(self.root / RELEASES / name, ignore_errors=True)

    @contextlib.contextmanager
    def live_folder(self) -> Iterator[Path | None]:
        """The live site as a folder here (for the dry run), or None when nothing is live."""
        yield self.root / CURRENT if (self.root / CURRENT).is_dir() else None


class SshTarget:
    """A target folder on a server: `ssh host 'shell command'` and rsync with `-e ssh`."""

    def __init__(self, host: str, path: str):
        self.host, self.path = host, path
        self.ssh = os.environ.get("PUBLISH_SSH") or "ssh"
        self.rsync = os.environ.get("PUBLISH_RSYNC") or "rsync"

    def __str__(self) -> str:
        return f"{self.host}:{self.path}"

    def inventory(self) -> Inventory:
        output = self._run(
            f"cd {_q(self.path)} 2>/dev/null || exit 0; "
            f"if [ -e {CURRENT} ] && [ ! -L {CURRENT} ]; then echo notlink; fi; "
            f"printf 'live=%s\\n' \"$(readlink {CURRENT} 2>/dev/null)\"; "
            f"ls -1 {RELEASES} 2>/dev/null | sed 's/^/release=/'; "
            f"printf 'state=%s\\n' \"$(cat {STATE} 2>/dev/null)\"",
            "kunne ikke læse, hvad der er udgivet")
        lines = output.splitlines()
        if "notlink" in lines:
            raise PublishError(f"{self}/{CURRENT} er en almindelig mappe eller fil, ikke et symlink; flyt den væk "
                               "(fx til releases/), før der udgives her")
        values = [line.partition("=") for line in lines]
        live = next((_release_of(v) for k, _, v in values if k == "live" and v), None)
        releases = sorted(v for k, _, v in values if k == "release" and RELEASE_NAME.match(v))
        state = next((State.from_text(v) for k, _, v in values if k == "state" and v), None)
        return Inventory(tuple(releases), live, state)

    def upload(self, folder: Path, name: str, live: str | None) -> None:
        """rsync into a hidden name, then rename. Files whose content is unchanged are hard links to
        the live release (--checksum: every build writes new modification times)."""
        partial = f"{RELEASES}/.{name}.partial"
        self._run(f"mkdir -p {_q(self.path)}/{RELEASES}", "kunne ikke oprette mappen releases")
        link_dest = ["--checksum", "--no-times", f"--link-dest=../{live}"] if live else []
        command = [*shlex.split(self.rsync), "-a", "-e", self.ssh, *link_dest,
                   f"{folder}/", f"{self.host}:{self.path}/{partial}/"]
        try:
            self._call(command, "rsync kunne ikke overføre udgaven")
            self._run(f"cd {_q(self.path)} && mv -T {partial} {RELEASES}/{name}", "kunne ikke gemme udgaven")
        except PublishError:
            with contextlib.suppress(PublishError):
                self._run(f"cd {_q(self.path)} && rm -rf -- {partial}", "")
            raise

    def activate(self, name: str) -> None:
        link = f"{CURRENT}.tmp-{secrets.token_hex(4)}"
        self._run(f"cd {_q(self.path)} && test -d {RELEASES}/{name} && ln -sfn {RELEASES}/{name} {link} "
                  f"&& mv -T {link} {CURRENT}", f"kunne ikke skifte {CURRENT} til {name}")

    def write_state(self, state: State) -> None:
        self._run(f"cd {_q(self.path)} && printf '%s' {_q(state.to_text())} > {STATE}.tmp && mv -f {STATE}.tmp {STATE}",
                  f"kunne ikke skrive {STATE}")

    def remove(self, names: list[str]) -> None:
        if names:
            self._run(f"cd {_q(self.path)}/{RELEASES} && rm -rf -- {' '.join(names)}", "kunne ikke slette gamle udgaver")

    @contextlib.contextmanager
    def live_folder(self) -> Iterator[Path | None]:
        """A local copy of the live site (the search index left out), or None when nothing is live."""
        if self.inventory().live is None:
            yield None
            return
        with tempfile.TemporaryDirectory(prefix="sitegen-live-") as scratch:
            command = [*shlex.split(self.rsync), "-a", "-e", self.ssh, "--exclude=/pagefind/",
                       f"{self.host}:{self.path}/{CURRENT}/", f"{scratch}/"]
            self._call(command, "rsync kunne ikke hente det udgivne site")
            yield Path(scratch)

    def _run(self, script: str, what: str) -> str:
        return self._call([*shlex.split(self.ssh), self.host, script], what)

    def _call(self, command: list[str], what: str) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PublishError(f"{self}: {what} ({error})") from None
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
            raise PublishError(f"{self}: {what} ({detail})")
        return result.stdout


def _release_of(link: str) -> str | None:
    """`releases/<name>` (what `current` points to) -> <name>."""
    name = link.rstrip("/").removeprefix(f"{RELEASES}/")
    return name if RELEASE_NAME.match(name) else None


def _q(text: str) -> str:
    return shlex.quote(text)
