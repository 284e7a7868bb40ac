"""Live build: the preview's one build thread and what it shows, apart from any server.

Stage 7 (serve). Imports: rebuild, gates, review, problems, pipeline;
nothing third-party (watchdog and livereload are the preview module's).
A burst of saves gives one build; builds never overlap; each finished build
is handed to the server as a `Shown` and the browsers are told to reload.
Nothing here prints: lines go to `report`, which the command line gives.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen import PROJECT_ROOT
from sitegen.checks.gates import severity_order
from sitegen.core.problems import BLOCKS, WARNING, count_levels, describe_counts
from sitegen.engine.pipeline import html_pages
from sitegen.preview import review
from sitegen.preview.rebuild import Outcome, Rebuilder

QUIET = 0.05  # seconds without a save before a build starts ...
MAX_WAIT = 0.25  # ... but never later than this after the first save of a burst
INDEX_AFTER = 2.0  # seconds without builds before the search index is rebuilt (beside the builds)


class BuildLoop:
    """One thread runs every build, so two never overlap; saves during a build give exactly one more.

    `request()` marks the sources changed. The thread waits until QUIET seconds
    pass without another request (at most MAX_WAIT after the first), then
    builds once. When it has been idle INDEX_AFTER seconds it runs `idle()`.
    """

    def __init__(self, build: Callable[[], None], idle: Callable[[], None]):
        self._build, self._idle = build, idle
        self._wake = threading.Condition()
        self._pending = self._stopping = self._idle_due = False
        self._first = self._last = 0.0
        self._thread = threading.Thread(target=self._run, name="preview-build", daemon=True)

    def start(self) -> None:
        self._idle_due = True  # the first build ran before the thread: index it when idle
        self._thread.start()

    def request(self) -> None:
        with self._wake:
            now = time.monotonic()
            if not self._pending:
                self._pending, self._first = True, now
            self._last = now
            self._wake.notify()

    def stop(self, timeout: float = 10.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._wake:
                if not self._wait_for_work():
                    return
                building = self._pending
                self._pending = False
                self._idle_due = building
            if building:
                self._build()
            else:
                self._idle()

    def _wait_for_work(self) -> bool:
        """With the lock held: wait for a settled burst of saves (or idle time); False when stopping."""
        while not self._stopping:
            if self._pending:
                now = time.monotonic()
                wait = min(self._last + QUIET, self._first + MAX_WAIT) - now
                if wait <= 0:
                    return True
                self._wake.wait(wait)
            elif self._idle_due:
                if not self._wake.wait(INDEX_AFTER) and not self._pending and not self._stopping:
                    return True
            else:
                self._wake.wait()
        return False


@dataclass(frozen=True, eq=False)
class Shown:
    """What browsers are shown: the last finished build. Replaced whole, on the server's thread only."""

    generation: int = 0  # pages carry it; a browser showing an older one reloads when it connects
    problems: tuple[str, ...] = ()  # the last build failed: every page request gets the error page
    outcome: Outcome | None = None  # the last good build


