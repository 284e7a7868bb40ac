"""`build.py serve` in a subprocess, as a reviewer runs it: its address, folder and terminal lines."""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.sitekit import ROOT

STARTED = re.compile(r"^Forhåndsvisning på (http://\S+?)/ ")
FOLDER = re.compile(r"^Forhåndsvisningen bygges i (.+) \(slettes")


class PreviewProcess:
    """A running preview server; `lines` grows as it prints."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: list[str] = []
        self.url = ""
        self.folder: Path | None = None
        self._changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 30.0) -> re.Match:
        """The first line from index `after` on that matches `pattern` (a regex searched in the line)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    match = re.search(pattern, line)
                    if match:
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line matching {pattern!r}; the server printed:\n" + "\n".join(self.lines))
                self._changed.wait(min(left, 0.2))

    def builds(self) -> int:
        """How many builds have finished (good ones print "Bygget N sider ...", broken ones "N fejl.")."""
        return sum(1 for line in list(self.lines) if re.match(r"^(Bygget \d+ sider?|\d+ fejl\.)", line))


@contextlib.contextmanager
def preview_server(site: Path, now: str = "2016-09-01T12:00", *extra: str) -> Iterator[PreviewProcess]:
    """Start `build.py serve --site SITE --port 0` and stop it by its process id at the end."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--site", str(site), "--port", "0", "--now", now, *extra],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, encoding="utf-8",
    )
    server = PreviewProcess(process)
    try:
        server.url = server.wait_for(STARTED.pattern).group(1)
        server.folder = Path(server.wait_for(FOLDER.pattern).group(1))
        yield server
    finally:
        if process.poll() is None:
            process.terminate()  # SIGTERM: the server stops and removes its folder
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        server.reader.join(timeout=5)
        process.stderr.close()


def wait_until(condition, timeout: float = 5.0) -> None:
    """Poll condition() until it holds; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
