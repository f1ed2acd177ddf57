"""The committee's data: the report and its sections (with every saved revision), the
citations fixed at publication, items set aside, weak-signal candidates and the human
decisions on them, and the editorial order of arguments in the workspace.

Models hold data only; the services of this package own transactions.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import render_tokens
from forum.extensions import db
from forum.models import Contribution, Debate, Document, User, _code_enum, utcnow


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PdfState(enum.StrEnum):
    """Where the PDF of a published report stands: it is rendered after publication."""

    PENDING = "pending"  # waiting for a renderer, or being rendered
    READY = "ready"
    FAILED = "failed"  # ``pdf_error`` says why; the committee can ask again


class Decision(enum.StrEnum):
    """What a person decided about a weak-signal candidate."""

    CONFIRMED = "confirmed"  # the weak-signal tag was added
    DISMISSED = "dismissed"  # not proposed again until its thread changes


class Report(db.Model):
    """The committee's report (*compte rendu*) of one debate.

    A draft is seen by the debate's committee and moderators only. Publication freezes it:
    ``published_html`` is the text as published (citations rendered). The PDF is rendered
    from it after the publication's commit, out of the request (``pdf_state``), into the
    reports folder; a renderer first claims the row (``pdf_claim``, ``pdf_claimed_at``).
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[ReportStatus] = mapped_column(
        _code_enum(ReportStatus), default=ReportStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_html: Mapped[str] = mapped_column(Text, default="")
    pdf_file: Mapped[str | None] = mapped_column(String(80))
    pdf_state: Mapped[PdfState | None] = mapped_column(_code_enum(PdfState))
    pdf_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    pdf_claim: Mapped[str | None] = mapped_column(String(32))
    pdf_claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The project owner's decision, published by the owner after the report.
    decision_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    decision_on: Mapped[date | None] = mapped_column(Date)

    debate: Mapped[Debate] = relationship()
    published_by: Mapped[User | None] = relationship()
    decision_document: Mapped[Document | None] = relationship()
    sections: Mapped[list[ReportSection]] = relationship(
        back_populates="report",
        order_by="ReportSection.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class ReportSection(db.Model):
    """One section of the report, in Markdown with citations (``synthesis.citations``)."""

    __tablename__ = "report_sections"
    __table_args__ = (Index("ix_report_sections_report_position", "report_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    body_source: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    report: Mapped[Report] = relationship(back_populates="sections")
    updated_by: Mapped[User | None] = relationship()
    revisions: Mapped[list[SectionRevision]] = relationship(
        back_populates="section",
        order_by="SectionRevision.number",
        cascade="all, delete-orphan",
    )

    @property
    def anchor(self) -> str:
        return f"section-{self.position + 1}"


class SectionRevision(db.Model):
    """A saved state of a section: every save adds one, none is ever changed."""

    __tablename__ = "report_section_revisions"
    __table_args__ = (UniqueConstraint("section_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("report_sections.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body_source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    section: Mapped[ReportSection] = relationship(back_populates="revisions")
    saved_by: Mapped[User | None] = relationship()


class Citation(db.Model):
    """A contribution quoted in the published report: written at publication, numbered in
    the order of reading; the contribution's page links back to ``#cite-<number>``."""

    __tablename__ = "report_citations"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_sections.id", ondelete="SET NULL")
    )
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship()
    section: Mapped[ReportSection | None] = relationship()
    contribution: Mapped[Contribution] = relationship()


class SetAside(db.Model):
    """An item of the coverage check that the committee chose not to cite, and why."""

    __tablename__ = "report_set_asides"
    __table_args__ = (UniqueConstraint("report_id", "contribution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WeakSignalCandidate(db.Model):
    """A contribution the software proposes as a weak signal, from the latest computation
    for its debate, with the reasons written for a person to read. Proposing is all it
    does: tagging is a human act (``Decision``)."""

    __tablename__ = "weak_signal_candidates"
    __table_args__ = (UniqueConstraint("debate_id", "contribution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    kinds: Mapped[str] = mapped_column(String(200))  # codes, comma-separated
    reasons: Mapped[str] = mapped_column(Text)  # JSON list of sentences
    score: Mapped[float] = mapped_column(Float, default=0.0)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    contribution: Mapped[Contribution] = relationship()


class WeakSignalDecision(db.Model):
    """A person confirmed or dismissed a candidate. Rows are appended, never changed; the
    latest one per contribution counts. ``fingerprint`` is the state of the contribution's
    thread at the time: a dismissed candidate comes back when its thread changes."""

    __tablename__ = "weak_signal_decisions"
    __table_args__ = (Index("ix_weak_signal_decisions_contribution", "contribution_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    decision: Mapped[Decision] = mapped_column(_code_enum(Decision))
    note: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    decided_by: Mapped[User | None] = relationship()


class ArgumentPosition(db.Model):
    """The committee's order of the arguments of one theme and argument type.

    An argument is a group of similar contributions, named by its earliest contribution
    (``anchor_id``). Without a row, arguments follow the order they were first made in.
    """

    __tablename__ = "argument_positions"
    __table_args__ = (UniqueConstraint("theme_id", "tag_key", "anchor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    # The argument-type tag's id, or 0 for contributions not yet given a type.
    tag_key: Mapped[int] = mapped_column(Integer, default=0)
    anchor_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)


class ProfileSnapshot(db.Model):
    """The declared-profile figures of a debate (age band, gender, area), taken when its
    report is published, so that the statistics stay right once the optional profile
    fields are purged (``flask purge-profiles``). Aggregates only, small groups already
    hidden: ``figures`` is JSON ``{"age_bands": [[code, n or null], ...], ...}``.
    """

    __tablename__ = "profile_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), unique=True
    )
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    figures: Mapped[str] = mapped_column(Text)


class RunState(enum.StrEnum):
    """Where the computation of a debate's weak-signal candidates stands."""

    WAITING = "waiting"  # asked for, no computer has taken it yet
    RUNNING = "running"  # ``stage`` and ``percent`` say how far it is
    DONE = "done"
    FAILED = "failed"  # ``error`` says why; the committee can ask again


class WeakSignalRun(db.Model):
    """The latest computation of a debate's weak-signal candidates, asked for from the
    page or the command line (one row per debate). A computer claims it with ``claim``
    (one UPDATE) before it starts, so that two never compute the same debate at once."""

    __tablename__ = "weak_signal_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[RunState] = mapped_column(_code_enum(RunState))
    stage: Mapped[str] = mapped_column(String(32), default="")
    percent: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    claim: Mapped[str | None] = mapped_column(String(32))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


# The committee's work in progress shows on no visitor's page until the report is
# published (forum/render_tokens.py).
render_tokens.shown_on_no_page(
    "report_sections",
    "report_section_revisions",
    "report_set_asides",
    "weak_signal_candidates",
    "weak_signal_decisions",
    "weak_signal_runs",
    "argument_positions",
    "profile_snapshots",
)
