"""Render stage: Records built by hand -> assemble_site -> render_site; assertions on the dict."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from sitegen.content.assemble import assemble_site
from sitegen.content.validate import RESERVED_SLUGS
from sitegen.core import urls
from sitegen.render.pages import render_site
from sitegen.render.templating import Linker, RenderError
from tests.recordkit import CPH, NOW, TEMPLATES, build, meeting, page, records, text

# The stylesheet as pages link it: its name carries 8 hex digits of its content's SHA-256.
STYLE = f"static/style.{hashlib.sha256((TEMPLATES / 'static' / 'style.css').read_bytes()).hexdigest()[:8]}.css"


def visible(html: str) -> str:
    """Text without tags and with collapsed white space, roughly what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def site_files() -> dict[str, bytes]:
    return build()


# --- the contract ------------------------------------------------------------

def test_every_contract_url_is_rendered(site_files):
    expected = {
        "index.html", "404.html", "moeder/index.html", "moeder/borgermoede-1/index.html",
        "moeder/borgermoede-0/index.html", "referater/index.html", "referater/referat-1/index.html",
        "tiltag/index.html", "tiltag/ekstra-personale/index.html", "tiltag/it-understoettelse/index.html",
        "status/index.html", "status/status-juni/index.html", "status/nyhed-sept/index.html",
        "noegletal/index.html", "om-panelet/index.html", "static/style.css", STYLE, "favicon.ico",
    }
    assert expected <= set(site_files)


@pytest.mark.parametrize("path", ["index.html", "moeder/borgermoede-1/index.html", "noegletal/index.html",
                                  "om-panelet/index.html", "404.html", "status/status-juni/index.html"])
def test_every_page_has_the_common_frame(site_files, path):
    html = text(site_files, path)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"da\">")
    assert '<meta charset="utf-8">' in html and 'name="viewport"' in html
    assert html.count("<h1>") == 1
    assert '<main id="indhold"' in html
    # the search index holds the main content of real pages, not the 404 page
    assert ("data-pagefind-body" in html) == (path != "404.html")
    first_link = re.search(r"<a [^>]*>", html).group(0)
    assert 'href="#indhold"' in first_link and "Gå til sidens indhold" in html
    assert '<nav class="main-menu" aria-label="Hovedmenu">' in html
    assert "<footer" in html and "Lejre Kommune" in html
    assert 'href="mailto:jajo@lejre.dk"' in html
    assert '<a href="https://was.digst.dk/lejre">Tilgængelighedserklæring</a>' in html
    # No JavaScript: JSON-LD data is the only script element; the canonical address the only absolute link.
    assert "<script" not in html.replace('<script type="application/ld+json">', "") and "http://" not in html
    links = re.sub(r'<link rel="canonical" href="https://www\.lejre\.dk/[^"]*">', "", html)
    assert not re.search(r'(href|src)="https?://(?!was\.digst\.dk)', links)


def test_titles(site_files):
    assert "<title>Kvalitet i børnesagerne – Lejre Kommune</title>" in text(site_files, "index.html")
    assert ("<title>Borgermøde i forældreekspertpanelet – Kvalitet i børnesagerne</title>"
            in text(site_files, "moeder/borgermoede-1/index.html"))


# --- links ------------------------------------------------------------------

def test_links_are_relative_to_the_page(site_files):
    front = text(site_files, "index.html")
    assert f'href="{STYLE}"' in front
    assert 'href="moeder/borgermoede-1/"' in front
    meeting_page = text(site_files, "moeder/borgermoede-1/index.html")
    assert f'href="../../{STYLE}"' in meeting_page
    assert 'href="../../moeder/"' not in meeting_page  # same section: one level up is enough
    assert 'href="../"' in meeting_page  # breadcrumb and menu to /moeder/
    assert 'href="../../"' in meeting_page  # front page
    assert 'href="../../tiltag/"' in meeting_page
    assert not re.search(r'(href|src)="/', meeting_page)


def test_menu_marks_the_current_page(site_files):
    assert '<a href="./" aria-current="page">Møder</a>' in text(site_files, "moeder/index.html")
    assert '<a href="../" aria-current="true">Møder</a>' in text(site_files, "moeder/borgermoede-1/index.html")


def test_markdown_site_paths_become_relative(site_files):
    html = text(site_files, "om-panelet/index.html")
    assert '<a href="../moeder/">møderne</a>' in html
    assert '<a href="../tiltag/ekstra-personale/">et tiltag</a>' in html


