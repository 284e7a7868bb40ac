"""Charts: a key figure's series as an inline SVG bar chart and as a CSV file.

Stage: helper of render (made at build time, no JavaScript, nothing external).
Imports: records, danish, slugs and the standard library; never Jinja, so the
caller wraps `chart_svg` in Markup. The SVG is meant to sit inline in HTML (which
puts it in the SVG namespace), so it carries no xmlns and no absolute address. Output is deterministic: the same figure
always gives the same bytes.

Text sizes: the SVG scales to its container (viewBox, width 100%). At the
narrowest layout (a 320 px phone, 288 px of content) one user unit is 0.8 px,
so FONT_SIZE 16 is 12.8 px; the stylesheet caps the chart at 26rem, where it is
about 18.5 px. Many periods make the viewBox wider than VIEW_WIDTH (and the
text smaller); the table beside the chart always carries the same numbers.
"""
from __future__ import annotations

import csv
import html
import io
import re
import textwrap
from decimal import Decimal

from sitegen.core import urls
from sitegen.core.records import KeyFigure
from sitegen.core.slugs import slugify
from sitegen.render import danish

CSV_SOURCE = "data/keyfigures.yaml"  # named by render's collision check

# Colours on the white page (WCAG contrast ratio): bars 7.6 (>= 3 for graphics),
# text and axes 17.2 (>= 4.5 for text), the grid line at the top tick 4.5.
BAR_COLOUR = "#2b5f1f"
TEXT_COLOUR = "#1b1b1b"
GRID_COLOUR = "#767676"

# Geometry in user units.
VIEW_WIDTH = 360
FONT_SIZE = 16
CHAR_WIDTH = 0.6 * FONT_SIZE  # a generous estimate of one character's width
LINE_HEIGHT = 1.25 * FONT_SIZE
PLOT_HEIGHT = 160
PLOT_TOP = 2 * FONT_SIZE + 16  # room for the axis label and the tallest bar's value
LABEL_GAP = 6  # between a bar's end and its value, an axis and its labels
RIGHT_MARGIN = 8
MIN_SLOT = 56  # narrowest room per period before the chart grows wider
MAX_BAR = 72

