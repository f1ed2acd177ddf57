"""The append-only journal of staff actions, and reading it (for staff, and for the public).

``record`` is the only way a row is written. Nothing updates or deletes one: a session
hook (``_refuse_journal_changes``, installed on import) raises if a flush would modify or
delete a journal row, or if an UPDATE/DELETE statement targets the table; on SQLite the
migration adds triggers that refuse the same at the database level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Delete, Update, event
from sqlalchemy.orm import ORMExecuteState, Session, selectinload

from forum.extensions import db
from forum.models import Contribution, Debate, User
from moderation.models import PUBLIC_ACTIONS, Contest, JournalAction, JournalEntry

JOURNAL_PAGE_SIZE = 50
# The journal of decisions about the whole site (an account suspended by an administrator):
# no debate has id 0, so no debate's journal, staff or public, ever lists them.
SITE = 0


class JournalIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete a journal row."""


def record(
    actor: User | None,
    action: JournalAction,
    debate: Debate | int | None,
    *,
    contribution: Contribution | int | None = None,
    target_user: User | int | None = None,
    reason: str = "",
    article: str = "",
    details: str = "",
) -> JournalEntry:
    """Write one journal row in the caller's transaction (no commit here); ``debate`` is
    ``None`` for a decision about the whole site."""
    entry = JournalEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        debate_id=SITE if debate is None else debate if isinstance(debate, int) else debate.id,
        contribution_id=contribution
        if contribution is None or isinstance(contribution, int)
        else contribution.id,
        target_user_id=target_user
        if target_user is None or isinstance(target_user, int)
        else target_user.id,
        reason=reason,
        charter_article=article,
        details=details,
    )
    db.session.add(entry)
    return entry


@event.listens_for(Session, "before_flush")
def _refuse_journal_changes(session: Session, _context, _instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, JournalEntry):
            raise JournalIsAppendOnly("a journal row cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, JournalEntry) and session.is_modified(obj):
            raise JournalIsAppendOnly("a journal row cannot be changed")


@event.listens_for(Session, "do_orm_execute")
def _refuse_journal_statements(state: ORMExecuteState) -> None:
    statement = state.statement
    if isinstance(statement, Update | Delete) and statement.table.name == "moderation_journal":
        raise JournalIsAppendOnly("the journal is append-only")


# --- Reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalFilter:
    action: JournalAction | None = None
    actor_id: int | None = None
    contribution_id: int | None = None
    since: date | None = None
    until: date | None = None


def staff_journal(
    debate: Debate | None, filters: JournalFilter, *, before: int | None = None
) -> tuple[list[JournalEntry], int | None]:
    """A page of the debate's journal (``None``: the site's, for administrators), newest
    first; returns the rows and the next cursor."""
    query = (
        db.select(JournalEntry)
        .where(JournalEntry.debate_id == (SITE if debate is None else debate.id))
        .options(selectinload(JournalEntry.actor))
        .order_by(JournalEntry.id.desc())
        .limit(JOURNAL_PAGE_SIZE + 1)
    )
    if filters.action is not None:
        query = query.where(JournalEntry.action == filters.action)
    if filters.actor_id is not None:
        query = query.where(JournalEntry.actor_id == filters.actor_id)
    if filters.contribution_id is not None:
        query = query.where(JournalEntry.contribution_id == filters.contribution_id)
    if filters.since is not None:
        query = query.where(
            JournalEntry.created_at >= datetime.combine(filters.since, datetime.min.time())
        )
    if filters.until is not None:
        end = datetime.combine(filters.until, datetime.min.time()) + timedelta(days=1)
        query = query.where(JournalEntry.created_at < end)
    if before is not None:
        query = query.where(JournalEntry.id < before)
    rows = list(db.session.scalars(query))
    more = len(rows) > JOURNAL_PAGE_SIZE
    rows = rows[:JOURNAL_PAGE_SIZE]
    return rows, rows[-1].id if more else None


def target_users(rows: list[JournalEntry]) -> dict[int, User]:
    """The people the rows are about, by id (one query)."""
    ids = {row.target_user_id for row in rows if row.target_user_id}
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}


def journal_actors(debate: Debate) -> list[User]:
    """The people who appear in a debate's journal (for the staff filter)."""
    ids = db.select(JournalEntry.actor_id).where(JournalEntry.debate_id == debate.id).distinct()
    return list(
        db.session.scalars(db.select(User).where(User.id.in_(ids)).order_by(User.pseudonym))
    )


def contribution_journal(contribution: Contribution) -> list[JournalEntry]:
    """Everything staff did to one contribution, oldest first."""
    return list(
        db.session.scalars(
            db.select(JournalEntry)
            .where(JournalEntry.contribution_id == contribution.id)
            .options(selectinload(JournalEntry.actor))
            .order_by(JournalEntry.id)
        )
    )


@dataclass(frozen=True)
class PublicDecision:
    """A moderation decision as the public sees it: no person, no free text."""

    id: int
    created_at: datetime
    action: JournalAction
    article: str
    contribution_id: int | None
    contest: Contest | None
    # For a change of the debate's presentation: which fields changed (their codes).
    fields: tuple[str, ...] = ()


def public_journal(
    debate: Debate, *, before: int | None = None
) -> tuple[list[PublicDecision], int | None]:
    """The decisions that changed what the public reads, newest first, without personal data."""
    query = (
        db.select(JournalEntry)
        .where(JournalEntry.debate_id == debate.id, JournalEntry.action.in_(PUBLIC_ACTIONS))
        .order_by(JournalEntry.id.desc())
        .limit(JOURNAL_PAGE_SIZE + 1)
    )
    if before is not None:
        query = query.where(JournalEntry.id < before)
    rows = list(db.session.scalars(query))
    more = len(rows) > JOURNAL_PAGE_SIZE
    rows = rows[:JOURNAL_PAGE_SIZE]
    contests = {
        c.journal_entry_id: c
        for c in db.session.scalars(
            db.select(Contest).where(Contest.journal_entry_id.in_([r.id for r in rows]))
        )
    }
    decisions = [
        PublicDecision(
            id=row.id,
            created_at=row.created_at,
            action=row.action,
            article=row.charter_article,
            # Which contribution, except for decisions about a person.
            contribution_id=row.contribution_id
            if row.action not in {JournalAction.SUSPEND, JournalAction.LIFT_SUSPENSION}
            else None,
            contest=contests.get(row.id),
            fields=tuple(row.details.split(","))
            if row.action == JournalAction.DEBATE_EDIT and row.details
            else (),
        )
        for row in rows
    ]
    return decisions, rows[-1].id if more else None
