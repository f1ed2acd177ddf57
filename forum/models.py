"""The public debate's data: people, debates, themes, contributions and documents.

Models hold data and simple derived properties only. They never commit and fire no side
effects: services in this package own transactions. Palabre stores no vote, like, view or
share (PRODUCT.md section 1), so there is deliberately no column that could hold one.
"""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, date, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db


def utcnow() -> datetime:
    """Naive UTC timestamp: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def _code_enum(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum as its code (``"opinion"``), in a VARCHAR, portable across databases."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Phase(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REPORTED = "reported"


class ModerationMode(enum.StrEnum):
    A_PRIORI = "a_priori"
    A_POSTERIORI = "a_posteriori"


class Role(enum.StrEnum):
    """Roles a user holds in one debate. Everyone is a participant without a row."""

    MODERATOR = "moderator"
    COMMITTEE = "committee"
    OWNER = "owner"


class Kind(enum.StrEnum):
    OPINION = "opinion"
    QUESTION = "question"
    PROPOSAL = "proposal"
    STAKEHOLDER_PAPER = "stakeholder_paper"


class Relation(enum.StrEnum):
    """What a reply does to what it answers: a label of the argument tree, never a tally."""

    SUPPORTS = "supports"
    OBJECTS = "objects"
    NUANCES = "nuances"
    ASKS_CLARIFICATION = "asks_clarification"
    PROVIDES_SOURCE = "provides_source"


class Channel(enum.StrEnum):
    ONLINE = "online"
    PUBLIC_MEETING = "public_meeting"
    WORKSHOP = "workshop"
    MOBILE_DEBATE = "mobile_debate"
    PAPER = "paper"
    LETTER = "letter"
    EMAIL = "email"
    SOCIAL_NETWORK = "social_network"


class Status(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    MASKED = "masked"


class Transcription(enum.StrEnum):
    """How a contribution made offline was written down by a moderator."""

    VERBATIM = "verbatim"
    SUMMARY = "summary"


class DocumentKind(enum.StrEnum):
    PROJECT_FILE = "project_file"
    STUDY = "study"
    MINUTES = "minutes"
    OTHER = "other"
    COMMITTEE_NOTES = "committee_notes"
    ANSWER_ANNEX = "answer_annex"  # attached by the project owner to an official answer


class User(UserMixin, db.Model):
    """A person with an account. The e-mail is private; the pseudonym is what others see."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    pseudonym: Mapped[str] = mapped_column(String(40))
    # Lower-cased pseudonym: "Marie" and "marie" must not be two people.
    pseudonym_key: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="fr")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    charter_accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Part of every session's user id: changing it ends every session of this person at
    # once, server-side (logout, password change, suspension, erasure).
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(8))
    # A first contribution is published only once the address is confirmed.
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when the person erased their account: the row stays, emptied of identity, so that
    # the journal and the public record keep their shape.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set by an administrator: a person suspended from the whole site can neither log in nor
    # post until the end date (none: until lifted). The history is in the site journal
    # (moderation.journal.SITE); a suspension from one debate is a DebateSuspension.
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime)
    suspension_reason: Mapped[str] = mapped_column(Text, default="")
    # Declared only if the person wishes, for the statistics page of the debates they take
    # part in (aggregated, small groups hidden); never shown per person.
    age_band: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    area: Mapped[str] = mapped_column(String(80), default="")

    roles: Mapped[list[DebateRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def is_active(self) -> bool:  # read by Flask-Login
        return self.active and not self.is_suspended

    def get_id(self) -> str:  # read by Flask-Login, stored in the session
        return f"{self.id}.{self.session_nonce}"

    def end_sessions(self) -> None:
        """Invalidate every session and remember-me cookie of this person."""
        self.session_nonce = secrets.token_hex(8)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.pseudonym!r}>"


class DebateRole(db.Model):
    """A staff role held by a user in one debate (moderator, committee member, owner)."""

    __tablename__ = "debate_roles"
    __table_args__ = (UniqueConstraint("user_id", "debate_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(_code_enum(Role))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")
    debate: Mapped[Debate] = relationship(back_populates="roles")


class Debate(db.Model):
    """A public debate on one project, from draft to published report."""

    __tablename__ = "debates"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary_source: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    # "Facile à lire et à comprendre": the project in short sentences and simple words.
    easy_summary_source: Mapped[str] = mapped_column(Text, default="")
    easy_summary_html: Mapped[str] = mapped_column(Text, default="")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    charter_source: Mapped[str] = mapped_column(Text, default="")
    charter_html: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[Phase] = mapped_column(_code_enum(Phase), default=Phase.DRAFT)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    moderation_mode: Mapped[ModerationMode] = mapped_column(
        _code_enum(ModerationMode), default=ModerationMode.A_POSTERIORI
    )
    answer_deadline_days: Mapped[int] = mapped_column(Integer, default=15)
    # Where the public writes to the committee (a mailto link on the debate's page).
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The closing date its committee was told had passed while the debate was still open
    # (``moderation.lifecycle.tell_committees_past_closing``): told once per closing date.
    close_reminder_for: Mapped[date | None] = mapped_column(Date)

    themes: Mapped[list[Theme]] = relationship(
        back_populates="debate", order_by="Theme.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="debate", order_by="Document.published_on", cascade="all, delete-orphan"
    )
    roles: Mapped[list[DebateRole]] = relationship(
        back_populates="debate", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.OPEN

    @property
    def is_public(self) -> bool:
        return self.phase != Phase.DRAFT

    def __repr__(self) -> str:
        return f"<Debate {self.slug}>"


class DebateSuspension(db.Model):
    """A person suspended from one debate by its moderators (or an administrator): until
    ``until`` or until lifted, they cannot post, reply, ask, report or contest there. They
    still log in, read, and take part in other debates. Past rows stay (lifted or ended)."""

    __tablename__ = "debate_suspensions"
    __table_args__ = (Index("ix_debate_suspensions_debate_user", "debate_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    suspended_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Excluded: the first moment the person may take part again; none until lifted.
    until: Mapped[datetime | None] = mapped_column(DateTime)
    suspended_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    debate: Mapped[Debate] = relationship()

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None and (self.until is None or self.until > utcnow())

    @property
    def last_day(self) -> date | None:
        """The last day of the suspension, included (none: until lifted)."""
        return None if self.until is None else (self.until - timedelta(days=1)).date()


class Theme(db.Model):
    """An entry of a debate's theme index ("Tracé", "Coût", "Environnement")."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("debate_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A retired theme takes no new contribution; what was filed under it stays there, its
    # page stays, and moderators can still re-file under it or out of it.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)

    debate: Mapped[Debate] = relationship(back_populates="themes")

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


contribution_themes = Table(
    "contribution_themes",
    db.metadata,
    Column(
        "contribution_id",
        ForeignKey("contributions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_contribution_themes_theme", "theme_id", "contribution_id"),
)


class Contribution(db.Model):
    """An opinion, question, proposal or stakeholder paper, or a reply to one.

    ``root_id`` names the top of the thread so that a whole tree loads in one query;
    ``body_html`` is derived from ``body_source`` by ``forum.sanitize`` and never edited.
    """

    __tablename__ = "contributions"
    __table_args__ = (
        Index("ix_contributions_debate_status_created", "debate_id", "status", "created_at", "id"),
        # A debate's latest threads (its front page): without it, every top-level
        # contribution of the debate is read and sorted.
        Index(
            "ix_contributions_debate_status_top",
            "debate_id",
            "status",
            "parent_id",
            "created_at",
            "id",
        ),
        Index("ix_contributions_root", "root_id", "created_at"),
        Index("ix_contributions_author", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL"), index=True
    )
    root_id: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    relation: Mapped[Relation | None] = mapped_column(_code_enum(Relation))
    kind: Mapped[Kind] = mapped_column(_code_enum(Kind), default=Kind.OPINION)
    title: Mapped[str] = mapped_column(String(200), default="")
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    channel: Mapped[Channel] = mapped_column(_code_enum(Channel), default=Channel.ONLINE)
    status: Mapped[Status] = mapped_column(_code_enum(Status), default=Status.PUBLISHED)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Moderation, shown on the public side: the masking notice (reason and charter article
    # stay public in the contribution's place), a locked thread (on its root), a duplicate.
    mask_reason: Mapped[str] = mapped_column(Text, default="")
    mask_article: Mapped[str] = mapped_column(String(200), default="")
    masked_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Indexed: every thread page asks which contributions duplicate its root.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL"), index=True
    )
    # Contributions made offline and transcribed by a moderator (author_id is then empty):
    # the meeting or place, its date, who spoke (a name only with their consent), whether
    # the words are verbatim or summarised, and an optional scan or photo.
    event: Mapped[str] = mapped_column(String(200), default="")
    occurred_on: Mapped[date | None] = mapped_column(Date)
    attribution: Mapped[str] = mapped_column(String(200), default="")
    transcription: Mapped[Transcription | None] = mapped_column(_code_enum(Transcription))
    scan_file: Mapped[str | None] = mapped_column(String(80))
    scan_type: Mapped[str | None] = mapped_column(String(40))
    # The address of the source a reply "provides" (Relation.PROVIDES_SOURCE), http or
    # https only (``forum.contributions.check_source_url``); empty for every other. A
    # server default only: bulk inserts (moderation/importing.py) name their columns.
    source_url: Mapped[str] = mapped_column(String(2000), server_default="")

    debate: Mapped[Debate] = relationship()
    author: Mapped[User | None] = relationship()
    parent: Mapped[Contribution | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    themes: Mapped[list[Theme]] = relationship(
        secondary=contribution_themes, order_by="Theme.position"
    )
    photos: Mapped[list[ContributionPhoto]] = relationship(
        order_by="ContributionPhoto.position", cascade="all, delete-orphan"
    )

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def display_title(self) -> str:
        return self.title or ""

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.kind}>"


class ContributionPhoto(db.Model):
    """A photo sent with a contribution (``forum.photos``): encoded again without its EXIF
    data, stored outside ``static/`` under random names, with the text alternative its
    author wrote for people who cannot see it."""

    __tablename__ = "contribution_photos"
    __table_args__ = (UniqueConstraint("contribution_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(64), unique=True)
    thumb_name: Mapped[str] = mapped_column(String(64), unique=True)
    mimetype: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_width: Mapped[int] = mapped_column(Integer)
    thumb_height: Mapped[int] = mapped_column(Integer)
    alt_text: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Document(db.Model):
    """A document of the debate: the project file, a study, the minutes of a meeting."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    kind: Mapped[DocumentKind] = mapped_column(_code_enum(DocumentKind))
    title: Mapped[str] = mapped_column(String(200))
    summary_source: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date] = mapped_column(Date, default=date.today)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The current file, if any, under a random name outside static/ (forum.documents): a
    # copy of the latest row of ``versions``, kept here so that lists and links read it
    # without a join; only ``forum.documents.add_file`` writes these three columns.
    file_name: Mapped[str | None] = mapped_column(String(64))
    file_type: Mapped[str | None] = mapped_column(String(64))
    file_size: Mapped[int | None] = mapped_column(Integer)
    # Minutes: when and where the meeting took place.
    meeting_on: Mapped[date | None] = mapped_column(Date)
    meeting_place: Mapped[str] = mapped_column(String(200), default="")
    # An annex to an answer stays private until the committee publishes the answer.
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    debate: Mapped[Debate] = relationship(back_populates="documents")
    versions: Mapped[list[DocumentFile]] = relationship(
        back_populates="document",
        order_by="DocumentFile.version.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class DocumentFile(db.Model):
    """One version of a document's file: replacing the file adds a version and keeps the
    old ones reachable; the document's current file is its latest version."""

    __tablename__ = "document_files"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(64), unique=True)
    file_type: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(Integer)
    # What changed since the previous version, in the uploader's words (may be empty).
    note: Mapped[str] = mapped_column(String(300), default="")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    document: Mapped[Document] = relationship(back_populates="versions")


# The contributions transcribed from a meeting, linked to the minutes of that meeting.
meeting_contributions = Table(
    "meeting_contributions",
    db.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("contribution_id", ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_meeting_contributions_contribution", "contribution_id"),
)


class RenderToken(db.Model):
    """A random number per scope ("site", or "thread:<root id>"), drawn again in the same
    transaction as any change to what that scope shows: a visitor's page is tagged with
    the tokens of what it shows (``forum.revalidation``), so a change gives it a new tag."""

    __tablename__ = "render_tokens"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


class SimilarList(db.Model):
    """The contributions found similar to one, for the public, as a search found them at
    ``computed_at``: stored by the first worker that searched them, so that every worker and
    server reads them (``forum.search.service.similar``) until they are old enough to be
    searched again. Ids only, most similar first: each view reads the contributions again
    and shows only those its reader may see."""

    __tablename__ = "similar_lists"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True
    )
    similar_ids: Mapped[str] = mapped_column(Text)  # "12 345 6789"
    # The contribution's ``updated_at`` as read for the search: a list found for a text
    # changed since (redacted, edited) is not used.
    contribution_updated_at: Mapped[datetime] = mapped_column(DateTime)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IndexAction(enum.StrEnum):
    UPSERT = "upsert"  # (re)index the contribution as it now is in the database
    DELETE = "delete"  # remove it from the index


class IndexTask(db.Model):
    """A change the search index must catch up with, written in the same transaction as
    the change itself (see ``forum.search.enqueue``); the single index writer applies
    tasks in id order and deletes them once applied."""

    __tablename__ = "index_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[IndexAction] = mapped_column(_code_enum(IndexAction))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Notification(db.Model):
    """Something that concerns one person: an answer to their question, a reply, a
    moderation decision on their contribution. Shown in-app; e-mailed per their choices."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
    contribution: Mapped[Contribution | None] = relationship()


class NotificationPreference(db.Model):
    """One person's choice for one kind of notification; no row means the default."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    on_site: Mapped[bool] = mapped_column(Boolean, default=True)
    by_email: Mapped[bool] = mapped_column(Boolean, default=True)


class OutgoingMail(db.Model):
    """An e-mail waiting to be sent, written in the transaction that caused it and sent
    later, outside any request, by ``flask send-mail`` (``forum.mail``)."""

    __tablename__ = "outgoing_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    not_before: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Erasure(db.Model):
    """That an account was erased, and when: re-applied after a restore from a backup
    (the same entries are appended to a log file outside the database)."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
