"""The report's documents: its frozen HTML text, the printed PDF, the figures block and the
annex, rendered from templates (used at publication, in the preview and by the demo)."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.orm import selectinload

from forum.accounts import SUPPORTED_LOCALES
from forum.extensions import db
from forum.mail import external_url
from forum.models import Contribution, Debate, Status
from synthesis import charts, citations, statistics
from synthesis.models import Citation, Report


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


# --- Rendering a published report again ---------------------------------------------------


def _published_language(report: Report) -> str:
    """The language the report was published in, read from its contents' heading (the
    publisher's language then; not stored apart)."""
    for locale in SUPPORTED_LOCALES:
        with force_locale(locale):
            heading = f'<h2 id="toc-title">{escape(_("Contents"))}</h2>'
        if heading in report.published_html:
            return locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def redraw(report: Report) -> Path | None:
    """Render a published report again — its HTML and its PDF — from its frozen text, with
    the notes numbered and quoted as published and the figures it was published with, the
    authors named as they are now (an erased account: "deleted participant"). No commit;
    returns the previous PDF, for the caller to remove once committed."""
    from synthesis import report as report_service

    debate = report.debate
    notes = db.session.execute(
        db.select(Contribution, Citation.quote)
        .join(Citation, Citation.contribution_id == Contribution.id)
        .where(Citation.report_id == report.id)
        .order_by(Citation.number)
        .options(selectinload(Contribution.author))
    ).all()
    figures = citations.published_figures(report.published_html)
    with force_locale(_published_language(report)):
        rendered = citations.render(
            debate,
            [(section.id, section.body_source) for section in report.sections],
            statistics_html=(lambda: figures)
            if figures is not None
            else lambda: figures_html(debate),
            published=[(item, quote) for item, quote in notes],
        )
        report.published_html = body_html(report, rendered)
        pdf = report_pdf(debate, report, rendered)
    folder = report_service.reports_folder()
    old = folder / report.pdf_file if report.pdf_file else None
    name = f"{secrets.token_hex(16)}.pdf"
    (folder / name).write_bytes(pdf)
    report.pdf_file = name
    return old


def redraw_reports_showing(contribution_ids: list[int]) -> list[Path]:
    """Render again every published report whose text or annex shows one of these
    contributions; the previous PDFs, to remove once committed."""
    if not contribution_ids:
        return []
    debates = db.select(Contribution.debate_id).where(Contribution.id.in_(contribution_ids))
    reports = db.session.scalars(
        db.select(Report)
        .where(Report.debate_id.in_(debates), Report.published_at.is_not(None))
        .order_by(Report.id)
    ).all()
    return [old for old in map(redraw, reports) if old is not None]
