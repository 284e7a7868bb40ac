"""Markup: Markdown bodies -> HTML fragments. The only module that imports Markdown.

Stage: helper of render. Imports: markdown (third-party), nothing from the
project. Raw HTML written by authors is shown as text, never passed through;
body headings start at h2 (or below a section heading) because the page
title is the page's only h1, and never skip a level.

A link or image whose address holds a quote or an angle bracket (`![x](x" onerror="...)`)
is no link: it stays text as written, as CommonMark would show it, and the source checks
block publishing it (checks/sourcecheck.py). Python-Markdown would otherwise take the rest
of the paragraph, with its own placeholders for the links in it (STX klzzwxh:0000 ETX),
as the address. No placeholder ever reaches the HTML: an address that still holds one
(from a reference definition) is dropped like an unsafe scheme, and the last step removes
any STX/ETX left (an author's text cannot hold them: content/fields.invisible_character).
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import IMAGE_LINK_RE, LINK_RE, ImageInlineProcessor, LinkInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# Ids the page templates use themselves; a body heading must not take them.
RESERVED_IDS = frozenset({"indhold", "hovedmenu", "sidefod"})
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def slugify(text: str, separator: str = "-") -> str:
    """Heading id: æ->ae, ø->oe, å->aa, lower case, anything else outside a-z0-9 -> '-'."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", separator, text).strip(separator) or "afsnit"
    return f"{slug}{separator}afsnit" if slug in RESERVED_IDS else slug


# An address no author means: a quote or angle bracket (an attribute pasted in, `x" onerror="`), a quote
# beside a space (`y' onclick='`), or Python-Markdown's placeholders (STX ... ETX).
_BROKEN_ADDRESS = re.compile("[\"<>\x02\x03]|'\\s|\\s'")
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03|[\x02\x03]")


class _StrictLinkMixin:
    """Refuse a link or image whose address is broken (_BROKEN_ADDRESS): its text stays as written."""

    def getLink(self, data: str, index: int):  # Python-Markdown's name
        href, title, end, handled = super().getLink(data, index)
        if handled and (_BROKEN_ADDRESS.search(href) or (title and _PLACEHOLDER.search(title))):
            return href, title, index, False
        return href, title, end, handled


class _StrictLink(_StrictLinkMixin, LinkInlineProcessor):
    pass


class _StrictImage(_StrictLinkMixin, ImageInlineProcessor):
    pass


class _UnsafeLinkRemover(Treeprocessor):
    """Drop href/src values with a scheme other than http(s), mailto and tel (javascript: etc.), and
    broken ones (from a reference definition: `[r]: y"onclick="a`)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and (_unsafe(value) or _BROKEN_ADDRESS.search(value)):
                    del element.attrib[attribute]


def _unsafe(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    scheme = re.match(r"^[a-z][a-z0-9+.-]*:", cleaned)
    return scheme is not None and scheme.group(0) not in SAFE_SCHEMES


class _PlaceholderRemover(Postprocessor):
    """The last step: no STX/ETX (a placeholder of Python-Markdown's) is ever in the HTML."""

    def run(self, text: str) -> str:
        return _PLACEHOLDER.sub("", text) if "\x02" in text or "\x03" in text else text


class _HeadingShifter(Treeprocessor):
    """Body headings start at `top` (2 under the page's h1), never skip a level, stop at h6.

    Authors may start at "#" or "##", or jump from "##" to "####": each heading
    goes one level below the nearest shallower heading before it, or to `top`.
    """

    top = 2

    def run(self, root: etree.Element) -> None:
        outline: list[tuple[int, int]] = []  # (level the author wrote, level shown)
        for element in root.iter():
            if not re.fullmatch(r"h[1-6]", element.tag):
                continue
            written = int(element.tag[1])
            while outline and outline[-1][0] >= written:
                outline.pop()
            shown = min(outline[-1][1] + 1 if outline else self.top, 6)
            outline.append((written, shown))
            element.tag = f"h{shown}"


class _TableWrapper(Treeprocessor):
    """Put each table in a focusable scroll region so a 320 px screen never scrolls sideways."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = etree.Element(
                        "div", {"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": "Tabel"}
                    )
                    parent.remove(child)
                    wrapper.append(child)
                    wrapper.tail, child.tail = child.tail, None
                    parent.insert(index, wrapper)


class _SafeAuthoring(Extension):
    """Raw HTML becomes text; unsafe link schemes and broken addresses are removed; tables scroll inside a region."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_StrictLink(LINK_RE, md), "link", 160)  # the same names and priorities
        md.inlinePatterns.register(_StrictImage(IMAGE_LINK_RE, md), "image_link", 150)
        md.postprocessors.register(_PlaceholderRemover(md), "placeholder_remover", 0)  # after all (20, 30)
        md.treeprocessors.register(_HeadingShifter(md), "heading_shifter", 6)  # before toc (5)
        md.treeprocessors.register(_TableWrapper(md), "table_wrapper", 1)
        md.treeprocessors.register(_UnsafeLinkRemover(md), "unsafe_links", -1)  # after unescape (0)


_converter = markdown.Markdown(
    extensions=["sane_lists", "tables", "toc", _SafeAuthoring()],
    extension_configs={"toc": {"slugify": slugify, "permalink": False}},
    output_format="html",
)


_shifter = _converter.treeprocessors["heading_shifter"]


def to_html(text: str, top: int = 2) -> str:
    """Convert one Markdown body to an HTML fragment whose first heading level is `top`.

    `top` is 2 for a body right under the page's h1, 3 for one under a section's h2.
    """
    if not 2 <= top <= 6:
        raise ValueError(f"top heading level must be 2-6, not {top}")
    _converter.reset()
    _shifter.top = top
    return _converter.convert(text)


class Conversions:
    """Results of `to_html` kept between builds (the build command's on-disk cache).

    `known` maps a digest of (top, text) to the HTML a conversion gave; it is only
    valid for the code that made it, which the caller checks (see buildcache.py).
    `used` holds the entries this build needed, so the saved cache stays bounded.
    """

    def __init__(self, known: dict[bytes, str] | None = None):
        self.known = known if known is not None else {}
        self.used: dict[bytes, str] = {}
        self.hits = 0

    def to_html(self, text: str, top: int = 2) -> str:
        key = conversion_key(text, top)
        found = self.used.get(key)
        if found is None:
            found = self.known.get(key)
            if found is None:
                found = to_html(text, top)
            else:
                self.hits += 1
            self.used[key] = found
        return found


def conversion_key(text: str, top: int) -> bytes:
    """The key of one conversion in Conversions: a digest of the heading level and the body."""
    return hashlib.sha256(f"{top}\0{text}".encode("utf-8", "surrogatepass")).digest()
