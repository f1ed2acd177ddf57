"""The official answers of the project owner, and the link from meeting minutes to what
was said at the meeting.

A question (a contribution of kind ``question``) has at most one ``Answer``: the file of
its answer as it goes round the CNDP circuit — the owner drafts, the committee validates
or sends back, the validated text is published as a new ``AnswerVersion``. Published
versions are never changed: a revision is a new version, so the history stays visible.
Like every model, these never commit and trigger nothing (``questions.circuit`` does).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import render_tokens
from forum.extensions import db
from forum.models import Contribution, Document, User, _code_enum, utcnow
from forum.rerender import register_rendered


class AnswerState(enum.StrEnum):
    """Where the answer to a question stands in the circuit."""

    SENT = "sent"  # sent to the project owner, nothing written yet
    DRAFT = "draft"  # the owner is writing (a first answer or a revision)
    SUBMITTED = "submitted"  # awaiting the committee's validation
    RETURNED = "returned"  # sent back by the committee, with a comment
    PUBLISHED = "published"  # nothing pending: the latest version is public


class AnswerEventKind(enum.StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    MARKED_INCOMPLETE = "marked_incomplete"


class Answer(db.Model):
    """The answer file of one question: the owner's working copy and its published versions.

    ``answered_at`` is the first publication (what the deadline is judged on);
    ``reopened_at`` is set when the person who asked marks the answer incomplete, and
    cleared by the next publication: the question is then awaiting an answer again.
    """

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[AnswerState] = mapped_column(_code_enum(AnswerState), default=AnswerState.SENT)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    draft_source: Mapped[str] = mapped_column(Text, default="")
    draft_html: Mapped[str] = mapped_column(Text, default="")
    draft_note: Mapped[str] = mapped_column(String(300), default="")
    draft_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    drafted_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)

    question: Mapped[Contribution] = relationship()
    draft_document: Mapped[Document | None] = relationship()
    drafted_by: Mapped[User | None] = relationship()
    versions: Mapped[list[AnswerVersion]] = relationship(
        back_populates="answer", order_by="AnswerVersion.number", cascade="all, delete-orphan"
    )
    events: Mapped[list[AnswerEvent]] = relationship(
        back_populates="answer", order_by="AnswerEvent.id", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> AnswerVersion | None:
        """The version the public reads now, if any."""
        return self.versions[-1] if self.versions else None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None and self.reopened_at is None

    @property
    def last_return(self) -> AnswerEvent | None:
        """The committee's latest send-back, while the answer is back with the owner."""
        if self.state != AnswerState.RETURNED:
            return None
        returns = [e for e in self.events if e.kind == AnswerEventKind.RETURNED]
        return returns[-1] if returns else None


class AnswerVersion(db.Model):
    """One published text of an answer. Never edited: a revision adds a version."""

    __tablename__ = "answer_versions"
    __table_args__ = (UniqueConstraint("answer_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # What changed since the previous version, in the owner's words.
    change_note: Mapped[str] = mapped_column(String(300), default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    answer: Mapped[Answer] = relationship(back_populates="versions")
    document: Mapped[Document | None] = relationship()
    incomplete: Mapped[IncompleteMark | None] = relationship(
        back_populates="version", cascade="all, delete-orphan", uselist=False
    )


class AnswerEvent(db.Model):
    """A step of the circuit (submitted, sent back with a comment, published, marked
    incomplete): appended, never changed, shown to the owner and the committee."""

    __tablename__ = "answer_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AnswerEventKind] = mapped_column(_code_enum(AnswerEventKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    answer: Mapped[Answer] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class IncompleteMark(db.Model):
    """The person who asked judged a version of the answer incomplete (once per version)."""

    __tablename__ = "answer_incomplete_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("answer_versions.id", ondelete="CASCADE"), unique=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    version: Mapped[AnswerVersion] = relationship(back_populates="incomplete")


class ReminderKind(enum.StrEnum):
    """Which reminder of a deadline the project owner was sent."""

    DUE_SOON = "due_soon"  # the deadline is near (the committee's dashboard threshold)
    OVERDUE = "overdue"  # the deadline has passed


class QuestionReminder(db.Model):
    """A reminder e-mail sent to the project owner about one deadline of a question: one
    row per question, kind and due date, so each is sent once. A question reopened as
    incomplete has a new due date, hence its own reminders."""

    __tablename__ = "question_reminders"
    __table_args__ = (UniqueConstraint("question_id", "kind", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    kind: Mapped[ReminderKind] = mapped_column(_code_enum(ReminderKind))
    due_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# A question's answer file shows in its question's article (forum/render_tokens.py).
render_tokens.redraw_thread_on("answers", attribute="question_id")
register_rendered(Answer, "draft_source", "draft_html")
register_rendered(AnswerVersion, "body_source", "body_html")
render_tokens.shown_on_no_page("answer_events", "question_reminders")
