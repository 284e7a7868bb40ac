"""Preview: the reviewers' live server, with drafts, rebuilt and reloaded on every save.

Stage 7 (serve). Imports: livebuild, review, pipeline; and the project's only
imports of watchdog and livereload (with its Tornado).

    watchdog (content/, data/, templates/; editors' temporary files ignored)
      -> livebuild.BuildLoop: one thread, debounced; a burst of saves gives one build
      -> rebuild.Rebuilder: changed files into a private temporary folder (never output/)
      -> browsers told to reload once the build has finished (livereload's websocket)

livereload's own watcher and polling are never started; its handlers serve the
websocket, its script (from our own origin) and the folder, in our Tornado
application. Nothing here prints: lines go to `report`.
"""
from __future__ import annotations

import asyncio
import errno
import os
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from tornado import httpserver, netutil, web
from tornado.escape import json_decode
from tornado.ioloop import IOLoop
from tornado.websocket import WebSocketHandler
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from sitegen.engine.pipeline import templates_for
from sitegen.preview import review
from sitegen.preview.livebuild import LiveBuild
from sitegen.preview.review import with_live_reload

TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".bak", ".crdownload")
TEMP_NAMES = ("4913",)  # vim's test file
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# On a loopback address, answer only requests addressed to it: a web page whose name is made to
# point at 127.0.0.1 (DNS rebinding) must not read the drafts.
OPEN_TO_NETWORK = ("ADVARSEL: Forhåndsvisningen lytter på {host}, ikke kun på denne maskine. Alle, der kan nå "
                   "maskinen over netværket, kan se kladder og sider, der endnu ikke er udgivet. Stop den med "
                   "Ctrl+C, og start den uden --host (eller med --host 127.0.0.1), medmindre det er meningen.")
LOOPBACK_HOSTS = r"(127\.0\.0\.1|localhost|\[::1\])$"

# livereload drops a reload that comes less than 3 s after the previous one; every save must arrive.
LiveReloadHandler.DEFAULT_RELOAD_TIME = 0


class PreviewError(Exception):
    """The preview cannot start; the message is Danish."""


def is_editor_temp(path: Path, root: Path) -> bool:
    """Editors' temporary and backup files, and anything in a hidden folder: never worth a build."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    if not parts:
        return False
    name = parts[-1]
    return (any(part.startswith((".", "#", "~")) for part in parts)
            or name.endswith(TEMP_SUFFIXES) or name in TEMP_NAMES)


class SourceEvents(FileSystemEventHandler):
    """Turns watchdog events on real source files into `on_change()` calls."""

    def __init__(self, roots: list[Path], on_change: Callable[[], None]):
        self.roots = roots
        self.on_change = on_change

    def on_any_event(self, event) -> None:
        # opened/closed events come from our own reads; a folder's "modified" from any file in it, temp files too
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return
        if event.is_directory and event.event_type == "modified":
            return
        paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
        if any(self._counts(Path(os.fsdecode(p))) for p in paths):
            self.on_change()

    def _counts(self, path: Path) -> bool:
        return any(path.is_relative_to(root) and not is_editor_temp(path, root) for root in self.roots)


def watch_sources(folders: list[Path], on_change: Callable[[], None]) -> Observer:
    """A started watchdog Observer over the folders that exist, recursively."""
    roots = [f.resolve() for f in folders if f.is_dir()]
    observer = Observer()
    handler = SourceEvents(roots, on_change)
    for root in roots:
        observer.schedule(handler, str(root), recursive=True)
    observer.start()
    return observer


# ---- HTTP: livereload's websocket and static files in our own Tornado application ----


def send_html(handler: web.RequestHandler, body: bytes, status: int, generation: int,
              include_body: bool = True, note: bool = True) -> None:
    body = with_live_reload(body, generation, note)
    handler.set_status(status)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("Content-Length", str(len(body)))
    handler.finish(body if include_body else None)


def _is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


class _NoWatcher:
    """livereload's handler logs `watcher.filepath` when it reloads; watchdog does our watching."""

    filepath = None


class PreviewSocket(LiveReloadHandler):
    """livereload's websocket, told of reloads from its handshake on (livereload waits for 'info').

    With the build number check in review.LIVE_SCRIPT, no reload is lost while a page reconnects.
    """

    check_origin = WebSocketHandler.check_origin  # Tornado's same-origin rule; livereload allows any page

    def on_message(self, message) -> None:
        if json_decode(message).get("command") == "hello":
            LiveReloadHandler.waiters.add(self)
        super().on_message(message)


class PageHandler(StaticFileHandler):
    """The preview folder (livereload's handler: no 304s); the error page while the build is broken."""

    def initialize(self, live: LiveBuild) -> None:
        super().initialize(path=str(live.folder), default_filename="index.html")
        self.live = live

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")  # a reload must fetch the stylesheet again too

    async def get(self, path: str, include_body: bool = True) -> None:
        shown = self.live.shown
        if "\x00" in path:  # /index.html%00.txt: no file has such a name (the file system would refuse it)
            raise web.HTTPError(404)
        self.path = self.parse_url_path(path)
        absolute = self.get_absolute_path(self.root, self.path)  # 403 outside the folder, as written
        if shown.problems and _is_page(path):
            page = review.error_page(list(shown.problems))
            return send_html(self, page, 500, shown.generation, include_body, note=False)
        self.absolute_path = self.validate_absolute_path(self.root, absolute)  # 403 symlink out, 404 missing
        if self.absolute_path is None:  # redirected to the address with a slash
            return
        if not Path(self.absolute_path).resolve().is_relative_to(Path(self.root).resolve()):
            raise web.HTTPError(403)
        if self.absolute_path.endswith(".html"):
            return send_html(self, Path(self.absolute_path).read_bytes(), 200, shown.generation, include_body)
        await super().get(path, include_body)

    def log_exception(self, typ, value, tb) -> None:
        if not isinstance(value, web.HTTPError):  # refusals (403, 404) are answers, not errors
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 404:
            page = review.not_found_page(self.request.path)
            return send_html(self, page, 404, self.live.shown.generation, self.request.method != "HEAD", note=False)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("403: adgang nægtet\n" if status_code == 403 else f"{status_code}: fejl\n")


