"""Words, sentences and LIX of Danish plain text: the counting under the plain-language checks.

The rules for where a sentence ends, and what a word and a long word are, are written
at the top of language.py, which uses these. Pure standard library.
"""
from __future__ import annotations

import re

WRAPPED_WIDTH = 100  # longer lines: the text is not hard-wrapped, so every line break ends a sentence


# Lejre-området, 62,5, 17.00-18.30, and bl.a, f.eks, m.fl (a dot before 1-3 letters and a dot).
_PLAIN_WORD = r"[^\W_]+(?:(?:[-\u2010]|(?<=\d)[.,:\u2013](?=\d)|\.(?=[^\W\d_]{1,3}\.))[^\W_]+)*"


_WORD = re.compile(_PLAIN_WORD)


_WORD_OR_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]*[^\s<>\"'().,;:!?]"  # URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|" + _PLAIN_WORD  # e-mail address, word
)


def words(text: str) -> list[str]:
    """The words: letters and digits; hyphenated words, numbers, URLs and e-mail addresses are one word."""
    return word_pattern(text).findall(text)


def word_pattern(text: str) -> re.Pattern:
    """The faster pattern when the text has no address in it (it would split one into words)."""
    return _WORD_OR_ADDRESS if ("@" in text or "www." in text or "://" in text) else _WORD


def is_long(word: str) -> bool:
    return len(word) > 6 and (word.isalpha() or sum(ch.isalpha() for ch in word) > 6)


# Need a following word, so never end a sentence.
_CONTINUE = frozenset("""
    bl.a. f.eks. jf. dvs. d.v.s. ca. kl. nr. pkt. stk. evt. inkl. ekskl. hhv. iflg. vedr.
    pga. mht. ift. iht. s. tlf. ang. d. f. el. hr. fr. dr. pr. gl. fhv. kap. att. adr.
    ref. vs. cf. bl. max. maks. nb.
""".split())


# Often close a sentence: end it only before a capital letter.
_CAN_END = frozenset("""
    osv. mv. m.v. m.fl. mfl. m.m. mm. o.l. e.l. o.a. etc. mio. mia. kr. pct. min. ff.
    jan. feb. apr. aug. sep. sept. okt. nov. dec.
""".split())


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+\u2022\u00b7\u2013]|\d{1,3}[.)])[ \t]+(?=\S)")


_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")


_TABLE_ROW = re.compile(r"[ \t]*\|")


_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*(?=\s|$)")


_NEXT = re.compile(r"\s*[\"'\u201c\u201d\u201e\u00bb\u00ab\u2018\u2019(\[]*(\S?)")


_TOKEN_BEFORE = re.compile(r"[^\s\"'\u201c\u201d\u201e\u00bb\u00ab\u2018\u2019(\[]*$")


_HAS_WORD = re.compile(r"[^\W_]")


def split_sentences(text: str) -> list[str]:
    """Danish prose -> sentences, whitespace collapsed, Markdown list and heading marks left out."""
    return [collapse(text, start, end) for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end in _blocks(text):
        spans += _split_block(text, start, end)
    return [(s, e) for s, e in spans if _HAS_WORD.search(text, s, e)]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, list items, headings and table rows as (start, end) offsets."""
    unwrapped = any(len(line) > WRAPPED_WIDTH for line in text.splitlines())
    blocks: list[list[int]] = []
    open_block = False
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start, end = offset, offset + len(body)
        offset += len(line)
        if not body.strip():
            open_block = False
            continue
        marker = _HEADING.match(body) or _LIST_ITEM.match(body) or _TABLE_ROW.match(body)
        if marker or unwrapped or not open_block:
            blocks.append([start + (marker.end() if marker else 0), end])
            # A heading or table row stands alone; a list item may go on over lazy lines.
            open_block = not unwrapped and not (marker and marker.re is not _LIST_ITEM)
        else:
            blocks[-1][1] = end
        if body.rstrip().endswith(":"):
            open_block = False  # "Forældrene efterspørger:" introduces what follows
    return [(s, e) for s, e in blocks]


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    begin = start
    for match in _END.finditer(text, start, end):
        if _ends_sentence(text, match, end):
            spans.append((begin, match.end()))
            begin = match.end()
    spans.append((begin, end))
    return [_strip(text, s, e) for s, e in spans]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(text: str, match: re.Match, end: int) -> bool:
    """Does the . ! ? or ellipsis matched here close a sentence?"""
    rest = _NEXT.match(text, match.end(), end)
    following = rest.group(1)
    if not following:
        return True  # end of the block
    line_break = "\n" in text[match.end():rest.start(1)]
    capital = following.isupper()
    digit = following.isdigit()
    mark = match.group().rstrip("\"'\u201d\u2019\u00bb)]")
    if "..." in mark or "\u2026" in mark:
        return capital or line_break
    if mark != ".":
        return capital or digit or line_break
    token = _TOKEN_BEFORE.search(text, max(0, match.start() - 40), match.start()).group()
    key = token.lower() + "."
    if key in _CONTINUE:
        return False
    if key in _CAN_END:
        return capital or line_break
    if token.isdigit() and len(token) <= 3:
        return capital  # an ordinal: "1. januar", "1.\njanuar", "1. 2. og 3. klasse"
    if len(token) == 1 and token.isupper():
        return False  # an initial: "A. B. Hansen"
    return capital or digit or line_break


def lix_score(word_count: int, long_words: int, sentences: int) -> float:
    if not word_count:
        return 0.0
    return word_count / max(sentences, 1) + 100 * long_words / word_count


def collapse(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())
