"""The preview's rules in memory: which saved files are an editor's temporary files, and the build
loop's debounce (a burst of saves is one build, never two at once, never later than MAX_WAIT).
The server itself: tests/integration/test_preview.py and tests/browser/test_preview_browser.py."""
from __future__ import annotations

import threading
import time

import pytest

from sitegen.preview import livebuild
from sitegen.preview.livebuild import BuildLoop
from sitegen.preview.server import is_editor_temp
from tests.previewkit import wait_until


@pytest.mark.parametrize("name, ignored", [
    ("content/updates/nyhed.md", False),
    ("data/people.yaml", False),
    ("templates/base.html", False),
    ("content/updates/.#nyhed.md", True),
    ("content/updates/#nyhed.md#", True),
    ("content/updates/nyhed.md~", True),
    ("content/updates/.nyhed.md.swp", True),
    ("content/updates/nyhed.md.swx", True),
    ("content/updates/nyhed.tmp", True),
    ("content/updates/4913", True),
    ("content/updates/nyhed.md.part", True),
    ("content/.git/index", True),
    ("content/updates/.cache/x.md", True),
])
def test_editor_temporary_files_are_recognised(tmp_path, name, ignored):
    assert is_editor_temp(tmp_path / name, tmp_path) is ignored


class Recorder:
    def __init__(self, seconds: float = 0.0):
        self.seconds, self.calls, self.running, self.overlaps = seconds, 0, 0, 0
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.running += 1
            self.overlaps += self.running > 1
        time.sleep(self.seconds)  # a build that takes this long (the gap the test needs)
        with self.lock:
            self.running -= 1
            self.calls += 1


def test_a_burst_of_requests_gives_one_build():
    build = Recorder()
    loop = BuildLoop(build, idle=lambda: None)
    loop.start()
    try:
        for _ in range(5):
            loop.request()
            time.sleep(0.005)  # a burst: requests 5 ms apart, inside QUIET
        wait_until(lambda: build.calls == 1)
        time.sleep(livebuild.QUIET * 4)  # a gap, not a wait: no second build may follow (absence is not polled)
        assert build.calls == 1
    finally:
        loop.stop()


def test_saves_during_a_build_give_exactly_one_more_build_never_two_at_once():
    build = Recorder(seconds=0.3)
    loop = BuildLoop(build, idle=lambda: None)
    loop.start()
    try:
        loop.request()
        wait_until(lambda: build.running == 1)
        for _ in range(4):  # while the first build runs
            loop.request()
            time.sleep(0.02)  # saves 20 ms apart, all during the 0.3 s build
        wait_until(lambda: build.calls == 2)
        time.sleep(0.5)  # a gap, not a wait: no third build may follow (absence is not polled)
        assert build.calls == 2 and build.overlaps == 0
    finally:
        loop.stop()


def test_a_long_burst_is_built_at_most_max_wait_after_its_first_save():
    build = Recorder()
    loop = BuildLoop(build, idle=lambda: None)
    loop.start()
    try:
        started = time.monotonic()
        while build.calls == 0 and time.monotonic() - started < 2.0:
            loop.request()  # never quiet
            time.sleep(0.01)  # a save every 10 ms, inside QUIET: the burst never pauses
        assert build.calls >= 1 and time.monotonic() - started < livebuild.MAX_WAIT + 0.3
    finally:
        loop.stop()
