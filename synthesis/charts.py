"""Charts of the statistics page and of the report, drawn on the server as SVG.

No script and no style attribute (the Content-Security-Policy forbids inline styles):
shapes carry classes and presentation attributes. Each chart is an image whose title says
its figures (the PDF's alternative text is that title); the page gives the same figures
as a table, folded under the chart, for whoever prefers to read them.

Text is laid out here, without a browser to measure it: a label's width is estimated
generously (``FONT_SIZE`` × ``CHAR_WIDTH`` per character), long labels are wrapped on two
lines and cut with "…" (the whole label stays in the text's title), and the weeks' dates
are written one every few columns, as many as fit without touching.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from html import escape

from markupsafe import Markup

from forum.units import number
from synthesis.statistics import Figure, Week

FONT_SIZE = 12  # px, as the stylesheets set .chart-label, .chart-value and .chart-axis
CHAR_WIDTH = 0.62  # em: wider than DejaVu Sans's average letter, so an estimate never short
LINE_HEIGHT = 13
BAR_HEIGHT = 22
LABEL_WIDTH = 190
BAR_WIDTH = 300
VALUE_WIDTH = 90
# The whole chart fits the report's text column (170 mm) at this width, without shrinking
# its letters by more than about a quarter.
MAX_WIDTH = 640
WEEK_LABEL_WIDTH = 210
FILL = "#2c5f8a"
# The size the estimates assume, set on the text itself (WeasyPrint does not apply the
# page's stylesheet inside an SVG; the screen's stylesheet sets the same size).
TEXT = f' font-size="{FONT_SIZE}" font-family="DejaVu Sans, sans-serif"'


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """A generous estimate of the width of ``text`` in the charts' font, in px."""
    return len(text) * size * CHAR_WIDTH


def label_lines(label: str, width: float, lines: int = 2) -> list[str]:
    """``label`` wrapped to fit ``width`` px on at most ``lines`` lines, the last cut with
    "…" when the label is longer."""
    per_line = max(4, int(width / (FONT_SIZE * CHAR_WIDTH)))
    wrapped = textwrap.wrap(label, per_line, break_long_words=True) or [""]
    if len(wrapped) > lines:
        last = " ".join(wrapped[lines - 1 :])
        wrapped = wrapped[: lines - 1] + [last[: per_line - 1].rstrip() + "…"]
    return wrapped


def _label(x: float, y: float, label: str, width: float, anchor: str = "end") -> str:
    """A label right-aligned at ``x`` and centred on ``y``, wrapped, with its whole text
    as a title when it had to be cut."""
    lines = label_lines(label, width)
    first = y - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.35
    spans = "".join(
        f'<tspan x="{x:g}" y="{first + n * LINE_HEIGHT:g}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    title = f"<title>{escape(label)}</title>" if " ".join(lines) != label else ""
    return f'<text text-anchor="{anchor}" class="chart-label"{TEXT}>{title}{spans}</text>'


def _svg(chart_id: str, title: str, width: float, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
    )


def said(title: str, pairs: Sequence[tuple[str, str]]) -> str:
    """A chart's title with its figures, read out instead of the picture."""
    return f"{title} — " + " ; ".join(f"{label} : {value}" for label, value in pairs)


def bar_chart(
    chart_id: str, title: str, rows: Sequence[Figure], hidden_labels: Mapping[str, str]
) -> Markup:
    """Horizontal bars, one per row, in the order given (never sorted by value); a hidden
    figure reads as ``hidden_labels`` says for its reason (``Figure.hidden_as``)."""
    top = max((row.value or 0 for row in rows), default=0) or 1
    heights = [
        max(BAR_HEIGHT, len(label_lines(row.label, LABEL_WIDTH - 10)) * LINE_HEIGHT + 6)
        for row in rows
    ]
    height = sum(heights) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    values = [
        hidden_labels[row.hidden_as] if row.value is None else number(row.value) for row in rows
    ]
    spoken = said(title, [(row.label, value) for row, value in zip(rows, values, strict=True)])
    parts = [_svg(chart_id, spoken, width, height)]
    y = 4
    for row, value, row_height in zip(rows, values, heights, strict=True):
        middle = y + row_height / 2
        length = 0 if row.value is None else round(BAR_WIDTH * row.value / top)
        parts.append(_label(LABEL_WIDTH - 8, middle, row.label, LABEL_WIDTH - 10))
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{middle - (BAR_HEIGHT - 6) / 2:g}" '
                f'width="{length}" height="{BAR_HEIGHT - 6}" class="chart-bar" fill="{FILL}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle + FONT_SIZE * 0.35:g}" '
            f'class="chart-value"{TEXT}>{escape(value)}</text>'
        )
        y += row_height
    parts.append("</svg>")
    return Markup("".join(parts))


def theme_weeks_chart(
    chart_id: str,
    title: str,
    themes: Sequence[str],
    weeks: Sequence[Week],
    week_label: Callable,
) -> Markup:
    """A grid: one row per theme (index order), one column per week; darker is more. The
    columns narrow so that a long debate fits the page; a date is written above every
    few columns, as often as the dates fit without touching."""
    columns = max(len(weeks), 1)
    cell = max(6, min(18, (MAX_WIDTH - WEEK_LABEL_WIDTH - 20) // columns))
    widest = max((text_width(week_label(week.start)) for week in weeks), default=0)
    step = max(1, math.ceil((widest + 8) / cell))
    heights = [
        max(cell, len(label_lines(t, WEEK_LABEL_WIDTH - 10)) * LINE_HEIGHT + 4) for t in themes
    ]
    head = 22
    top = max((n for week in weeks for n in week.counts), default=0) or 1
    last_label = ((columns - 1) // step) * step * cell + widest
    width = WEEK_LABEL_WIDTH + max(cell * columns, last_label) + 10
    height = head + sum(heights) + 10
    totals = [(name, str(sum(week.counts[n] for week in weeks))) for n, name in enumerate(themes)]
    parts = [_svg(chart_id, said(title, totals), width, height)]
    for column, week in enumerate(weeks):
        if column % step == 0:
            x = WEEK_LABEL_WIDTH + column * cell
            parts.append(
                f'<text x="{x}" y="{head - 8}" class="chart-axis"{TEXT}>'
                f"{escape(week_label(week.start))}</text>"
            )
    y = head
    for row, (theme, row_height) in enumerate(zip(themes, heights, strict=True)):
        middle = y + row_height / 2
        parts.append(_label(WEEK_LABEL_WIDTH - 8, middle, theme, WEEK_LABEL_WIDTH - 10))
        for column, week in enumerate(weeks):
            n = week.counts[row]
            shade = 0.08 + 0.92 * n / top if n else 0.0
            parts.append(
                f'<rect x="{WEEK_LABEL_WIDTH + column * cell}" y="{middle - cell / 2:g}" '
                f'width="{cell - 2}" height="{cell - 2}" fill="{FILL}" '
                f'fill-opacity="{shade:.2f}" stroke="#c9d3dc" stroke-width="1"/>'
            )
        y += row_height
    parts.append("</svg>")
    return Markup("".join(parts))
