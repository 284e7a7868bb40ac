"""Hypothesis strategies for the fuzz tests (tests/integration/test_fuzz.py): content files of each
type and data files, from valid to broken, as text or bytes.

Front matter is written as YAML text two ways: by yaml.safe_dump (well formed, so the values reach
the field checks and the templates) and by our own writer below (plain, quoted, block and flow
styles chosen at random, so quotes, colons and `#` in values break it as they break an editor's
file). Each field of the type's table (sitegen/content/model.py) keeps its valid value, gets a
plausible one of its kind (dates of years 0 to 99999, clocks past 23:59, quarters, links), a value
of any type and shape, or goes missing; unknown fields come and go. Bodies are random Markdown:
headings, lists, tables, code, hostile links and images, raw HTML, long lines, odd Unicode.

Choices are drawn as numbers whose 0 is the plain case, so a failing file shrinks towards a valid
one; the odd cases sit in the middle of a range, since Hypothesis draws the ends more often.
"""
from __future__ import annotations

import json

import yaml
from hypothesis import strategies as st

from sitegen.content import fields as kinds
from sitegen.content.model import COMMON, DATA_FIELDS, TYPE_FIELDS
from tests.sitekit import base_files

BASE = {name: yaml.safe_load(text) for name, text in base_files().items() if name.startswith("data/")}
VALID = {  # a valid file of each kind in this site (the base site's meeting is `borgermoede`)
    "meetings": {"title": "Borgermøde i november", "date": "2016-11-09", "start": "17:00", "end": "18:30",
                 "venue": "raadhus"},
    "minutes": {"title": "Referat", "meeting": "borgermoede", "publish": "2016-10-06 09:00"},
    "initiatives": {"title": "Et tiltag", "deadline": "2017-Q1"},
    "updates": {"title": "En status", "date": "2016-08-15"},
    "pages": {"title": "Om panelet"},
    "index": {"title": "Forside"},
}
A_FIGURE = {"id": "boern", "label": "Børn i alt", "value": 747, "date": "2016-06-01", "source": "Lejre Kommune"}


# -- YAML: scalars and values ------------------------------------------------------------------

class Raw(str):
    """YAML source text written as it is, unquoted: a plain scalar, a tag, a broken flow list."""


TRICKY = (
    "", "~", "null", "NULL", "true", "false", "True", "yes", "no", "No", "on", "off", "y", "n",
    "0", "-0", "007", "0x1F", "0o17", "0b101", "1_000", "1e400", "-1e400", ".nan", ".inf", "-.inf", "1.5", "62,5",
    "123456789012345678901234567890", "17:00", "25:00", "17.00", "24:00", "1:2:3", "99:99", "-17:00",
    "2016-10-05", "2016-02-30", "2016-13-01", "2016-1-5", "0000-01-01", "0001-01-01", "0001-01-03", "9999-12-31",
    "9999-12-28", "10000-01-01", "2016-10-05 17:00", "2016-10-05T17:00:00+02:00", "2016-10-05 24:00", "2016-10-05T",
    "2016-10-05 17:00:00.5Z", "2017-Q1", "2017-q4", "2017-Q5", "9999-Q4", "0000-Q1", "0000", "9999", "ikke-fastsat",
    "2016-06", "2016-00", "2016-13", "raadhus", "anna", "borgermoede", "i-gang", "nyhed", "planlagt", "aflyst",
    "javascript:alert(1)", "https://example.org/", "/moeder/", "../../etc/passwd", "mailto:a@b.dk", "a@b", "@",
    "//evil.example", '"', "'", '"ikke lukket', "'ikke lukket", "a: b", "a:b", "# kommentar", "a #b", "- x", "[",
    "]", "{", "}", "[a, b]", "{a: b}", "{a", "&anker x", "*anker", "*", "&", "!!str 1", "!!int x", "!!float nan",
    "!!python/object/apply:os.system ['true']", "!!binary aGVq", "!lokal x", "|", ">", "|-", "%YAML 1.2", "@x",
    "`x`", "---", "...", "? x", "<<: *a", "\t", "010190-1234", "Æble ø å", "ﬁ", "\u202eevil", "\u200b", "😀",
    "\ufeff", "\x00", "\x1b[31m", "\x85", "\u2028", "a\\nb", "<script>alert(1)</script>", "&amp;", "{{ site.title }}",
    "{% raw %}", "${HOME}", "%s%s%n", "A" * 300,
)
# Control characters are rare on purpose: PyYAML refuses them all alike (test_fuzz.py's KNOWN_SPLIT),
# so a common one would spend examples on the same refusal. TRICKY has a few.
LETTERS = st.characters(blacklist_categories=("Cs", "Cc"))
ODD_TEXT = st.one_of(
    st.text(LETTERS, max_size=40),
    st.text(st.sampled_from("\"':#-[]{}&*!|>%@`,? \t\\æøåÆØÅ\u00a0\u200b\u202e😀\r\n"), max_size=25),
    st.sampled_from(TRICKY),
    st.builds(lambda part, times: part * times, st.sampled_from(["x", "Æø ", "ord "]), st.integers(500, 20_000)),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10 ** 40), 10 ** 40), st.floats(), ODD_TEXT,
    st.dates(), st.datetimes(), st.sampled_from(TRICKY).map(Raw),
)
KEYS = st.one_of(st.sampled_from(["title", "date", "Title", "titel", "title ", "x", "<<", "", "1", "null", "true",
                                  "a:b", "#x", "-", "æøå", "note", "deadline", "name"]), st.text(LETTERS, max_size=8))


