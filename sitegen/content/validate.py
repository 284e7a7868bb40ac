"""Validate: apply the field tables, resolve references, collect every problem.

Stage 2. Imports: problems, slugs, load, fields, model, records. Nothing here
prints or stops early: every problem in every file is collected.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sitegen.content.fields import (
    FieldError,
    Group,
    ListOf,
    Ref,
    empty_fix,
    guess_names,
    suggest,
)
from sitegen.content.model import DATA_FIELDS, Field, fields_for
from sitegen.content.nodes import DataFile, Loaded, Map, Node, Scalar, Seq, SourceFile
from sitegen.core import urls
from sitegen.core.problems import Problem
from sitegen.core.records import (
    Change,
    DeadlineChange,
    Initiative,
    Intro,
    KeyFigure,
    Meeting,
    MenuItem,
    Minutes,
    Page,
    Person,
    Progress,
    Records,
    Registration,
    SeriesPoint,
    SiteConfig,
    Update,
    Venue,
)
from sitegen.core.slugs import slugify

# Free pages share the URL space with the sections and the files the site makes itself.
RESERVED_SLUGS = urls.reserved_names() | frozenset({
    "index", "favicon", "feed",  # files the site makes at its root
    "pagefind",  # the search index
    "_gennemgang",  # the preview's review page
})
REGISTRATION_DAYS = 7
_TYPE_NAMES = {"meetings": "møde", "minutes": "referat", "initiatives": "tiltag", "updates": "opdatering",
               "pages": "side", "index": "forside"}


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, field: str, message: str, fix: str) -> None:
        self.problems.append(Problem(path=path, line=line, field=field, message=message, fix=fix))


def parse_fields(tree: Node, fields: tuple[Field, ...], path: str, out: _Collector, prefix: str = "") -> dict | None:
    """The values of a group of fields; None when any of them had a problem."""
    if not isinstance(tree, Map):
        out.add(path, tree.line, prefix.rstrip("."), "skal være en gruppe af felter (navn: værdi)",
                "skriv felterne indrykket under feltnavnet, ét pr. linje")
        return None
    before = len(out.problems)
    by_name = {f.name: f for f in fields}
    values: dict = {}
    for key, line, node in tree.entries:
        field = by_name.get(key)
        if field is None:
            guess = suggest(key, list(by_name))
            fix = f"mente du '{prefix}{guess}'?" if guess else "felterne her hedder " + ", ".join(by_name)
            out.add(path, line, prefix + key, f"ukendt felt '{prefix}{key}'", fix)
            continue
        if isinstance(node, Scalar) and node.is_null:
            if field.required:
                out.add(path, line, prefix + key, "feltet er tomt", f"skriv {field.meaning or 'en værdi'} efter kolon")
            elif field.empty_means:  # the default would publish or claim something (model.Field)
                out.add(path, line, prefix + key, f"feltet er tomt, og så {field.empty_means}",
                        empty_fix(key, field.kind))
            continue
        value = _parse_value(field, node, path, out, prefix + key)
        if value is not None:
            values[key] = value
    for field in fields:
        if field.required and tree.get(field.name) is None:
            out.add(path, tree.line, prefix + field.name, f"feltet '{prefix}{field.name}' mangler",
                    f"tilføj en linje med {field.name}: og {field.meaning or 'en værdi'}")
    return values if len(out.problems) == before else None


def _parse_value(field: Field, node: Node, path: str, out: _Collector, name: str):
    kind = field.kind
    if isinstance(kind, Group):
        return parse_fields(node, kind.fields, path, out, name + ".")
    if isinstance(kind, ListOf) and isinstance(kind.item, Group):
        if not isinstance(node, Seq):
            out.add(path, node.line, name, "skal være en liste", "skriv hvert punkt på sin egen linje, der begynder med '- '")
            return None
        items = [parse_fields(child, kind.item.fields, path, out, f"{name}.") for child in node.items]
        return None if any(i is None for i in items) else tuple(items)
    try:
        return kind.parse(node)
    except FieldError as error:
        line = error.line or node.line
        out.add(path, line, name, error.message, error.fix)
        return None


def validate_records(loaded: Loaded) -> tuple[Records | None, list[Problem]]:
    """Records when every file is valid, and every problem found."""
    out = _Collector()
    out.problems.extend(loaded.problems)
    people = _keyed(loaded.data.get("people"), "people", Person, out)
    venues = _keyed(loaded.data.get("venues"), "venues", Venue, out)
    keyfigures = _keyfigures(loaded.data.get("keyfigures"), out)
    config_values = _site_values(loaded.data.get("site"), out)

    parsed: dict[str, list[tuple[SourceFile, dict]]] = defaultdict(list)
    for source in loaded.files:
        values = parse_fields(source.meta, fields_for(source.kind), source.path, out)
        if values is not None:
            parsed[source.kind].append((source, values))
        _check_slug(source, out)
    _check_collisions(loaded.files, out)

    refs = {
        "people": set(people), "venues": set(venues),
        "meetings": {slugify(s.stem) for s in loaded.files if s.kind == "meetings"},
        "initiatives": {slugify(s.stem) for s in loaded.files if s.kind == "initiatives"},
        "pages": {slugify(s.stem) for s in loaded.files if s.kind == "pages"},
    }
    # References are checked on every file, even one with other mistakes, so
    # that one run reports everything.
    for source in loaded.files:
        check_references(source.meta, fields_for(source.kind), refs, source.path, out)
    site_data = loaded.data.get("site")
    if site_data is not None and site_data.tree is not None:
        check_references(site_data.tree, DATA_FIELDS["site"], refs, site_data.path, out)
    config = _site_config(config_values, people)
    meetings = [_meeting(s, v, people, venues, out) for s, v in parsed["meetings"]]
    minutes = [_minutes(s, v) for s, v in parsed["minutes"]]
    initiatives = [_initiative(s, v, people) for s, v in parsed["initiatives"]]
    updates = [_update(s, v) for s, v in parsed["updates"]]
    pages = [_page(s, v) for s, v in parsed["pages"]]
    intros = [Intro(**_common(s, v)) for s, v in parsed["index"]]
    _check_minutes_unique(minutes, out)
    _check_page_cycles(pages, out)

    if out.problems:
        return None, sorted(out.problems, key=Problem.sort_key)
    return Records(
        config=config, people=people, venues=venues, keyfigures=keyfigures,
        intro=intros[0] if intros else None,
        meetings=tuple(meetings), minutes=tuple(minutes), initiatives=tuple(initiatives),
        updates=tuple(updates), pages=tuple(pages),
    ), []


# Data files ------------------------------------------------------------------

def _keyed(data: DataFile | None, name: str, record_type, out: _Collector) -> dict:
    if data is None or data.tree is None:
        return {}
    if not isinstance(data.tree, Map):
        out.add(data.path, data.tree.line, "", "filen skal være en liste af id'er med felter under",
                "skriv fx jane-joergensen: og felterne indrykket under")
        return {}
    result = {}
    for key, line, node in data.tree.entries:
        values = parse_fields(node, DATA_FIELDS[name], data.path, out, f"{key}.")
        if slugify(key) != key:
            out.add(data.path, line, key, f"id'et '{key}' indeholder tegn, der ikke må bruges",
                    f"brug kun små bogstaver a-z, tal og bindestreg, fx {slugify(key)}")
        if values is not None:
            result[key] = record_type(id=key, **values)
    return result


def _keyfigures(data: DataFile | None, out: _Collector) -> tuple[KeyFigure, ...]:
    if data is None or data.tree is None:
        return ()
    if not isinstance(data.tree, Seq):
        out.add(data.path, data.tree.line, "", "filen skal være en liste af nøgletal",
                "begynd hvert nøgletal med '- id: ...'")
        return ()
    figures, seen = [], {}
    for node in data.tree.items:
        values = parse_fields(node, DATA_FIELDS["keyfigures"], data.path, out)
        if values is None:
            continue
        if values["id"] in seen:
            out.add(data.path, node.line, "id", f"id'et '{values['id']}' er brugt to gange (også i linje {seen[values['id']]})",
                    "giv hvert nøgletal sit eget id")
            continue
        seen[values["id"]] = node.line
        if slugify(values["id"]) != values["id"]:  # it becomes a file name: noegletal/<id>.csv
            out.add(data.path, node.line_of("id"), "id", f"id'et '{values['id']}' indeholder tegn, der ikke må bruges",
                    f"brug kun små bogstaver a-z, tal og bindestreg, fx {slugify(values['id'])}")
            continue
        series = tuple(SeriesPoint(**p) for p in values.pop("series", ()))
        figures.append(KeyFigure(series=series, unit=values.pop("unit", None), **values))
    return tuple(figures)


def _site_values(data: DataFile | None, out: _Collector) -> dict | None:
    if data is None:
        return None
    if data.tree is None:
        out.add(data.path, 1, "", "filen er tom", "skriv mindst title, organisation og base_url")
        return None
    return parse_fields(data.tree, DATA_FIELDS["site"], data.path, out)


def _site_config(values, people) -> SiteConfig | None:
    if values is None:
        return None
    menu = tuple(MenuItem(**m) for m in values.pop("menu", ()))
    contact = people.get(values.pop("contact", None))
    return SiteConfig(contact=contact, menu=menu, **values)


def check_references(tree: Node, fields: tuple[Field, ...], refs: dict, path: str, out: _Collector,
                     prefix: str = "") -> None:
    """Report every reference (Ref field, also inside groups and lists) that points nowhere."""
    if not isinstance(tree, Map):
        return
    for field in fields:
        node = tree.get(field.name)
        if node is None:
            continue
        kind, name = field.kind, prefix + field.name
        if isinstance(kind, Group):
            check_references(node, kind.fields, refs, path, out, name + ".")
        elif isinstance(kind, ListOf) and isinstance(node, Seq):
            for child in node.items:
                if isinstance(kind.item, Group):
                    check_references(child, kind.item.fields, refs, path, out, name + ".")
                elif isinstance(kind.item, Ref) and isinstance(child, Scalar) and not child.is_null:
                    _report_missing(child.text.strip(), kind.item.target, refs, path, child.line, name, out)
        elif isinstance(kind, Ref) and isinstance(node, Scalar) and not node.is_null:
            _report_missing(node.text.strip(), kind.target, refs, path, node.line, name, out)


def _report_missing(value: str, target: str, refs, path: str, line: int, field: str, out: _Collector) -> None:
    """A problem with a suggestion when the reference does not exist."""
    if value in refs[target]:
        return
    where = {"people": "data/people.yaml", "venues": "data/venues.yaml", "meetings": "content/meetings/",
             "initiatives": "content/initiatives/", "pages": "content/pages/"}[target]
    guesses = guess_names(value, sorted(refs[target]))  # a name that starts with what was typed first
    if len(guesses) > 1:
        fix = "mente du et af disse: " + ", ".join(f"'{g}'" for g in guesses) + "?"
    elif guesses:
        fix = f"mente du '{guesses[0]}'?"
    else:
        fix = f"skriv et id, der findes i {where}, eller opret det"
    out.add(path, line, field, f"'{value}' findes ikke i {where}", fix)


# Content files ---------------------------------------------------------------

def _common(source: SourceFile, values: dict) -> dict:
    return dict(
        slug=slugify(source.stem), source=source.path, title=values["title"], summary=values.get("summary"),
        draft=values.get("draft", False), publish=values.get("publish"), updated=values.get("updated"),
        changes=tuple(Change(date=c.get("date"), note=c["note"]) for c in values.get("changes", ())),
        historical=values.get("historical", False), body=source.body, body_line=source.body_line,
        lines=tuple((key, line) for key, line, _ in source.meta.entries),
    )


def _meeting(source, values, people, venues, out) -> Meeting | None:
    meta = source.meta
    if values["end"] <= values["start"]:
        out.add(source.path, meta.line_of("end"), "end",
                f"mødet slutter ({values['end']:%H:%M}), før det begynder ({values['start']:%H:%M})",
                "tjek start og end; møder over midnat understøttes ikke")
    registration = None
    if "registration" in values:
        reg = values["registration"]
        reg_node = meta.get("registration")
        deadline = reg.get("deadline") or values["date"] - dt.timedelta(days=REGISTRATION_DAYS)
        if deadline > values["date"]:
            out.add(source.path, reg_node.line_of("deadline"), "registration.deadline",
                    "fristen for tilmelding ligger efter mødet", "vælg en dato før mødedatoen")
        registration = Registration(contact=people.get(reg.get("contact")), deadline=deadline)
    if values["venue"] not in venues:
        return None  # already reported by check_references
    return Meeting(
        **_common(source, values), date=values["date"], start=values["start"], end=values["end"],
        venue=venues[values["venue"]], room=values.get("room"), status=values.get("status", "planlagt"),
        registration=registration, agenda=values.get("agenda", ()), audience=values.get("audience"),
        minutes_note=values.get("minutes_note"),
    )


def _minutes(source, values) -> Minutes:
    return Minutes(**_common(source, values), meeting=values["meeting"], approved=values.get("approved"))


def _initiative(source, values, people) -> Initiative:
    progress = tuple(sorted((Progress(date=p["date"], note=p["note"], status=p.get("status"))
                             for p in values.get("progress", ())), key=lambda p: p.date))
    moves = tuple(sorted((DeadlineChange(date=c["date"], deadline=c["deadline"], note=c["note"])
                          for c in values.get("deadline_changes", ())), key=lambda c: c.date))
    return Initiative(
        **_common(source, values), deadline=values["deadline"], owner=people.get(values.get("owner")),
        decided=values.get("decided"), decided_by=values.get("decided_by"), status=values.get("status"),
        progress=progress, deadline_changes=moves,
    )


def _update(source, values) -> Update:
    return Update(
        **_common(source, values), date=values["date"], category=values.get("category"),
        committee=values.get("committee"), committee_meeting=values.get("committee_meeting"),
        initiatives=values.get("initiatives", ()),
    )


def _page(source, values) -> Page:
    return Page(**_common(source, values), menu=values.get("menu"), parent=values.get("parent"))


# Whole-site rules -----------------------------------------------------------

def _check_slug(source: SourceFile, out: _Collector) -> None:
    slug = slugify(source.stem)
    if source.kind == "pages" and slug in RESERVED_SLUGS:
        out.add(source.path, 1, "", f"siden ville få adressen /{slug}/, som sitet selv bruger",
                f"giv filen et andet navn, fx {slug}-side.md")
    if source.kind == "meetings" and slug == "kalender":
        out.add(source.path, 1, "", "mødet ville få adressen /moeder/kalender.ics, som er kalenderen med alle møder",
                "giv filen et andet navn, fx med datoen først: 2016-10-05-kalender.md")
    if not slug.strip("-"):
        out.add(source.path, 1, "", "filnavnet giver ingen adresse", "giv filen et navn med bogstaver, fx borgermoede.md")


def _check_collisions(files: list[SourceFile], out: _Collector) -> None:
    by_url: dict[tuple[str, str], list[SourceFile]] = defaultdict(list)
    for source in files:
        by_url[(source.kind, slugify(source.stem))].append(source)
    for (kind, slug), sources in sorted(by_url.items()):
        if len(sources) < 2:
            continue
        names = ", ".join(s.path for s in sources)
        for source in sources:
            out.add(source.path, 1, "", f"filerne {names} får samme adresse ({slug})",
                    f"omdøb alle på nær én af dem, så hver {_TYPE_NAMES[kind]} får sit eget filnavn")


def _check_minutes_unique(minutes: list[Minutes | None], out: _Collector) -> None:
    by_meeting: dict[str, list[Minutes]] = defaultdict(list)
    for item in minutes:
        if item is not None:
            by_meeting[item.meeting].append(item)
    for meeting, items in sorted(by_meeting.items()):
        if len(items) > 1:
            names = ", ".join(m.source for m in items)
            for item in items:
                out.add(item.source, 1, "meeting", f"mødet '{meeting}' har flere referater ({names})",
                        "saml referatet i én fil, eller ret meeting: i den forkerte")


def _check_page_cycles(pages: list[Page], out: _Collector) -> None:
    parent_of = {p.slug: p.parent for p in pages}
    for page in pages:
        seen, slug = {page.slug}, page.parent
        while slug is not None:
            if slug in seen:
                out.add(page.source, 1, "parent", "siderne er hinandens overordnede side i en ring",
                        "fjern parent: fra en af siderne")
                break
            seen.add(slug)
            slug = parent_of.get(slug)
