"""Links: every internal href, src, srcset and #fragment in the rendered site must resolve.

Stage: check, on render's {output path: bytes}. Imports: problems, render
(page_url). Standard library only. External URLs are listed, never fetched.

Pages are read by a regex scanner that follows html.parser's rules (comments,
doctype and the raw text of <script> and <style> are skipped; attribute values
are unquoted and their character references decoded with html.unescape) and
only reads the attributes of tags that carry a link or an id. HTMLParser itself
took 0.56 s just to parse the 1,000-page bench site (a sixth of its 3.5 s build);
the whole check takes 0.17 s this way. Tests compare the scanner with
HTMLParser on tricky HTML and on every page of the real site.

The build command keeps what the scanner read from each page on disk
(stagecache), keyed by the SHA-256 of the page's bytes, so a rebuild scans
only pages whose bytes changed; the verdicts are always worked out anew from
the current files, so a link to a page that is gone is still reported.

Root-relative URLs must start with `root_prefix` (the path of base_url) on
every page, not only on 404.html: on the published site "/moeder/" leaves the
site's folder, so a template that wrote it would be broken there too.
"""
from __future__ import annotations

import hashlib
import html
import re
from urllib.parse import unquote

from sitegen.core.problems import BLOCKS, Problem
from sitegen.core.urls import page_url

SKIPPED = ("pagefind/",)  # the search bundle, written after render by Pagefind
IGNORED_SCHEMES = ("data", "javascript", "about")  # not links to anywhere

_ATTRIBUTES = rb"((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)"
# Tags that carry a link or an id are captured (groups 3-4); other start tags are matched whole
# without groups, so a "<" inside their attribute values is never read as a tag.
_TOKEN = re.compile(
    rb"<!--.*?(?:-->|\Z)"  # comment
    rb"|<![^>]*+>|<\?[^>]*+>"  # doctype, CDATA opener, processing instruction
    rb"|<(script|style)\b" + _ATTRIBUTES + rb">.*?(?:</\1\s*>|\Z)"  # raw text, skipped
    rb"|<([a-zA-Z][^\s/>]*+)(?=(?:[^>\"'=\s]++|\s++|=\s*+\"[^\"]*+\"|=\s*+'[^']*+'|=)*?(?<=[\s\"'])"
    rb"(?:href|src|srcset|id|name)\s*=)" + _ATTRIBUTES + rb">"
    rb"|<[a-zA-Z](?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>",
    re.S | re.I)