def _any_value(depth: int) -> st.SearchStrategy:
    """Scalars, lists and maps nested up to `depth` levels (half of them scalars at each level)."""
    if depth == 0:
        return SCALARS
    inner = _any_value(depth - 1)
    return st.one_of(SCALARS, st.one_of(st.lists(inner, max_size=3), st.lists(st.tuples(KEYS, inner), max_size=3)))


ANY_VALUE = _any_value(3)


def _clock(hour: int, minute: int, sep: str) -> str:
    return f"{hour:02d}{sep}{minute:02d}"


DATES = st.one_of(
    st.dates().map(lambda day: day.isoformat()),
    st.dates(),  # as a YAML date: PyYAML types it, the engine must still read the text
    st.sampled_from(["0001-01-01", "0001-01-07", "9999-12-31", "9999-12-25", "2016-02-29", "2015-02-29", "0000-00-00"]),
    st.tuples(st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
)
CLOCKS = st.one_of(
    st.builds(_clock, st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "."])),
    st.builds(_clock, st.integers(0, 99), st.integers(0, 99), st.sampled_from([":", ".", "-", ""])),
    st.builds(lambda h, m: Raw(f"{h}:{m:02d}"), st.integers(0, 30), st.integers(0, 70)),  # 17:00 unquoted: 1020
    st.integers(0, 5000),
)
MOMENTS = st.one_of(st.builds(lambda d, c, sep: f"{d}{sep}{c}", DATES.map(str), CLOCKS.map(str),
                              st.sampled_from([" ", "T", "  ", "t"])),
                    DATES, st.datetimes())
REFS = st.one_of(st.sampled_from(["raadhus", "anna", "borgermoede", "Borgermoede", "borgermøde", "ukendt", "",
                                  "../borgermoede", "borgermoede.md", "fuzz", "om-panelet", "et-tiltag"]), ODD_TEXT)
NUMBERS = st.one_of(st.integers(), st.floats(), st.decimals(allow_nan=True).map(str),
                    st.sampled_from(["62,5", "1.000", "1.000,5", "1e308", "1e-400", "-0", "nan", "inf", "½", "٣",
                                     "10" * 200, "0x10", "1_000", "", "ca. 7"]))
