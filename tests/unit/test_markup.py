"""markup.py: Markdown bodies become safe HTML fragments with shifted headings."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sitegen.render.markup import slugify, to_html


@pytest.mark.parametrize("text, expected", [
    ("Møder på Allerslev Rådhus", "moeder-paa-allerslev-raadhus"),
    ("Æbler & Øl", "aebler-oel"),
    ("  Hvad sker der nu?  ", "hvad-sker-der-nu"),
    ("§ 52", "52"),
    ("???", "afsnit"),
    ("Indhold", "indhold-afsnit"),  # the id of <main>
    ("Café", "cafe"),
])
def test_slugify(text, expected):
    assert slugify(text) == expected


@pytest.mark.parametrize("body, top, expected", [
    ("# A\n## B\n### C", 2, [2, 3, 4]),
    ("## A\n### B\n## C", 2, [2, 3, 2]),  # authors who start at "##"
    ("# A\n#### B\n### C\n# D", 2, [2, 3, 3, 2]),  # no skipped levels
    ("# A\n## B\n### C\n#### D\n##### E\n###### F", 2, [2, 3, 4, 5, 6, 6]),  # h6 at most
    ("# A\n## B\n### C\n#### D\n##### E", 3, [3, 4, 5, 6, 6]),  # under a section's h2
    ("### A\n### B", 3, [3, 3]),
])
def test_heading_levels(body, top, expected):
    html = to_html(body, top)
    assert [int(level) for level in re.findall(r"<h(\d)", html)] == expected


def test_hash_heading_becomes_h2():
    html = to_html("# Et\n\nTekst")
    assert html.startswith('<h2 id="et">Et</h2>') and "<h1" not in html


def test_repeated_headings_get_distinct_ids():
    html = to_html("# Status\n\n# Status")
    assert 'id="status"' in html and 'id="status_1"' in html


def test_raw_html_is_shown_as_text():
    html = to_html('Hej <script>alert(1)</script>\n\n<div onclick="x">blok</div>\n\n<b>fed</b>')
    assert "<script" not in html and "<div" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;div onclick=\"x\"&gt;blok&lt;/div&gt;" in html


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x",
                                  "java&#115;cript:alert(1)", "javascript&colon;alert(1)", " javascript:x"])
def test_unsafe_link_schemes_are_dropped(link):
    html = to_html(f"[klik]({link})")
    assert "href" not in html and "klik" in html


def test_safe_links_stay():
    html = to_html("[a](/moeder/) [b](https://www.lejre.dk/) [c](mailto:a@lejre.dk) [d](#afsnit)")
    for href in ("/moeder/", "https://www.lejre.dk/", "mailto:a@lejre.dk", "#afsnit"):
        assert f'href="{href}"' in html


def test_bulleted_then_numbered_list_stay_two_lists():
    html = to_html("- a\n- b\n\n1. c\n2. d")
    assert html.count("<ul>") == 1 and html.count("<ol>") == 1


def test_tables_are_wrapped_in_a_scroll_region():
    html = to_html("| a | b |\n|---|---|\n| 1 | 2 |")
    assert '<div aria-label="Tabel" class="table-wrap" role="region" tabindex="0"><table>' in html
    assert "</table></div>" in html


def test_converter_is_reset_between_documents():
    to_html("# Status")
    assert 'id="status"' in to_html("# Status")
    assert to_html("") == ""


# Hostile link and image addresses (issue 15, item 11) ------------------------------------------------

HOSTILE_ADDRESSES = [
    '![x](x" onerror="alert(1))',
    '![x](x" onerror="alert(1)) og [x](y" onclick="alert(1)).',  # put a placeholder into the src
    'Før [a](b) ![x](x" onerror="alert(1)) [c](d) efter [e](f" onmouseover="g)',
    '[x](y" onclick="alert(1))',
    "[x](y' onclick='alert(1))",
    '![x](x "t" onerror="a")',
    '[x](<y" onclick=a>)',
    '![x](x" onerror="alert(`1`)) [y](z)',
    '[![i](j" onerror="k)](l" onclick="m)',
    '[x](y" onclick="a) `kode` **fed** [z](w" onfocus="v)',
    '[x][r] og ![i][r]\n\n[r]: y"onclick="a',
    '<https://a.dk/" onclick="b> og [x](y" onclick="z)',
]


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]


@pytest.mark.parametrize("body", HOSTILE_ADDRESSES)
def test_a_hostile_address_gives_no_event_handler_and_no_placeholder(body):
    html = to_html(body)
    assert not re.search("[\x02\x03]|klzzwxh|wzxhzdk|hzzhzkh", html), html
    parser = _Attributes()
    parser.feed(html)
    assert not [name for _, name, _ in parser.found if name.lower().startswith("on")], html
    assert not [value for _, name, value in parser.found if name in ("href", "src") and re.search("[\"'<>]", value)], html


def test_a_hostile_address_is_shown_as_written_and_the_links_around_it_work():
    html = to_html('Før [a](/b/) ![x](x" onerror="alert(1)) og [c](/d/" onclick="e) efter [f](/g/).')
    assert 'href="/b/"' in html and 'href="/g/"' in html and "<img" not in html
    assert '![x](x" onerror="alert(1))' in html.replace("&quot;", '"')


def test_ordinary_addresses_and_titles_stay():
    html = to_html('![Kort over vejen](kort.png "Vejen") [Referat](/referater/a/ \'Referatet\') '
                   "[Søg](https://www.lejre.dk/?q=a&b=c) [Fil](/filer/plan(2).pdf) [Bishop](/a/Bishop's/)")
    assert '<img alt="Kort over vejen" src="kort.png" title="Vejen">' in html
    assert '<a href="/referater/a/" title="Referatet">Referat</a>' in html
    assert 'href="https://www.lejre.dk/?q=a&amp;b=c"' in html and 'href="/filer/plan(2).pdf"' in html
    assert "href=\"/a/Bishop's/\"" in html