class LiveBuild:
    """One site built again and again into a private temporary folder (never output/), and what is shown.

    The server sets `deliver` (run a function on its own thread) and `reload_browsers`;
    `shown` is then only replaced on the server's thread, so a request sees one whole build.
    """

    def __init__(self, site_dir: Path, now, published: Path, report: Callable[[str], None]):
        self.site_dir, self.published, self.report = site_dir, published, report
        self.root = Path(tempfile.mkdtemp(prefix="sitegen-preview-")).resolve()
        self.rebuilder = Rebuilder(site_dir, self.root / "site", now)
        self.loop = BuildLoop(self.build, self.index)
        self.deliver: Callable[[Callable[[], None]], None] = lambda function: function()
        self.reload_browsers: Callable[[], None] = lambda: None
        self.shown = self._latest = Shown()  # shown: read by the server; _latest: kept by the build thread
        self._files: set[str] = set()
        self._version = self._indexed_version = 0  # counts builds that changed the folder; which one is indexed
        self._indexer: threading.Thread | None = None
        self._rendering = threading.Lock()  # markup's Markdown converter is one shared instance
        self._printed_warnings: list[str] | None = None

    @property
    def folder(self) -> Path:
        return self.rebuilder.target

    def build(self) -> None:
        """One build; the browsers reload; then the terminal hears of it. Only the build thread calls this."""
        try:
            with self._rendering:
                outcome = self.rebuilder.build()
        except Exception as error:  # a template's syntax or a bug: show it and keep serving
            outcome = Outcome(ok=False, problems=[describe_crash(error, self.site_dir)])
        latest = self._latest
        if outcome.ok:
            self._files = (self._files | set(outcome.changed)) - set(outcome.removed)
            same = not latest.problems and latest.outcome is not None and not outcome.changed and not outcome.removed
            self._version += not same
            self._show(Shown(latest.generation + (not same), (), outcome), reload=not same)
        else:
            self._show(Shown(latest.generation + 1, tuple(outcome.problems), latest.outcome), reload=True)
        self._report(outcome)

    def index(self) -> None:
        """Start rebuilding the search index beside the build thread, so a save never waits for it.

        Pagefind takes up to a second on big sites. The index only reads the folder, and the
        Rebuilder replaces files by renaming; an index overtaken by a build is simply made again.
        """
        if self._indexed_version == self._version or self._latest.problems or self._latest.outcome is None:
            return
        if self._indexer is None or not self._indexer.is_alive():
            self._indexer = threading.Thread(target=self._index, name="preview-search-index", daemon=True)
            self._indexer.start()

    def _index(self) -> None:
        version = self._version
        _lower_priority()  # Pagefind inherits it: a save's build gets the processor first
        try:
            self.rebuilder.index_search()
        except Exception as error:
            if version == self._version:  # not just a file a build removed under Pagefind's feet
                self.report(f"Søgningen i forhåndsvisningen er ikke opdateret: {error}")
            return
        self._indexed_version = version

    def _show(self, shown: Shown, reload: bool) -> None:
        self._latest = shown

        def swap() -> None:
            self.shown = shown
            if reload:
                self.reload_browsers()

        self.deliver(swap)

    def _report(self, outcome: Outcome) -> None:
        """As `build` says it: what blocks publishing and the warnings in full (when they changed), then the counts."""
        if not outcome.ok:
            for line in outcome.problems:
                self.report(line)
            self.report(f"{len(outcome.problems)} fejl. Browseren viser fejlene, indtil de er rettet.")
            return
        lines = [p.format() for p in outcome.findings if p.level in (BLOCKS, WARNING)]
        if lines != self._printed_warnings:
            for line in lines:
                self.report(line)
            self._printed_warnings = lines
        pages = html_pages(self._files)
        seconds = f"{outcome.seconds:.2f}".replace(".", ",")
        self.report(f"Bygget {_count(pages, 'side', 'sider')} på {seconds} s "
                    f"({_count(len(outcome.changed), 'fil', 'filer')} ændret, {len(outcome.removed)} fjernet). "
                    f"{describe_counts(count_levels(outcome.findings))}. Alle fund og ændringer: {review.REVIEW_URL}")

    def review_key(self, shown: Shown) -> tuple:
        """The review page changes with the build shown and with the published folder."""
        return (shown, folder_stamp(self.published))

    def review_page(self, shown: Shown) -> bytes:
        """Every finding the build knows, by level, and what a public build now would change (slow: not on the
        server thread). Freshness is of the preview (drafts included); the other gates are those of `build`."""
        site = shown.outcome.site
        findings = list(shown.outcome.findings)
        try:
            with self._rendering:  # a save waits for this, rarely; it shares the build's caches
                changes, gates = self.rebuilder.review(self.published)
            problems = None
            findings += gates.findings
        except Exception as error:  # the public build fails where the preview does not
            changes, problems = None, list(getattr(error, "problems", None) or [describe_crash(error, self.site_dir)])
        findings = sorted(set(findings), key=severity_order)
        return review.review_page(findings, changes, site.now, show_path(self.published), problems)

    def close(self) -> None:
        self.loop.stop()
        if self._indexer is not None:
            self._indexer.join(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


def _count(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def _lower_priority() -> None:
    """Nice the calling thread (on Linux a thread has its own nice value, and children inherit it)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
    except (AttributeError, OSError):
        pass


def describe_crash(error: Exception, site_dir: Path) -> str:
    """One line for an error the build did not turn into a problem: a template's syntax (with its
    file and line, as Jinja gives them), or a bug in the generator."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    message = str(error).rstrip(".")
    if filename:
        return f"{_relative(Path(filename), site_dir)}:{line or 1}: skabelonfejl: {message}. Ret skabelonen og gem."
    return (f"intern fejl i generatoren ({type(error).__name__}: {message}). Send linjen til udviklerne; "
            "forhåndsvisningen prøver igen, når du gemmer.")


def _relative(path: Path, site_dir: Path) -> str:
    for base in (site_dir, PROJECT_ROOT):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)


def show_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path)


def folder_stamp(folder: Path) -> tuple | None:
    try:
        stat = folder.stat()  # write.py swaps a new folder in: a new inode
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)
