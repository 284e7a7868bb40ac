"""Review: the preview's own markup: the review report, the build error page, not found, and
what the server adds to every page (livereload's loader, the build number, a link to the review).

Part of stage 7 (serve). Imports: problems, danish, rebuild (the Changes type).
Pure functions from data to HTML bytes (html.escape, no Jinja: Jinja belongs to
render), so they can be tested without a server. Every page is HTML5 in Danish,
links the site stylesheet and has one <main> with one <h1>. These pages exist
only in the preview server; no build ever writes them.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from sitegen.core import urls
from sitegen.core.problems import ADVICE, BLOCKS, WARNING, Problem
from sitegen.engine.changes import Changes
from sitegen.render import danish

REVIEW_URL = "/_gennemgang/"
BUILD_URL = "/_forhaandsvisning/bygning"  # answers the number of the build being shown
STYLE = ".problems code{white-space:pre-wrap;overflow-wrap:anywhere}"

# livereload's loader from our own origin (a root-relative address), and, once its socket is
# connected, a check of the build number: a page that missed a reload while it loaded reloads now.
LIVE_SCRIPT = """<script>(function(){
var port=location.port||(location.protocol=="https:"?443:80);
var s=document.createElement("script");s.src="/livereload.js?port="+port;document.head.appendChild(s);
document.addEventListener("LiveReloadConnect",function(){
fetch("BUILD_URL",{cache:"no-store"}).then(function(r){return r.text();})
.then(function(n){if(n!=="GENERATION"){location.reload();}});});
})();</script>
""".replace("BUILD_URL", BUILD_URL)
REVIEW_NOTE = f"""<aside class="wrap" aria-label="Forhåndsvisning">
<p class="pending-banner"><strong>Forhåndsvisning med kladder.</strong>
<a href="{REVIEW_URL}">Se gennemgangen: advarsler og ændringer på det offentlige site</a></p>
</aside>
"""


def with_live_reload(body: bytes, generation: int, note: bool = True) -> bytes:
    """livereload's loader (from our own origin) and the build number before </head>; the review link last."""
    script = LIVE_SCRIPT.replace("GENERATION", str(generation)).encode("utf-8")
    body = body.replace(b"</head>", script + b"</head>", 1)
    end = body.rfind(b"</body>")
    if note and end >= 0:
        body = body[:end] + REVIEW_NOTE.encode("utf-8") + body[end:]
    return body


def error_page(problems: list[str]) -> bytes:
    """The page every HTML request gets while the build is broken: every problem, as the terminal prints it."""
    count = f"{len(problems)} fejl" if problems else "Fejl"
    return _page("Sitet kan ikke bygges", f"""\
<p class="notice">Forhåndsvisningen kan ikke bygges, fordi indholdet har {count.lower()}. \
Ret {"dem" if len(problems) > 1 else "den"} og gem filen: siden her viser sig selv igen, så snart sitet kan bygges.</p>
<h2>{count}</h2>
<ul class="problems">
{_items(f"<code>{escape(line)}</code>" for line in problems)}
</ul>
<p>Linjerne står også i terminalen, hvor <code>make serve</code> kører. \
De starter med filen og linjenummeret, fx <code>content/meetings/moede.md:4:</code>.</p>""")


def not_found_page(path: str) -> bytes:
    """A missing page: said plainly, with the way back; it reloads by itself if the page appears."""
    return _page("Siden findes ikke i forhåndsvisningen", f"""\
<p>Der er ingen side på adressen <code>{escape(path)}</code>. Hvis du lige har oprettet eller omdøbt filen, \
viser siden sig selv, når filen er gemt.</p>
<ul>
<li><a href="/">Gå til forsiden</a></li>
<li><a href="{REVIEW_URL}">Se gennemgangen af advarsler og ændringer</a></li>
</ul>""")


# The review page's sections: one per level, most serious first (problems.LEVELS; a build
# with a fejl shows the error page instead).
_SECTIONS = (
    (BLOCKS, "blokerer", "Blokerer udgivelse",
     "Disse fund må aldrig nå borgerne: make publish stopper, til de er rettet."),
    (WARNING, "advarsler", "Advarsler",
     "Oplysninger, der er ved at blive forældede eller er uklare for borgerne. De stopper ikke bygningen, "
     "men ret dem, før siderne udgives (med STRICT=1 stopper de udgivelsen)."),
    (ADVICE, "raad", "Råd om klarsprog",
     "Forslag til en tekst, der er lettere at læse. De stopper aldrig noget."),
)


