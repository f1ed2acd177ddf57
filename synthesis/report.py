"""The committee's report: sections with their history, citations, the coverage check,
the legal timeline, publication, and the project owner's decision.

Rights: the debate's committee members (and administrators) write the report; its
moderators read the drafts; no one else sees anything until publication, which is an
explicit act of a committee member, possible only once the debate is closed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, Document, Kind, Phase, Role, Status, User, utcnow
from forum.notifications import notify
from forum.permissions import AnyUser, has_role
from forum.sanitize import clean_plain
from forum.visible_text import name_of
from moderation.journal import record
from moderation.models import ContributionTag, JournalAction, Tag
from moderation.rules import public_reason
from questions import circuit as questions
from synthesis import citations, statistics
from synthesis.models import (
    Citation,
    PdfState,
    Report,
    ReportSection,
    ReportStatus,
    SectionRevision,
    SetAside,
)
from synthesis.weak_signals import confirmed_signals, question_states

MAX_TITLE = 200
MAX_BODY = 100_000
REPORT_DUE_MONTHS = 2  # after the close of the debate (French environment code)
DECISION_DUE_MONTHS = 3  # after the publication of the report
ALTERNATIVE_SLUG = "alternative"

DEFAULT_OUTLINE = (
    (_l("The debate in figures of audience"), "[[statistics]]"),
    (_l("What the public said, by theme"), ""),
    (_l("Weak signals"), ""),
    (_l("Questions and answers"), ""),
    (_l("Alternatives proposed"), ""),
    (_l("What the committee recommends"), ""),
)


def require_committee(actor: AnyUser | None, debate: Debate) -> None:
    if not has_role(actor, debate, Role.COMMITTEE):
        raise NotAllowed(_("Only the debate's committee can write its report."))


def get_report(debate: Debate) -> Report | None:
    return db.session.scalar(
        db.select(Report)
        .where(Report.debate_id == debate.id)
        .options(selectinload(Report.sections))
    )


def _draft(debate: Debate) -> Report:
    report = get_report(debate)
    if report is None:
        raise NotFound(_("The report has not been started."))
    if report.is_published:
        raise NotAllowed(_("The report is published: it can no longer be changed."))
    return report


def _revise(section: ReportSection, actor: User, note: str = "") -> None:
    number = len(section.revisions) + 1
    section.revisions.append(
        SectionRevision(
            number=number,
            title=section.title,
            body_source=section.body_source,
            note=note[:300],
            saved_by_id=actor.id,
            saved_at=utcnow(),
        )
    )
    section.updated_at = utcnow()
    section.updated_by_id = actor.id


def start_report(debate: Debate, actor: User) -> Report:
    """Create the report with the default outline (in the site's language)."""
    require_committee(actor, debate)
    report = get_report(debate)
    if report is not None:
        return report
    report = Report(debate_id=debate.id)
    db.session.add(report)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for position, (title, body) in enumerate(DEFAULT_OUTLINE):
            section = ReportSection(position=position, title=str(title), body_source=body)
            report.sections.append(section)
            _revise(section, actor, _("Default outline"))
    db.session.commit()
    return report


def sections_with_text(report: Report) -> list[ReportSection]:
    """The sections the report shows: a section left without a word is not published
    (one that says there is nothing to report is)."""
    return [section for section in report.sections if section.body_source.strip()]


def get_section(debate: Debate, section_id: int) -> ReportSection:
    section = db.session.get(ReportSection, section_id)
    if section is None or section.report.debate_id != debate.id:
        raise NotFound(_("This section does not exist."))
    return section


def _check_section(debate: Debate, title: str, body: str) -> tuple[str, str]:
    title = clean_plain(title)
    if not title:
        raise InvalidInput(_("Give the section a title."), field="title")
    if len(title) > MAX_TITLE:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_TITLE), field="title")
    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_BODY), field="body")
    citations.check(debate, body)
    return title, body


def save_section(
    debate: Debate, section: ReportSection, actor: User, title: str, body: str, note: str = ""
) -> ReportSection:
    """Save a section's new text; the previous text stays in its history."""
    require_committee(actor, debate)
    if section.report.is_published:
        raise NotAllowed(_("The report is published: it can no longer be changed."))
    title, body = _check_section(debate, title, body)
    if title == section.title and body == section.body_source:
        return section
    section.title, section.body_source = title, body
    _revise(section, actor, clean_plain(note))
    db.session.commit()
    return section


def add_section(debate: Debate, actor: User, title: str) -> ReportSection:
    """Add an empty section at the end of the report."""
    require_committee(actor, debate)
    report = _draft(debate)
    title, body = _check_section(debate, title, "")
    section = ReportSection(position=len(report.sections), title=title, body_source=body)
    report.sections.append(section)
    _revise(section, actor, _("Section added"))
    db.session.commit()
    return section