INTEGERS = st.one_of(st.integers(), st.integers(-3, 12), st.sampled_from(["1", "første", "1.5", "0x1", "٣", "-0"]))
LINKS = st.sampled_from([
    "https://example.org/", "http://example.org", "https://exa mple.org/", "https://", "//evil.example/", "/moeder/",
    "moeder/", "../../../etc/passwd", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "mailto:a@b.dk", "mailto:", "#", "", "x\" onerror=\"alert(1)",
    "https://example.org/\"><script>alert(1)</script>", "https://[::1", "https://ø.dk/æ?a=1&b=2#å", "file:///etc/passwd",
    "\\\\server\\share", "https://example.org/" + "a" * 3000,
])
EMAILS = st.one_of(st.sampled_from(["anna@example.org", "a@b", "@", "a@", "ikke en adresse", "a@b.dk\nBcc: c@d.dk",
                                    "<a@b.dk>", "æ@ø.dk", "\"a b\"@example.org"]), ODD_TEXT)
POSTAL = st.one_of(st.sampled_from(["4000", "0000", "99999", "400", "40 00", "DK-4000"]), st.integers(-1, 100_000))
DEADLINES = st.one_of(
    DATES, st.builds(lambda y, q: f"{y:04d}-Q{q}", st.integers(0, 9999), st.integers(0, 5)),
    st.integers(0, 99999).map(lambda y: f"{y:04d}"), st.just("ikke-fastsat"), st.integers(0, 99999),
)
PARTIAL_DATES = st.one_of(DATES, st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
                          st.integers(0, 99999).map(lambda y: f"{y:04d}"), st.integers(0, 99999))
BOOLS = st.one_of(st.booleans(), st.sampled_from(["yes", "no", "True", "ja", "nej", "1", 1, 0, Raw("on"), Raw("NO")]))


def plausible(kind) -> st.SearchStrategy:
    """A value of roughly the field's kind: valid, at the edges, or just wrong."""
    if isinstance(kind, kinds.ListOf):
        return st.one_of(st.lists(plausible(kind.item), max_size=4), plausible(kind.item))
    if isinstance(kind, kinds.Group):
        return group(kind.fields, {})
    if isinstance(kind, kinds.Choice):
        return st.one_of(st.sampled_from(kind.options), st.sampled_from(["ukendt", "I-GANG", "", "planlagt "]))
    return {
        kinds.Text: ODD_TEXT, kinds.Bool: BOOLS, kinds.Date: DATES, kinds.Time: CLOCKS, kinds.Moment: MOMENTS,
        kinds.Ref: REFS, kinds.Number: NUMBERS, kinds.Integer: INTEGERS, kinds.Email: EMAILS, kinds.Link: LINKS,
        kinds.PostalCode: POSTAL, kinds.DeadlineKind: DEADLINES, kinds.PartialDateKind: PARTIAL_DATES,
    }.get(type(kind), ODD_TEXT)  # a kind added later: text until it gets its own line here


@st.composite
def group(draw, fields, valid: dict) -> list[tuple[str, object]]:
    """A mapping as (key, value) pairs (a key may come twice): each field of `fields` keeps its valid
    value, gets a plausible or any value, or is left out; now and then an unknown key joins.

    How wild is drawn once per group, so that some files are nearly valid (and reach the templates)
    and some are far off; each field's fate is a number, so a failure shrinks towards the valid file."""
    keep = draw(st.sampled_from([19, 18, 16, 11]))  # a field keeps its valid value when its number <= keep
    pairs = []
    for field in fields:
        choice = draw(st.integers(0, 19))
        if choice <= keep:
            if field.name in valid:
                pairs.append((field.name, valid[field.name]))
        elif choice <= 16:
            pairs.append((field.name, draw(plausible(field.kind))))
        elif choice <= 18:
            pairs.append((field.name, draw(ANY_VALUE)))
        # 19: missing, required or not
    for _ in range(draw(st.integers(0, 3)) // 2):  # 0, 0, 1 or 1 unknown keys; a known one twice now and then
        key = draw(st.one_of(KEYS, st.sampled_from([f.name for f in fields]) if fields else KEYS))
        pairs.insert(draw(st.integers(0, len(pairs))), (key, draw(ANY_VALUE)))
    return pairs


# -- YAML text: safe_dump or our own writer ------------------------------------------------------

def _plain(value) -> object:
    """The tree as plain Python for yaml.safe_dump (pairs become dicts: repeated keys collapse)."""
    if isinstance(value, list) and value and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return {str(k): _plain(v) for k, v in value}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Raw):
        return str(value)
    return value