def test_404_uses_root_relative_links_from_base_url(site_files):
    html = text(site_files, "404.html")
    assert "Siden findes ikke" in html
    assert f'href="/kvalitet-boerneomraadet/{STYLE}"' in html
    assert 'href="/kvalitet-boerneomraadet/"' in html
    assert 'href="/kvalitet-boerneomraadet/moeder/"' in html
    assert not re.search(r'href="\.\.?/', html)


@pytest.mark.parametrize("current, target, expected", [
    ("index.html", "/", "./"),
    ("index.html", "/moeder/", "moeder/"),
    ("index.html", "/moeder", "moeder/"),
    ("moeder/index.html", "/moeder/", "./"),
    ("moeder/index.html", "/moeder/x/", "x/"),
    ("moeder/x/index.html", "/moeder/", "../"),
    ("moeder/x/index.html", "/", "../../"),
    ("moeder/x/index.html", "/tiltag/y/", "../../tiltag/y/"),
    ("moeder/x/index.html", "/static/style.css", "../../static/style.css"),
    ("moeder/x/index.html", "/status/#seneste", "../../status/#seneste"),
    ("404.html", "/moeder/", "moeder/"),
    ("moeder/x/index.html", "https://www.lejre.dk/", "https://www.lejre.dk/"),
    ("moeder/x/index.html", "mailto:a@b.dk", "mailto:a@b.dk"),
    ("moeder/x/index.html", "#indhold", "#indhold"),
])
def test_relative_url_cases(current, target, expected):
    assert Linker(current).url(target) == expected


def test_root_relative_url():
    assert Linker("404.html", "/prefix/").url("/moeder/") == "/prefix/moeder/"
    assert Linker("404.html", "/").url("/") == "/"


# --- pages ------------------------------------------------------------------

def test_meeting_page(site_files):
    html = text(site_files, "moeder/borgermoede-1/index.html")
    assert '<time datetime="2016-10-05T17:00:00+02:00">onsdag den 5. oktober 2016 kl. 17.00–18.30</time>' in html
    page_text = visible(html)
    assert "Allerslev Rådhus, Mødelokale 1" in page_text and "4320 Lejre" in page_text
    assert "Der er ikke oplyst noget om adgangsforhold. Kontakt Erik Asp Poulsen" in page_text
    assert "Tilmeld dig senest 28. september 2016 til Erik Asp Poulsen" in page_text
    assert "<ol>\n<li>Velkomst</li>" in html
    assert "Referatet er ikke offentliggjort endnu." in page_text
    assert "Dato ikke oplyst: Mødet er flyttet fra Domus Felix til Allerslev Rådhus." in page_text
    assert "Status Planlagt" in page_text


def test_past_meeting_page_is_honest(site_files):
    page_text = visible(text(site_files, "moeder/borgermoede-0/index.html"))
    assert "Mødet er overstået" in page_text and "Afholdt" not in page_text
    assert "tilmeldingen er lukket" in page_text
    assert "Der er ingen dagsorden til mødet på denne side." in page_text
    assert "Læs referatet: Referat af første borgermøde" in page_text


def test_meeting_list_has_upcoming_then_past(site_files):
    html = text(site_files, "moeder/index.html")
    assert html.index("Kommende møder") < html.index("borgermoede-1/") < html.index("Tidligere møder")
    assert html.index("Tidligere møder") < html.index("borgermoede-0/")


def test_empty_lists_say_so():
    files = build(records(meetings=(), minutes=(), initiatives=(), updates=(), keyfigures=(), intro=None))
    assert "Der er ingen planlagte møder lige nu." in text(files, "moeder/index.html")
    assert "Der er endnu ikke offentliggjort referater." in text(files, "referater/index.html")
    assert "Der er endnu ikke registreret tiltag." in text(files, "tiltag/index.html")
    assert "Der er ingen planlagte møder lige nu." in text(files, "index.html")


def test_minutes_pages(site_files):
    html = text(site_files, "referater/referat-1/index.html")
    assert '<a href="../../moeder/borgermoede-0/">Tidligere møde</a>' in html
    assert "Godkendt <time datetime=\"2016-10-20\">20. oktober 2016</time>" in html