def move_section(debate: Debate, actor: User, section: ReportSection, step: int) -> None:
    """Move a section one place up (-1) or down (+1) in the outline."""
    require_committee(actor, debate)
    report = _draft(debate)
    ordered = list(report.sections)
    at = ordered.index(section)
    to = at + (1 if step > 0 else -1)
    if not 0 <= to < len(ordered):
        return
    ordered[at], ordered[to] = ordered[to], ordered[at]
    for position, each in enumerate(ordered):
        each.position = position
    db.session.commit()


def insert_citation(
    debate: Debate, actor: User, section: ReportSection, contribution_id: int, words: str = ""
) -> ReportSection:
    """Add a citation of a contribution at the end of a section (a new revision), quoting
    the words chosen (they must be in the contribution) or else its first words."""
    require_committee(actor, debate)
    if section.report.is_published:
        raise NotAllowed(_("The report is published: it can no longer be changed."))
    body = section.body_source.rstrip()
    body = f"{body}\n\n{citations.citation_token(contribution_id, words)}".strip()
    citations.check(debate, body)
    section.body_source = body
    _revise(section, actor, _("Citation of #%(id)d inserted", id=contribution_id))
    db.session.commit()
    return section


# --- Coverage ---------------------------------------------------------------------------


@dataclass
class CoverageItem:
    contribution: Contribution
    why: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    """What the draft neither cites nor sets aside, and what was set aside (with why)."""

    missing: list[CoverageItem]
    set_aside: list[tuple[Contribution, SetAside]]
    cited: set[int]


def coverage(debate: Debate, report: Report | None) -> Coverage:
    """Every confirmed weak signal, unanswered or late question and alternative proposal
    that the draft does not cite nor explicitly set aside."""
    items: dict[int, list[str]] = {}

    def add(contribution_id: int, why: str) -> None:
        items.setdefault(contribution_id, [])
        if why not in items[contribution_id]:
            items[contribution_id].append(why)

    for item in confirmed_signals(debate):
        add(item.id, _("confirmed weak signal"))
    for state in question_states(debate):
        if state.open_now:
            add(state.contribution_id, _("question without an answer"))
        elif state.late:
            add(state.contribution_id, _("question answered late"))
    alternatives = db.session.scalars(
        db.select(Contribution.id)
        .outerjoin(ContributionTag, ContributionTag.contribution_id == Contribution.id)
        .outerjoin(Tag, Tag.id == ContributionTag.tag_id)
        .where(
            Contribution.debate_id == debate.id,
            Contribution.status == Status.PUBLISHED,
            (Contribution.kind == Kind.PROPOSAL) | (Tag.slug == ALTERNATIVE_SLUG),
        )
        .distinct()
    )
    for contribution_id in alternatives:
        add(contribution_id, _("alternative or proposal"))
    cited = citations.cited_ids(s.body_source for s in report.sections) if report else set()
    asides = (
        {
            row.contribution_id: row
            for row in db.session.scalars(
                db.select(SetAside).where(SetAside.report_id == report.id)
            )
        }
        if report
        else {}
    )
    wanted = [cid for cid in items if cid not in cited and cid not in asides]
    loaded = (
        {
            item.id: item
            for item in db.session.scalars(
                db.select(Contribution)
                .where(Contribution.id.in_(wanted + list(asides)))
                .options(selectinload(Contribution.author))
            )
        }
        if (wanted or asides)
        else {}
    )
    missing = [
        CoverageItem(loaded[cid], items[cid])
        for cid in sorted(wanted, key=lambda cid: (loaded[cid].created_at, cid))
        if cid in loaded
    ]
    set_aside = [(loaded[cid], row) for cid, row in asides.items() if cid in loaded]
    set_aside.sort(key=lambda pair: pair[1].set_at)
    return Coverage(missing, set_aside, cited)


def set_aside(debate: Debate, actor: User, contribution_id: int, reason: str) -> SetAside:
    """Say why an item of the coverage check is not cited in the report (journaled)."""
    require_committee(actor, debate)
    report = _draft(debate)
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.debate_id != debate.id or item.status != Status.PUBLISHED:
        raise NotFound(_("This contribution does not exist."))
    reason = public_reason(reason)
    row = db.session.scalar(
        db.select(SetAside).where(
            SetAside.report_id == report.id, SetAside.contribution_id == item.id
        )
    )
    if row is None:
        row = SetAside(report_id=report.id, contribution_id=item.id, reason=reason)
        db.session.add(row)
    row.reason, row.set_by_id, row.set_at = reason, actor.id, utcnow()
    record(actor, JournalAction.SET_ASIDE, debate, contribution=item, reason=reason)
    db.session.commit()
    return row


# --- Timeline ---------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Timeline:
    closes_on: date | None
    report_due: date | None
    report_days_left: int | None  # negative once overdue
    published_on: date | None
    decision_due: date | None
    decision_days_left: int | None
    decision: Document | None


