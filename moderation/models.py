"""The moderators' data: flags, the tag vocabulary and tagging, contests, the journal.

Models hold data only; services in this package own transactions. The journal is
append-only: ``moderation.journal`` refuses, at flush time, any change to a written row.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import render_tokens
from forum.extensions import db
from forum.models import Contribution, Debate, User, _code_enum, utcnow


class FlagReason(enum.StrEnum):
    PERSONAL_ATTACK = "personal_attack"
    PERSONAL_DATA = "personal_data"
    OFF_TOPIC = "off_topic"
    ADVERTISING = "advertising"
    ILLEGAL = "illegal"
    OTHER = "other"


class TagFamily(enum.StrEnum):
    """Argument types are shown to the public as labels; curation tags are staff-only."""

    ARGUMENT = "argument"
    CURATION = "curation"


class ContestOutcome(enum.StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"  # the masking stands
    OVERTURNED = "overturned"  # the contribution is restored


class JournalAction(enum.StrEnum):
    PUBLISH = "publish"
    MASK = "mask"
    RESTORE = "restore"
    REFILE = "refile"
    DUPLICATE = "duplicate"
    LOCK = "lock"
    UNLOCK = "unlock"
    REDACT = "redact"
    CHANGE_KIND = "change_kind"
    TAG = "tag"
    UNTAG = "untag"
    DISMISS_FLAGS = "dismiss_flags"
    SUSPEND = "suspend"
    LIFT_SUSPENSION = "lift_suspension"
    ROLE_GRANT = "role_grant"
    ROLE_REVOKE = "role_revoke"
    OFFLINE_ENTRY = "offline_entry"
    IMPORT = "import"
    CHARTER_EDIT = "charter_edit"
    VOCABULARY = "vocabulary"
    CONTEST_ANSWER = "contest_answer"
    # An administrator's suspension of a whole account (no login): site journal only.
    SITE_SUSPEND = "site_suspend"
    SITE_LIFT_SUSPENSION = "site_lift_suspension"
    # The committee's synthesis (package ``synthesis``) writes these.
    DISMISS_CANDIDATE = "dismiss_candidate"
    SET_ASIDE = "set_aside"
    PUBLISH_REPORT = "publish_report"
    # The committee's console (``moderation.console``): the debate's texts or dates changed
    # once it is public; ``details`` names the fields, never their old text.
    DEBATE_EDIT = "debate_edit"
    # The committee (or an operator) moves the debate to its next phase.
    OPEN_DEBATE = "open_debate"
    CLOSE_DEBATE = "close_debate"


# Decisions that change what the public reads: listed on the public journal page.
PUBLIC_ACTIONS = frozenset(
    {
        JournalAction.MASK,
        JournalAction.RESTORE,
        JournalAction.REFILE,
        JournalAction.DUPLICATE,
        JournalAction.LOCK,
        JournalAction.UNLOCK,
        JournalAction.REDACT,
        JournalAction.CHANGE_KIND,
        JournalAction.SUSPEND,
        JournalAction.LIFT_SUSPENSION,
        JournalAction.CHARTER_EDIT,
        JournalAction.DEBATE_EDIT,
        JournalAction.OPEN_DEBATE,
        JournalAction.CLOSE_DEBATE,
    }
)


class Flag(db.Model):
    """A participant's report that a contribution breaks the charter. Never public."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("contribution_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[FlagReason] = mapped_column(_code_enum(FlagReason))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)

    contribution: Mapped[Contribution] = relationship()
    user: Mapped[User] = relationship()


class Tag(db.Model):
    """An entry of a debate's tag vocabulary, managed by its moderators."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("debate_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    family: Mapped[TagFamily] = mapped_column(_code_enum(TagFamily))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    debate: Mapped[Debate] = relationship()

    @property
    def is_public(self) -> bool:
        return self.family == TagFamily.ARGUMENT


class ContributionTag(db.Model):
    """A tag attached to a contribution, by whom, when, with an optional note."""

    __tablename__ = "contribution_tags"
    __table_args__ = (Index("ix_contribution_tags_tag", "tag_id", "contribution_id"),)

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")
    tagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    tagged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    tag: Mapped[Tag] = relationship()
    tagged_by: Mapped[User | None] = relationship()


class JournalEntry(db.Model):
    """One staff action: who, when, what, on what, why. Append-only.

    Targets are plain ids, without foreign keys, so that no cascade can ever rewrite a row.
    """

    __tablename__ = "moderation_journal"
    __table_args__ = (
        Index("ix_moderation_journal_debate_created", "debate_id", "id"),
        Index("ix_moderation_journal_contribution", "contribution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # 0 (``moderation.journal.SITE``) for a decision about the whole site, seen by admins.
    debate_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[JournalAction] = mapped_column(_code_enum(JournalAction))
    contribution_id: Mapped[int | None] = mapped_column(Integer)
    target_user_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    charter_article: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship(
        primaryjoin="foreign(JournalEntry.actor_id) == User.id", viewonly=True
    )


class Contest(db.Model):
    """An author's contest of the masking of their contribution, answered by the committee."""

    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One contest per masking decision.
    journal_entry_id: Mapped[int] = mapped_column(Integer, unique=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[ContestOutcome] = mapped_column(
        _code_enum(ContestOutcome), default=ContestOutcome.PENDING
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    contribution: Mapped[Contribution] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


# Tags and contests show in a contribution's article; flags and the staff journal on no
# visitor's page (forum/render_tokens.py).
render_tokens.redraw_thread_on("contribution_tags", "contests")
render_tokens.shown_on_no_page("flags", "moderation_journal")