def _pairs(value) -> list | None:
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list) and value and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return value
    return None


@st.composite
def scalar_text(draw, value) -> str:
    """One scalar as YAML source: plain (may break the file or change type), quoted, or a block."""
    if isinstance(value, Raw):
        return str(value)
    if not isinstance(value, str):
        if value is None:
            return draw(st.sampled_from(["", "~", "null"]))
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    style = draw(st.integers(0, 4))
    if style == 0:  # as an editor would type it
        return value
    if style == 1:
        return json.dumps(value, ensure_ascii=draw(st.booleans()))  # a YAML double-quoted string, mostly
    if style == 2:
        return "'" + value.replace("'", "''") + "'"
    if style == 3:
        return '"' + value + '"'  # unescaped: quotes and backslashes inside break it
    return draw(st.sampled_from(["|", ">", "|-", ">+"])) + "\n" + "".join(
        "  " + line + "\n" for line in value.split("\n"))


@st.composite
def yaml_text(draw, value, indent: int = 0) -> str:
    """`value` (pairs, a list or a scalar) as YAML block text at `indent`, every line ending in a newline."""
    pad = " " * indent
    pairs = _pairs(value)
    if pairs is not None:
        if indent and draw(st.integers(0, 3)) == 0:  # flow style
            return pad + "{" + ", ".join(f"{k}: {draw(scalar_text(v)) if _pairs(v) is None and not isinstance(v, list) else '[]'}"
                                         for k, v in pairs) + "}\n"
        out = []
        for key, item in pairs:
            key_text = draw(scalar_text(key)) if draw(st.integers(0, 5)) == 0 else str(key)
            out.append(pad + key_text + ":" + draw(_after_colon(item, indent)))
        return "".join(out) or pad + "{}\n"
    if isinstance(value, list):
        if not value:
            return pad + "[]\n"
        if draw(st.integers(0, 2)) == 0 and all(_pairs(v) is None and not isinstance(v, list) for v in value):
            return pad + "[" + ", ".join(draw(scalar_text(v)) for v in value) + "]\n"
        out = []
        for item in value:
            out.append(pad + "-" + draw(_after_colon(item, indent)))
        return "".join(out)
    return pad + draw(scalar_text(value)).replace("\n", "\n" + pad) + "\n"


@st.composite
def _after_colon(draw, value, indent: int) -> str:
    if _pairs(value) is not None or (isinstance(value, list) and value):
        return "\n" + draw(yaml_text(value, indent + draw(st.sampled_from([2, 2, 4, 1]))))
    if isinstance(value, list):
        return " []\n"
    text = draw(scalar_text(value))
    if text.startswith(("|", ">")) and "\n" in text:  # a block: its lines indented under the key
        head, _, rest = text.partition("\n")
        return " " + head + "\n" + "".join(" " * indent + line + "\n" for line in rest.rstrip("\n").split("\n"))
    return (" " + text if text else "") + "\n"


@st.composite
def mapping_text(draw, pairs) -> str:
    """A top-level mapping (or anything) as YAML: safe_dump's, or ours."""
    if draw(st.booleans()):
        try:
            return yaml.safe_dump(_plain(pairs), allow_unicode=draw(st.booleans()), sort_keys=False,
                                  default_flow_style=draw(st.sampled_from([False, None, True])), width=draw(
                                      st.sampled_from([80, 10, 10_000])))
        except (yaml.YAMLError, TypeError, ValueError):
            pass  # e.g. a key of a type safe_dump cannot order; our writer takes it
    return draw(yaml_text(pairs))


# -- Markdown ----------------------------------------------------------------------------------