def timeline(debate: Debate, report: Report | None, today: date | None = None) -> Timeline:
    """The legal timeline: report due two months after the close, the owner's decision
    three months after the report."""
    today = today or questions.site_today()
    due = add_months(debate.closes_on, REPORT_DUE_MONTHS) if debate.closes_on else None
    published = (
        questions.local_date(report.published_at)
        if report is not None and report.published_at
        else None
    )
    decision_due = add_months(published, DECISION_DUE_MONTHS) if published else None
    return Timeline(
        closes_on=debate.closes_on,
        report_due=due,
        report_days_left=(due - today).days if due and not published else None,
        published_on=published,
        decision_due=decision_due,
        decision_days_left=(decision_due - today).days
        if decision_due and report is not None and report.decision_document is None
        else None,
        decision=report.decision_document if report is not None else None,
    )


# --- Publication ------------------------------------------------------------------------


def reports_dir() -> Path:
    """Where the reports' PDFs are kept: ``PALABRE_REPORTS_DIR``, else ``instance/reports``."""
    configured = current_app.config.get("PALABRE_REPORTS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "reports"


def reports_folder() -> Path:
    """The reports folder, made if missing (for writing a PDF)."""
    folder = reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def publish(
    debate: Debate,
    actor: User,
    *,
    render_body: Callable[[Report, citations.Rendering], str],
    statistics_html: Callable[[], str],
) -> Report:
    """Publish the report of a closed debate: freeze its text, number its citations, make
    it public, and tell each cited author. Its PDF is left pending, to be rendered after
    the commit (``synthesis.documents.render_pdf``): printing takes seconds."""
    require_committee(actor, debate)
    report = _draft(debate)
    if debate.phase != Phase.CLOSED:
        raise NotAllowed(_("A report is published once the debate is closed, not before."))
    rendering = citations.render(
        debate,
        [(section.id, section.body_source) for section in report.sections],
        statistics_html=statistics_html,
    )
    report.status = ReportStatus.PUBLISHED
    report.published_at = utcnow()
    # The profile figures are frozen now: the profile fields are purged some time after.
    statistics.snapshot_profiles(debate)
    report.published_by_id = actor.id
    for note in rendering.notes:
        db.session.add(
            Citation(
                report_id=report.id,
                section_id=note.section_id,
                contribution_id=note.contribution.id,
                number=note.number,
                quote=note.quote,
            )
        )
    report.published_html = render_body(report, rendering)
    report.pdf_state = PdfState.PENDING
    report.pdf_error = ""
    debate.phase = Phase.REPORTED
    record(actor, JournalAction.PUBLISH_REPORT, debate)
    _tell_cited_authors(debate, rendering)
    db.session.commit()
    return report


def _tell_cited_authors(debate: Debate, rendering: citations.Rendering) -> None:
    told: set[int] = set()
    for note in rendering.notes:
        item = note.contribution
        if item.author_id is None or item.id in told:
            continue
        told.add(item.id)
        author = item.author
        with force_locale(author.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            message = _(
                "Your contribution “%(title)s” is cited in the report of the debate “%(debate)s”.",
                title=name_of(item),
                debate=debate.title,
            )
        notify(item.author_id, "cited", message, contribution_id=item.id)


def published_report(debate: Debate) -> Report:
    """The published report of a debate; ``NotFound`` while it is a draft or absent."""
    report = get_report(debate)
    if report is None or not report.is_published:
        raise NotFound(_("This debate's report is not published."))
    return report


def pdf_path(report: Report) -> Path:
    if not report.pdf_file:
        raise NotFound(_("This debate's report is not published."))
    path = reports_dir() / report.pdf_file
    if not path.is_file():
        raise NotFound(_("This debate's report is not published."))
    return path


def citations_of(contribution_ids: list[int]) -> dict[int, list[tuple[Debate, int]]]:
    """For each contribution, the published reports citing it: (debate, note number)."""
    if not contribution_ids:
        return {}
    found: dict[int, list[tuple[Debate, int]]] = {}
    rows = db.session.execute(
        db.select(Citation.contribution_id, Citation.number, Report)
        .join(Report, Report.id == Citation.report_id)
        .where(
            Citation.contribution_id.in_(contribution_ids),
            Report.status == ReportStatus.PUBLISHED,
        )
        .order_by(Citation.number)
    )
    for contribution_id, number, report in rows:
        found.setdefault(contribution_id, []).append((report.debate, number))
    return found


def cited_ids(report: Report) -> set[int]:
    return set(
        db.session.scalars(
            db.select(Citation.contribution_id).where(Citation.report_id == report.id)
        )
    )


# --- The owner's decision ---------------------------------------------------------------


def set_owner_decision(
    debate: Debate, actor: User, document_id: int, decided_on: date | None
) -> Report:
    """The project owner names the document that publishes their decision after the report."""
    if not has_role(actor, debate, Role.OWNER):
        raise NotAllowed(_("Only the project owner publishes the decision."))
    report = published_report(debate)
    document = db.session.get(Document, document_id)
    if document is None or document.debate_id != debate.id or not document.public:
        raise InvalidInput(_("Choose a public document of this debate."), field="document")
    report.decision_document_id = document.id
    report.decision_on = decided_on or questions.site_today()
    db.session.commit()
    return report
