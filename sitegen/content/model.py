"""The content model as data: one field table per content type and data file.

Mirrors ../shared/content-model.md (a test keeps them in step) plus the
extensions in docs/udvidelser.md. Imports: fields.
"""
from __future__ import annotations

from dataclasses import dataclass

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

MEETING_STATUSES = ("planlagt", "afholdt", "aflyst", "flyttet")
INITIATIVE_STATUSES = ("ikke-startet", "i-gang", "forsinket", "gennemfoert", "opgivet")
UPDATE_CATEGORIES = ("nyhed", "udvalgsstatus")


@dataclass(frozen=True)
class Field:
    name: str
    kind: object
    required: bool = False
    meaning: str = ""  # Danish, shown to editors
    # An optional field left empty (`draft:`, `draft: ~`) counts as left out, which is right where that
    # means "none": nothing is shown and nothing is claimed (summary, room, updated, agenda, an
    # initiative's status: "Status ikke oplyst", approved: "ikke oplyst, om referatet er godkendt").
    # Where left out means a default that publishes or claims something, an empty value is a fejl:
    # the editor began to write a value, and the default may be the opposite of what they meant.
    # `empty_means` says what it would have meant, in Danish, after "feltet er tomt, og så".
    empty_means: str = ""


COMMON = (
    Field("title", Text(), True, "sidens titel"),
    Field("summary", Text(), False, "en eller to sætninger til lister, feeds og søgemaskiner"),
    Field("draft", Bool(), False, "true: vises kun i forhåndsvisning", empty_means="bliver filen offentlig"),
    Field("publish", Moment(), False, "offentliggøres først fra dette tidspunkt",
          empty_means="bliver filen offentlig med det samme"),
    Field("updated", Date(), False, "vises som 'Senest opdateret'"),
    Field("changes", ListOf(Group((
        Field("date", Date(), False, "hvornår ændringen skete"),
        Field("note", Text(), True, "hvad der er ændret"),
    ))), False, "offentlig ændringslog"),
    Field("historical", Bool(), False,
          "true: holdes ikke længere ajour; siden får en tydelig besked med datoen for de nyeste oplysninger",
          empty_means="bliver siden vist, som om den holdes ajour"),
)

TYPE_FIELDS = {
    "meetings": (
        Field("date", Date(), True, "mødedato"),
        Field("start", Time(), True, "starttidspunkt"),
        Field("end", Time(), True, "sluttidspunkt"),
        Field("venue", Ref("venues"), True, "mødested (id i data/venues.yaml)"),
        Field("room", Text(), False, "lokale"),
        Field("status", Choice(MEETING_STATUSES), False, "mødets status",
              empty_means="bliver mødet vist som planlagt, også hvis det er aflyst"),
        Field("registration", Group((
            Field("contact", Ref("people"), False, "kontaktperson (id i data/people.yaml)"),
            Field("deadline", Date(), False, "sidste frist for tilmelding; ellers 7 dage før",
                  empty_means="bliver fristen 7 dage før mødet"),
        )), False, "tilmelding"),
        Field("agenda", ListOf(Text()), False, "dagsordenens punkter"),
        Field("audience", Text(), False, "hvem mødet er for"),
        Field("minutes_note", Text(), False, "kort offentlig besked om, hvorfor mødet ikke har et referat"),
    ),
    "minutes": (
        Field("meeting", Ref("meetings"), True, "mødets filnavn uden .md"),
        Field("approved", Date(), False, "dato for godkendelse"),
    ),
    "initiatives": (
        Field("owner", Ref("people"), False, "ansvarlig (id i data/people.yaml)"),
        Field("decided", Date(), False, "besluttet den"),
        Field("decided_by", Text(), False, "besluttet af"),
        Field("deadline", DeadlineKind(), True, "den oprindelige frist; en ny frist skrives i deadline_changes"),
        Field("deadline_changes", ListOf(Group((
            Field("date", Date(), True, "hvornår fristen blev flyttet"),
            Field("deadline", DeadlineKind(), True, "den nye frist"),
            Field("note", Text(), True, "hvorfor fristen er flyttet"),
        ))), False, "flyttede frister, ældste først; den oprindelige frist bliver stående"),
        Field("status", Choice(INITIATIVE_STATUSES), False, "status"),
        Field("progress", ListOf(Group((
            Field("date", Date(), True, "dato"),
            Field("status", Choice(INITIATIVE_STATUSES), False, "status på datoen"),
            Field("note", Text(), True, "hvad der er sket"),
        ))), False, "fremdrift"),
    ),
    "updates": (
        Field("date", Date(), True, "dato"),
        Field("category", Choice(UPDATE_CATEGORIES), False, "nyhed eller status til udvalget"),
        Field("committee", Text(), False, "udvalg"),
        Field("committee_meeting", Date(), False, "udvalgsmødets dato"),
        Field("initiatives", ListOf(Ref("initiatives")), False, "tiltag, der bliver fulgt op på"),
    ),
    "pages": (
        Field("menu", Integer(), False, "plads i hovedmenuen"),
        Field("parent", Ref("pages"), False, "overordnet side"),
    ),
    "index": (),
}

DATA_FIELDS = {
    "site": (
        Field("title", Text(), True, "sitets titel"),
        Field("organisation", Text(), True, "organisationen"),
        Field("base_url", Link(absolute_only=True), True, "sitets fulde adresse"),
        Field("description", Text(), False, "beskrivelse af forsiden"),
        Field("accessibility_statement", Link(), False, "link til tilgængelighedserklæringen"),
        Field("contact", Ref("people"), False, "kontaktperson i sidefoden"),
        Field("menu", ListOf(Group((
            Field("title", Text(), True, "menupunktets tekst"),
            Field("url", Link(), True, "sti eller adresse"),
        ))), False, "hovedmenu"),
    ),
    "people": (
        Field("name", Text(), True, "navn"),
        Field("role", Text(), False, "stilling"),
        Field("email", Email(), False, "e-mail"),
        Field("phone", Text(), False, "telefon"),
    ),
    "venues": (
        Field("name", Text(), True, "navn"),
        Field("address", Text(), True, "adresse"),
        Field("postal_code", PostalCode(), True, "postnummer"),
        Field("city", Text(), True, "by"),
        Field("accessibility", Text(), False, "adgangsforhold"),
    ),
    "keyfigures": (
        Field("id", Text(), True, "unikt id"),
        Field("label", Text(), True, "hvad tallet viser"),
        Field("value", Number(), True, "tallet"),
        Field("unit", Text(), False, "enhed"),
        Field("date", PartialDateKind(), True, "hvornår tallet gjaldt"),
        Field("source", Text(), True, "kilde"),
        Field("approximate", Bool(), False, "true: vises med 'ca.'", empty_means="bliver tallet vist uden 'ca.'"),
        Field("note", Text(), False, "bemærkning"),
        Field("series", ListOf(Group((
            Field("period", Text(), True, "periode"),
            Field("value", Number(), True, "tal"),
        ))), False, "tidsserie"),
    ),
}

# Fields we added beyond ../shared/content-model.md; docs/udvidelser.md says why.
EXTENSIONS = {
    ("keyfigures", "approximate"), ("keyfigures", "note"),
    ("common", "historical"), ("meetings", "minutes_note"), ("initiatives", "deadline_changes"),
}


def fields_for(kind: str) -> tuple[Field, ...]:
    """Every field a content file of this kind may have."""
    return COMMON + TYPE_FIELDS[kind]