def review_page(findings: list[Problem], changes: Changes | None, now: dt.datetime, published: str,
                change_problems: list[str] | None = None) -> bytes:
    """Every finding by level with file and line, and what a public build now would change in `published`."""
    by_level = {level: [p for p in findings if p.level == level] for level, *_ in _SECTIONS}
    links = "\n".join(f'<li><a href="#{anchor}">{title} ({len(by_level[level])})</a></li>'
                      for level, anchor, title, _ in _SECTIONS)
    sections = "\n".join(_findings_section(by_level[level], anchor, title, why)
                         for level, anchor, title, why in _SECTIONS)
    return _page("Gennemgang", f"""\
<p>Forhåndsvisningen er bygget for {escape(danish.datetime(now))}. \
Siden opdaterer sig selv, når du gemmer en fil. Hver linje starter med filen og linjenummeret \
og slutter med, hvor alvorligt fundet er.</p>
<nav aria-label="På denne side">
<ul>
{links}
<li><a href="#aendringer">Ændringer på det offentlige site</a></li>
</ul>
</nav>
{sections}
{_changes_section(changes, published, change_problems or [])}""")


def _findings_section(found: list[Problem], anchor: str, title: str, why: str) -> str:
    if not found:
        return f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{title} (0)</h2>\n<p>Ingen.</p>\n</section>'
    items = []
    for problem in found:
        where = f"{problem.path}:{problem.line}"
        rest = problem.format()[len(where) + 1:].strip()
        items.append(f"<code>{escape(where)}</code>: {escape(rest)}")
    return f"""\
<section aria-labelledby="{anchor}">
<h2 id="{anchor}">{title} ({len(found)})</h2>
<p>{why}</p>
<ul class="problems">
{_items(items)}
</ul>
</section>"""


def _changes_section(changes: Changes | None, published: str, problems: list[str]) -> str:
    heading = '<h2 id="aendringer">Ændringer på det offentlige site</h2>'
    if changes is None:
        return f"""\
<section aria-labelledby="aendringer">
{heading}
<p>Det offentlige site kan ikke bygges lige nu, så ændringerne kan ikke vises:</p>
<ul class="problems">
{_items(f"<code>{escape(line)}</code>" for line in problems)}
</ul>
</section>"""
    kinds = (
        ("Nye sider og filer", changes.added, True),
        ("Ændrede sider og filer", changes.changed, True),
        ("Fjernede sider og filer", changes.removed, False),
    )
    parts = [f"""\
<section aria-labelledby="aendringer">
{heading}
<p>Sådan ændres det offentlige site i <code>{escape(published)}</code>, hvis det bygges nu med <code>make build</code> \
(uden kladder og sider, der først skal offentliggøres senere).</p>"""]
    for title, paths, linked in kinds:
        parts.append(f"<h3>{title} ({len(paths)})</h3>")
        if not paths:
            parts.append("<p>Ingen.</p>")
            continue
        entries = (f'<a href="{escape(p)}">{escape(p)}</a>' if linked else f"<code>{escape(p)}</code>" for p in paths)
        parts.append(f"<ul>\n{_items(entries)}\n</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _items(contents) -> str:
    return "\n".join(f"<li>{content}</li>" for content in contents)


def _page(title: str, body: str) -> bytes:
    return f"""\
<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)} – forhåndsvisning</title>
<link rel="stylesheet" href="{urls.static_file("style.css")}">
<style>{STYLE}</style>
</head>
<body>
<a class="skip-link" href="#indhold">Gå til sidens indhold</a>
<header class="site-header">
<div class="wrap">
<p class="site-title"><a href="/">Forhåndsvisning</a></p>
<nav class="main-menu" aria-label="Forhåndsvisningens sider">
<ul>
<li><a href="/">Forsiden</a></li>
<li><a href="{REVIEW_URL}">Gennemgang</a></li>
</ul>
</nav>
</div>
</header>
<main id="indhold" class="wrap" tabindex="-1">
<h1>{escape(title)}</h1>
{body}
</main>
</body>
</html>
""".encode()
