"""Language: plain-language (klarsprog) figures and warnings for one page of Danish text.

Stage 5 (check). Imports: problems only; pure standard library. The caller
passes plain text (Markdown already reduced to words, line for line) and the
line where it starts in the file; every finding points at its own line.

Choices, in one place:

- A sentence ends at . ! ? or an ellipsis followed by whitespace and a capital
  letter or digit (opening quotes may come between), or by the end of the text.
  A blank line, a heading line, a list item and a table row always end a
  sentence. Inside a paragraph a line break ends one after terminal punctuation
  or a colon. When the text is not hard-wrapped (some line is longer than
  WRAPPED_WIDTH characters) every line break ends one, since each line is then
  a paragraph, a list item or a heading whose Markdown marks are gone.
- Abbreviations that need a following word (bl.a., f.eks., jf., kl., nr.,
  stk., s. ...) never end a sentence. Those that often close one (kr., mio.,
  osv., m.fl. ...) end it only before a capital letter: "koster 5 kr. Det er
  billigt" is two sentences, "62,5 mio. kr. til" one. A reader would split the
  same way; a proper noun straight after "kr." is the rare case we get wrong.
  A number of at most three digits followed by a dot is an ordinal ("1. januar",
  "3. sal", "1. 2. og 3. klasse") unless a capital follows; a lone capital
  letter with a dot is an initial ("A. B. Hansen").
- LIX = words/sentences + 100 * long words/words; a long word has more than 6
  letters (digits do not count). Warn above LIX_WARN (50), mention above
  LIX_MENTION (40); both messages start "LIX er".
- A sentence is long above LONG_SENTENCE_WORDS (25) words: Danish klarsprog
  advice aims at 15-20 on average and calls 25-30 long.
- Passive: an -es/-s form within two words after a modal verb or "der" ("skal
  behandles", "må ikke bruges", "der afholdes"), and a form of "blive" followed
  within two words by a past participle ("blev afholdt", "er blevet vurderet").
  Deponent verbs (findes, synes, lykkes, mødes ...) are never passive here.
  "mødes" is ambiguous ("Panelet mødes" = meet, "Børn skal mødes
  professionelt" = be met); we never flag it, preferring a missed passive to
  a false alarm.
- A sentence with DENSE_REFERENCES (3) or more of §, stk. and jf. is dense.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from sitegen.checks.sentences import collapse, is_long, lix_score, sentence_spans, word_pattern
from sitegen.core.problems import ADVICE, Problem

LIX_WARN = 50
LIX_MENTION = 40
LONG_SENTENCE_WORDS = 25
DENSE_REFERENCES = 3
QUOTED_WORDS = 8  # how many words of a sentence a message quotes

# --- words -----------------------------------------------------------------









# --- sentences -------------------------------------------------------------
















# --- LIX -------------------------------------------------------------------





def lix_label(score: float) -> str:
    """The usual Danish reading of a LIX score."""
    for limit, label in ((25, "meget let"), (35, "let"), (45, "middelsvær"), (55, "svær")):
        if score < limit:
            return f"{label} tekst"
    return "meget svær tekst"


# --- passive forms ---------------------------------------------------------

_MODALS = frozenset("skal kan vil må bør skulle kunne ville måtte burde".split())
_BLIVE = frozenset("blive bliver blev blevet".split())
_TRIGGERS = _MODALS | _BLIVE | {"der"}
_PUNCTUATION = re.compile(r"[^\w\s]")
_BEFORE_BLEVET = frozenset("er var har havde være været".split())
# Active meaning although they end in -s: never passive here.
_DEPONENTS = frozenset("""
    findes fandtes synes syntes lykkes lykkedes mislykkes mislykkedes mødes mødtes trives trivedes
    færdes færdedes enes enedes skændes skændtes længes længtes mindes mindedes slides sledes
    omgås omgåes undres undredes væmmes ældes kappes forliges behøves
""".split())
# End in -es but are no verb: pronouns, adverbs, nouns.
_NOT_VERBS = frozenset("""
    deres jeres vores hendes ens alles andres begges manges fleres hinandens des tres
    anderledes ligeledes således hvorledes fælles indbyrdes særdeles aldeles fremdeles
    forgæves hinsides hjemmes kommunes pres proces succes cases services
