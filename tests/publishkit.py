"""Publishing's test site and command (tests/unit/test_publish_rules.py, tests/integration/test_publish_cli.py,
tests/browser/test_publish.py): a tiny site of one meeting, one update and one page; one-page releases
deployed without the gates at explicit moments; ssh replaced by a local shell."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sitegen.output import publish
from tests.sitekit import ROOT, base_files, run_cli, write_site

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


# Stands in for ssh (and for rsync's remote shell): skip the options and the host, run the command here.
FAKE_SSH = """\
#!/bin/sh
while [ "$#" -gt 0 ]; do
    case "$1" in
        -[bcDEeFIiJLlmOopQRSWw]) shift 2 ;;
        -*) shift ;;
        *) shift; break ;;
    esac
done
exec sh -c "$*"
"""


def write_fake_ssh(folder: Path, script: str = FAKE_SSH) -> Path:
    path = write_site(folder, {"ssh": script}) / "ssh"
    path.chmod(0o755)
    return path


def clock(minute: int) -> dt.datetime:
    """The moment an event happens, explicit (2016-09-01 10:MM UTC, 12:MM in Copenhagen): no test reads the clock."""
    return dt.datetime(2016, 9, 1, 10, minute, tzinfo=dt.UTC)


BUILT_FOR = dt.datetime.fromisoformat("2016-09-01T12:00+02:00")


def deploy_page(target, scratch: Path, text: str, minute: int, keep: int = 5) -> str:
    """Publish a one-page site saying `text` at `minute`, without the gates; the release name."""
    folder = write_site(scratch / "built" / text, {"index.html": text})
    name = publish.release_name(publish.content_hash({"index.html": text.encode()}), clock(minute),
                                target.inventory().releases)
    publish.deploy(target, folder, name, keep, publish.State(published=BUILT_FOR, release=name, next_change=None),
                   clock(minute))
    return name
