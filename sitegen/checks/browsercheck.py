"""Accessibility in a real browser: axe-core (npm, pinned in package.json) in Debian's Chromium.

Quality gate, run by `python build.py check` on the written output. Imports: problems,
htmlcheck (the tool exceptions and the page list); Playwright is imported only when
the check runs, since it is a test dependency. The site is served on 127.0.0.1 under
the path of base_url (404.html links root-relatively from there), every HTML page is
opened, and axe runs with the WCAG 2.0/2.1 A and AA rules at each width; at 320 px
the page must also not scroll sideways (WCAG 1.4.10 Reflow). One browser and one tab
for all pages; each page is loaded once and resized to each width. Axe's texts come
from its Danish locale (English for the few rules it lacks). A missing tool is an
error (`CheckToolMissing`), never a silent pass. Uses Playwright's sync API: call it
outside a running asyncio loop.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from sitegen import PROJECT_ROOT
from sitegen.checks.htmlcheck import CheckToolFailed, CheckToolMissing, html_files
from sitegen.core.problems import BLOCKS, Problem

AXE_DIR = PROJECT_ROOT / "node_modules" / "axe-core"
AXE_SCRIPT = AXE_DIR / "axe.min.js"
AXE_LOCALE = AXE_DIR / "locales" / "da.json"  # Danish rule texts; rules it lacks stay English
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
NARROW = 320  # px: WCAG 1.4.10 Reflow
VIEWPORT_HEIGHTS = {NARROW: 640}
DEFAULT_HEIGHT = 900
TIMEOUT_MS = 15_000

# The real binary first: /usr/bin/chromium is a wrapper script that prints a
# harmless "[: unexpected operator" on stderr. $CHROMIUM_PATH overrides both.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


def find_chromium() -> str | None:
    """Path of Debian's Chromium (or $CHROMIUM_PATH), or None when it is not installed."""
    override = os.environ.get("CHROMIUM_PATH")
    candidates = ([override] if override else []) + list(CHROMIUM_CANDIDATES)
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def run_axe(folder: Path, prefix: str = "/", widths=(1280, 320)) -> list[Problem]:
    """Every axe violation (WCAG 2.1 A/AA) on every HTML page under folder, at each width.

    One Problem per failing element; an element failing at several widths is
    reported once. `prefix` is the path of base_url ("/kvalitet-boerneomraadet/").
    """
    # Long: one browser session from start to close (server, pages, widths, results), kept together so
    # that every exit path shuts the browser and the server down.
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} er ikke en mappe")
    sync_playwright = _playwright()
    executable = find_chromium()
    if executable is None:
        raise CheckToolMissing(
            "Tilgængelighedstjekket kan ikke køre, fordi Chromium ikke er installeret. "
            "Installér det med `apt-get install -y chromium` (Debian), eller angiv stien i CHROMIUM_PATH. "
            "Kør ikke `playwright install`."
        )
    if not AXE_SCRIPT.is_file():
        raise CheckToolMissing(
            f"Tilgængelighedstjekket kan ikke køre, fordi axe-core mangler ({AXE_SCRIPT.relative_to(PROJECT_ROOT)}). "
            "Kør `npm ci` i projektmappen (den installerer axe-core fra package-lock.json)."
        )
    pages = [path.relative_to(folder).as_posix() for path in html_files(folder)]
    if not pages:
        return []
    locale = json.loads(AXE_LOCALE.read_text(encoding="utf-8")) if AXE_LOCALE.is_file() else None
    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}

    found: dict[tuple[str, str, str], tuple[dict, dict, list[int]]] = {}
    problems: list[Problem] = []
    with serve_directory(folder, prefix) as base, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable)
        except Exception as error:  # Playwright's Error: a broken install, missing libraries
            raise CheckToolFailed(f"Chromium ({executable}) kunne ikke starte: {_first_line(error)}") from None
        try:
            context = browser.new_context(viewport=_viewport(widths[0]), bypass_csp=True)
            context.set_default_timeout(TIMEOUT_MS)
            # Injected before the page's own scripts, on every navigation of this tab.
            context.add_init_script(path=str(AXE_SCRIPT))
            page = context.new_page()
            for path in pages:
                try:
                    _check_page(page, base, path, widths, {"options": options, "locale": locale}, found, problems)
                except CheckToolFailed:
                    raise
                except Exception as error:  # a timeout or a crashed tab: the check did not run
                    raise CheckToolFailed(f"tilgængelighedstjekket af {path} kunne ikke gennemføres: "
                                          f"{_first_line(error)}") from None
            context.close()
        finally:
            browser.close()
    for (path, _, selector), (violation, node, seen_at) in found.items():
        only = "" if len(seen_at) == len(widths) else f" (ved {' og '.join(map(str, seen_at))} px skærmbredde)"
        problems.append(Problem(
            path=path, line=1, field="",
            message=f"tilgængelighed (axe {violation['id']}, {_wcag(violation['tags'])}): "
                    f"{violation['help']} — {selector}{only}",
            fix=_fix(node), level=BLOCKS,
        ))
    return sorted(problems, key=Problem.sort_key)


