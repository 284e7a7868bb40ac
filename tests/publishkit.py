"""Publishing's test site and command (tests/unit/test_publish_rules.py, tests/integration/test_publish_cli.py,
tests/browser/test_publish.py): a tiny site of one meeting, one update and one page."""
from __future__ import annotations

import re
from pathlib import Path

from tests.sitekit import ROOT, base_files, run_cli

NOW = "2016-09-01T12:00"  # a month before the meeting: no warnings (a strict publish fails on any)
NEWS = "---\ntitle: {title}\ndate: 2016-08-15\n---\nVi har nyt om kvalitet.\n"
SITE = base_files() | {
    "content/updates/nyhed.md": NEWS.format(title="Nyhed om kvalitet"),
    "content/pages/om.md": "---\ntitle: Om panelet\n---\nPanelet består af forældre.\n",
}


def run_publish(site: Path, target: str | Path, *more: str, now: str = NOW):
    return run_cli("publish", "--site", str(site), "--target", str(target), "--now", now, *more)


def server_paths() -> tuple[str, str]:
    """The site's path on the server and where /was leads, from data/site.yaml."""
    text = (ROOT / "data" / "site.yaml").read_text(encoding="utf-8")
    base = re.search(r"^base_url: *(\S+)", text, re.M).group(1)
    statement = re.search(r"^accessibility_statement: *(\S+)", text, re.M).group(1)
    prefix = "/" + base.split("://", 1)[1].split("/", 1)[1]
    return prefix, statement if "://" in statement else prefix.rstrip("/") + statement
