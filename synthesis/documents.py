"""The report's documents: its frozen HTML text, the printed PDF, the figures block and the
annex, rendered from templates (used at publication, in the preview and by the demo)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.mail import external_url
from forum.models import Contribution, Debate, Status
from synthesis import charts, citations, statistics
from synthesis.models import Report


def figures_html(debate: Debate) -> str:
    """The statistics of the debate, as inserted by ``[[statistics]]``."""
    return render_template(
        "synthesis/_figures.html",
        figures=statistics.figures(debate),
        debate=debate,
        charts=charts,
        heading_level=3,
    )


def rendering(debate: Debate, report: Report) -> citations.Rendering:
    return citations.render(
        debate,
        [(section.id, section.body_source) for section in report.sections],
        statistics_html=lambda: figures_html(debate),
    )


def body_html(report: Report, rendered: citations.Rendering) -> str:
    """Contents, sections and notes: what the report page shows."""
    return render_template("synthesis/_report_body.html", report=report, rendering=rendered)


def annex(debate: Debate) -> list[tuple[str, list[Contribution]]]:
    """Every published contribution, by theme in the index's order, oldest first."""
    themes = list(debate.themes)
    rows = db.session.scalars(
        db.select(Contribution)
        .where(Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
        .order_by(Contribution.created_at, Contribution.id)
        .options(selectinload(Contribution.author), selectinload(Contribution.themes))
    ).all()
    by_theme: dict[int, list[Contribution]] = {theme.id: [] for theme in themes}
    loose = []
    for item in rows:
        if not item.themes:
            loose.append(item)
        for theme in item.themes:
            by_theme.setdefault(theme.id, []).append(item)
    groups = [(theme.name, by_theme[theme.id]) for theme in themes if by_theme[theme.id]]
    if loose:
        groups.append((_("Without a theme"), loose))
    return groups


def report_pdf(debate: Debate, report: Report, rendered: citations.Rendering) -> bytes:
    """The printed report: title page, contents with page numbers, text, notes, annex."""
    html = render_template(
        "synthesis/report_print.html",
        debate=debate,
        report=report,
        body=body_html(report, rendered),
        annex=annex(debate),
        permalink=lambda item: external_url("forum.contribution", contribution_id=item.id),
    )
    # WeasyPrint weighs ~40 MB: imported by the process that prints, not by every worker.
    from synthesis import pdf

    return pdf.html_to_pdf(html)


def publish(debate: Debate, actor) -> Report:
    """Publish the report with its documents (``synthesis.report.publish``)."""
    from synthesis import report as report_service

    return report_service.publish(
        debate,
        actor,
        render_body=body_html,
        render_pdf=lambda current, rendered: report_pdf(debate, current, rendered),
        statistics_html=lambda: figures_html(debate),
    )