def _check_page(page, base: str, path: str, widths, arguments: dict, found: dict, problems: list[Problem]) -> None:
    """Load one page once and check it at every width: resizing re-applies the media
    queries, and is cheaper than loading the page again."""
    page.set_viewport_size(_viewport(widths[0]))
    response = page.goto(base + quote(_served_path(path)), wait_until="load")
    if response is None or not response.ok:
        status = response.status if response is not None else "intet svar"
        raise CheckToolFailed(f"tilgængelighedstjekket kunne ikke hente {path} fra den lokale server ({status})")
    for number, width in enumerate(widths):
        if number:
            page.set_viewport_size(_viewport(width))
        for violation in page.evaluate(_RUN_AXE, arguments):
            for node in violation["nodes"]:
                key = (path, violation["id"], _selector(node))
                found.setdefault(key, (violation, node, []))[2].append(width)
        if width <= NARROW:
            problems.extend(_reflow_problem(path, width, page.evaluate(_OVERFLOW, width)))


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _viewport(width: int) -> dict:
    return {"width": width, "height": VIEWPORT_HEIGHTS.get(width, DEFAULT_HEIGHT)}


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise CheckToolMissing(
            "Tilgængelighedstjekket kan ikke køre, fordi Python-pakken playwright mangler. "
            "Installér den med `.venv/bin/python -m pip install -r requirements-dev.txt` (eller `make test`)."
        ) from None
    return sync_playwright


def _served_path(path: str) -> str:
    """moeder/x/index.html -> moeder/x/ (as readers open it); 404.html stays."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


_RUN_AXE = """async ({options, locale}) => {
  if (typeof axe === 'undefined') throw new Error('axe-core was not injected');
  if (locale) axe.configure({locale});
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, help: v.help, tags: v.tags,
    nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary || ''})),
  }));
}"""

# The innermost elements that stick out to the right of the viewport, when the page is wider than it.
_OVERFLOW = """(width) => {
  const total = document.documentElement.scrollWidth;
  if (total <= width) return {width: total, culprits: []};
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + Array.from(el.classList).map(c => '.' + c).join('');
  const path = el => { const parts = []; for (let e = el; e && e !== document.body; e = e.parentElement) parts.unshift(name(e)); return parts.join(' > '); };
  const wide = Array.from(document.body.querySelectorAll('*')).filter(el => el.getBoundingClientRect().right > width + 0.5);
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return {width: total, culprits: innermost.slice(0, 3).map(path)};
}"""


def _reflow_problem(path: str, width: int, overflow: dict) -> list[Problem]:
    if overflow["width"] <= width:
        return []
    culprits = "; ".join(overflow["culprits"]) or "ukendt element"
    return [Problem(
        path=path, line=1, field="",
        message=f"tilgængelighed (WCAG 1.4.10): siden er {overflow['width']} px bred på en {width} px bred skærm, "
                f"så man skal rulle vandret — {culprits}",
        fix="lad det brede element bryde om på flere linjer, eller læg det i en boks, der selv kan rulle "
            "(som tabellerne i .table-wrap); ret templates/static/style.css eller skabelonen",
        level=BLOCKS,
    )]


def _selector(node: dict) -> str:
    """axe's target (a list, nested for iframes and shadow roots) as one CSS selector."""
    def flat(part) -> str:
        return " >>> ".join(flat(p) for p in part) if isinstance(part, list) else str(part)
    return ", ".join(flat(part) for part in node.get("target", ())) or "ukendt element"


def _wcag(tags: list[str]) -> str:
    """axe tags -> "WCAG 1.4.3" (success criteria), or "WCAG" when it names none."""
    criteria = [f"{m.group(1)}.{m.group(2)}.{m.group(3)}" for tag in tags
                if (m := re.fullmatch(r"wcag(\d)(\d)(\d+)", tag))]
    return "WCAG " + ", ".join(criteria) if criteria else "WCAG"


def _fix(node: dict) -> str:
    """The first thing axe says must change, framed for the one who fixes the template."""
    lines = [line.strip() for line in node.get("failureSummary", "").splitlines() if line.strip()]
    reasons = [line for line in lines if not line.endswith(":")]  # skip "Fix any of the following:"
    reason = reasons[0] if reasons else "se axe-reglens beskrivelse"
    return f"ret skabelonen i templates/ eller templates/static/style.css, så det er opfyldt: {reason}"


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files under a path prefix, as on the real web server, without request logging."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".svg": "image/svg+xml",
        ".ics": "text/calendar; charset=utf-8",
        ".xml": "application/xml",
    }

    def __init__(self, *args, prefix: str = "/", **kwargs) -> None:
        self.prefix = prefix  # set first: the base class handles the request in __init__
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
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
def serve_directory(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve root on 127.0.0.1 (a free port) under prefix; yield the base URL ending in '/'."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(_QuietHandler, directory=str(root), prefix=prefix)
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"axe {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
