"""Every address is made in sitegen/core/urls.py: templates and modules use it, and the built site has a file
behind every address it makes."""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from sitegen import COPENHAGEN
from sitegen.core import urls
from sitegen.engine.pipeline import build_site
from tests.sitekit import ROOT

FULL_SITE = ROOT / "tests" / "fixtures" / "full_site"
SECTION_LITERAL = re.compile(r"""["'](/?(moeder|referater|tiltag|status|noegletal|soeg)/|/?static/)""")


def test_no_template_or_module_writes_an_address_of_its_own():
    found = []
    for path in (ROOT / "templates").glob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SECTION_LITERAL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in (ROOT / "sitegen").rglob("*.py"):
        if path.name == "urls.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):  # string literals in code; docstrings and comments may name addresses
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and SECTION_LITERAL.search(repr(node.value))):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []


def test_every_item_has_its_page_at_its_address():
    result = build_site(FULL_SITE, dt.datetime(2016, 10, 21, 12, tzinfo=COPENHAGEN))
    site = result.site
    items = [*(e.meeting for e in site.meetings), *(e.minutes for e in site.minutes),
             *(e.initiative for e in site.initiatives), *(e.update for e in site.updates), *(e.page for e in site.pages)]
    assert items
    for item in items:
        assert urls.output_path(urls.of(item)) in result.files, item.source
        assert urls.page_url(urls.output_path(urls.of(item))) == urls.of(item)
    for entry in site.meetings:
        assert urls.output_path(urls.meeting_calendar(entry.meeting.slug)) in result.files
    for fixed in (urls.FRONT, *urls.SECTIONS, urls.SEARCH, urls.CALENDAR, urls.FEED, urls.SITEMAP, urls.ROBOTS,
                  urls.NOT_FOUND):
        assert urls.output_path(fixed) in result.files, fixed


def test_a_free_page_may_not_take_a_name_the_site_uses():
    from sitegen.content.validate import RESERVED_SLUGS

    for url in (*urls.SECTIONS, urls.SEARCH, urls.FEED, urls.SITEMAP, urls.ROBOTS, urls.NOT_FOUND, urls.STATIC):
        assert Path(url.strip("/")).parts[0].split(".")[0] in RESERVED_SLUGS, url