def test_overdue_initiative(site_files):
    overdue = visible(text(site_files, "tiltag/ledelse-taet-paa/index.html"))
    assert ("Fristen (1. september 2016) er passeret, og tiltaget er ikke registreret som gennemført."
            in overdue)
    assert "Status ikke oplyst" in overdue and "Ansvarlig er ikke oplyst" in overdue
    done = visible(text(site_files, "tiltag/it-understoettelse/index.html"))
    assert "er passeret" not in done and "Gennemført" in done
    listing = visible(text(site_files, "tiltag/index.html"))
    assert listing.count("Fristen er overskredet.") == 1


def test_initiative_page(site_files):
    page_text = visible(text(site_files, "tiltag/ekstra-personale/index.html"))
    assert "Besluttet af Udvalget for Børn &amp; Ungdom den 7. juni 2016" in page_text
    assert "Udgangen af 1. kvartal 2017" in page_text
    assert "Jane Jørgensen, Kommunikationsmedarbejder" in page_text
    assert page_text.index("7. juni 2016 · Ikke startet") < page_text.index("23. august 2016 · I gang")
    assert "Status til udvalget i juni" in page_text


def test_front_page(site_files):
    html = text(site_files, "index.html")
    page_text = visible(html)
    assert "Velkommen." in page_text and "Her kan du følge arbejdet." in page_text
    assert "onsdag den 5. oktober 2016 kl. 17.00–18.30" in page_text
    assert "I gang: 1" in page_text and "Gennemført: 1" in page_text
    assert "Status ikke oplyst: 1" in page_text and "Overskredet frist: 1" in page_text
    assert '<a href="tiltag/ledelse-taet-paa/">Ledelse tæt på</a>' in html
    assert "ca. 62,5 mio. kr." in page_text and "Invitation til panelet" in page_text
    assert "Ventetid" not in page_text  # only the first three key figures
    assert 'href="noegletal/"' in html


def test_updates(site_files):
    listing = text(site_files, "status/index.html")
    assert listing.index("Invitation til panelet") < listing.index("Status til udvalget i juni")
    page_text = visible(text(site_files, "status/status-juni/index.html"))
    assert "Behandlet på mødet i Udvalget for Børn &amp; Ungdom den 7. juni 2016." in page_text
    assert "Status til udvalget" in page_text and "Ekstra personale i en periode" in page_text


def test_key_figures_page(site_files):
    html = text(site_files, "noegletal/index.html")
    assert "ca. 62,5 mio. kr." in html and "11.408 kr." in html and "747 børn og familier" in html
    assert "<caption" in html and '<th scope="col">Værdi</th>' in html
    assert '<th scope="row">Budget til området</th>' in html
    assert '<time datetime="2016-06-01">1. juni 2016</time>' in html
    assert '<time datetime="2017-08">august 2017</time>' in html
    assert '<th scope="row">2012</th>\n<td class="number">10.950 kr.</td>' in html
    assert html.count('role="region"') == 2 and html.count('tabindex="0"') == 2


def test_free_page_parent_and_children():
    recs = records(pages=(page(), page("borgerraadgiver", title="Borgerrådgiveren", parent="om-panelet", menu=None)))
    files = build(recs)
    parent = text(files, "om-panelet/index.html")
    assert '<a href="../borgerraadgiver/">Borgerrådgiveren</a>' in parent
    child = text(files, "borgerraadgiver/index.html")
    assert "hører under <a href=\"../om-panelet/\">Om forældreekspertpanelet</a>" in child


# --- escaping and Markdown -----------------------------------------------------

