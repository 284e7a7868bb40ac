"""Preview: a plain local server for reviewers (drafts included).

Stage 7. Imports: pipeline, problems, write. This is the simple preview of
issue 2: the site is rebuilt, in a temporary folder and never in output/,
when a page is requested after a file changed. Live reload comes later.
"""
from __future__ import annotations

import datetime as dt
import html
import shutil
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from .pipeline import build_site, templates_for
from .problems import ContentProblems
from .search import SearchIndexError, index_search
from .write import write_output

WATCHED = ("content", "data", "templates")


class PreviewBuilder:
    """Rebuilds into a private folder when the sources have changed."""

    def __init__(self, site_dir: Path, now: dt.datetime | None, report: Callable[[str], None]):
        self.site_dir = site_dir
        self.now = now
        self.report = report
        self.root = Path(tempfile.mkdtemp(prefix="sitegen-preview-")) / "site"
        self.error_page: bytes | None = None
        self._signature = None
        self._lock = threading.Lock()

    def _sources_signature(self) -> tuple:
        folders = [self.site_dir / "content", self.site_dir / "data", templates_for(self.site_dir)]
        stamps = []
        for folder in folders:
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        stat = path.stat()
                        stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)

    def refresh(self) -> None:
        with self._lock:
            signature = self._sources_signature()
            if signature == self._signature:
                return
            self._signature = signature
            now = self.now or dt.datetime.now(ZoneInfo("Europe/Copenhagen")).replace(microsecond=0)
            try:
                result = build_site(self.site_dir, now, preview=True)
            except ContentProblems as error:
                lines = error.lines()
                for line in lines:
                    self.report(line)
                self.error_page = _error_page(lines)
                return
            for warning in result.warnings:
                self.report(warning.format())
            try:
                write_output(result.files, self.root, finish=index_search)
            except SearchIndexError as error:
                self.report(str(error))
                self.error_page = _error_page([str(error)])
                return
            self.error_page = None
            self.report(f"Bygget {sum(1 for n in result.files if n.endswith('.html'))} sider (med kladder).")

    def close(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)


def _error_page(lines: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return (
        "<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Fejl i indholdet</title></head><body><main>"
        f"<h1>Sitet kan ikke bygges</h1><p>Ret {len(lines)} fejl og genindlæs siden:</p><ul>{items}</ul>"
        "</main></body></html>\n"
    ).encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    builder: PreviewBuilder

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.builder.refresh()
        if self.builder.error_page is not None:
            body = self.builder.error_page
            self.send_response(500)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows build messages
        pass


def serve_preview(site_dir: Path, now: dt.datetime | None, host: str, port: int, report: Callable[[str], None]) -> int:
    """Serve a preview build until interrupted."""
    builder = PreviewBuilder(site_dir, now, report)
    builder.refresh()
    handler = type("Handler", (_Handler,), {"builder": builder})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(builder.root)))
    report(f"Forhåndsvisning på http://{host}:{server.server_address[1]}/ (stop med Ctrl+C)")
    try:
        server.serve_forever()
    finally:
        server.server_close()
        builder.close()
    return 0