""".split())
_SHORT_S_PASSIVES = frozenset("ses fås nås slås sås gås".split())
# Ends like a participle but is an adverb, adjective or pronoun.
_NOT_PARTICIPLES = frozenset("""
    det et at meget godt lidt helt slet ret let kort sent tit tæt træt nødt flot nemt svært
    klart stort trygt sjovt rart hårdt smukt sikkert ofte direkte noget intet andet hvert sit mit
    dit først sidst bedst mest mindst størst værst højst tidligst normalt totalt generelt
    specielt formelt konkret trætte mætte lette rette korte flotte søde
""".split())
_PARTICIPLE_NOT_SUFFIXES = ("igt", "ligt", "ant", "est", "ste")
_DETERMINERS = frozenset("""
    en et den det de denne dette disse hver hvert enhver ethvert min mit mine din dit dine sin sit
    sine vores jeres deres hans hendes dens dets
""".split())


def _is_s_passive(word: str) -> bool:
    low = word.lower()
    if word[:1] != low[:1] or low in _DEPONENTS or low in _NOT_VERBS or not low.isalpha():
        return False
    return low in _SHORT_S_PASSIVES or (low.endswith("es") and len(low) >= 4)


def _is_participle(word: str) -> bool:
    low = word.lower()
    if word[:1] != low[:1] or low in _NOT_PARTICIPLES or low in _BLIVE or not low.isalpha():
        return False
    if low.endswith(_PARTICIPLE_NOT_SUFFIXES):
        return False
    return len(low) > 2 and low.endswith(("t", "ede", "te"))


def _passives(text: str, tokens: list[re.Match]) -> list[tuple[str, int]]:
    """Passive phrases among one sentence's words, as (phrase, offset)."""
    lows = [m.group().lower() for m in tokens]

    def joined(i: int, j: int) -> bool:  # no punctuation between tokens i and j
        return not _PUNCTUATION.search(text, tokens[i].end(), tokens[j].start())

    found: dict[int, int] = {}  # candidate index -> trigger index, nearest trigger wins
    for i, low in enumerate(lows):
        if low in _MODALS or low == "der":
            test = _is_s_passive
        elif low in _BLIVE:
            test = _is_participle
        else:
            continue
        for j in (i + 1, i + 2):
            if j >= len(tokens) or not joined(i, j):
                break
            if test(tokens[j].group()):
                if lows[j - 1] not in _DETERMINERS:  # "en kommunes": a genitive
                    found[j] = i
                break
    phrases = []
    for j, i in sorted(found.items()):
        if i > 0 and joined(i - 1, i) and (
            (lows[i] == "blevet" and lows[i - 1] in _BEFORE_BLEVET)
            or (lows[i] == "blive" and lows[i - 1] in _MODALS)
        ):
            i -= 1  # "er blevet vurderet", "vil blive behandlet"
        phrase = " ".join(text[tokens[i].start():tokens[j].end()].split())
        phrases.append((phrase, tokens[i].start()))
    return phrases


# --- references and stiff words ----------------------------------------------

# §, §§, stk. and jf. as whole words; opening with a character class keeps the scan fast.
_REFERENCE = re.compile(r"[§SsJj](?<![^\W_].)(?:(?<=§)§*|(?<=[Ss])[Tt][Kk]\.|(?<=[Jj])[Ff]\.)")

