"""Targets: a folder on this machine, or `user@host:path` on a server reached with ssh and rsync.

Each reads what it holds (`inventory`) and takes publishing's steps (upload, activate,
write_state, write_history, remove, live_folder); the order of the steps and what they
mean is sitegen/output/publish.py's. Over ssh the same steps run as shell commands (`mv -T`
is the rename); the commands are PUBLISH_SSH (default `ssh`) and PUBLISH_RSYNC (default
`rsync`). Imports: publishrules (names, records, PublishError).
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sitegen.output.publishrules import (
    CURRENT,
    HISTORY,
    RELEASE_NAME,
    RELEASES,
    STATE,
    Event,
    Inventory,
    PublishError,
    State,
    history_text,
    parse_history,
)

_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")  # as rsync reads it: a colon before any slash
_SAFE_REMOTE_PATH = re.compile(r"^[\w./~-]+$")
_SAFE_HOST = re.compile(r"^(?!-)[\w.@-]+$")  # never an ssh option
_HISTORY_FOLLOWS = "--history--"  # in the remote inventory: the history's lines follow


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
        history_file = self.root / HISTORY
        history = _history(history_file.read_text(encoding="utf-8"), self) if history_file.is_file() else None
        return Inventory(tuple(releases), live, state, history)

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

    def write_history(self, history: tuple[Event, ...]) -> None:
        """Written whole beside the history and renamed onto it: an interrupted write leaves the old one."""
        temporary = self.root / f"{HISTORY}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(history_text(history))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.root / HISTORY)
        except OSError as error:
            raise PublishError(f"{self.root / HISTORY} kunne ikke skrives ({error})") from None
        finally:
            temporary.unlink(missing_ok=True)

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
            f"printf 'state=%s\\n' \"$(cat {STATE} 2>/dev/null)\"; "
            f"if [ -f {HISTORY} ]; then printf '%s\\n' {_HISTORY_FOLLOWS}; cat {HISTORY}; fi",
            "kunne ikke læse, hvad der er udgivet")
        lines = output.splitlines()
        recorded = None  # the history's lines, after the marker; None: there is no history
        if _HISTORY_FOLLOWS in lines:
            index = len(lines) - 1 - lines[::-1].index(_HISTORY_FOLLOWS)  # the last: no history line is one
            lines, recorded = lines[:index], "\n".join(lines[index + 1:])
        if "notlink" in lines:
            raise PublishError(f"{self}/{CURRENT} er en almindelig mappe eller fil, ikke et symlink; flyt den væk "
                               "(fx til releases/), før der udgives her")
        values = [line.partition("=") for line in lines]
        live = next((_release_of(v) for k, _, v in values if k == "live" and v), None)
        releases = sorted(v for k, _, v in values if k == "release" and RELEASE_NAME.match(v))
        state = next((State.from_text(v) for k, _, v in values if k == "state" and v), None)
        return Inventory(tuple(releases), live, state, None if recorded is None else _history(recorded, self))

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

    def write_history(self, history: tuple[Event, ...]) -> None:
        """Sent on stdin to a file beside the history, renamed onto it only when it arrived whole."""
        text = history_text(history)
        temporary = f"{HISTORY}.tmp-{secrets.token_hex(4)}"
        self._run(f"cd {_q(self.path)} && {{ cat > {temporary} && [ $(wc -c < {temporary}) -eq {len(text.encode())} ] "
                  f"&& mv -f {temporary} {HISTORY}; }} || {{ rm -f {temporary}; exit 1; }}",
                  f"kunne ikke skrive {HISTORY}", stdin=text)

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

    def _run(self, script: str, what: str, stdin: str | None = None) -> str:
        return self._call([*shlex.split(self.ssh), self.host, script], what, stdin)

    def _call(self, command: list[str], what: str, stdin: str | None = None) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600, input=stdin)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PublishError(f"{self}: {what} ({error})") from None
        if result.returncode != 0:
            detail = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
            raise PublishError(f"{self}: {what} ({detail})")
        return result.stdout


def _history(text: str, target: LocalTarget | SshTarget) -> tuple[Event, ...]:
    try:
        return parse_history(text)
    except ValueError as error:
        raise PublishError(f"{target}/{HISTORY} kan ikke læses ({error}); flyt filen væk (fx til "
                           f"{HISTORY}.ulæselig), og prøv igen. Den næste udgivelse begynder en ny historik") from None


def _release_of(link: str) -> str | None:
    """`releases/<name>` (what `current` points to) -> <name>."""
    name = link.rstrip("/").removeprefix(f"{RELEASES}/")
    return name if RELEASE_NAME.match(name) else None


def _q(text: str) -> str:
    return shlex.quote(text)
