"""JSON Schemas for editors, generated from the field tables in model.py.

Not part of the build. Imports: fields, model, load (the type and file names),
(the tests read YAML as an editor does with tests/editorkit.py). `make schemas` (python -m sitegen.editors.schema)
writes schemas/*.json; tests/unit/test_schema.py checks that the committed files are
what this module generates, so the schemas are never a second copy by hand.

The schemas describe the value a YAML tool hands to a JSON Schema validator,
not the text the author typed (which is what the build reads). Editors' YAML
tools (VS Code's YAML extension, the yaml-language-server, ruamel.yaml) use
YAML 1.2, where `17:00`, `2016-10-05` and `ja` stay text and `2018`, `747` and
`62.5` become numbers. So each kind accepts the text the build accepts and,
where YAML 1.2 turns that text into a number or a boolean, that value too.

Where JSON Schema cannot follow the build (it sees the parsed value, not the
text), and what the author should do:

- YAML 1.1 tools (PyYAML, older editors) read unquoted `17:00` as the number
  1020 and `2016-10-05` as a date. The schema refuses 1020 (a plain number is
  not a time to the build either): write times in quotes, "17:00". A YAML 1.1
  tool must hand dates on as ISO text, as JSON has no dates.
- An unquoted `17.30` is the number 17.3 in every YAML; the schema accepts
  numbers from h.00 to h.59, so it also lets `17.3` through, which the build
  refuses (minutes need two digits). Quote times.
- An unquoted `11.408` is the number 11.408: the build refuses it as ambiguous
  (Danish thousands or decimals?) but the schema cannot see the digits. Same
  for numbers written as `1e3` or `.5`.
- An unquoted postal code below 1000 (`0800`) is the number 800 to YAML 1.2:
  the schema refuses it, the build accepts it. Quote postal codes.
- References (a venue's id, a meeting's slug) are checked against the other
  files only by the build and `build.py check --file`; the schema checks that
  they look like an id.
- Impossible dates such as 2016-02-30 pass the pattern; `format: date` catches
  them in validators that check formats (jsonschema's FormatChecker, the
  yaml-language-server).
- Two key figures with the same id, a meeting that ends before it starts, a
  registration deadline after the meeting: rules across fields, left to the build.
- Control characters written as escapes ("\\x01") are refused by the build
  (content/fields.invisible_character), not by the schemas' text patterns.

Draft 7, because the yaml-language-server behind VS Code's YAML extension
supports draft 7 and older; `jsonschema` validates draft 7 too.

In the editor: .vscode/settings.json maps each schema to its files with
`yaml.schemas`. The YAML extension validates, completes and explains (hover)
`data/*.yaml` with them. It does not look inside Markdown, so front matter in
content/*.md gets no schema help there (redhat-developer/vscode-yaml#207, open;
the globs for content/ are in the mapping for tools and versions that do read
front matter). For .md files the real integration is `build.py check --file`,
run by the "Tjek denne fil" task in .vscode/tasks.json, whose problem matcher
puts each `path:line: ...` line into VS Code's Problems list.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from sitegen import PROJECT_ROOT
from sitegen.content.fields import (
    Bool,
    Choice,
    Date,
    DeadlineKind,
    Email,
    Group,
    Integer,
    Link,
    ListOf,
    Moment,
    Number,
    PartialDateKind,
    PostalCode,
    Ref,
    Text,
    Time,
)
from sitegen.content.load import CONTENT_TYPES, DATA_FILES
from sitegen.content.model import DATA_FIELDS, Field, fields_for

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schemas"
CONTENT_KINDS = CONTENT_TYPES + ("index",)

# Patterns, as the build's parsers in fields.py read text (ECMA-262 and Python agree on these).
_DAY = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_CLOCK = r"([01]?\d|2[0-3])[:.][0-5]\d"
DATE_PATTERN = f"^{_DAY}$"
TIME_PATTERN = f"^{_CLOCK}$"
MOMENT_PATTERN = f"^{_DAY}([ T] *{_CLOCK})?$"
DEADLINE_PATTERN = rf"^({_DAY}|\d{{4}}-[Qq][1-4]|\d{{4}}|ikke-fastsat)$"
PARTIAL_DATE_PATTERN = rf"^({_DAY}|\d{{4}}-(0[1-9]|1[0-2])|\d{{4}})$"
BOOL_PATTERN = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Jj][Aa]|[Nn][Ee][Jj])$"
NUMBER_PATTERN = r"^-?[0-9 \u00a0]*[0-9]([.,][0-9 \u00a0]*[0-9])?$"
AMBIGUOUS_NUMBER_PATTERN = r"^-?\d{1,3}\.\d{3}$"
INTEGER_PATTERN = r"^\d{1,4}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
WEB_ADDRESS_PATTERN = r"^https?://[^\s/]+\.\S+$"
SITE_PATH_PATTERN = r"^/(?!.*\.\.)\S*$"
POSTAL_CODE_PATTERN = r"^\d{4}$"
ID_PATTERN = "^[a-z0-9-]+$"
NOT_BLANK_PATTERN = r"\S"

_REF_HELP = {
    "people": "id på en person i data/people.yaml",
    "venues": "id på et mødested i data/venues.yaml",
    "meetings": "filnavnet på et møde i content/meetings/ uden .md",
    "initiatives": "filnavnet på et tiltag i content/initiatives/ uden .md",
    "pages": "filnavnet på en side i content/pages/ uden .md",
}


def schema_for(kind) -> dict:
    """The JSON Schema of one value of a field kind (without the field's description)."""
    if isinstance(kind, Text):
        # YAML 1.2 reads `room: 2` as a number and `title: 2016` as a year; the build reads the text.
        return {"anyOf": [{"type": "string", "pattern": NOT_BLANK_PATTERN}, {"type": ["number", "boolean"]}]}
    if isinstance(kind, Bool):
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": BOOL_PATTERN}],
                "examples": [True, False]}
    if isinstance(kind, Date):
        return {"type": "string", "pattern": DATE_PATTERN, "format": "date", "examples": ["2016-10-05"]}
    if isinstance(kind, Time):
        # "17:00"/"17.00" as text; unquoted 17.00 is the number 17.0 in YAML.
        hours = [{"type": "number", "minimum": hour, "maximum": hour + 0.59} for hour in range(24)]
        return {"anyOf": [{"type": "string", "pattern": TIME_PATTERN}, *hours], "examples": ["17:00"]}
    if isinstance(kind, Moment):
        return {"type": "string", "pattern": MOMENT_PATTERN, "examples": ["2016-10-05", "2016-10-05 17:00"]}
    if isinstance(kind, Choice):
        return {"type": "string", "enum": list(kind.options)}
    if isinstance(kind, Ref):
        return {"type": "string", "pattern": ID_PATTERN}
    if isinstance(kind, Number):
        return {"anyOf": [{"type": "number"},
                          {"type": "string", "pattern": NUMBER_PATTERN,
                           "not": {"pattern": AMBIGUOUS_NUMBER_PATTERN}}],
                "examples": [747, 62.5]}
    if isinstance(kind, Integer):
        return {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 9999},
                          {"type": "string", "pattern": INTEGER_PATTERN}]}
    if isinstance(kind, Email):
        return {"type": "string", "pattern": EMAIL_PATTERN, "examples": ["navn@lejre.dk"]}
    if isinstance(kind, Link):
        if kind.absolute_only:
            return {"type": "string", "pattern": WEB_ADDRESS_PATTERN}
        return {"type": "string", "anyOf": [{"pattern": WEB_ADDRESS_PATTERN}, {"pattern": SITE_PATH_PATTERN}]}
    if isinstance(kind, PostalCode):
        return {"anyOf": [{"type": "string", "pattern": POSTAL_CODE_PATTERN},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}], "examples": ["4320"]}
    if isinstance(kind, DeadlineKind):
        return {"anyOf": [{"type": "string", "pattern": DEADLINE_PATTERN},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}],
                "examples": ["2017-03-31", "2017-Q1", "2018", "ikke-fastsat"]}
    if isinstance(kind, PartialDateKind):
        return {"anyOf": [{"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}],
                "examples": ["2016-06-01", "2017-08", "2013"]}
    if isinstance(kind, ListOf):
        return {"type": "array", "items": schema_for(kind.item)}
    if isinstance(kind, Group):
        return object_schema(kind.fields)
    raise TypeError(f"no JSON Schema for the field kind {kind!r}")


def field_schema(field: Field) -> dict:
    """A field's value schema with its Danish description; an optional field may be left empty,
    unless empty would mean a default that publishes or claims something (Field.empty_means)."""
    value = schema_for(field.kind)
    description = describe_field(field)
    if field.required or field.empty_means:
        return {"description": description, **value}
    # `room:` with nothing after it is allowed by the build for optional fields (as if left out),
    # except where left out means a default that publishes or claims something (Field.empty_means).
    if "type" in value:  # pattern, format, items and properties apply only to their own type
        types = value["type"] if isinstance(value["type"], list) else [value["type"]]
        value = {**value, "type": [*types, "null"]}
        if "enum" in value:
            value["enum"] = [*value["enum"], None]
    else:
        value = {**value, "anyOf": [*value["anyOf"], {"type": "null"}]}
    return {"description": description, **value}


def describe_field(field: Field) -> str:
    """Field.meaning as a sentence, with how to write the value where that is not obvious."""
    kind = field.kind.item if isinstance(field.kind, ListOf) else field.kind
    meaning = field.meaning if field.meaning.startswith("true") else field.meaning[:1].upper() + field.meaning[1:]
    parts = [meaning + (" (skal udfyldes)." if field.required else ".")]
    if isinstance(kind, Ref):
        if "(id i" not in field.meaning:
            parts.append(f"Skriv {_REF_HELP[kind.target]}.")
    elif isinstance(kind, Choice):
        parts.append("Mulige værdier: " + ", ".join(kind.options) + ".")
    elif isinstance(kind, Time):
        parts.append('Skriv klokkeslættet i anførselstegn, fx "17:00".')
    elif isinstance(kind, PostalCode):
        parts.append('Skriv de fire cifre i anførselstegn, fx "4320".')
    elif isinstance(kind, DeadlineKind):
        parts.append("En dato (2017-03-31), et kvartal (2017-Q1), et år (2018) eller ikke-fastsat.")
    elif isinstance(kind, PartialDateKind):
        parts.append("En dato (2016-06-01), en måned (2017-08) eller et år (2013).")
    elif isinstance(kind, Number):
        parts.append("Kun tallet, fx 747 eller 62,5. Skriv tusinder uden punktum (11408).")
    elif isinstance(kind, Date):
        parts.append("Skriv datoen som 2016-10-05.")
    elif isinstance(kind, Moment):
        parts.append("Skriv 2016-10-05 eller 2016-10-05 17:00.")
    elif isinstance(kind, Bool):
        parts.append("Skriv true eller false (eller ja eller nej).")
    return " ".join(parts)


def object_schema(fields: tuple[Field, ...], title: str | None = None) -> dict:
    schema: dict = {"type": "object"}
    if title:
        schema["title"] = title
    schema["properties"] = {field.name: field_schema(field) for field in fields}
    required = [field.name for field in fields if field.required]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


_CONTENT_TITLES = {
    "meetings": "Møde (content/meetings/*.md)",
    "minutes": "Referat (content/minutes/*.md)",
    "initiatives": "Tiltag (content/initiatives/*.md)",
    "updates": "Status eller nyhed (content/updates/*.md)",
    "pages": "Side (content/pages/*.md)",
    "index": "Forsidens indledning (content/index.md)",
}
_DATA_TITLES = {
    "site": "Sitets indstillinger (data/site.yaml)",
    "people": "Personer (data/people.yaml)",
    "venues": "Mødesteder (data/venues.yaml)",
    "keyfigures": "Nøgletal (data/keyfigures.yaml)",
}


def content_schema(kind: str) -> dict:
    """The schema of the front matter of one content type (meetings, ..., index)."""
    schema = object_schema(fields_for(kind), _CONTENT_TITLES[kind])
    return {"$schema": DRAFT, **schema}


def data_schema(name: str) -> dict:
    """The schema of one data file (site, people, venues, keyfigures)."""
    fields = DATA_FIELDS[name]
    head = {"$schema": DRAFT, "title": _DATA_TITLES[name]}
    if name == "site":
        return {**head, **object_schema(fields)}
    if name in ("people", "venues"):
        what = "personens" if name == "people" else "mødestedets"
        return {**head, "description": f"Én post pr. id. Id'et er {what} id: små bogstaver a-z, tal og bindestreg.",
                "type": ["object", "null"], "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": object_schema(fields)}
    item = object_schema(fields)
    item["properties"]["id"] = {  # it becomes a file name (noegletal/<id>.csv), so the build wants an id
        "description": describe_field(next(f for f in fields if f.name == "id")),
        "type": "string", "pattern": ID_PATTERN}
    return {**head, "description": "En liste af nøgletal. Begynd hvert nøgletal med '- id: ...'.",
            "type": ["array", "null"], "items": item}


def all_schemas() -> dict[str, dict]:
    """File name -> schema, for every content type and data file."""
    found = {f"{kind}.schema.json": content_schema(kind) for kind in CONTENT_KINDS}
    found.update({f"{name}.schema.json": data_schema(name) for name in DATA_FILES})
    return found


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into folder (created if missing); stale *.schema.json are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    schemas = all_schemas()
    for old in folder.glob("*.schema.json"):
        if old.name not in schemas:
            old.unlink()
    written = []
    for name, schema in schemas.items():
        path = folder / name
        text = dumps(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_name_for(rel: str) -> str | None:
    """The schema file for a site-relative path: content/meetings/x.md -> meetings.schema.json."""
    parts = rel.split("/")
    if rel == "content/index.md":
        return "index.schema.json"
    if len(parts) >= 3 and parts[0] == "content" and parts[1] in CONTENT_TYPES and rel.endswith(".md"):
        return f"{parts[1]}.schema.json"
    if len(parts) == 2 and parts[0] == "data":
        stem = parts[1].rsplit(".", 1)[0]
        if stem in DATA_FILES and parts[1].endswith((".yaml", ".yml")):
            return f"{stem}.schema.json"
    return None


def front_matter(text: str) -> str | None:
    """The YAML between the first two --- lines of a Markdown file, as an editor's tool cuts it."""
    lines = text.replace("\r\n", "\n").removeprefix("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n"
    return None


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else PROJECT_ROOT / SCHEMA_FOLDER
    for path in write_schemas(folder):
        print(path.as_posix(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
