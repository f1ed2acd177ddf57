"""Suspending an account: no login, no posting, until an end date or until lifted.

Suspension is site-wide (an account is one person), decided by a moderator of a debate
where the person took part; the journal of that debate records it. The check happens on
every request (``app._load_user`` reads ``User.is_active``), and suspending also renews the
account's session nonce, so open sessions end at once and do not come back when it is lifted.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Debate, User, utcnow
from forum.permissions import is_admin, roles_in
from moderation.journal import record
from moderation.models import JournalAction
from moderation.rules import public_reason, require_moderator


def suspend(debate: Debate, actor: User, user: User, reason: str, until: date | None) -> User:
    """Suspend ``user`` until the end of the day ``until`` (or until lifted)."""
    require_moderator(actor, debate)
    reason = public_reason(reason)
    if user.id == actor.id:
        raise NotAllowed(_("You cannot suspend your own account."))
    if is_admin(user) or roles_in(user, debate):
        raise NotAllowed(
            _("A member of the debate's team or an administrator cannot be suspended here.")
        )
    if until is not None and until < date.today():
        raise InvalidInput(_("The end date is in the past."), field="until")
    user.suspended_at = utcnow()
    user.suspended_until = (
        datetime.combine(until, time.min) + timedelta(days=1) if until is not None else None
    )
    user.suspension_reason = reason
    user.end_sessions()  # open sessions and remember-me cookies end now, for good
    record(
        actor,
        JournalAction.SUSPEND,
        debate,
        target_user=user,
        reason=reason,
        details=until.isoformat() if until else "",
    )
    db.session.commit()
    return user


def lift(debate: Debate, actor: User, user: User, reason: str) -> User:
    """End a suspension before its end date."""
    require_moderator(actor, debate)
    reason = public_reason(reason)
    if not user.is_suspended:
        raise InvalidInput(_("This account is not suspended."))
    user.suspended_at = None
    user.suspended_until = None
    user.suspension_reason = ""
    record(actor, JournalAction.LIFT_SUSPENSION, debate, target_user=user, reason=reason)
    db.session.commit()
    return user