class ReviewPages:
    """The review page, made in a worker thread (a public build takes seconds on big sites) and kept
    until the build shown or the published folder changes."""

    def __init__(self, live: LiveBuild):
        self.live = live
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview-review")
        self._made: tuple | None = None

    async def page(self, shown) -> bytes:
        key = self.live.review_key(shown)
        if self._made is None or self._made[0] != key:
            self._made = (key, IOLoop.current().run_in_executor(self._worker, self.live.review_page, shown))
        try:
            return await self._made[1]
        except Exception:
            self._made = None
            raise

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)


class ReviewHandler(web.RequestHandler):
    """/_gennemgang/: every warning and the public changes of the build being shown."""

    def initialize(self, live: LiveBuild, reviews: ReviewPages) -> None:
        self.live, self.reviews = live, reviews

    async def get(self) -> None:
        shown = self.live.shown
        if shown.problems or shown.outcome is None:
            return send_html(self, review.error_page(list(shown.problems)), 500, shown.generation, note=False)
        send_html(self, await self.reviews.page(shown), 200, shown.generation, note=False)


class BuildNumberHandler(web.RequestHandler):
    """The number of the build being shown, for the check in review.LIVE_SCRIPT."""

    def initialize(self, live: LiveBuild) -> None:
        self.live = live

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(str(self.live.shown.generation))


def make_application(live: LiveBuild, reviews: ReviewPages, host: str) -> web.Application:
    """livereload's websocket and script, our build number and review page, then the folder."""
    LiveReloadHandler.watcher = _NoWatcher()  # start_tasks() is never called: livereload polls nothing
    LiveReloadHandler.live_css = False  # reload the page every time: the HTML may have changed with the CSS
    own = {"live": live}
    app = web.Application(log_function=lambda handler: None)  # the terminal shows builds, not requests
    app.add_handlers(LOOPBACK_HOSTS if host in LOOPBACK else r".*$", [
        (r"/livereload", PreviewSocket),
        (r"/livereload\.js", LiveReloadJSHandler),
        (review.BUILD_URL, BuildNumberHandler, own),
        (review.REVIEW_URL.rstrip("/"), web.RedirectHandler, {"url": review.REVIEW_URL}),
        (review.REVIEW_URL, ReviewHandler, {**own, "reviews": reviews}),
        (r"/(.*)", PageHandler, own),
    ])
    return app


def serve_preview(site_dir: Path, now, host: str, port: int, report: Callable[[str], None],
                  published: Path) -> int:
    """Build, serve and rebuild on every save until Ctrl+C or SIGTERM; the temporary folder goes at the end."""
    sockets = bind(host, port)  # first: a busy port is said at once, not after the first build
    live = LiveBuild(site_dir, now, published, report)
    observer = None
    previous = signal.signal(signal.SIGTERM, _interrupt)  # also during the first build: clean up, then stop
    try:
        sources = [site_dir / "content", site_dir / "data", templates_for(site_dir)]
        observer = watch_sources(sources, live.loop.request)  # before the first build: no save is missed
        live.build()
        asyncio.run(_serve(live, sockets, host, report))
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        live.close()
        for sock in sockets:
            sock.close()
        signal.signal(signal.SIGTERM, previous)
    return 0


def bind(host: str, port: int) -> list:
    """Listening sockets on host:port (port 0: a free one)."""
    try:
        return netutil.bind_sockets(port, address=host)
    except OSError as error:
        reason = "porten er optaget" if error.errno == errno.EADDRINUSE else error.strerror or str(error)
        raise PreviewError(f"kan ikke lytte på {host}:{port} ({reason}); vælg en anden port med --port") from None


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


async def _serve(live: LiveBuild, sockets: list, host: str, report: Callable[[str], None]) -> None:
    reviews = ReviewPages(live)
    server = httpserver.HTTPServer(make_application(live, reviews, host))
    server.add_sockets(sockets)
    live.deliver = IOLoop.current().add_callback  # thread-safe: builds hand over to this thread
    live.reload_browsers = partial(LiveReloadHandler.reload_waiters, "/")
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    address = f"http://{f'[{host}]' if ':' in host else host}:{sockets[0].getsockname()[1]}"
    report(f"Forhåndsvisning på {address}/ (stop med Ctrl+C)")
    report(f"Gennemgang af advarsler og ændringer: {address}{review.REVIEW_URL}")
    report(f"Forhåndsvisningen bygges i {live.folder} (slettes, når du stopper).")
    if host not in LOOPBACK:
        report(OPEN_TO_NETWORK.format(host=host))
    live.loop.start()
    try:
        await stop.wait()
    finally:
        live.loop.stop()
        live.deliver = lambda function: function()
        server.stop()
        reviews.close()