URLS = st.one_of(LINKS, st.sampled_from([
    "y\" onerror=\"alert(1)", "x' onload='alert(1)", "javascript:void(0)", " javascript:alert(1)", "&#106;avascript:x",
    "/moeder/borgermoede/", "../borgermoede/", "borgermoede", "#top", "/status/feed.xml", "%00", "a b", "<>", "()",
    "https://example.org/(x", "/" * 50, "http://example.org/" + "%" * 30,
]))
WORDS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(["Borgermøde", "kvalitet", "ÆØÅ æøå", "\u202edraw\u202c", "e\u0301", "😀👨‍👩‍👧", "ﷺ", "שלום", "𝔘𝔫𝔦",
                     "010190-1234", "tlf. 12 34 56 78", "her", "klik her", "læs mere", "&nbsp;", "&#0;", "&#x110000;",
                     "&bogus;", "\\*", "*", "**", "_", "__", "~~", "`", "``", "<", ">", "&", "|", "[", "]", "!", "\\",
                     "{{ x }}", "{% if %}", "<!--", "-->", "]]>", "\x00", "\x0b", "\r", "\t"]),
)


@st.composite
def inline(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 9))
        word = draw(WORDS)
        if kind <= 3:
            parts.append(word)
        elif kind == 4:
            parts.append(draw(st.sampled_from(["*{}*", "**{}**", "_{}_", "`{}`", "~~{}~~", "<{}>", "[^{}]"])).format(word))
        elif kind == 5:
            title = draw(st.sampled_from(["", ' "titel"', " 'x\" onmouseover=\"alert(1)'", ' "']))
            parts.append(f"[{word}]({draw(URLS)}{title})")
        elif kind == 6:
            parts.append(f"![{word}]({draw(URLS)})")
        elif kind == 7:
            parts.append(draw(st.sampled_from([
                "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
                "<b>fed", "</div>", "<iframe src=//evil>", "<style>*{}</style>", "<svg onload=alert(1)>",
                "<span style=\"x\">y</span>", "<br>", "<!-- kommentar", "<?php ?>", "<![CDATA[x]]>", "<details open>",
            ])))
        elif kind == 8:
            parts.append(f"<{draw(URLS)}>")
        else:
            parts.append(draw(st.sampled_from(["https://example.org/side", "www.example.org", "anna@example.org",
                                               "mailto:x@y.dk"])))
    return " ".join(parts)