def test_titles_are_escaped():
    files = build(records(meetings=(meeting(title="Møde <script>alert(1)</script>"),), minutes=()))
    html = text(files, "moeder/borgermoede-1/index.html")
    assert "<script>" not in html
    assert "Møde &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_html_is_escaped_and_headings_shifted():
    body = "# Overskrift\n\nTekst <script>alert(1)</script>\n\n<div>blok</div>\n\n## Under"
    files = build(records(pages=(page(body=body),)))
    html = text(files, "om-panelet/index.html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;div&gt;blok&lt;/div&gt;" in html
    assert '<h2 id="overskrift">Overskrift</h2>' in html and '<h3 id="under">Under</h3>' in html
    assert html.count("<h1") == 1


# --- preview, drafts, determinism, collisions ------------------------------------

def test_preview_banner_only_in_preview():
    recs = records(meetings=(meeting(), meeting("kladde", title="Kladdemøde", draft=True),
                             meeting("senere", title="Senere møde",
                                     publish=dt.datetime(2016, 10, 3, 9, 0, tzinfo=CPH))))
    normal = build(recs)
    assert "moeder/kladde/index.html" not in normal and "moeder/senere/index.html" not in normal
    assert not any(b"Kladde" in content for content in normal.values())
    assert b"Kladdem\xc3\xb8de" not in normal["moeder/index.html"]

    preview = build(recs, preview=True)
    assert "Kladde - ikke offentliggjort" in text(preview, "moeder/kladde/index.html")
    assert "Offentliggøres mandag den 3. oktober 2016 kl. 9.00" in text(preview, "moeder/senere/index.html")
    assert "Kladde - ikke offentliggjort" in text(preview, "moeder/index.html")
    assert "pending-banner" not in text(preview, "moeder/borgermoede-1/index.html")
    assert 'name="robots" content="noindex"' in text(preview, "index.html")


def test_render_is_deterministic():
    assert build() == build()
    assert list(build()) == sorted(build())


def test_page_slug_colliding_with_a_section_is_refused():
    with pytest.raises(RenderError) as caught:
        build(records(pages=(page("moeder"),)))
    assert "content/pages/moeder.md" in str(caught.value) and "moeder/index.html" in str(caught.value)


def test_reserved_slugs_cover_sections():
    assert {"moeder", "referater", "tiltag", "status", "noegletal", "static", "404", "index"} <= RESERVED_SLUGS


def test_every_section_is_reserved_for_free_pages():
    assert {section.strip("/") for section in urls.SECTIONS} <= RESERVED_SLUGS


def test_meeting_body_headings_sit_below_the_section_heading():
    files = build(records(meetings=(meeting(body="# Program\n\nTekst"),), minutes=()))
    html = text(files, "moeder/borgermoede-1/index.html")
    assert "<h2>Om mødet</h2>\n<h3 id=\"program\">Program</h3>" in html


def test_static_files_are_copied(site_files):
    css = (TEMPLATES / "static" / "style.css").read_bytes()
    assert site_files["static/style.css"] == site_files[STYLE] == css
    assert site_files["favicon.ico"] == site_files["static/favicon.ico"]


def test_static_files_are_fingerprinted_and_linked_by_fingerprint(tmp_path):
    """Pages link each static file under a name with its content's hash: an edit gives a new name."""
    shutil.copytree(TEMPLATES, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("static"))
    static = tmp_path / "static"
    static.mkdir()
    names = {}
    for css in (b"body{color:#000}", b"body{color:#111}"):
        (static / "style.css").write_bytes(css)
        (static / "jquery.min.js").write_bytes(b"1;")
        (static / "LICENSE").write_bytes(b"MIT")
        files = render_site(assemble_site(records(), NOW, False), tmp_path)
        fingerprint = hashlib.sha256(css).hexdigest()[:8]
        names[css] = f"static/style.{fingerprint}.css"
        assert files[names[css]] == files["static/style.css"] == css
        assert f'href="{names[css]}"' in text(files, "index.html")
        assert f"static/jquery.min.{hashlib.sha256(b'1;').hexdigest()[:8]}.js" in files
        assert f"static/LICENSE.{hashlib.sha256(b'MIT').hexdigest()[:8]}" in files
    assert len(set(names.values())) == 2


def test_markdown_links_to_static_files_use_the_fingerprint():
    assert Linker("x/index.html", None, {"/static/a.png": "/static/a.12345678.png"}).url("/static/a.png#top") \
        == "../static/a.12345678.png#top"


def test_other_dates_do_not_change_a_site_built_for_now():
    later = build(records(), now=dt.datetime(2031, 1, 15, tzinfo=CPH))
    assert "Der er ingen planlagte møder lige nu." in text(later, "moeder/index.html")
    assert "Mødet er overstået" in visible(text(later, "moeder/borgermoede-1/index.html"))


def test_cancelled_upcoming_meeting_offers_no_sign_up():
    files = build(records(meetings=(replace(meeting(), status="aflyst"),), minutes=()))
    page_text = visible(text(files, "moeder/borgermoede-1/index.html"))
    assert "Mødet er aflyst" in page_text and "Tilmeld dig" not in page_text


# --- structure of every page ------------------------------------------------------

VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}


class _Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_every_page_is_balanced_with_unique_ids():
    files = build(preview=True)
    for path, content in files.items():
        if not path.endswith(".html"):
            continue
        parser = _Structure()
        parser.feed(content.decode("utf-8"))
        assert parser.errors == [] and parser.stack == [], path
        assert len(parser.ids) == len(set(parser.ids)), path
