"""Charts: the SVG parsed as XML, the CSV parsed as CSV, and the figures page shows both with its table."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from sitegen.core import records as r
from sitegen.engine.pipeline import build_site
from sitegen.render import charts, danish
from tests.sitekit import ROOT

TEMPLATES = ROOT / "templates"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
SVG = ""  # inline in HTML the SVG needs no xmlns, so ElementTree sees plain tag names

# True once templating.make_environment registers `chart` (and render_site adds the CSV files).


def figure(points: list[tuple[str, str]], *, id="ventetid", label="Sagsbehandlingstid", unit="dage") -> r.KeyFigure:
    series = tuple(r.SeriesPoint(period=p, value=Decimal(v)) for p, v in points)
    return r.KeyFigure(id=id, label=label, value=series[-1].value if series else Decimal(0), unit=unit,
                       date=r.PartialDate(year=2017, month=8), source="CVO", series=series)


VENTETID = figure([("Før", "84"), ("August 2017", "8")])


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def texts(root: ET.Element, cls: str) -> list[str]:
    """The text of every element of a class; the lines (tspans) of a wrapped label joined by spaces."""
    return [" ".join(e.itertext()) for e in root.iter() if e.get("class") == cls]


def bars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}rect"))


# --- the SVG ----------------------------------------------------------------------

def test_svg_is_an_accessible_image():
    root = parse(charts.chart_svg(VENTETID))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("width") == "100%" and re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == "chart-ventetid-title chart-ventetid-desc"
    assert title.get("id") == "chart-ventetid-title" and title.text == "Sagsbehandlingstid"
    assert desc.get("id") == "chart-ventetid-desc"
    assert desc.text == "Søjlediagram med 2 perioder. Før: 84 dage. August 2017: 8 dage."
    assert not [e for e in root.iter() if e.tag.endswith(("script", "image", "foreignObject", "a"))]
    assert "href" not in charts.chart_svg(VENTETID)


def test_one_bar_per_point_in_order_with_proportional_heights():
    root = parse(charts.chart_svg(VENTETID))
    rects = bars(root)
    assert len(rects) == 2
    heights = [float(b.get("height")) for b in rects]
    assert heights[0] / heights[1] == pytest.approx(84 / 8, rel=0.01)
    xs = [float(b.get("x")) for b in rects]
    assert xs == sorted(xs)
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 1) for b in rects}
    assert len(bottoms) == 1  # every bar stands on the same zero baseline


def test_labels_axis_and_ticks():
    root = parse(charts.chart_svg(figure([("Før", "84"), ("August 2017", "8"), ("2018", "11408")])))
    assert texts(root, "chart-value") == ["84", "8", "11.408"]
    assert texts(root, "chart-category") == ["Før", "August 2017", "2018"]
    assert texts(root, "chart-axis-label") == ["dage"]
    assert texts(root, "chart-tick") == ["0", "12.000"]


def test_zero_and_decimal_values():
    root = parse(charts.chart_svg(figure([("Før", "100"), ("Nu", "0"), ("Budget", "62.5")], unit="sager")))
    rects = bars(root)
    assert [float(b.get("height")) for b in rects][1] == 0
    assert texts(root, "chart-value") == ["100", "0", "62,5"]  # the empty bar still says 0
    assert float(rects[0].get("height")) / float(rects[2].get("height")) == pytest.approx(100 / 62.5, rel=0.01)
    assert root.find(f"{SVG}desc").text == "Søjlediagram med 3 perioder. Før: 100 sager. Nu: 0 sager. Budget: 62,5 sager."


def test_all_zero_and_negative_values_still_draw():
    zero = parse(charts.chart_svg(figure([("A", "0"), ("B", "0")], unit=None)))
    assert texts(zero, "chart-value") == ["0", "0"] and texts(zero, "chart-tick") == ["0"]
    assert texts(zero, "chart-axis-label") == ["Værdi"]
    mixed = parse(charts.chart_svg(figure([("A", "-3"), ("B", "5")])))
    assert texts(mixed, "chart-tick") == ["-3", "0", "5"]
    heights = [float(b.get("height")) for b in bars(mixed)]
    assert heights[0] / heights[1] == pytest.approx(3 / 5, rel=0.01) and min(heights) > 0


@pytest.mark.parametrize("value, expected", [
    ("84", "100"), ("100", "100"), ("8", "8"), ("62.5", "80"), ("11408", "12000"), ("0.3", "0.3"), ("0", "0"),
])
def test_rounded_maximum(value, expected):
    assert charts.nice_ceiling(Decimal(value)) == Decimal(expected)


def test_every_text_is_escaped():
    odd = figure([("<b>&amp;", "1"), ('"x" & y', "2")], label="Tal <&> mere", unit="<kr>")
    svg = charts.chart_svg(odd)
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Tal <&> mere"
    assert texts(root, "chart-category") == ["<b>&amp;", '"x" & y']
    assert texts(root, "chart-axis-label") == ["<kr>"]
    assert "<b>" not in svg and "Tal &lt;&amp;&gt; mere" in svg


def test_long_periods_wrap_into_lines():
    root = parse(charts.chart_svg(figure([("Første halvår af regnskabsåret 2016", "1"), ("2017", "2")])))
    first = next(e for e in root.iter() if e.get("class") == "chart-category")
    assert len(list(first)) >= 2 and " ".join(t.text for t in first) == "Første halvår af regnskabsåret 2016"


def test_text_stays_readable_on_a_phone():
    """At 288 px of content (a 320 px phone) the 16-unit text must be at least 12 px."""
    for points in ([("Før", "84"), ("August 2017", "8")], [(str(y), "1") for y in range(2012, 2018)]):
        root = parse(charts.chart_svg(figure(points)))
        width = float(root.get("viewBox").split()[2])
        assert float(root.get("font-size")) * 288 / width >= 12


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_colours_contrast_with_the_white_page():
    root = parse(charts.chart_svg(VENTETID))
    assert {b.get("fill") for b in bars(root)} == {charts.BAR_COLOUR}
    assert _contrast_on_white(charts.BAR_COLOUR) >= 3
    assert root.get("fill") == charts.TEXT_COLOUR and _contrast_on_white(charts.TEXT_COLOUR) >= 4.5
    assert _contrast_on_white(charts.GRID_COLOUR) >= 3


def test_output_is_deterministic():
    assert charts.chart_svg(VENTETID) == charts.chart_svg(figure([("Før", "84"), ("August 2017", "8")]))


@pytest.mark.parametrize("bad_id", ["", "a b", "../x", "Æble"])
def test_ids_that_are_not_slugs_are_refused(bad_id):
    with pytest.raises(ValueError):
        charts.chart_svg(figure([("A", "1")], id=bad_id))
    with pytest.raises(ValueError):
        charts.csv_path(figure([("A", "1")], id=bad_id))


# --- the CSV ----------------------------------------------------------------------

def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Danish Excel then reads æøå as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_the_same_numbers():
    odd = figure([("Før", "84"), ("Budget; ny", "62.5"), ("August 2017", "0"), ("2013", "11408")])
    rows = read_csv(charts.figure_csv(odd))
    assert rows[0] == ["Periode", "Værdi (dage)"]
    assert rows[1:] == [["Før", "84"], ["Budget; ny", "62,5"], ["August 2017", "0"], ["2013", "11408"]]
    assert [Decimal(v.replace(",", ".")) for _, v in rows[1:]] == [p.value for p in odd.series]
    assert charts.figure_csv(odd).count(b"\r\n") == 5


def test_csv_files_only_for_figures_with_a_series():
    plain = r.KeyFigure(id="budget", label="Budget", value=Decimal("62.5"), unit=None,
                        date=r.PartialDate(year=2016), source="Lejre Kommune")
    assert charts.csv_files((plain, VENTETID)) == [
        ("noegletal/ventetid.csv", "data/keyfigures.yaml", charts.figure_csv(VENTETID))]
    assert read_csv(charts.figure_csv(figure([("A", "1")], unit=None)))[0] == ["Periode", "Værdi"]


# --- the figures page ---------------------------------------------------------------

def _chart_and_table(html: str, figure_id: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    """(period, number) from the chart, (period, value cell) from its table, and the CSV link."""
    section = re.search(rf'<section class="series-figure" aria-labelledby="serie-{figure_id}-overskrift">'
                        r"(.*?)</section>", html, re.S).group(1)
    root = parse(re.search(r"<svg.*?</svg>", section, re.S).group(0))
    chart = list(zip(texts(root, "chart-category"), texts(root, "chart-value"), strict=True))
    table = [(unescape(p), unescape(v)) for p, v in
             re.findall(r'<th scope="row">([^<]*)</th>\n<td class="number">([^<]*)</td>', section)]
    link = re.search(r'<a href="([^"]+)" type="text/csv" download>([^<]*)</a>', section)
    return chart, table, (unescape(link.group(1)), unescape(link.group(2)))


def check_figures_page(result) -> None:
    html = result.files["noegletal/index.html"].decode("utf-8")
    with_series = [f for f in result.site.keyfigures if f.series]
    assert len(with_series) == 2
    assert html.count("<h1>") == 1 and html.count('role="img"') == 2
    headings = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    for f in with_series:
        chart, table, link = _chart_and_table(html, f.id)
        expected = [(p.period, danish.number(p.value)) for p in f.series]
        assert chart == expected
        assert table == [(p.period, danish.amount(p.value, f.unit)) for p in f.series]
        assert link == (f"{f.id}.csv", f"Hent tallene som CSV ({f.label})")
        rows = read_csv(result.files[f"noegletal/{f.id}.csv"])
        assert [(p, v.replace(".", "")) for p, v in rows[1:]] == [(p, v.replace(".", "")) for p, v in expected]
    # The table of every figure is still there.
    assert html.count('<tr>\n<th scope="row">') == len(result.site.keyfigures) + sum(len(f.series) for f in with_series)
    assert "<script" not in html


def test_figures_page_shows_a_chart_and_a_table_with_the_same_numbers():
    check_figures_page(build_site(ROOT, NOW))
