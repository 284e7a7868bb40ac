"""Helpers for real-browser tests: serve a built site on 127.0.0.1 and start Debian's Chromium.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run), never from
`playwright install`. A missing browser fails the test: CI must have installed it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

import pytest

# The lookup of Debian's Chromium (real binary first, $CHROMIUM_PATH overrides) is shared
# with the accessibility gate of `build.py check`.
from sitegen.browsercheck import CHROMIUM_CANDIDATES, find_chromium  # noqa: F401
from sitegen.browsercheck import serve_directory as gate_server


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike[str], prefix: str = "/") -> Iterator[str]:
    """Serve PATH over HTTP on 127.0.0.1 (a free port) under PREFIX and yield its base URL.

    The same server the accessibility gate uses (sitegen.browsercheck), so tests and
    `build.py check` see the site the same way.
    """
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"cannot serve {root}: not a directory")
    with gate_server(root, prefix) as url:
        yield url


def launch_chromium(playwright, **launch_options):
    """Launch headless Chromium through Playwright; fail the test if it is not installed."""
    executable = find_chromium()
    if executable is None:
        pytest.fail(
            "Chromium is not installed: the browser tests need Debian's chromium package "
            "(/usr/bin/chromium). Install it with `apt-get install -y chromium` "
            "(.ci/run does this) or set CHROMIUM_PATH. Do not run `playwright install`.",
            pytrace=False,
        )
    return playwright.chromium.launch(executable_path=executable, **launch_options)