# Steps of a rounded maximum: 84 -> 100, 62.5 -> 80, 11408 -> 12000.
_NICE_STEPS = tuple(Decimal(s) for s in ("1", "1.2", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10"))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def chart_svg(figure: KeyFigure) -> str:
    """An accessible SVG bar chart of `figure.series`: one bar per period, in order."""
    # Long: the SVG is written top to bottom as it is drawn (scale, axes, bars, labels), which reads
    # more plainly in one place than split into pieces that share a dozen measurements.
    points = figure.series
    if not points:
        raise ValueError(f"key figure {figure.id!r} has no series to draw")
    ids = chart_ids(figure)
    values = [p.value for p in points]
    top = nice_ceiling(max(max(values), Decimal(0)))
    bottom = -nice_ceiling(-min(min(values), Decimal(0)))
    ticks = sorted({bottom, Decimal(0), top})  # 0 and the rounded extremes
    span = float(top - bottom) or 1.0  # all zero: any scale draws flat bars

    tick_labels = {t: danish.number(t) for t in ticks}
    left = max(len(label) for label in tick_labels.values()) * CHAR_WIDTH + 2 * LABEL_GAP
    slot = max((VIEW_WIDTH - left - RIGHT_MARGIN) / len(points), MIN_SLOT)
    width = left + slot * len(points) + RIGHT_MARGIN
    bar = min(slot * 0.6, MAX_BAR)

    def y_of(value: Decimal) -> float:
        return PLOT_TOP + float(top - value) / span * PLOT_HEIGHT

    baseline = y_of(Decimal(0))
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    below = plot_bottom + (FONT_SIZE + 2 * LABEL_GAP if bottom < 0 else 0)
    wrap_at = max(4, int(slot / CHAR_WIDTH))
    categories = [textwrap.wrap(p.period, wrap_at) or [""] for p in points]
    lines = max(len(c) for c in categories)
    height = below + LABEL_GAP + lines * LINE_HEIGHT + LABEL_GAP

    out = [
        f'<svg class="chart-svg" width="100%" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{ids["title"]} {ids["desc"]}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{ids["title"]}">{_escape(figure.label)}</title>',
        f'<desc id="{ids["desc"]}">{_escape(chart_summary(figure))}</desc>',
        f'<text class="chart-axis-label" x="0" y="{FONT_SIZE}">{_escape(axis_label(figure))}</text>',
    ]
    for tick in ticks:
        y = y_of(tick)
        if tick != 0:
            out.append(f'<line class="chart-grid" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(width - RIGHT_MARGIN)}" '
                       f'y2="{_n(y)}" stroke="{GRID_COLOUR}" stroke-dasharray="4 4"/>')
        out.append(f'<text class="chart-tick" x="{_n(left - LABEL_GAP)}" y="{_n(y + FONT_SIZE * 0.35)}" '
                   f'text-anchor="end">{_escape(tick_labels[tick])}</text>')
    for index, (point, category) in enumerate(zip(points, categories, strict=True)):
        centre = left + slot * (index + 0.5)
        end = y_of(point.value)
        if point.value < 0:
            y, h, label_y = baseline, end - baseline, end + LABEL_GAP + FONT_SIZE * 0.8
        else:
            y, h, label_y = end, baseline - end, end - LABEL_GAP
        out.append(f'<rect class="chart-bar" x="{_n(centre - bar / 2)}" y="{_n(y)}" width="{_n(bar)}" '
                   f'height="{_n(h)}" fill="{BAR_COLOUR}"/>')
        out.append(f'<text class="chart-value" x="{_n(centre)}" y="{_n(label_y)}" text-anchor="middle" '
                   f'font-weight="700">{_escape(danish.number(point.value))}</text>')
        tspans = "".join(
            f'<tspan x="{_n(centre)}" y="{_n(below + LABEL_GAP + (n + 0.8) * LINE_HEIGHT)}">{_escape(line)}</tspan>'
            for n, line in enumerate(category)
        )
        out.append(f'<text class="chart-category" text-anchor="middle">{tspans}</text>')
    out.append(f'<line class="chart-axis" x1="{_n(left)}" y1="{_n(PLOT_TOP)}" x2="{_n(left)}" '
               f'y2="{_n(plot_bottom)}" stroke="{TEXT_COLOUR}"/>')
    out.append(f'<line class="chart-baseline" x1="{_n(left)}" y1="{_n(baseline)}" x2="{_n(width - RIGHT_MARGIN)}" '
               f'y2="{_n(baseline)}" stroke="{TEXT_COLOUR}" stroke-width="2"/>')
    out.append("</svg>")
    return "\n".join(out)


def chart_ids(figure: KeyFigure) -> dict[str, str]:
    """The element ids of a figure's chart: chart-<id>-title and chart-<id>-desc."""
    figure_id = checked_id(figure)
    return {"title": f"chart-{figure_id}-title", "desc": f"chart-{figure_id}-desc"}


def chart_summary(figure: KeyFigure) -> str:
    """Søjlediagram med 2 perioder. Før: 84 dage. August 2017: 8 dage."""
    count = len(figure.series)
    parts = [f"Søjlediagram med {count} {'periode' if count == 1 else 'perioder'}."]
    parts += [f"{p.period}: {danish.amount(p.value, figure.unit)}." for p in figure.series]
    return " ".join(parts)


def axis_label(figure: KeyFigure) -> str:
    """The value axis' label: the unit ("dage"), or "Værdi" for a figure without one."""
    return figure.unit or "Værdi"


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest rounded number >= value: 84 -> 100, 62.5 -> 80, 8 -> 8, 0 -> 0."""
    if value <= 0:
        return Decimal(0)
    exponent = value.adjusted()
    for step in _NICE_STEPS:
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate.normalize()
    raise AssertionError("unreachable: the last step is 10 times the leading digit")  # pragma: no cover


def figure_csv(figure: KeyFigure) -> bytes:
    """The series as CSV for Danish Excel: UTF-8 with BOM, ';' between fields, decimal comma."""
    if not figure.series:
        raise ValueError(f"key figure {figure.id!r} has no series to write")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Periode", f"Værdi ({figure.unit})" if figure.unit else "Værdi"])
    for point in figure.series:
        writer.writerow([point.period, csv_number(point.value)])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def csv_number(value: Decimal) -> str:
    """11408, 62,5, -3: no thousands separator (Excel and other programs agree), decimal comma."""
    return format(value, "f").replace(".", ",")


def csv_path(figure: KeyFigure) -> str:
    """Output path of a figure's CSV file: noegletal/<id>.csv."""
    return urls.output_path(urls.keyfigure_data(checked_id(figure)))


def csv_files(figures: tuple[KeyFigure, ...] | list[KeyFigure]) -> list[tuple[str, str, bytes]]:
    """(output path, source, content) of the CSV file of every figure with a series, in order."""
    return [(csv_path(f), CSV_SOURCE, figure_csv(f)) for f in figures if f.series]


def checked_id(figure: KeyFigure) -> str:
    """The figure's id, which becomes a file name and element ids: only a-z, 0-9 and '-'."""
    if not figure.id or slugify(figure.id) != figure.id:
        raise ValueError(f"key figure id {figure.id!r} is not a slug (a-z, 0-9, '-'); "
                         f"validate should have refused it")
    return figure.id


def _escape(text: str) -> str:
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _n(number: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 12, 12.5, 12.25."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
