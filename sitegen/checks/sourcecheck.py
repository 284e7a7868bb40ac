"""Source checks: accessibility mistakes an editor can see in their own Markdown.

Stage: check, on the Markdown bodies before rendering (so each warning points
at the editor's file and line). Imports: problems. Standard library only.

Rules: images without alt text; heading levels that are skipped (the page title
is the only h1, so a body starts at ##); link texts that say nothing on their
own ("her", "læs mere", a bare web address); references to a position on the
page ("til højre", "nedenfor"); tables without a header row; raw HTML, which the
page shows as text (render/markup.py), so a pasted <iframe> appears as code on the
public page: only a tag of an HTML element (`<div>`, `</p>`, `<a href=...>`, `<br/>`)
or a comment counts, never a `<` in prose ("5 < 7", "<3"), an autolink (<https://...>)
or a word in angle brackets that names no element ("<tekst>"). Text in fenced
code blocks, indented code blocks and in `code spans` is ignored.

`address_findings` (blocks publishing, gates.py): a link or image whose address holds a
quote beside a space, a `"` or `< >` (`![x](x" onerror="...)`, `[r]: y"onclick="a`), which the
page shows as text or without its address (render/markup.py). A web address in running text
counts as a bare URL when it has http(s):// or a path; "www.lejre.dk" alone is
how Danish texts name the site itself ("Udvikling af www.lejre.dk").

"herunder" also means "including" ("alle tiltag, herunder de nye"), so it only
counts as a position when followed by a colon, at the end of a line, right
after a verb of seeing or finding ("se herunder", "kan du finde dem herunder")
or right before one ("Herunder kan du se ...", "Herunder finder du ...").
"""
from __future__ import annotations

import bisect
import re

from sitegen.core.problems import WARNING, Problem

VAGUE_LINK_TEXTS = frozenset({
    "her", "klik her", "tryk her", "se her", "læs her", "læs mere", "læs mere her", "se mere", "mere",
    "link", "linket", "klik", "klik på linket", "dette link",
})
LINK_TEXT_FIX = "skriv i linkteksten, hvor linket fører hen, fx [Referat af mødet 5. oktober](...)"
POSITION_FIX = ("skriv navnet på afsnittet, eller link til det; skærmlæsere og mobiler viser ikke, "
                "hvad der står til højre eller nedenfor")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_MASK = "\x1a"  # stands in for code: not a letter, a digit, a space or Markdown
_ATX = re.compile(r"^(#{1,6})(.*?)#*\s*$")  # Python-Markdown needs no space after the #s
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_LIST_OR_QUOTE = re.compile(r"^\s*([-*+>]|\d+[.)])(\s|$)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")

_DESTINATION = r"\(\s*<?[^()\s>]*(?:\([^()\s]*\)[^()\s>]*)*>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
_IMAGE = re.compile(r"!\[([^\[\]]*)\](?:" + _DESTINATION + r"|\[[^\[\]]*\])")
_LINK_DESTINATION = re.compile(r"\]" + _DESTINATION)
# Each pattern starts with a literal, and looks behind only after it: the regex engine then jumps
# from "[" to "[" (a leading lookbehind made these checks 5-10 times slower).
_INLINE_LINK = re.compile(r"\[(?<![!\\]\[)([^\[\]]*)\]" + _DESTINATION)
_REFERENCE_LINK = re.compile(r"\[(?<![!\\\]]\[)([^\[\]]+)\](?:\[([^\[\]]*)\])?(?![(:])")
_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]]+)\]:.*$", re.M)
_AUTOLINK = re.compile(r"<((?:https?://|www\.)[^>\s]+)>", re.I)
# A web address in running text: with http(s)://, or www. with a path ("www.lejre.dk" alone names the site).
_BARE_URL = re.compile(r"(?:https?://[^\s<>()\[\]]+|www\.[^\s<>()\[\]/]+/[^\s<>()\[\]]*)(?<![.,;:!?\"'])", re.I)
_URL_GLUED = re.compile(r"[\w/@.]")  # a URL right after these is part of something else
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.I)
_TRIM = " \t\n*_~\"'.,;:!?…»«„“”()"

HTML_FIX = "skriv teksten i Markdown; et link skrives [tekst](adresse); en video eller et kort kan ikke sættes ind"
# HTML's elements, and the old ones pasted from other programs (font, center, o:p from Word).
_ELEMENTS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|big|blink|blockquote|body|br|button|canvas|caption|"
    "center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|"
    "figure|font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|"
    "link|main|map|mark|marquee|menu|meta|meter|nav|nobr|noscript|object|ol|optgroup|option|output|p|param|picture|"
    "pre|progress|q|rp|rt|ruby|s|samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|"
    "svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr|o:p")
