"""The report's documents: its frozen HTML text, the printed PDF, the figures block and the
annex, rendered from templates (used at publication, in the preview and by the demo).

Publication freezes the text in the request; the PDF takes seconds to print, so it is
rendered after the commit (``render_pdf``): by a thread of the web process
(``synthesis.publication``) and by ``flask render-reports`` for any left behind. Its state
is on the report (pending, ready, failed with the error's message)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from forum.accounts import SUPPORTED_LOCALES
from forum.extensions import db
from forum.mail import external_url
from forum.models import Contribution, Debate, Status, User, utcnow
from synthesis import charts, citations, statistics
from synthesis import report as report_service
from synthesis.models import Citation, PdfState, Report, ReportStatus

# A renderer that holds a report's PDF longer than this has died (a restart): another
# takes it over. Printing the largest report takes well under a minute.
PDF_CLAIM_MINUTES = 10


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
    """Contents, sections and notes: what the report page shows (the sections with text)."""
    return render_template(
        "synthesis/_report_body.html",
        sections=report_service.sections_with_text(report),
        rendering=rendered,
    )


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
        sections=report_service.sections_with_text(report),
        notes=bool(rendered.notes),
        body=body_html(report, rendered),
        annex=annex(debate),
        permalink=lambda item: external_url("forum.contribution", contribution_id=item.id),
    )
    # WeasyPrint weighs ~40 MB: imported by the process that prints, not by every worker.
    from synthesis import pdf

    return pdf.html_to_pdf(html)


def publish(debate: Debate, actor: User) -> Report:
    """Publish the report (``synthesis.report.publish``): its text is public at once, its
    PDF pending (``render_pdf``)."""
    return report_service.publish(
        debate,
        actor,
        render_body=body_html,
        statistics_html=lambda: figures_html(debate),
    )


def publish_and_print(debate: Debate, actor: User) -> Report:
    """Publish the report and render its PDF before returning (the demo, scripts)."""
    current = publish(debate, actor)
    render_pdf(current.id)
    return current


# --- The PDF, out of the request ------------------------------------------------------------


def claim_pdf(report_id: int) -> str | None:
    """Take the rendering of a report's PDF, if it is waiting (pending or failed) and no
    other renderer holds it (or held it longer than ``PDF_CLAIM_MINUTES``): one UPDATE,
    so that two renderers at once never both take it. Returns the claim, or None."""
    claim = secrets.token_hex(16)
    now = utcnow()
    taken = db.session.execute(
        db.update(Report)
        .where(
            Report.id == report_id,
            Report.status == ReportStatus.PUBLISHED,
            Report.pdf_state.in_([PdfState.PENDING, PdfState.FAILED]),
            or_(
                Report.pdf_claim.is_(None),
                Report.pdf_claimed_at < now - timedelta(minutes=PDF_CLAIM_MINUTES),
            ),
        )
        .values(pdf_claim=claim, pdf_claimed_at=now, pdf_state=PdfState.PENDING)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claim if taken == 1 else None


def render_pdf(report_id: int) -> PdfState | None:
    """Render the PDF of a published report whose PDF is waiting, and record the outcome:
    ready, or failed with the error's message. None when another renderer has it or there
    is nothing to render. Needs a request context (the templates build links)."""
    claim = claim_pdf(report_id)
    if claim is None:
        return None
    current = db.session.get(Report, report_id)
    try:
        name = _write_pdf(current, *_frozen_rendering(current))
    except Exception as error:  # anything printing or writing raises: shown, retried
        db.session.rollback()
        current_app.logger.exception("rendering the PDF of report %s failed", report_id)
        outcome, values = PdfState.FAILED, {"pdf_error": _error_message(error)}
    else:
        outcome, values = PdfState.READY, {"pdf_file": name, "pdf_error": ""}
    kept = db.session.execute(
        db.update(Report)
        .where(Report.id == report_id, Report.pdf_claim == claim)
        .values(pdf_state=outcome, pdf_claim=None, pdf_claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if kept != 1:  # someone took the row meanwhile (a redraw after an erasure): theirs counts
        if outcome == PdfState.READY:
            (report_service.reports_dir() / values["pdf_file"]).unlink(missing_ok=True)
        return None
    return outcome


def _error_message(error: Exception) -> str:
    return (f"{type(error).__name__}: {error}")[:1000]


def pdfs_waiting() -> list[int]:
    """The published reports whose PDF is pending or failed, oldest first."""
    return list(
        db.session.scalars(
            db.select(Report.id)
            .where(
                Report.status == ReportStatus.PUBLISHED,
                Report.pdf_state.in_([PdfState.PENDING, PdfState.FAILED]),
            )
            .order_by(Report.published_at, Report.id)
        )
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


def _frozen_rendering(report: Report) -> tuple[str, citations.Rendering]:
    """The published report's frozen text rendered again: the notes numbered and quoted as
    published, the figures it was published with, the authors named as they are now (an
    erased account: "deleted participant"); and the language it was published in."""
    debate = report.debate
    notes = db.session.execute(
        db.select(Contribution, Citation.quote)
        .join(Citation, Citation.contribution_id == Contribution.id)
        .where(Citation.report_id == report.id)
        .order_by(Citation.number)
        .options(selectinload(Contribution.author))
    ).all()
    figures = citations.published_figures(report.published_html)
    locale = _published_language(report)
    with force_locale(locale):
        rendered = citations.render(
            debate,
            [(section.id, section.body_source) for section in report.sections],
            statistics_html=(lambda: figures)
            if figures is not None
            else lambda: figures_html(debate),
            published=[(item, quote) for item, quote in notes],
        )
    return locale, rendered


def _write_pdf(report: Report, locale: str, rendered: citations.Rendering) -> str:
    """Print the report into a new file of the reports folder; its name."""
    with force_locale(locale):
        pdf = report_pdf(report.debate, report, rendered)
    name = f"{secrets.token_hex(16)}.pdf"
    (report_service.reports_folder() / name).write_bytes(pdf)
    return name


def redraw(report: Report) -> Path | None:
    """Render a published report again — its HTML and its PDF, at once — from its frozen
    text, the authors named as they are now. No commit; returns the previous PDF, for the
    caller to remove once committed. A renderer busy with the PDF meanwhile loses its
    claim: what it printed still names the authors as they were."""
    locale, rendered = _frozen_rendering(report)
    with force_locale(locale):
        report.published_html = body_html(report, rendered)
    name = _write_pdf(report, locale, rendered)
    old = report_service.reports_dir() / report.pdf_file if report.pdf_file else None
    report.pdf_file = name
    report.pdf_state, report.pdf_error = PdfState.READY, ""
    report.pdf_claim = report.pdf_claimed_at = None
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