# (what the lower-cased text must contain, pattern, plainer alternative); the
# first pattern to claim a stretch of text wins, so longer phrases come first.
_STIFF_TABLE = (
    ("ovennævnt", r"ovennævnte?", "'det', 'den' eller 'den nævnte'"),
    ("fremsend", r"fremsend(?:e|er|es|t|te|else|elsen)", "'sende'"),
    ("henhold", r"i henhold til", "'efter' eller 'ifølge'"),
    ("iht.", r"iht\.", "'efter' eller 'ifølge'"),
    ("foretag", r"foretag(?:e|er|es|et|ede)\s+en\s+vurdering", "'vurdere'"),
    ("foretag", r"foretag(?:e|er|es|et|ede)", "'gøre' eller 'lave', eller et verbum: 'undersøge' for "
                                              "'foretage en undersøgelse'"),
    ("iværks", r"iværks(?:ætte|ætter|ættes|at|atte|ættelse|ættelsen)", "'sætte i gang' eller 'starte'"),
    ("vedr", r"vedrørende|vedr\.", "'om'"),
    ("såfremt", r"såfremt", "'hvis'"),
    ("idet", r"idet", "'fordi' eller 'da'"),
    ("endvidere", r"endvidere", "'også'"),
    ("herunder", r"(?<=,)\s*herunder", "'blandt andet'"),  # "listen herunder" is a position, not this
    ("jf.", r"jf\.", "'se'"),
    ("pågældende", r"pågældende", "'den' eller 'det', eller sig hvem eller hvad du mener"),
    ("forbindelse", r"i forbindelse med", "'ved' eller 'når'"),
    ("henblik", r"med henblik på", "'for at'"),
    ("modt", r"modt(?:age|ager|ages|aget|og)", "'få'"),
    ("anmod", r"anmod(?:e|er|es|et|ede)", "'bede om'"),
    ("tilkendeg", r"tilkendegiv(?:e|er|es|et|else)|tilkendegav", "'sige' eller 'fortælle'"),
    ("forefind", r"forefind(?:es|tes)", "'findes' eller 'er'"),
    ("fremadrettet", r"fremadrettet", "'fremover'"),
    ("og/eller", r"og/eller", "'eller'"),
    ("hvorvidt", r"hvorvidt", "'om'"),
    ("hvorefter", r"hvorefter", "'og så' eller 'derefter'"),
    ("nærværende", r"nærværende", "'denne' eller 'dette'"),
)
_STIFF = [(needle, re.compile(rf"(?<![^\W_])(?:{pattern})(?![^\W_])", re.IGNORECASE), plain)
          for needle, pattern, plain in _STIFF_TABLE]


def _stiff_words(text: str, lowered: str) -> list[tuple[str, str, int]]:
    """Stiff words as (phrase, plainer alternative, offset)."""
    found: list[tuple[str, str, int]] = []
    taken: list[tuple[int, int]] = []
    for needle, pattern, plain in _STIFF:
        if needle not in lowered:
            continue  # most pages have few stiff words: skip the regular expression
        for match in pattern.finditer(text):
            phrase = match.group().lstrip()
            start, end = match.end() - len(phrase), match.end()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append((" ".join(phrase.split()), plain, start))
    return sorted(found, key=lambda item: item[2])


# --- the report ------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class LanguageReport:
    lix: float
    sentence_count: int
    word_count: int
    long_word_count: int  # more than 6 letters
    long_sentences: tuple[tuple[str, int], ...]  # (sentence, words), above LONG_SENTENCE_WORDS
    passives: tuple[str, ...]  # "skal behandles", "blev afholdt"
    references: int  # §, stk. and jf. in the whole text
    dense_references: tuple[tuple[str, int], ...]  # (sentence, references), DENSE_REFERENCES or more
    stiff_words: tuple[str, ...]  # as written: "i henhold til", "ovennævnte"

    @property
    def references_per_100_words(self) -> float:
        return 100 * self.references / self.word_count if self.word_count else 0.0


@dataclass(frozen=True)
class _Located:
    """What the report says, with the offset of each finding in the text."""
    report: LanguageReport
    long_sentences: tuple[tuple[str, int, int], ...]  # (sentence, words, offset)
    passives: tuple[tuple[str, int], ...]
    dense_references: tuple[tuple[str, int, int], ...]
    stiff_words: tuple[tuple[str, str, int], ...]


def analyse(text: str) -> LanguageReport:
    """LIX, sentence and word counts, long sentences, passives, references and stiff words."""
    return _locate(text).report


@functools.lru_cache(maxsize=8)  # the build asks for lix() and the findings of the same page
def lix(text: str) -> float:
    """Words per sentence + percentage of long words; 0.0 for a text without words."""
    return _locate(text).report.lix