_TAG = re.compile(r"<(/?)(" + _ELEMENTS + r")(?=[\s/>])(?:\s[^<>]*)?/?>|<!--", re.I)
_INDENTED = re.compile(r"^(?: {4}|\t)")
ADDRESS_FIX = ('skriv kun adressen i ( ), fx [tekst](adresse); en titel står i anførselstegn efter et '
               'mellemrum: ![Kort over vejen](kort.png "Kort")')
_LINK_START = re.compile(r"(!?)\[[^\[\]\n]*\]\(")
# What render/markup.py takes as a link's address and title (one level of parentheses in the address).
_GOOD_DESTINATION = re.compile(r"""\(\s*(?:<[^<>"\n]*>|[^\s"<>()]*(?:\([^\s"<>()]*\)[^\s"<>()]*)*)"""
                               r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)""")
_BROKEN = re.compile(r"""["<>]|'\s|\s'""")
_DEFINITION_ADDRESS = re.compile(r"^ {0,3}\[[^\[\]]+\]:[ \t]*(\S+)", re.M)

POSITION_WORDS = ("højre", "venstre", "nedenfor", "ovenfor", "herover", "herunder", "boksen", "kolonnen")
_POSITION = re.compile(
    r"(?<!\w)(?:(?:i\s+)?boksen\s+til\s+(?:højre|venstre)|til\s+(?:højre|venstre)|nedenfor|ovenfor|herover"
    r"|i\s+boksen|i\s+kolonnen|i\s+(?:højre|venstre)\s+(?:side|kolonne|spalte))(?!\w)",
    re.I)
_HERUNDER = re.compile(r"(?<!\w)herunder(?!\w)", re.I)
_SEEING_BEFORE = re.compile(
    r"(?<!\w)(?:se|ses|ser|finde|finder|findes|læse|læs|læses|står|vist|vises|nævnt|listet|oplistet|fremgår)"
    r"(?:\s+\w+){0,2}\s+$", re.I)
_SEEING_AFTER = re.compile(r"^\s+(?:kan|finder|ser|ses|står|er|vises|følger|kommer|fremgår|findes|læser)(?!\w)",
                           re.I)


def markdown_findings(path: str, body: str, body_line: int) -> list[Problem]:
    """Warnings about one Markdown body, which starts at line `body_line` of `path`."""
    lines = body.split("\n")
    if "`" in body or "~~~" in body:
        lines = _mask_code(lines)
    text = "\n".join(lines)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[tuple[int, str, str]] = []  # (index of the body line, message, fix)
    found += _heading_findings(lines)
    found += _table_findings(lines)
    if "<" in text:
        html, text = _html_findings(lines, text, starts)  # the tags blanked: their addresses are no bare URLs
        found += html
    found += _link_findings(text, starts)
    found += _position_findings(text, starts)
    problems = [Problem(path=path, line=body_line + index, field="", message=message, fix=fix, level=WARNING)
                for index, message, fix in found]
    return sorted(problems, key=Problem.sort_key)


def _mask_code(lines: list[str]) -> list[str]:
    """Fenced code blocks become empty lines, code spans become filler of the same length."""
    masked, fence = [], None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = None
            masked.append("")
        elif opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end():]):
            fence = opening.group(1)
            masked.append("")
        else:
            masked.append(_CODE_SPAN.sub(lambda m: _MASK * len(m.group(0)), line) if "`" in line else line)
    return masked


def _heading_findings(lines: list[str]) -> list[tuple[int, str, str]]:
    found = []
    previous = 1  # the page title
    candidates = [i for i, line in enumerate(lines) if line[:1] == "#" or line[:1] in ("=", "-") and i > 0]
    for index in sorted({i if lines[i][:1] == "#" else i - 1 for i in candidates}):
        level, title = _heading(lines, index)
        if not level:
            continue
        if level == 1:
            found.append((index, f'overskriften "{title}" er overskrift 1, men det er sidens titel allerede',
                          "skriv ## foran overskriften (og ### foran dens underoverskrifter)"))
        elif level > previous + 1:
            after = "lige efter sidens titel" if previous == 1 else f"efter en overskrift med {'#' * previous}"
            found.append((index, f'overskriften "{title}" springer et niveau over ({"#" * level} {after})',
                          f"skriv {'#' * (previous + 1)} foran overskriften, så niveauerne følger hinanden"))
        previous = level
    return found


