"""Edit a content file's front matter as text: what an edit does not touch stays byte for byte.

The editing forms (issue 16) save through here, so a file saved as it was opened is the
same file, and a file saved with one field changed differs in that field's lines only:
comments, fields the form does not know, the order the author chose, line ends and the
body stay as they were. A field that is added goes where `new` would put it (the
canonical order of scaffold.in_order), after the fields that come before it there; its
value is written as a careful person would (times and moments in quotes, text quoted
only when YAML would read it as something else, lists one item per line).

A file is a first line `---`, the front matter, a closing `---` (or `...`) and the body.
The front matter is read as entries: a line that starts a top-level `name:` and every
line after it that is indented, a list item of it or empty; comments and empty lines
between entries belong to no entry and stay where they are.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from sitegen.content.fields import Group, ListOf, Moment, Time
from sitegen.content.model import Field
from sitegen.editors.scaffold import in_order, yaml_text

_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


class FrontMatterError(Exception):
    """The file has no front matter that can be edited; the message is Danish."""


@dataclass
class _Part:
    key: str | None  # None: comments and empty lines between entries (or before the first)
    lines: list[str]  # with their line ends


@dataclass
class _File:
    opening: str
    parts: list[_Part]
    closing: str
    body: str
    newline: str


def edit(text: str, fields: tuple[Field, ...], values: dict[str, object], body: str | None = None) -> str:
    """The file `text` with each field in `values` set (None: removed) and, if given, the body replaced.

    Values are what the form gives: str, bool, a date, a list of str, a dict of str (a group)
    or a list of such dicts. With no values and no body the result is `text` itself.
    """
    parsed = _split(text)
    known = {field.name: field for field in fields}
    for name, value in values.items():
        lines = None if value is None else _lines(known.get(name), name, value, parsed.newline)
        _set(parsed, name, lines, [field.name for field in in_order(fields)])
    if body is not None:
        parsed.body = body.replace("\r\n", "\n").replace("\n", parsed.newline)
    return parsed.opening + "".join(line for part in parsed.parts for line in part.lines) + parsed.closing + parsed.body


def _split(text: str) -> _File:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise FrontMatterError("filen begynder ikke med en linje med ---")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "...")), None)
    if close is None:
        raise FrontMatterError("felterne bliver ikke afsluttet med en linje med ---")
    parts: list[_Part] = [_Part(None, [])]
    for line in lines[1:close]:
        match = _KEY.match(line)
        if match:
            parts.append(_Part(match.group(1), [line]))
        else:  # indented, a list item, empty or a comment: the entry goes on (a block text may hold empty lines)
            parts[-1].lines.append(line)
    # Empty lines and comments at the end of an entry are between entries, not in it.
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        trailing = 0
        while part.key is not None and len(part.lines) - trailing > 1 and _between(part.lines[-1 - trailing]):
            trailing += 1
        if trailing:
            parts.insert(index + 1, _Part(None, part.lines[-trailing:]))
            del part.lines[-trailing:]
    return _File(lines[0], parts, lines[close], "".join(lines[close + 1:]), newline)


def _between(line: str) -> bool:
    """An empty line, or a comment at the start of a line."""
    return not line.strip() or line.startswith("#")


def _set(parsed: _File, name: str, lines: list[str] | None, order: list[str]) -> None:
    index = next((i for i, part in enumerate(parsed.parts) if part.key == name), None)
    if index is not None:
        if lines is None:
            del parsed.parts[index]
        else:
            parsed.parts[index].lines = lines
        return
    if lines is None:
        return
    before = set(order[:order.index(name)]) if name in order else set(order)
    place = 0
    for position, part in enumerate(parsed.parts):
        if part.key is not None and part.key in before:
            place = position + 1
    if place == 0:  # nothing comes before it: first, after any leading comments
        place = 1 if parsed.parts and parsed.parts[0].key is None else 0
    parsed.parts.insert(place, _Part(name, lines))


def _lines(field: Field | None, name: str, value: object, newline: str) -> list[str]:
    kind = field.kind if field is not None else None
    rows = [f"{name}: {_scalar(kind, value)}" if not _is_block(value) else f"{name}:"]
    if isinstance(value, dict):
        rows += _mapping(_group_fields(kind), value, "  ")
    elif isinstance(value, list):
        item_kind = kind.item if isinstance(kind, ListOf) else None
        for item in value:
            if isinstance(item, dict):
                mapping = _mapping(_group_fields(item_kind), item, "    ")
                rows += ["  - " + mapping[0].lstrip(), *mapping[1:]] if mapping else ["  - {}"]
            else:
                rows.append(f"  - {_scalar(item_kind, item)}")
    elif isinstance(value, str) and "\n" in value:
        rows[0] = f"{name}: |"
        rows += [f"  {line}" if line else "" for line in value.rstrip("\n").split("\n")]
    return [row + newline for row in rows]


def _mapping(fields: tuple[Field, ...], value: dict, indent: str) -> list[str]:
    kinds = {field.name: field.kind for field in fields}
    names = [field.name for field in fields if field.name in value] + [key for key in value if key not in kinds]
    return [f"{indent}{key}: {_scalar(kinds.get(key), value[key])}" for key in names if value[key] not in (None, "")]


def _group_fields(kind) -> tuple[Field, ...]:
    return kind.fields if isinstance(kind, Group) else ()


def _is_block(value: object) -> bool:
    return isinstance(value, dict | list) or (isinstance(value, str) and "\n" in value)


def _scalar(kind, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return json.dumps(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return json.dumps(value.strftime("%H:%M"))
    text = str(value)
    if isinstance(kind, Time | Moment) and text:
        return json.dumps(text, ensure_ascii=False)  # "17:00": YAML 1.1 would read 17:00 as 1020
    return yaml_text(text)