def _locate(text: str) -> _Located:
    spans = sentence_spans(text)
    pattern = word_pattern(text)
    lowered = text.lower()
    references = [m.start() for m in _REFERENCE.finditer(text)] if (
        "§" in text or "stk." in lowered or "jf." in lowered) else []
    word_count = long_words = 0
    long_sentences, dense, passives = [], [], []
    for start, end in spans:
        own = pattern.findall(text, start, end)
        word_count += len(own)
        long_words += sum(1 for word in own if len(word) > 6 and is_long(word))  # most words are short: no call
        if len(own) > LONG_SENTENCE_WORDS:
            long_sentences.append((collapse(text, start, end), len(own), start))
        refs = bisect.bisect_left(references, end) - bisect.bisect_left(references, start)
        if refs >= DENSE_REFERENCES:
            dense.append((collapse(text, start, end), refs, start))
        if not _TRIGGERS.isdisjoint(map(str.lower, own)):
            passives += _passives(text, list(pattern.finditer(text, start, end)))
    stiff = _stiff_words(text, lowered)
    report = LanguageReport(
        lix=lix_score(word_count, long_words, len(spans)),
        sentence_count=len(spans),
        word_count=word_count,
        long_word_count=long_words,
        long_sentences=tuple((s, n) for s, n, _ in long_sentences),
        passives=tuple(phrase for phrase, _ in passives),
        references=len(references),
        dense_references=tuple((s, n) for s, n, _ in dense),
        stiff_words=tuple(phrase for phrase, _, _ in stiff),
    )
    return _Located(report, tuple(long_sentences), tuple(passives), tuple(dense), tuple(stiff))


# --- findings for editors ----------------------------------------------------

_NEWLINE = re.compile("\n")
_LIX_FIX = "skriv kortere sætninger (15-20 ord) og brug kortere ord; sigt efter en LIX under 40"
_LIX_MENTION_FIX = "teksten bliver lettere at læse med kortere sætninger og kortere ord"
_PASSIVE_FIX = "skriv, hvem der gør hvad, fx 'vi behandler din sag' i stedet for 'din sag skal behandles'"
_LONG_FIX = "del den op i kortere sætninger med én pointe i hver; sigt efter 15-20 ord"
_DENSE_FIX = "forklar reglen med almindelige ord, og nævn paragraffen kun én gang, fx til sidst i en parentes"


def language_findings(path: str, text: str, line: int) -> list[Problem]:
    """Warnings for one page whose text starts at `line`; LIX 40-50 comes as a mention."""
    located = _locate(text)
    score = located.report.lix

    breaks = [m.start() for m in _NEWLINE.finditer(text)]

    def at(offset: int) -> int:
        return line + bisect.bisect_left(breaks, offset)

    found: dict[tuple[int, str], tuple[int, int, Problem]] = {}  # one finding per line and wording

    def add(rank: int, offset: int, message: str, fix: str) -> None:
        key = (at(offset), message.lower())
        if key not in found:
            problem = Problem(path=path, line=key[0], field="", message=message, fix=fix, level=ADVICE)
            found[key] = (rank, offset, problem)

    if score > LIX_MENTION:  # compared unrounded, as the issue says "above 50"
        fix = _LIX_FIX if score > LIX_WARN else _LIX_MENTION_FIX
        shown = int(score + 0.5)
        add(0, 0, f"LIX er {shown} ({lix_label(shown)})", fix)
    for sentence, count, offset in located.long_sentences:
        add(1, offset, f"lang sætning med {count} ord: '{_opening(sentence)}'", _LONG_FIX)
    for sentence, count, offset in located.dense_references:
        add(2, offset, f"{count} henvisninger til §, stk. og jf. i én sætning: '{_opening(sentence)}'",
            _DENSE_FIX)
    for phrase, offset in located.passives:
        add(3, offset, f"passiv form: '{phrase}'", _PASSIVE_FIX)
    for phrase, plain, offset in located.stiff_words:
        kind = "stift udtryk" if " " in phrase or "/" in phrase else "stift ord"
        add(3, offset, f"{kind}: '{phrase}'", f"skriv hellere {plain}")
    # In reading order: by line, the page's figures first, then as the words come.
    return [problem for _, _, problem in sorted(found.values(), key=lambda f: (f[2].line, f[0], f[1]))]


def is_mention(problem: Problem) -> bool:
    """A LIX figure between LIX_MENTION and LIX_WARN: information, not a warning."""
    return problem.message.startswith("LIX er") and problem.fix == _LIX_MENTION_FIX


def _opening(sentence: str) -> str:
    """The first QUOTED_WORDS words of a sentence, with an ellipsis if there are more."""
    parts = sentence.split()
    if len(parts) <= QUOTED_WORDS:
        return sentence
    return " ".join(parts[:QUOTED_WORDS]) + " \u2026"