def _heading(lines: list[str], index: int) -> tuple[int, str]:
    """(level, text) when line `index` is a heading ("## x", or "x" underlined by === or ---), else (0, "")."""
    line = lines[index]
    atx = _ATX.match(line)
    if atx:
        return len(atx.group(1)), atx.group(2).strip()
    if index + 1 < len(lines) and _SETEXT.match(lines[index + 1]) and line.strip() \
            and (index == 0 or not lines[index - 1].strip()) and not line.startswith(("    ", "\t")) \
            and not _LIST_OR_QUOTE.match(line) and "|" not in line:
        return (1 if lines[index + 1].startswith("=") else 2), line.strip()
    return 0, ""


def _table_findings(lines: list[str]) -> list[tuple[int, str, str]]:
    """Pipe tables need a header row: a row of column titles and a |---| line under it."""
    if not any("|" in line for line in lines):
        return []
    separators = {i for i, line in enumerate(lines) if "|" in line and _TABLE_SEPARATOR.match(line)}
    rows = {i for i, line in enumerate(lines) if line.lstrip().startswith("|")}
    rows |= separators | {i - 1 for i in separators if i > 0 and "|" in lines[i - 1] and lines[i - 1].strip()}
    found, index = [], 0
    while index < len(lines):
        if index not in rows:
            index += 1
            continue
        start = index
        while index in rows:
            index += 1
        block = range(start, index)
        separator = next((i for i in block if i in separators), None)
        if separator is None:
            if len(block) > 1 or lines[start].count("|") >= 2:
                found.append((start, "tabellen har ingen overskriftsrække",
                              "skriv kolonnernes overskrifter i første række og en linje som |---|---| under den, "
                              "så skærmlæsere kan læse tabellen"))
        elif separator == start:
            found.append((start, "tabellen har ingen overskriftsrække (linjen med |---| står øverst)",
                          "skriv en række med kolonnernes overskrifter over linjen med |---|"))
        elif not any(cell.strip() for cell in lines[separator - 1].strip().strip("|").split("|")):
            found.append((separator - 1, "tabellens overskriftsrække er tom",
                          "skriv en overskrift i hver kolonne i første række"))
    return found


def _link_findings(text: str, starts: list[int]) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    labels = {_label(m.group(1)) for m in _DEFINITION.finditer(text)} if "]:" in text else set()
    for match in _IMAGE.finditer(text):
        if not match.group(1).strip():
            found.append((_line(starts, match.start()), f"et billede mangler alternativ tekst ({match.group(0)})",
                          "skriv i [ ], hvad billedet viser, fx ![Kort over vejen til Allerslev Rådhus](kort.png)"))
    references = [m for m in _REFERENCE_LINK.finditer(text) if _label(m.group(2) or m.group(1)) in labels]
    links = [(m.start(), m.group(1)) for m in _INLINE_LINK.finditer(text)]
    links += [(m.start(), m.group(1)) for m in references]
    links += [(m.start(), m.group(1)) for m in _AUTOLINK.finditer(text)]
    for offset, link_text in links:
        said = _words(link_text)
        if _URL_TEXT.fullmatch(said.strip(_TRIM)):
            found.append((_line(starts, offset), f'linkteksten er en bar webadresse ("{said}")', LINK_TEXT_FIX))
        elif said.strip(_TRIM).lower() in VAGUE_LINK_TEXTS:
            found.append((_line(starts, offset), f'linkteksten "{said}" siger ikke, hvor linket fører hen',
                          LINK_TEXT_FIX))
    lower = text.lower()
    if "http" not in lower and "www." not in lower:
        return found
    prose = list(text)  # without links, images and definitions: what is left is running text
    spans = [*references, *(m for pattern in (_DEFINITION, _IMAGE, _INLINE_LINK, _AUTOLINK)
                            for m in pattern.finditer(text))]
    for match in spans:
        prose[match.start():match.end()] = _blank(match)
    prose = "".join(prose)
    for match in _BARE_URL.finditer(prose):
        if match.start() and _URL_GLUED.match(prose, match.start() - 1):
            continue
        url = match.group(0)
        address = url if "://" in url else "https://" + url
        found.append((_line(starts, match.start()), f'en webadresse står som bar tekst ("{url}")',
                      "lav den til et link, der siger, hvor det fører hen, "
                      f"fx [Referat af mødet 5. oktober]({address})"))
    return found


