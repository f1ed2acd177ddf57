"""Publishing the report: what is missing first, then publication, then the PDF printed
out of the request.

Before publishing, the committee sees what the report leaves out, each a warning it may
pass but never a silent one: sections with an empty body, themes no section covers,
weak-signal candidates neither cited nor dismissed, questions still unanswered. With
warnings, publishing needs the committee to say it read them.

A theme is *covered* when the report cites at least one published contribution filed
under it: sections are free text, not tied to themes, and a citation is what shows the
public that the theme's contributions were read.

Publication itself is ``synthesis.report.publish`` (text frozen and public at once, cited
authors told); the PDF is then rendered by a thread of the web process, started after the
commit, with its own context and database session (``start_rendering``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app, has_request_context, request
from flask_babel import gettext as _

from forum import background
from forum.debates import open_themes
from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, Phase, Theme, User, contribution_themes
from questions import overview
from questions.circuit import QuestionStatus, QuestionView
from synthesis import citations, documents, weak_signals
from synthesis import report as report_service
from synthesis.models import PdfState, Report, ReportSection, SetAside


@dataclass(frozen=True)
class WeakSignalItem:
    contribution: Contribution
    confirmed: bool  # tagged as a weak signal but not cited (else: not yet decided)


@dataclass
class Checklist:
    """What the report leaves out, by kind."""

    empty_sections: list[ReportSection] = field(default_factory=list)
    uncovered_themes: list[Theme] = field(default_factory=list)
    weak_signals: list[WeakSignalItem] = field(default_factory=list)
    unanswered: list[QuestionView] = field(default_factory=list)

    @property
    def has_warnings(self) -> bool:
        return bool(
            self.empty_sections or self.uncovered_themes or self.weak_signals or self.unanswered
        )


def checklist(debate: Debate, report: Report) -> Checklist:
    """Every warning of the confirmation page, from the draft as it is now."""
    cited = citations.cited_ids(section.body_source for section in report.sections)
    return Checklist(
        empty_sections=[s for s in report.sections if not s.body_source.strip()],
        uncovered_themes=_uncovered_themes(debate, cited),
        weak_signals=_weak_signals(debate, report, cited),
        unanswered=[
            view
            for view in overview.pending_views(debate)
            if view.status != QuestionStatus.ANSWERED
        ],
    )


def _uncovered_themes(debate: Debate, cited: set[int]) -> list[Theme]:
    covered = (
        set(
            db.session.scalars(
                db.select(contribution_themes.c.theme_id).where(
                    contribution_themes.c.contribution_id.in_(cited)
                )
            )
        )
        if cited
        else set()
    )
    return [theme for theme in open_themes(debate) if theme.id not in covered]


def _weak_signals(debate: Debate, report: Report, cited: set[int]) -> list[WeakSignalItem]:
    """Candidates not yet decided on, and confirmed signals neither cited nor set aside
    with a reason (the coverage check): a dismissed candidate is no warning."""
    set_aside = set(
        db.session.scalars(
            db.select(SetAside.contribution_id).where(SetAside.report_id == report.id)
        )
    )
    found = [
        WeakSignalItem(shown.contribution, confirmed=False)
        for shown in weak_signals.current_candidates(debate)
        if shown.contribution.id not in cited
    ]
    found += [
        WeakSignalItem(item, confirmed=True)
        for item in weak_signals.confirmed_signals(debate)
        if item.id not in cited and item.id not in set_aside
    ]
    return found


def phase_refusal(debate: Debate) -> str | None:
    """Why the report of this debate cannot be published now; None when it can."""
    if debate.phase == Phase.DRAFT:
        return _(
            "The debate is still a draft: it must be opened, then closed, before its "
            "report is published."
        )
    if debate.phase == Phase.OPEN:
        return _(
            "The debate is still open: its report is published once it is closed. Close "
            "the debate first."
        )
    if debate.phase == Phase.REPORTED:
        return _("The report is published.")
    return None


def draft_to_publish(debate: Debate, actor: User | None) -> Report:
    """The report the committee is about to publish (``NotFound`` before it is started)."""
    report_service.require_committee(actor, debate)
    current = report_service.get_report(debate)
    if current is None:
        raise NotFound(_("The report has not been started."))
    return current


def publish(debate: Debate, actor: User, *, confirmed: bool) -> Report:
    """Publish the report of a closed debate once the committee has read the warnings:
    its text is public at once, its PDF pending (``start_rendering``)."""
    current = draft_to_publish(debate, actor)
    refusal = phase_refusal(debate)
    if refusal is not None:
        raise NotAllowed(refusal)
    if checklist(debate, current).has_warnings and not confirmed:
        raise InvalidInput(
            _("Tick the box to say you read the warnings, or complete the report first."),
            field="confirm",
        )
    return documents.publish(debate, actor)


def retry_pdf(debate: Debate, actor: User) -> Report:
    """Ask again for the PDF of a published report whose rendering failed."""
    report_service.require_committee(actor, debate)
    current = report_service.published_report(debate)
    if current.pdf_state != PdfState.FAILED:
        raise InvalidInput(_("The PDF of the report is not in failure: nothing to retry."))
    current.pdf_state, current.pdf_error = PdfState.PENDING, ""
    db.session.commit()
    return current


# --- Printing out of the request -----------------------------------------------------------


def base_url() -> str | None:
    """The address links are built with when printing outside the request."""
    configured = current_app.config.get("PALABRE_BASE_URL")
    if configured:
        return configured
    return request.url_root if has_request_context() else None


def start_rendering(report_id: int) -> threading.Thread | None:
    """Render the report's PDF in a thread of this process, after the request's commit
    (``PALABRE_REPORT_PDF_IN_BACKGROUND``; ``flask render-reports`` catches up on any a
    restart interrupted). The thread gets its own context, hence its own session."""
    if not current_app.config.get("PALABRE_REPORT_PDF_IN_BACKGROUND"):
        return None
    return background.start(
        f"report-pdf-{report_id}", documents.render_pdf, report_id, base_url=base_url()
    )


def render_waiting() -> list[tuple[int, PdfState | None]]:
    """Render every PDF left pending or failed, one after the other (the command)."""
    done = []
    for report_id in documents.pdfs_waiting():
        with current_app.test_request_context("/", base_url=base_url()):
            done.append((report_id, documents.render_pdf(report_id)))
    return done
