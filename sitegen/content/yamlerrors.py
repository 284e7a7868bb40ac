"""YAML errors said so an editor can fix them: the line to fix, the field, a Danish reason and a fix.

load.py hands over PyYAML's error (anything with `problem`, `context`, `problem_mark` and
`context_mark`, as MarkedError has) and the text; nothing here imports PyYAML.
"""
from __future__ import annotations

import re
from typing import Any, Protocol


class MarkedError(Protocol):
    """What is read of PyYAML's MarkedYAMLError."""

    problem: str | None
    context: str | None
    problem_mark: Any
    context_mark: Any


def _yaml_reason(error: MarkedError, text: str) -> str:
    """PyYAML's reason, with the commonest ones said in Danish (libyaml words some of them otherwise)."""
    reason = (error.problem or error.context or "ukendt fejl").strip()
    mark = error.problem_mark
    if reason == "found character that cannot start any token" and mark is not None:  # libyaml does not name it
        lines = text.split("\n")
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            reason = "found character '\\t' that cannot start any token"
    known = {
        "mapping values are not allowed here": "et kolon står et sted, hvor YAML ikke venter det",
        "mapping values are not allowed in this context": "et kolon står et sted, hvor YAML ikke venter det",
        "could not find expected ':'": "der mangler et kolon efter et feltnavn",
        "found character '\\t' that cannot start any token": "der er brugt tabulator til indrykning",
        "found a tab character that violates indentation": "der er brugt tabulator til indrykning",
        "expected <block end>, but found": "indrykningen passer ikke",
        "did not find expected '-' indicator": "indrykningen passer ikke",
        "did not find expected <document start>": "indrykningen passer ikke",
        "expected '<document start>'": "indrykningen passer ikke",
        "did not find expected ',' or ']'": "en liste i [ ] bliver ikke lukket med ]",
        "expected ',' or ']'": "en liste i [ ] bliver ikke lukket med ]",
        "did not find expected key": "indrykningen passer ikke",
        "found unexpected end of stream": "anførselstegn eller parentes bliver ikke lukket",
    }
    for english, danish in known.items():
        if reason.startswith(english):
            return danish
    return reason


# Where a YAML error is, and what is wrong, said so an editor can fix it
#
# PyYAML gives two marks. problem_mark is where the parser gave up: the first
# token that no longer fits, often on the line after the mistake (a block whose
# first line is indented wrong sets the indentation, so the next, correct line
# is the one that "does not fit"). context_mark is where the construct it was
# parsing began: for a block mapping that is its first line (often line 1, no
# help), but for "while scanning a quoted scalar" or "a simple key" it is the
# very line to fix. So the line is chosen here from both marks and the text.
_GENERIC_FIX = ("tjek indrykningen og at der står mellemrum efter kolon; sæt tekst med kolon, # eller "
                "anførselstegn i anførselstegn, fx title: \"Møde: status\"")


_INDENT_FIX = ("felter i samme gruppe skal stå lige under hinanden, og felter under et andet felt rykkes to "
               "mellemrum længere ind end det; brug mellemrum, ikke tabulator")


_INDENT_REASONS = ("did not find expected key", "mapping values are not allowed", "did not find expected '-' indicator",
                   "expected <block end>", "did not find expected <document start>", "expected '<document start>'")