def address_findings(path: str, body: str, body_line: int) -> list[Problem]:
    """Links and images whose address is broken (quotes, < >), one finding a line; code is left out."""
    if "](" not in body and "]:" not in body:
        return []
    lines = body.split("\n")
    lines = _mask_code(lines) if "`" in body or "~~~" in body else lines
    code = _indented_code(lines)
    text = "\n".join(" " * len(line) if index in code else line for index, line in enumerate(lines))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict[int, tuple[str, str]] = {}
    for match in _LINK_START.finditer(text):
        opening = match.end() - 1
        if _GOOD_DESTINATION.match(text, opening):
            continue
        line_end = text.find("\n", opening)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find(")", opening, line_end)
        end = line_end if close < 0 else close + 1
        if _BROKEN.search(text, opening, end):
            found.setdefault(_line(starts, match.start()), ("Billedet" if match.group(1) else "Linket",
                                                            text[match.start():end]))
    for match in _DEFINITION_ADDRESS.finditer(text):
        address = match.group(1)
        if _BROKEN.search(address[1:-1] if address.startswith("<") and address.endswith(">") else address):
            found.setdefault(_line(starts, match.start()), ("Linket", match.group(0).strip()))
    return [Problem(path=path, line=body_line + index, field="", fix=ADDRESS_FIX, level=WARNING,
                    message=f"{what} virker ikke, fordi adressen indeholder et anførselstegn eller < > "
                            f"({_words(snippet)[:80]}); siden viser det som tekst")
            for index, (what, snippet) in sorted(found.items())]


def _indented_code(lines: list[str]) -> set[int]:
    """Lines of indented code blocks: indented 4 spaces or a tab, after a blank line or another such line."""
    code, blank = set(), True
    for index, line in enumerate(lines):
        if _INDENTED.match(line) and (blank or index - 1 in code):
            code.add(index)
        blank = not line.strip()
    return code


def _html_findings(lines: list[str], text: str, starts: list[int]) -> tuple[list[tuple[int, str, str]], str]:
    """Tags of HTML elements and comments, one finding a line, and `text` with them blanked.

    Indented code blocks (after a blank line) are left out; fenced code and code spans are masked already.
    """
    code = _indented_code(lines)
    scanned = "\n".join(" " * len(line) if index in code else line for index, line in enumerate(lines))
    found: dict[int, str] = {}
    blanked = list(text)
    for match in _TAG.finditer(scanned):
        tag = "<!-- -->" if match.group(0) == "<!--" else f"<{match.group(1)}{match.group(2).lower()}>"
        found.setdefault(_line(starts, match.start()), tag)
        blanked[match.start():match.end()] = _blank(match)
    return ([(index, f"HTML i teksten bliver vist som tekst, ikke som HTML ({tag})", HTML_FIX)
             for index, tag in found.items()], "".join(blanked) if found else text)


def _position_findings(text: str, starts: list[int]) -> list[tuple[int, str, str]]:
    """'til højre', 'nedenfor' ...: positions that screen readers and narrow screens do not show."""
    lower = text.lower()
    if not any(word in lower for word in POSITION_WORDS):
        return []
    prose = _DEFINITION.sub(_blank, text) if "]:" in text else text
    prose = _LINK_DESTINATION.sub(_blank, prose) if "](" in prose else prose  # keep link texts, drop addresses
    hits = [(m.start(), m.end()) for m in _POSITION.finditer(prose)]
    hits += [(m.start(), m.end()) for m in _HERUNDER.finditer(prose) if _herunder_is_position(prose, m)]
    phrases: list[list[int]] = []
    for start, end in sorted(hits):
        if phrases and not prose[phrases[-1][1]:start].strip(" \t"):  # "i boksen til højre": one phrase
            phrases[-1][1] = max(phrases[-1][1], end)
        else:
            phrases.append([start, end])
    return [(_line(starts, start), f'teksten henviser til en placering på siden ("{_words(prose[start:end])}")',
             POSITION_FIX) for start, end in phrases]


def _herunder_is_position(prose: str, match: re.Match) -> bool:
    line_end = prose.find("\n", match.end())
    after = prose[match.end(): len(prose) if line_end < 0 else line_end]
    line_start = prose.rfind("\n", 0, match.start()) + 1
    before = prose[line_start: match.start()]
    return (after.lstrip().startswith(":") or not after.strip(" \t.!:") or _SEEING_BEFORE.search(before) is not None
            or _SEEING_AFTER.match(after) is not None)


def _blank(match: re.Match) -> str:
    """The same number of characters and line breaks, without the text."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _words(text: str) -> str:
    """Text on one line with single spaces, as quoted in a message."""
    return " ".join(text.split())


def _label(text: str) -> str:
    return _words(text).lower()


def _line(starts: list[int], offset: int) -> int:
    """Index of the body line that holds `offset`."""
    return bisect.bisect_right(starts, offset) - 1
