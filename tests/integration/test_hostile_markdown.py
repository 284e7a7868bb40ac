"""Hostile Markdown bodies through the command line (issue 15, items 10 and 11): raw HTML is an
advarsel, a link or image whose address is broken blocks publishing, each at its file and line, and
the page built from them holds no event handler, no raw tag and no placeholder of Python-Markdown's."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.sitekit import base_files, run_cli, write_site

PAGE = "content/pages/side.md"
BODY = """\
---
title: Side
---
Se kortet: ![Kort](kort.png" onerror="alert(1)) og [referatet](/referater/" onclick="x) i dag.

<iframe src="https://www.youtube.com/embed/x"></iframe>

Under 5 < 7 er `<div>` kode.
"""


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [name for name, _ in attrs]))


def test_hostile_markdown_is_named_and_never_reaches_the_page_as_markup(tmp_path):
    site = write_site(tmp_path / "site", base_files() | {PAGE: BODY})
    out = tmp_path / "out"
    built = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-09-01")
    assert built.returncode == 0, built.stderr
    checked = run_cli("check", "--file", str(site / PAGE), "--site", str(site), "--now", "2016-09-01")
    assert checked.returncode == 1, checked.stderr
    for said in (built.stderr, checked.stderr):
        assert re.search(rf"^{PAGE}:4: Billedet virker ikke.*\[blokerer udgivelse\]$", said, re.M), said
        assert re.search(rf"^{PAGE}:6: HTML i teksten bliver vist som tekst, ikke som HTML \(<iframe>\).*"
                         r"\[advarsel\]$", said, re.M), said
        assert f"{PAGE}:8:" not in said, said
    page = (out / "side" / "index.html").read_text(encoding="utf-8")
    assert not re.search("[\x02\x03]|klzzwxh", page)
    parser = _Tags()
    parser.feed(page)
    assert not [tag for tag, _ in parser.tags if tag in ("iframe", "script", "img")]
    assert not [name for _, names in parser.tags for name in names if name.startswith("on")]
    assert "![Kort](kort.png&quot; onerror" in page or '![Kort](kort.png" onerror' in page
