"""links.py: every internal link, image and #fragment of the rendered site resolves; externals are listed."""
from __future__ import annotations

import time

import pytest

from sitegen.checks.links import Page, check_links, srcset_urls
from tests.pagekit import LinkReference


def html(body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="da">\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n').encode()


# A tiny rendered site: relative links, as render makes them.
SITE = {
    "index.html": html('<a href="moeder/">Møder</a> <a href="moeder/x/#punkt-2">Punkt 2</a>'),
    "moeder/index.html": html('<a href="x/">Mødet</a>'),
    "moeder/x/index.html": html('<h2 id="punkt-2">Punkt 2</h2><a name="gammelt-anker"></a><h2 id="møde">Møde</h2>'),
    "moeder/x/moede.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "static/style.css": b"body{}",
    "static/kort.png": b"\x89PNG",
    "status/feed.xml": b"<feed/>",
}


def check(page_html: str, page: str = "side/index.html", **options) -> list[str]:
    files = dict(SITE, **{page: html(page_html, '<link rel="stylesheet" href="../static/style.css">')})
    problems, _ = check_links(files, **options)
    return [p.message for p in problems]


@pytest.mark.parametrize("link", [
    '<a href="../moeder/">',
    '<a href="../moeder">',  # servers redirect a folder without its slash
    '<a href="../moeder/index.html">',
    '<a href="../">',
    '<a href="./">',
    '<a href="">',
    '<a href="../moeder/?side=2">',  # the query is the server's business
    '<a href="../moeder/x/#punkt-2">',  # the fragment exists
    '<a href="../moeder/x/#gammelt-anker">',  # <a name> counts as an anchor
    '<a href="../moeder/x/#m%C3%B8de">',  # percent-encoded fragment
    '<a href="../moeder/x/#møde">',
    '<a href="../moeder/x/moede.ics">',  # a calendar file that exists
    '<a href="../status/feed.xml">',
    '<a href="#">', '<a href="#top">',  # the top of the page
    '<h2 id="her">Her</h2><a href="#her">',  # a fragment on the same page
    '<a href="/moeder/">',  # root-relative, with the default prefix "/"
    '<img src="../static/kort.png" alt="Kort">',
    '<img srcset="../static/kort.png 1x, ../static/kort.png 2x" src="../static/kort.png" alt="Kort">',
    '<script src="../static/style.css"></script>',
    '<a href="../pagefind/pagefind.js">',  # the search bundle is written after render
    '<a href="javascript:void(0)">', '<img src="data:image/png;base64,AAAA" alt="">',
    '<!-- <a href="../gone/"> -->',  # comments are not links
    '<script>var s = \'<a href="../gone/">\';</script>',  # nor is script text
    '<style>a[href="../gone/"] {}</style>',
    '<p data-href="../gone/">',  # only href, src and srcset are links
    '<a href="../moeder/x/#punkt-2" href="../gone/">',  # the first of two equal attributes counts
    '<A HREF="../moeder/">',
    "<a href='../moeder/'>", "<a href=../moeder/>",
    '<a href="../moeder/?a=1&amp;b=2">',  # character references in attributes
])
def test_links_that_resolve(link):
    assert check(link) == []


@pytest.mark.parametrize("link, message", [
    ('<a href="../findes-ikke/">', 'siden /side/ linker til "../findes-ikke/", men /findes-ikke/ findes ikke'),
    ('<a href="../moeder/y/">', 'siden /side/ linker til "../moeder/y/", men /moeder/y/ findes ikke'),
    ('<a href="../moeder/x/#punkt-9">',
     'siden /side/ linker til "../moeder/x/#punkt-9", men /moeder/x/ har intet element med id="punkt-9"'),
    ('<a href="#mangler">', 'siden /side/ linker til "#mangler", men /side/ har intet element med id="mangler"'),
    ('<a href="../moeder/x/andet.ics">',
     'siden /side/ linker til "../moeder/x/andet.ics", men /moeder/x/andet.ics findes ikke'),
    ('<a href="../moeder/x/moede.ics#a">',
     'siden /side/ linker til "../moeder/x/moede.ics#a", men /moeder/x/moede.ics er ikke en HTML-side og kan '
     'ikke have ankre'),
    ('<a href="../../x/">', 'siden /side/ linker til "../../x/", som peger uden for sitet'),
    ('<a href="../../../etc/passwd">', 'siden /side/ linker til "../../../etc/passwd", som peger uden for sitet'),
    ('<img src="../static/mangler.png" alt="">',
     'siden /side/ linker til "../static/mangler.png", men /static/mangler.png findes ikke'),
    ('<img srcset="../static/kort.png 1x, ../static/stor.png 2x" alt="">',
     'siden /side/ linker til "../static/stor.png", men /static/stor.png findes ikke'),
    ('<link rel="icon" href="../favicon.ico">',
     'siden /side/ linker til "../favicon.ico", men /favicon.ico findes ikke'),
    ('<a href="../moeder/x/#Punkt-2">',  # ids are case-sensitive
     'siden /side/ linker til "../moeder/x/#Punkt-2", men /moeder/x/ har intet element med id="Punkt-2"'),
])
def test_broken_links(link, message):
    assert check(link) == [message]


def test_problems_point_at_the_content_file_when_known():
    files = dict(SITE, **{"side/index.html": html('<p>\n<a href="../findes-ikke/">x</a>')})
    problems, _ = check_links(files, {"side/index.html": "content/pages/side.md"})
    assert [p.format() for p in problems] == [
        'content/pages/side.md:1: Siden /side/ linker til "../findes-ikke/", men /findes-ikke/ findes ikke. '
        "Ret linket, eller opret siden. [blokerer udgivelse]"]
    problems, _ = check_links(files)  # without a source: the line in the HTML file
    assert [(p.path, p.line) for p in problems] == [("side/index.html", 6)]


def test_one_problem_per_broken_url_per_page():
    problems, _ = check_links(dict(SITE, **{"side/index.html": html('<a href="../x/">1</a><a href="../x/">2</a>'),
                                           "side/y/index.html": html('<a href="../../x/">')}))
    assert [p.path for p in problems] == ["side/index.html", "side/y/index.html"]


def test_external_links_are_listed_never_checked():
    page = ('<a href="https://www.lejre.dk/">a</a> <a href="mailto:jajo@lejre.dk">b</a> <a href="tel:+4546464646">c</a>'
            '<script src="//cdn.example.invalid/x.js"></script> <a href="https://www.lejre.dk/">igen</a>'
            '<a href="http://findes-ikke.invalid/#x">d</a> <a href="webcal://example.invalid/k.ics">e</a>')
    problems, external = check_links(dict(SITE, **{"side/index.html": html(page)}))
    assert problems == []
    assert external == ["//cdn.example.invalid/x.js", "http://findes-ikke.invalid/#x", "https://www.lejre.dk/",
                        "mailto:jajo@lejre.dk", "tel:+4546464646", "webcal://example.invalid/k.ics"]


PREFIX = "/kvalitet-boerneomraadet/"


@pytest.mark.parametrize("link, message", [
    (f'<a href="{PREFIX}">', None),
    (f'<a href="{PREFIX.rstrip("/")}">', None),
    (f'<a href="{PREFIX}moeder/">', None),
    (f'<a href="{PREFIX}moeder/x/#punkt-2">', None),
    (f'<link rel="stylesheet" href="{PREFIX}static/style.css">', None),
    (f'<a href="{PREFIX}moeder/y/">', f'siden /404.html linker til "{PREFIX}moeder/y/", men /moeder/y/ findes ikke'),
    ('<a href="/moeder/">', f'siden /404.html linker til "/moeder/", som ikke ligger under sitets adresse {PREFIX}'),
    ('<a href="/kvalitet-boerneomraadet-gammel/">',
     f'siden /404.html linker til "/kvalitet-boerneomraadet-gammel/", som ikke ligger under sitets adresse {PREFIX}'),
    (f'<a href="{PREFIX}../x/">', f'siden /404.html linker til "{PREFIX}../x/", som peger uden for sitet'),
])
@pytest.mark.parametrize("prefix", [PREFIX, PREFIX.rstrip("/")])
def test_404_page_links_from_the_path_of_base_url(link, message, prefix):
    problems, _ = check_links(dict(SITE, **{"404.html": html(link)}), root_prefix=prefix)
    assert [p.message for p in problems] == ([message] if message else [])


def test_search_bundle_is_not_read():
    files = dict(SITE, **{"pagefind/fragment/x.html": html('<a href="../../findes-ikke/">')})
    assert check_links(files) == ([], [])


@pytest.mark.parametrize("value, urls", [
    ("a.png", ["a.png"]),
    ("a.png 1x, b.png 2x", ["a.png", "b.png"]),
    (" a.png 480w,\n b.png 800w ", ["a.png", "b.png"]),
    ("data:image/png;base64,AA,BB 1x", []),
])
def test_srcset_urls(value, urls):
    assert srcset_urls(value) == urls


TRICKY = html(
    '<!-- <a href="kommentar/"> --><a href="a/?x=1&amp;y=2#s&eacute;">A</a>\n'
    "<img\n  alt=\"x > y\" src='b.png' id=billede>\n<p title='a > b' id=\"efter\">"
    '<script type="application/ld+json">{"url": "<a href=\\"c/\\">"}</script>'
    '<SCRIPT SRC="d.js"></SCRIPT><style>a[href="e/"]{}</style>'
    '<p id="p&#229;" class=x data-id="nej">x</p><br id=linjeskift /><a name="n" href=f/ >f</a>'
    '<source srcset="g.png 1x, h.png 2x"><input value="<a href=\'i/\'>">'
)


def test_scanner_agrees_with_html_parser_on_tricky_html():
    reference = LinkReference()
    reference.feed(TRICKY.decode())
    page = Page(TRICKY)
    assert [url for _, url in page.urls] == reference.urls
    assert page.ids == reference.ids == {"billede", "efter", "på", "linjeskift", "n"}


def test_a_thousand_pages_in_well_under_a_second():
    menu = "".join(f'<li><a href="../../{s}/">{s}</a></li>' for s in ("moeder", "referater", "tiltag", "status"))
    files = {"static/style.css": b"", "moeder/index.html": html(""), "referater/index.html": html(""),
             "tiltag/index.html": html(""), "status/index.html": html("")}
    for i in range(1000):
        body = (f'<nav><ul>{menu}</ul></nav><main id="indhold"><h2 id="a{i}">Overskrift</h2>'
                + "<p>Tekst med <strong>ord</strong> og <em>flere ord</em>.</p>" * 40
                + f'<a href="../side-{(i + 1) % 1000}/#a{(i + 1) % 1000}">næste</a><a href="#a{i}">top</a>'
                + '<a href="https://www.lejre.dk/">Lejre</a></main>')
        files[f"status/side-{i}/index.html"] = html(body, '<link rel="stylesheet" href="../../static/style.css">')
    start = time.perf_counter()
    problems, external = check_links(files)
    elapsed = time.perf_counter() - start
    assert problems == [] and external == ["https://www.lejre.dk/"]
    assert elapsed < 1.0, f"{elapsed:.2f} s for 1,000 pages"