_ATTRIBUTE = re.compile(rb"([^\s/>\"'=][^\s/>=]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]*)))?")
_WANTED = {b"href", b"src", b"srcset", b"id", b"name"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


class Page:
    """What one HTML file offers (ids) and asks for (URLs, with their byte offsets)."""

    __slots__ = ("ids", "urls", "data")

    def __init__(self, data: bytes):
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []
        self.data = data
        for token in _TOKEN.finditer(data):
            script, script_attributes, tag, attributes = token.groups()
            if script:
                tag, attributes = script, script_attributes
            if attributes:
                self._read_tag(tag.lower(), attributes, token.start())

    def _read_tag(self, tag: bytes, attributes: bytes, offset: int) -> None:
        seen = set()
        for match in _ATTRIBUTE.finditer(attributes):
            name, double, single, bare = match.groups()
            name = name.lower()
            if name not in _WANTED or name in seen:  # like browsers, the first of two equal attributes counts
                continue
            seen.add(name)
            value = (double if double is not None else single if single is not None else bare or b"").decode(
                "utf-8", "replace")
            if "&" in value:
                value = html.unescape(value)
            if name == b"href" or name == b"src":
                self.urls.append((offset, value.strip()))
            elif name == b"id" or (name == b"name" and tag == b"a"):
                self.ids.add(value)
            elif name == b"srcset":
                self.urls += [(offset, url) for url in srcset_urls(value)]

    def line(self, offset: int) -> int:
        return self.data.count(b"\n", 0, offset) + 1

    def parts(self, strings: dict[str, str]) -> tuple:
        """What the scanner read, for a memo: (ids, offsets, urls); equal texts share one str via `strings`."""
        return (frozenset(strings.setdefault(i, i) for i in self.ids), tuple(offset for offset, _ in self.urls),
                tuple(strings.setdefault(url, url) for _, url in self.urls))

    @classmethod
    def from_parts(cls, data: bytes, parts: tuple) -> Page:
        """The Page of `data` from the parts a scan of the very same bytes gave."""
        page = cls.__new__(cls)
        ids, offsets, urls = parts
        page.ids, page.urls, page.data = ids, list(zip(offsets, urls, strict=True)), data
        return page


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: "a.png 1x, b.png 2x" -> ["a.png", "b.png"]."""
    if value.lstrip().startswith("data:"):
        return []
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def check_links(files: dict[str, bytes], sources: dict[str, str] | None = None, *,
                root_prefix: str = "/", memo: dict | None = None) -> tuple[list[Problem], list[str]]:
    """(broken internal links, sorted external URLs) of a rendered site.

    `files` maps output paths ("moeder/x/index.html") to bytes; `sources` maps an
    output path to the content file that made it, so problems point there.
    `root_prefix` is the path of base_url ("/kvalitet-boerneomraadet/"): a
    root-relative URL must start with it (404.html links that way, since it is
    served at any depth); with the default "/" every root-relative URL is inside.
    `memo` (the build command's, kept on disk by stagecache) maps the SHA-256 of
    a page's bytes to Page.parts(); pages not in it are scanned and added, and
    entries of pages no longer in `files` are dropped.
    """
    sources = sources or {}
    prefix = "/" + root_prefix.strip("/") + "/" if root_prefix.strip("/") else "/"
    pages = _pages(files, memo)
    problems: list[Problem] = []
    external: set[str] = set()
    resolved: dict[tuple, tuple] = {}  # verdict_key -> verdict; menus repeat on every page
    for path in sorted(pages):
        page = pages[path]
        folder = path.rpartition("/")[0]
        parts = folder.split("/") if folder else []
        bases = [tuple(parts[:len(parts) - up]) for up in range(len(parts) + 1)]
        reported = set()
        for offset, url in page.urls:
            key = verdict_key(folder, bases, url)
            verdict = resolved.get(key)
            if verdict is None:
                verdict = resolved[key] = _resolve(folder, url, prefix, files)
            kind = verdict[0]
            if kind == "target" and not verdict[2] or kind == "ignore":
                continue
            if kind == "external":
                external.add(url)
                continue
            fault = _fault(path, url, verdict, pages, prefix)
            if fault is None or url in reported:
                continue
            reported.add(url)
            source = sources.get(path)
            problems.append(Problem(path=source or path, line=1 if source else page.line(offset), field="",
                                    message=fault[0], fix=fault[1], level=BLOCKS))
    return sorted(problems, key=Problem.sort_key), sorted(external)


def _pages(files: dict[str, bytes], memo: dict | None) -> dict[str, Page]:
    """The HTML pages of `files`, scanned, or from `memo` when the same bytes were scanned before."""
    if memo is None:
        return {path: Page(data) for path, data in files.items()
                if path.endswith(".html") and not path.startswith(SKIPPED)}
    pages: dict[str, Page] = {}
    used: set[bytes] = set()
    strings: dict[str, str] = {}
    for path, data in files.items():
        if not path.endswith(".html") or path.startswith(SKIPPED):
            continue
        key = hashlib.sha256(data).digest()  # the scan depends on the bytes alone
        used.add(key)
        parts = memo.get(key)
        if parts is None:
            page = Page(data)
            memo[key] = page.parts(strings)
        else:
            page = Page.from_parts(data, parts)
        pages[path] = page
    for stale in memo.keys() - used:  # pages changed or gone: keep the memo bounded
        del memo[stale]
    return pages


def verdict_key(folder: str, bases: list[tuple], url: str) -> tuple:
    """A key that equal verdicts of `url` seen from `folder` share: (folder, url), but for a
    URL that begins with k times "../" the folder k levels up, as the parts left after popping
    (bases[k]; None when the folder is not that deep: then every such URL leads outside).
    "../../moeder/" from every page two levels down is then resolved once, not once per page."""
    if not url.startswith("../"):
        return folder, url
    up = 1
    while url.startswith("../", 3 * up):
        up += 1
    return (bases[up] if up < len(bases) else None), url


def _resolve(folder: str, url: str, prefix: str, files: dict[str, bytes]) -> tuple:
    """One URL seen from a page in `folder` -> a verdict tuple (kind, ...)."""
    if url.startswith("//"):
        return ("external",)
    scheme = _SCHEME.match(url)
    if scheme:  # http:, mailto: ... are listed; so are webcal:, ftp: ...; data: and javascript: are not links
        return ("ignore",) if scheme.group(1).lower() in IGNORED_SCHEMES else ("external",)
    address, _, fragment = url.partition("#")
    address = address.partition("?")[0]
    if "%" in address:
        address = unquote(address)
    if not address:
        return ("same", fragment)
    if address.startswith("/"):
        if not (address + "/").startswith(prefix):
            return ("prefix",)
        parts, address = [], address[len(prefix):]
    else:
        parts = folder.split("/") if folder else []
    segments = address.split("/")
    for segment in segments:
        if segment == "..":
            if not parts:
                return ("outside",)
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    if segments[-1] in ("", ".", ".."):
        parts.append("index.html")
    target = "/".join(parts)
    if target.startswith(SKIPPED):
        return ("ignore",)
    if target not in files and target + "/index.html" in files:
        target += "/index.html"  # "../moeder": servers redirect to the folder
    if target not in files:
        return ("missing", target)
    return ("target", target, fragment)


def _fault(path: str, url: str, verdict: tuple, pages: dict[str, Page], prefix: str) -> tuple[str, str] | None:
    """(message, fix) when the link is broken, else None."""
    kind = verdict[0]
    link = f'siden {page_url(path)} linker til "{url}"'
    if kind == "outside":
        return f"{link}, som peger uden for sitet", "ret linket, så det peger på en side i sitet"
    if kind == "prefix":
        return (f"{link}, som ikke ligger under sitets adresse {prefix}",
                f"skriv adressen, så den begynder med {prefix}, eller ret linket")
    if kind == "missing":
        return f"{link}, men {page_url(verdict[1])} findes ikke", "ret linket, eller opret siden"
    target, fragment = (path, verdict[1]) if kind == "same" else verdict[1:]
    if not fragment or fragment.lower() == "top":  # "#" and "#top" go to the top of any page
        return None
    if target not in pages:
        return (f"{link}, men {page_url(target)} er ikke en HTML-side og kan ikke have ankre",
                f'fjern "#{fragment}" fra linket')
    ids = pages[target].ids
    wanted = unquote(fragment)
    if fragment in ids or wanted in ids:
        return None
    return (f'{link}, men {page_url(target)} har intet element med id="{wanted}"',
            f'ret ankeret efter #, eller giv det rigtige element id="{wanted}"')
