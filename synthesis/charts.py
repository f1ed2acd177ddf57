"""Charts of the statistics page, drawn on the server as SVG.

No script and no style attribute (the Content-Security-Policy forbids inline styles):
shapes carry classes and presentation attributes. Each chart is an image with a title for
screen readers, and the page shows the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from forum.units import number
from synthesis.statistics import Figure, Week

BAR_HEIGHT = 22
LABEL_WIDTH = 190
BAR_WIDTH = 330
VALUE_WIDTH = 90


def bar_chart(chart_id: str, title: str, rows: Sequence[Figure], hidden_label: str) -> Markup:
    """Horizontal bars, one per row, in the order given (never sorted by value)."""
    top = max((row.value or 0 for row in rows), default=0) or 1
    height = BAR_HEIGHT * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for n, row in enumerate(rows):
        y = 4 + n * BAR_HEIGHT
        length = 0 if row.value is None else round(BAR_WIDTH * row.value / top)
        value = hidden_label if row.value is None else number(row.value)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
            f'class="chart-label">{escape(row.label)}</text>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" '
                f'height="{BAR_HEIGHT - 6}" class="chart-bar" fill="#2c5f8a"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}" '
            f'class="chart-value">{escape(value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def theme_weeks_chart(
    chart_id: str, title: str, themes: Sequence[str], weeks: Sequence[Week], week_label
) -> Markup:
    """A grid: one row per theme (index order), one column per week; darker is more."""
    cell, label_width, head = 18, 200, 26
    top = max((n for week in weeks for n in week.counts), default=0) or 1
    width = label_width + cell * max(len(weeks), 1) + 50
    height = head + cell * len(themes) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for column, week in enumerate(weeks):
        if column % 3 == 0:  # a date every third week, written level, fits above the grid
            x = label_width + column * cell
            parts.append(
                f'<text x="{x}" y="{head - 8}" class="chart-axis">'
                f"{escape(week_label(week.start))}</text>"
            )
    for row, theme in enumerate(themes):
        y = head + row * cell
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end" '
            f'class="chart-label">{escape(theme)}</text>'
        )
        for column, week in enumerate(weeks):
            n = week.counts[row]
            shade = 0.08 + 0.92 * n / top if n else 0.0
            parts.append(
                f'<rect x="{label_width + column * cell}" y="{y}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="#2c5f8a" fill-opacity="{shade:.2f}" '
                f'stroke="#c9d3dc" stroke-width="1"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