@st.composite
def block(draw) -> str:
    kind = draw(st.integers(0, 11))
    if kind <= 2:
        return draw(inline())
    if kind == 3:
        return "#" * draw(st.integers(1, 7)) + draw(st.sampled_from([" ", "", "  "])) + draw(inline())
    if kind == 4:
        items = draw(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["- ", "* ", "1. ", "99999999999. ", "+ "]),
                                        inline()), min_size=1, max_size=5))
        return "\n".join(" " * depth + marker + text for depth, marker, text in items)
    if kind == 5:
        return "\n".join("> " * draw(st.integers(1, 3)) + draw(inline()) for _ in range(draw(st.integers(1, 3))))
    if kind == 6:
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        lang = draw(st.sampled_from(["", "python", "html", "<script>", "x\" onload=\"y"]))
        closed = draw(st.booleans())
        return f"{fence}{lang}\n{draw(WORDS)}\n{draw(inline())}" + (f"\n{fence}" if closed else "")
    if kind == 7:
        return "    " + draw(inline())
    if kind == 8:
        cols = draw(st.integers(1, 4))
        rows = [" | ".join(draw(inline()) for _ in range(draw(st.integers(0, 5))))
                for _ in range(draw(st.integers(0, 3)))]
        rule = "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:", "-"])) for _ in range(cols))
        return "| " + " | ".join(draw(WORDS) for _ in range(cols)) + " |\n|" + rule + "|\n" + "\n".join(
            f"| {row} |" for row in rows)
    if kind == 9:
        return draw(st.sampled_from(["---", "***", "___", "- - -", "...", "---\ntitle: igen\n---"]))
    if kind == 10:
        return draw(st.sampled_from([
            "<div>\n<script>alert(1)</script>\n</div>", "<table><tr><td>x</table>", "<!DOCTYPE html>",
            "<html><body onload=alert(1)>", "<h1>To titler</h1>", "<form action=/x><input name=cpr></form>",
            "<a name=top></a>", "<pre>\n  x\n</pre>", "</p></p></p>", "<textarea>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        ]))
    return draw(st.sampled_from(["[x]: javascript:alert(1)", "[x]: <> 'titel'", "[^1]: fodnote", "[x][x]", "[x][]",
                                 "x" * 20_000, ("ord " * 3000).strip(), "ÆØÅ" * 2000, "\u00a0" * 100, "  \n  \n"]))


@st.composite
def markdown(draw) -> str:
    blocks = draw(st.lists(block(), max_size=6))
    return "".join(text + draw(st.sampled_from(["\n\n", "\n", "\r\n", "\n\n\n"])) for text in blocks)


# -- whole files -------------------------------------------------------------------------------

@st.composite
def content_file(draw, kind: str) -> str | bytes:
    """A Markdown file of `kind`: its front matter (valid to random) between --- lines, then a body."""
    fields = COMMON + TYPE_FIELDS[kind]
    front = draw(mapping_text(draw(group(fields, VALID[kind]))))
    body = draw(markdown())
    frame = draw(st.integers(0, 12))
    if frame <= 7:
        text = f"---\n{front}---\n{body}"
    elif frame == 8:
        text = f"---\n{front}{body}"  # no closing line
    elif frame == 9:
        text = body  # no front matter at all
    elif frame == 10:
        text = f"---\n{front}...\n{body}"
    elif frame == 11:
        text = "\ufeff---\r\n" + front.replace("\n", "\r\n") + "---\r\n" + body
    else:
        text = draw(st.sampled_from(["", "---", "---\n", "---\n---\n", "---\n---\n---\n", "--- \ntitle: T\n---  \n",
                                     "---\n- title\n---\n", "---\ntitle\n---\n", "---\n\"title\": T\n---\n"]))
    encoding = draw(st.integers(0, 39))  # the odd ones in the middle: Hypothesis favours the ends
    if encoding == 20:
        return text.encode(draw(st.sampled_from(["utf-16", "latin-1", "cp1252"])), errors="replace")
    if encoding == 21:
        return draw(st.binary(max_size=200))
    return text


@st.composite
def data_file(draw) -> tuple[str, str | bytes]:
    """One of the four data files, its entries valid to random (keyfigures.yaml is new to the base site)."""
    name = draw(st.sampled_from(["site", "people", "venues", "keyfigures"]))
    fields = DATA_FIELDS[name]
    if name == "site":
        tree = draw(group(fields, BASE["data/site.yaml"]))
    elif name == "keyfigures":
        tree = draw(st.lists(group(fields, A_FIGURE), max_size=3))
    else:
        base = BASE[f"data/{name}.yaml"]
        ids = draw(st.lists(st.sampled_from([*base, "anna", "raadhus", "", "Æ", "1", "a b", "x:y"]), max_size=3))
        tree = [(key, draw(group(fields, base.get(key, {})))) for key in ids]
        if draw(st.integers(0, 9)) == 5:
            tree = draw(ANY_VALUE)  # a list, a scalar, anything at the top
    text = draw(mapping_text(tree)) if _pairs(tree) is not None or draw(st.booleans()) else draw(yaml_text(tree))
    if draw(st.integers(0, 29)) == 15:
        return f"data/{name}.yaml", draw(st.binary(max_size=100))
    return f"data/{name}.{draw(st.sampled_from(['yaml'] * 9 + ['yml']))}", text


FILE_NAMES = st.one_of(st.just("fuzz.md"), st.sampled_from(["Borgermøde.md", "ÆØÅ æøå.md", "a b#c.md", "---.md",
                                                            "ø.md", ".md", "x.MD", "x.markdown", "ikke-md.txt"]))
