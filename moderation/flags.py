"""Flags: a participant tells the moderators that a contribution breaks the charter.

Flags reach the moderation queue only: they are never shown or counted on a public page.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Contribution, DebateRole, Role, Status, User, utcnow
from forum.notifications import notify
from forum.permissions import can_see_contribution
from forum.suspensions import check_not_suspended
from forum.visible_text import name_of
from moderation.journal import record
from moderation.models import Flag, FlagReason, JournalAction
from moderation.rules import optional_note, require_moderator

MAX_FLAG_NOTE = 1000


def my_flag(item: Contribution, user: User | None) -> Flag | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Flag).where(Flag.contribution_id == item.id, Flag.user_id == user.id)
    )


def flag(item: Contribution, user: User, reason: FlagReason, note: str = "") -> Flag:
    """Report a contribution to the debate's moderators (once per person)."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Log in to report a contribution."))
    if not can_see_contribution(user, item):
        raise NotFound(_("This contribution does not exist."))
    check_not_suspended(user, item.debate_id)
    if item.status != Status.PUBLISHED:
        raise InvalidInput(_("Only a published contribution can be reported."))
    if item.author_id == user.id:
        raise InvalidInput(_("You cannot report your own contribution."))
    note = optional_note(note)
    if reason == FlagReason.OTHER and not note:
        raise InvalidInput(_("Say in a few words what is wrong."), field="note")
    if my_flag(item, user) is not None:
        raise InvalidInput(_("You have already reported this contribution."))
    entry = Flag(contribution_id=item.id, user_id=user.id, reason=reason, note=note)
    db.session.add(entry)
    moderators = db.session.scalars(
        db.select(DebateRole.user_id).where(
            DebateRole.debate_id == item.debate_id, DebateRole.role == Role.MODERATOR
        )
    )
    for moderator_id in moderators:
        notify(
            moderator_id,
            "new_flag",
            _l("A contribution was reported: “%(title)s”.", title=name_of(item)),
            contribution_id=item.id,
        )
    try:
        db.session.commit()
    except IntegrityError as error:  # the same person, twice at the same moment
        db.session.rollback()
        raise InvalidInput(_("You have already reported this contribution.")) from error
    return entry


def open_flags(item: Contribution) -> list[Flag]:
    return list(
        db.session.scalars(
            db.select(Flag)
            .where(Flag.contribution_id == item.id)
            .order_by(Flag.handled_at.is_not(None), Flag.id)
        )
    )


def dismiss_flags(item: Contribution, actor: User, note: str = "") -> int:
    """Close the open flags of a contribution that breaks no rule; journaled."""
    require_moderator(actor, item.debate)
    note = optional_note(note)
    flags = list(
        db.session.scalars(
            db.select(Flag).where(Flag.contribution_id == item.id, Flag.handled_at.is_(None))
        )
    )
    if not flags:
        raise InvalidInput(_("This contribution has no open report."))
    now = utcnow()
    for entry in flags:
        entry.handled_at = now
    record(actor, JournalAction.DISMISS_FLAGS, item.debate_id, contribution=item, reason=note)
    db.session.commit()
    return len(flags)
