"""Records built by hand and rendered to a dict in memory (assemble_site -> render_site), no files written.

The factories of the render tests, shared by the unit tests of calendars, feeds and structured data.
Each factory gives a valid record; keyword arguments change single fields.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sitegen.content.assemble import assemble_site
from sitegen.core import records as r
from sitegen.render.pages import render_site
from tests.sitekit import ROOT

TEMPLATES = ROOT / "templates"
CPH = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2016, 9, 20, 12, 0, tzinfo=CPH)


JANE = r.Person(id="jane", name="Jane Jørgensen", role="Kommunikationsmedarbejder",
                email="jajo@lejre.dk", phone="46 46 46 46")


ERIK = r.Person(id="erik", name="Erik Asp Poulsen", role="Borgerrådgiver", email="erik@lejre.dk")


RAADHUS = r.Venue(id="raadhus", name="Allerslev Rådhus", address="Lejrevej 15", postal_code="4320", city="Lejre")


def config(**changes) -> r.SiteConfig:
    values = dict(
        title="Kvalitet i børnesagerne",
        organisation="Lejre Kommune",
        base_url="https://www.lejre.dk/kvalitet-boerneomraadet/",
        description="Status for arbejdet med kvaliteten i børnesagerne.",
        accessibility_statement="https://was.digst.dk/lejre",
        contact=JANE,
    )
    values.update(changes)
    return r.SiteConfig(**values)


def meeting(slug="borgermoede-1", **changes) -> r.Meeting:
    values = dict(
        slug=slug, source=f"content/meetings/{slug}.md", title="Borgermøde i forældreekspertpanelet",
        summary="Første møde.", date=dt.date(2016, 10, 5), start=dt.time(17, 0), end=dt.time(18, 30),
        venue=RAADHUS, room="Mødelokale 1",
        registration=r.Registration(contact=ERIK, deadline=dt.date(2016, 9, 28)),
        agenda=("Velkomst", "Status på kvalitetsarbejdet"),
        changes=(r.Change(date=None, note="Mødet er flyttet fra Domus Felix til Allerslev Rådhus."),),
        body="Mødet handler om kvaliteten.",
    )
    values.update(changes)
    return r.Meeting(**values)


def minutes(slug="referat-1", meeting_slug="borgermoede-1", **changes) -> r.Minutes:
    values = dict(slug=slug, source=f"content/minutes/{slug}.md", title="Referat af første borgermøde",
                  meeting=meeting_slug, approved=dt.date(2016, 10, 20), body="Referatet.")
    values.update(changes)
    return r.Minutes(**values)


def initiative(slug="ekstra-personale", **changes) -> r.Initiative:
    values = dict(
        slug=slug, source=f"content/initiatives/{slug}.md", title="Ekstra personale i en periode",
        deadline=r.Deadline(kind="quarter", last_day=dt.date(2017, 3, 31), quarter=1),
        owner=JANE, decided=dt.date(2016, 6, 7), decided_by="Udvalget for Børn & Ungdom", status="i-gang",
        progress=(r.Progress(date=dt.date(2016, 6, 7), note="Besluttet.", status="ikke-startet"),
                  r.Progress(date=dt.date(2016, 8, 23), note="Ansat to.", status="i-gang")),
        body="Om tiltaget.",
    )
    values.update(changes)
    return r.Initiative(**values)


def update(slug="status-juni", **changes) -> r.Update:
    values = dict(
        slug=slug, source=f"content/updates/{slug}.md", title="Status til udvalget i juni",
        summary="Kort status.", date=dt.date(2016, 6, 7), category="udvalgsstatus",
        committee="Udvalget for Børn & Ungdom", committee_meeting=dt.date(2016, 6, 7),
        initiatives=("ekstra-personale",), body="Status.",
    )
    values.update(changes)
    return r.Update(**values)


def page(slug="om-panelet", **changes) -> r.Page:
    values = dict(slug=slug, source=f"content/pages/{slug}.md", title="Om forældreekspertpanelet",
                  menu=1, body="Panelet er [møderne](/moeder/) og [et tiltag](/tiltag/ekstra-personale/).")
    values.update(changes)
    return r.Page(**values)


def keyfigures() -> tuple[r.KeyFigure, ...]:
    return (
        r.KeyFigure(id="budget", label="Budget til området", value=Decimal("62.5"), unit="mio. kr.",
                    date=r.PartialDate(year=2016), source="Lejre Kommune", approximate=True),
        r.KeyFigure(id="netto", label="Nettoudgift pr. 0-17-årig", value=Decimal("11408"), unit="kr.",
                    date=r.PartialDate(year=2013), source="Regnskab 2013",
                    series=(r.SeriesPoint(period="2012", value=Decimal("10950")),
                            r.SeriesPoint(period="2013", value=Decimal("11408")))),
        r.KeyFigure(id="p52", label="Børn og familier efter § 52", value=Decimal("747"),
                    unit="børn og familier", date=r.PartialDate(year=2016, month=6, day=1),
                    source="Lejre Kommune", note="Opgjort af forvaltningen."),
        r.KeyFigure(id="ventetid", label="Ventetid", value=Decimal("8"), unit="dage",
                    date=r.PartialDate(year=2017, month=8), source="CVO"),
    )


def records(**changes) -> r.Records:
    values = dict(
        config=config(), people={"jane": JANE, "erik": ERIK}, venues={"raadhus": RAADHUS},
        keyfigures=keyfigures(),
        intro=r.Intro(slug="index", source="content/index.md", title="Forside", summary="Velkommen.",
                      body="Her kan du følge arbejdet."),
        meetings=(meeting(),
                  meeting("borgermoede-0", title="Tidligere møde", date=dt.date(2016, 9, 7), changes=(),
                          registration=None, agenda=())),
        minutes=(minutes(meeting_slug="borgermoede-0"),),
        initiatives=(initiative(),
                     initiative("it-understoettelse", title="IT-understøttelse", status="gennemfoert",
                                deadline=r.Deadline(kind="date", last_day=dt.date(2016, 8, 1))),
                     initiative("ledelse-taet-paa", title="Ledelse tæt på", status=None, owner=None,
                                deadline=r.Deadline(kind="date", last_day=dt.date(2016, 9, 1)))),
        updates=(update(), update("nyhed-sept", title="Invitation til panelet", date=dt.date(2016, 9, 7),
                                  category="nyhed", committee=None, committee_meeting=None, initiatives=())),
        pages=(page(),),
    )
    values.update(changes)
    return r.Records(**values)


def build(recs: r.Records | None = None, now: dt.datetime = NOW, preview: bool = False) -> dict[str, bytes]:
    return render_site(assemble_site(recs or records(), now, preview), TEMPLATES)


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")
