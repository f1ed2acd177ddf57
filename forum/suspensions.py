"""Suspensions from a debate, as the public side reads them.

Moderators decide them (``moderation.suspension``); this module only answers "is this
person suspended from this debate now?" for the services that take part in a debate
(posting, replying, asking here; reporting and contesting in ``moderation``), and lists a
person's suspensions for their account page. ``forum`` does not import ``moderation``.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum import privacy
from forum.errors import NotAllowed
from forum.extensions import db
from forum.models import Debate, DebateSuspension, User, utcnow
from forum.permissions import AnyUser
from forum.privacy import PersonalData


def _in_force():
    now = utcnow()
    return db.and_(
        DebateSuspension.lifted_at.is_(None),
        db.or_(DebateSuspension.until.is_(None), DebateSuspension.until > now),
    )


def suspension_in(user: AnyUser | None, debate: Debate | int) -> DebateSuspension | None:
    """The suspension from ``debate`` now in force for ``user``, if any."""
    if user is None or not user.is_authenticated:
        return None
    debate_id = debate if isinstance(debate, int) else debate.id
    return db.session.scalar(
        db.select(DebateSuspension)
        .where(
            DebateSuspension.debate_id == debate_id,
            DebateSuspension.user_id == user.id,
            _in_force(),
        )
        .order_by(DebateSuspension.id.desc())
        .limit(1)
    )


def refusal(suspension: DebateSuspension) -> str:
    """What a suspended person reads when they try to take part in the debate."""
    end = suspension.last_day
    if end is None:
        return _(
            "You are suspended from this debate until a moderator lifts it: you cannot post, "
            "reply, report or contest here. Reason: %(reason)s",
            reason=suspension.reason,
        )
    return _(
        "You are suspended from this debate until %(day)s included: you cannot post, reply, "
        "report or contest here. Reason: %(reason)s",
        day=format_date(end, "long"),
        reason=suspension.reason,
    )


def check_not_suspended(user: AnyUser | None, debate: Debate | int) -> None:
    """Raise ``NotAllowed`` if ``user`` is suspended from ``debate`` now."""
    suspension = suspension_in(user, debate)
    if suspension is not None:
        raise NotAllowed(refusal(suspension))


def current_suspensions(user: User) -> list[DebateSuspension]:
    """The person's suspensions from debates now in force, for their account page."""
    return list(
        db.session.scalars(
            db.select(DebateSuspension)
            .where(DebateSuspension.user_id == user.id, _in_force())
            .options(selectinload(DebateSuspension.debate))
            .order_by(DebateSuspension.id)
        )
    )


# --- The person's rights over their data (forum.privacy) ---------------------------------


def _export(user: User) -> dict:
    """Every suspension from a debate that concerned the person, in force or past."""
    rows = db.session.scalars(
        db.select(DebateSuspension)
        .where(DebateSuspension.user_id == user.id)
        .options(selectinload(DebateSuspension.debate))
        .order_by(DebateSuspension.id)
    )
    return {
        "debate_suspensions": [
            {
                "debate": row.debate.slug,
                "reason": row.reason,
                "suspended_at": row.suspended_at.isoformat(),
                "last_day": row.last_day.isoformat() if row.last_day else None,
                "lifted_at": row.lifted_at.isoformat() if row.lifted_at else None,
            }
            for row in rows
        ]
    }


def register() -> None:
    """The suspensions' share of a person's data, registered with the forum's
    (``forum.personal_data``)."""
    privacy.register(PersonalData("forum.suspensions", ("debate_suspensions",), _export))
