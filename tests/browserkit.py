"""Helpers for real-browser tests: serve a built site on 127.0.0.1 and start Debian's Chromium.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run), never from
`playwright install`. A missing browser fails the test: CI must have installed it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

# The lookup of Debian's Chromium (real binary first, $CHROMIUM_PATH overrides) is shared
# with the accessibility gate of `build.py check`.
from sitegen.browsercheck import CHROMIUM_CANDIDATES, find_chromium  # noqa: F401


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that keeps the test output clean."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".svg": "image/svg+xml",
    }

    def __init__(self, *args, prefix: str = "/", **kwargs) -> None:
        self.prefix = prefix  # set first: the base class handles the request in __init__
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """Serve the folder under PREFIX only, as on the real web server."""
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside-the-site-prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection early is normal; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike[str], prefix: str = "/") -> Iterator[str]:
    """Serve PATH over HTTP on 127.0.0.1 (a free port) and yield its base URL ending in '/'.

    PREFIX ("/kvalitet-boerneomraadet/") serves the folder under that URL path, as the
    published site is; requests outside it get 404.
    """
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"cannot serve {root}: not a directory")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(_QuietHandler, directory=str(root), prefix=prefix)
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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
