"""URLs: every address of the site, made here and nowhere else (the contract's URL scheme).

Shared vocabulary of render, calendar, syndication, structured data, assemble
(the default menu) and validate (the names free pages may not take). Imports:
records. Addresses are site paths ("/moeder/x/"); render makes them relative
links, syndication absolute ones; `output_path` gives the file that serves one.
"""
from __future__ import annotations

from sitegen.core.records import Initiative, Intro, Item, Meeting, Minutes, Page, Update

FRONT = "/"
MEETINGS = "/moeder/"
MINUTES = "/referater/"
INITIATIVES = "/tiltag/"
UPDATES = "/status/"
KEYFIGURES = "/noegletal/"
SEARCH = "/soeg/"
CALENDAR = "/moeder/kalender.ics"  # every published meeting
FEED = "/status/feed.xml"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"
STATIC = "/static/"

# Each section: its address and its title. A free page may not take a section's name.
SECTIONS = {
    MEETINGS: "Møder",
    MINUTES: "Referater",
    INITIATIVES: "Tiltag",
    UPDATES: "Status og nyheder",
    KEYFIGURES: "Nøgletal",
}
_SECTION_OF = {Meeting: MEETINGS, Minutes: MINUTES, Initiative: INITIATIVES, Update: UPDATES}


def of(item: Item) -> str:
    """The page of an item: /moeder/<slug>/, /referater/<slug>/, /tiltag/<slug>/, /status/<slug>/, /<page>/."""
    if isinstance(item, Intro):
        return FRONT
    if isinstance(item, Page):
        return f"/{item.slug}/"
    return f"{_SECTION_OF[type(item)]}{item.slug}/"


def meeting_calendar(slug: str) -> str:
    """One meeting as iCalendar: /moeder/<slug>.ics."""
    return f"{MEETINGS}{slug}.ics"


def keyfigure_data(figure_id: str) -> str:
    """A key figure's series as CSV: /noegletal/<id>.csv."""
    return f"{KEYFIGURES}{figure_id}.csv"


def static_file(name: str) -> str:
    """A file of templates/static/: /static/<name> (render fingerprints the ones pages link)."""
    return f"{STATIC}{name}"


def output_path(url: str) -> str:
    """The file that serves a site path: /moeder/x/ -> moeder/x/index.html, /moeder/x.ics -> moeder/x.ics."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def page_url(path: str) -> str:
    """The site path readers see for an output file: moeder/x/index.html -> /moeder/x/."""
    if path == "index.html":
        return FRONT
    if path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


def reserved_names() -> frozenset[str]:
    """The first path segments the site uses itself, which a free page may not take."""
    own = (*SECTIONS, SEARCH, CALENDAR, FEED, SITEMAP, ROBOTS, NOT_FOUND, STATIC)
    return frozenset(url.strip("/").split("/")[0].split(".")[0] for url in own)


class ForTemplates:
    """What templates see as `urls`: the fixed addresses, and `of`, `meeting_calendar`, `keyfigure_data`."""

    front, meetings, minutes, initiatives, updates = FRONT, MEETINGS, MINUTES, INITIATIVES, UPDATES
    keyfigures, search, calendar, feed, static = KEYFIGURES, SEARCH, CALENDAR, FEED, STATIC
    of = staticmethod(of)
    static_file = staticmethod(static_file)
    meeting_calendar = staticmethod(meeting_calendar)
    keyfigure_data = staticmethod(keyfigure_data)