# A line's start: indentation and list dashes, then maybe `key:`, then the value.
_LINE = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)*)(?:(?P<key>[^\s\"'#:\-][^:#]*?)[ ]*:(?=\s|$))?[ ]*(?P<value>.*)")


def yaml_error(error: MarkedError, text: str, line_offset: int) -> tuple[int, str, str, str]:
    """(0-based line in `text` the editor must fix, field, Danish reason, Danish fix)."""
    lines = text.split("\n")
    problem = error.problem_mark.line if error.problem_mark else None
    context = error.context_mark.line if error.context_mark else None
    quotes = _quote_mistake(error, lines, problem, context, line_offset)
    if quotes is not None:
        return quotes
    reason = _yaml_reason(error, text)
    english = (error.problem or error.context or "").strip()
    if (error.context or "").startswith("while scanning a simple key") and context is not None:
        return context, "", reason, _missing_colon_fix(lines[context])  # a key without its colon
    if problem is None or (context is not None and "flow" in (error.context or "")
                           and not any(map(_is_content, lines[problem:]))):
        return context or 0, "", reason, _GENERIC_FIX  # a [ or { that runs off the end: say where it began
    if english.startswith(_INDENT_REASONS) and problem < len(lines):
        culprit = _indent_culprit(lines, problem, english)
        if culprit is not None:
            line, why = culprit
            later = f" (YAML opdager det først i linje {problem + 1 + line_offset})"
            if why == "colon":
                return line, "", "der mangler et kolon efter et feltnavn" + later, _missing_colon_fix(lines[line])
            return line, _parts(lines[line])[1] or "", "indrykningen passer ikke" + later, _INDENT_FIX
    return problem, "", reason, _GENERIC_FIX


def _parts(line: str) -> tuple[int, str | None, str, int]:
    """(column of the key or value after any '- ', the key or None, the value, the value's column)."""
    match = _LINE.match(line)
    return len(match["lead"]), match["key"], match["value"].rstrip(), match.start("value")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _opens_block(line: str) -> bool:
    """`key:` with no value (or only a comment): the lines under it belong to it."""
    _, key, value, _ = _parts(line)
    return key is not None and (not value or value.startswith("#"))


def _is_item(line: str) -> bool:
    return line.lstrip(" ").startswith("-") and _parts(line)[0] > _indent(line)


def _indent_culprit(lines: list[str], problem: int, english: str) -> tuple[int, str] | None:
    """A line above the one YAML stopped at, when that line is the one indented wrong (or missing its colon)."""
    above = [i for i in range(min(problem, len(lines))) if _is_content(lines[i])]
    if not above or not _is_content(lines[problem]):
        return None
    here = _indent(lines[problem])
    q, r = above[-1], (above[-2] if len(above) > 1 else None)
    there = _indent(lines[q])
    first_in_block = r is None or _opens_block(lines[r])
    # `registration:` and under it a first line indented wrong, then one indented right.
    if first_in_block:
        column = 0 if r is None else _parts(lines[r])[0]
        flat = r is not None and _is_item(lines[q]) and there == column  # `key:` then `- item` at its level
        if _off(lines[q], column + 2 if r is not None else 0, flat, here):
            return q, "indent"
    block = _misplaced_block(lines, above, here)
    if block is not None:
        return block, "indent"
    # One field moved out to the left between fields that belong together: YAML reads the next
    # line as more of that field's value, and stops there.
    item = _is_item(lines[problem])
    if (r is not None and there < here and not _opens_block(lines[q]) and not _is_item(lines[q])
            and (item or _parts(lines[problem])[1] is not None)):
        column, key, _, _ = _parts(lines[r])
        if ((_indent(lines[r]) == here and (_is_item(lines[r]) if item else key is not None and column == here))
                or (not item and _is_item(lines[r]) and key is not None and column == here)):
            return q, "indent"
    # `contact anna` above `deadline: ...` at the same indentation: the colon is missing up there.
    if (english.startswith("mapping values") and there == here and _parts(lines[q])[1] is None
            and not _is_item(lines[q]) and not lines[q].lstrip().startswith(("'", '"'))
            and (first_in_block or (_indent(lines[r]) == there and _parts(lines[r])[1] is not None))):
        return q, "colon"
    return None


def _misplaced_block(lines: list[str], above: list[int], here: int) -> int | None:
    """The first line of a block around the line YAML stopped at, when it alone sets an indentation
    that is off, and the stopped line stands where the block should be.

    The first line of a block decides the block's indentation, so a wrongly indented first line is
    only noticed at the next line that is right. Walks out from the line above, block by block.
    """
    level, first, alone = _indent(lines[above[-1]]), above[-1], True
    for line in reversed(above[:-1]):
        depth = _indent(lines[line])
        if depth > level:
            continue  # deeper: inside the block
        if depth == level:
            first, alone = line, False
            continue
        column, key, _, _ = _parts(lines[line])  # `line` holds the block that begins at `first`
        if _opens_block(lines[line]):
            should = column + 2
            flat = _is_item(lines[first]) and _indent(lines[first]) == column  # `key:` then `- item` at its level
        elif _is_item(lines[line]) and key is not None:
            should, flat = column, False  # the rest of a `- key: value` item's fields
        else:
            return None  # a text continued over lines, not a block
        if alone and _off(lines[first], should, flat, here):
            return first
        level, first, alone = depth, line, True
    return first if alone and _off(lines[first], 0, False, here) else None


def _off(line: str, should: int, flat: bool, here: int) -> bool:
    """The line is not where its block should be, and `here` (the next line that YAML stopped at) is."""
    there, below = _indent(line), _is_item(line) or _opens_block(line)  # lines under it would be 2 further in
    return there != should and ((here == should and not flat) or (below and here == should + 2))


def _missing_colon_fix(line: str) -> str:
    words = line.strip().split(None, 1)
    example = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{words[0] if words else 'title'}: ..."
    return f"skriv et kolon og et mellemrum efter feltnavnet, fx {example}"


# Quotes: the commonest YAML mistake in a text field.
def _quote_mistake(error: MarkedError, lines: list[str], problem: int | None, context: int | None,
                   line_offset: int) -> tuple[int, str, str, str] | None:
    if "quoted scalar" in (error.context or "") and context is not None and context < len(lines):
        if any(word in (error.problem or "") for word in ("escape", "hexadecimal", "hexdecimal")):
            return _backslash(lines[context], context)
        return _unclosed(lines[context], context, None, line_offset)  # runs to the end of the text
    if problem is None or problem >= len(lines):
        return None
    early = _closes_early(lines[problem], problem)
    if early is not None:
        return early
    # A quote opened higher up and closed only on the line YAML stopped at.
    line, block = 0, None
    while line < problem:
        if block is not None and (not lines[line].strip() or _indent(lines[line]) > block):
            line += 1  # inside a | or > block: text, not YAML
            continue
        block = None
        opened = _opening(lines[line])
        if opened is not None:
            column, quote = opened
            end = _closing_line(lines, line, column, quote)
            if end == problem and end != line:
                return _unclosed(lines[line], line, problem, line_offset)
            if end is not None and end > line:
                line = end + 1
                continue
        elif _parts(lines[line])[2][:1] in ("|", ">"):
            block = _indent(lines[line])
        line += 1
    return None


def _opening(line: str) -> tuple[int, str] | None:
    """(column, quote) when the line's value begins with a quote."""
    if not _is_content(line):
        return None
    lead, key, value, column = _parts(line)
    if value[:1] in ("'", '"') and (key is not None or lead > _indent(line)):
        return column, value[0]
    return None


def _close(text: str, start: int, quote: str) -> int | None:
    """Index of the quote that closes the one at `start`, or None."""
    i = start + 1
    while i < len(text):
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":  # '' is one ' inside '...'
                i += 2
                continue
            return i
        i += 1
    return None


def _closing_line(lines: list[str], line: int, column: int, quote: str) -> int | None:
    rest = "\n".join(lines[line:])
    end = _close(rest, column, quote)
    return None if end is None else line + rest.count("\n", 0, end)


def _example(key: str | None, value: str) -> str:
    return f"{key}: {value}" if key else f"- {value}"


def _in_quotes(text: str) -> str:
    """The text as a YAML value in quotes that are not in it."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _closes_early(line: str, number: int) -> tuple[int, str, str, str] | None:
    """`summary: "Vi fortæller" om ...`: the quotes end and text follows on the same line."""
    opened = _opening(line)
    if opened is None:
        return None
    column, quote = opened
    end = _close(line, column, quote)
    if end is None:
        return None
    after = line[end + 1:].strip()
    if not after or after.startswith("#"):
        return None
    key = _parts(line)[1]
    value = line[column:].strip()
    other = "'" if quote == '"' else '"'
    name = "enkelte anførselstegn (')" if quote == "'" else 'anførselstegn (")'
    if value.endswith(quote) and len(value) > 1:  # meant as one text in quotes, with the same quote inside
        inner = value[1:-1]
        if quote == "'":
            doubled = quote + inner.replace("'", "''") + quote
            fix = (f"skriv ' to gange inde i teksten: {_example(key, doubled)}"
                   + (f", eller brug \" udenom: {_example(key, other + inner + other)}" if other not in inner else ""))
        else:
            fix = (f"brug ' udenom: {_example(key, _in_quotes(inner) if chr(39) in inner else other + inner + other)}"
                   + (f", eller ' inde i teksten: {_example(key, quote + inner.replace(quote, other) + quote)}"
                      if other not in inner else ""))
        return number, key or "", f"teksten står i {name}, men der står også {quote} inde i teksten", fix
    whole = value.replace(quote, "").strip()
    keep = _in_quotes(value) if quote == "'" or "'" in value else f"'{value}'"
    if ":" in after:
        reason = "anførselstegnene slutter før kolonet, så YAML tror, at resten er et nyt felt"
    else:
        reason = "anførselstegnene slutter, før teksten gør"
    fix = (f"sæt anførselstegn om hele teksten, fx {_example(key, _in_quotes(whole))}. Skal anførselstegnene inde "
           f"i teksten blive stående, så brug den anden slags udenom: {_example(key, keep)}")
    return number, key or "", reason, fix


def _unclosed(line: str, number: int, noticed: int | None, line_offset: int) -> tuple[int, str, str, str]:
    """`summary: "Vi fortæller om panelet`: the quote is never closed on its line."""
    opened = _opening(line)
    _, key, value, _ = _parts(line)
    later = f" (YAML opdager det først i linje {noticed + 1 + line_offset})" if noticed is not None else ""
    if opened is None:  # a quote that opens elsewhere in the line, e.g. inside [ ... ]
        return number, key or "", "et anførselstegn bliver ikke lukket" + later, \
            "sæt det samme anførselstegn i begge ender af teksten, på samme linje"
    quote = opened[1]
    inner = value[1:]
    other = "'" if quote == '"' else '"'
    if inner.endswith(other):
        return (number, key or "", f"teksten begynder med {quote} og slutter med {other}" + later,
                f"brug det samme anførselstegn i begge ender, fx {_example(key, quote + inner[:-1] + quote)}")
    return (number, key or "", "anførselstegnet bliver ikke lukket" + later,
            f"sæt {quote} til sidst i teksten, på samme linje, fx {_example(key, quote + inner.rstrip() + quote)}")


def _backslash(line: str, number: int) -> tuple[int, str, str, str]:
    _, key, value, _ = _parts(line)
    inner = value[1:-1] if value.endswith('"') else value[1:]
    return (number, key or "", 'der står en \\ i en tekst i anførselstegn ("), og YAML forstår den ikke',
            f"brug enkelte anførselstegn udenom, fx {_example(key, _in_quotes(inner))}, eller skriv \\\\ for hver \\")
