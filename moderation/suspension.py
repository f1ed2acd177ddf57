"""Suspensions: from one debate (its moderators), or from the whole site (administrators).

A **debate suspension** keeps a person from posting, replying, asking, reporting and
contesting in one debate until an end date or until lifted; they still log in, read, and
take part elsewhere (``forum.suspensions`` is the check the services call). Only a person
who took part in the debate can be suspended from it (``took_part``): for anyone else the
debate's moderators get ``NotFound``, exactly as for an unknown account, so they cannot list
the site's accounts nor act on people who are none of their debate's business. It goes to
the debate's journal (shown to the public without the person nor the reason), and the person
is told (``notify``: on the site, and by e-mail if they want it).

A **site-wide suspension** (``User.suspended_*``: no login, sessions end at once, through
``User.is_active``) is an administrator's decision only. It goes to the site journal
(``moderation.journal.SITE``, read by administrators) and the person always gets an e-mail:
they can no longer log in to read a notification.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from forum import mail
from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, DebateSuspension, User, utcnow
from forum.notifications import notify
from forum.permissions import is_admin, roles_in
from forum.suspensions import suspension_in
from moderation.journal import record
from moderation.models import Contest, Flag, JournalAction
from moderation.rules import public_reason, require_moderator

# --- Shared ------------------------------------------------------------------------------


def _end_of(until: date | None) -> datetime | None:
    """The first moment after the last day of a suspension (``until`` is included)."""
    if until is None:
        return None
    if until < date.today():
        raise InvalidInput(_("The end date is in the past."), field="until")
    return datetime.combine(until, time.min) + timedelta(days=1)


def _record_suspension(
    actor: User,
    action: JournalAction,
    debate: Debate | None,
    user: User,
    reason: str,
    until: date | None,
) -> None:
    """The journal row of a suspension: its last day, if any, in the details."""
    details = until.isoformat() if until else ""
    record(actor, action, debate, target_user=user, reason=reason, details=details)


def _locale(user: User) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


# --- From one debate ---------------------------------------------------------------------


def took_part(user_id: int, debate: Debate) -> bool:
    """Whether the person took part in the debate: wrote a contribution in it (whatever
    became of it), reported one of its contributions, contested a masking in it, or was
    suspended from it before. Only such a person can be suspended from the debate."""
    in_debate = Contribution.debate_id == debate.id
    wrote = db.select(Contribution.id).where(in_debate, Contribution.author_id == user_id)
    flagged = (
        db.select(Flag.id)
        .join(Contribution, Flag.contribution_id == Contribution.id)
        .where(in_debate, Flag.user_id == user_id)
    )
    contested = (
        db.select(Contest.id)
        .join(Contribution, Contest.contribution_id == Contribution.id)
        .where(in_debate, Contest.author_id == user_id)
    )
    suspended = db.select(DebateSuspension.id).where(
        DebateSuspension.debate_id == debate.id, DebateSuspension.user_id == user_id
    )
    return any(
        db.session.scalar(query.limit(1)) is not None
        for query in (wrote, flagged, contested, suspended)
    )


def person_in(debate: Debate, user_id: int) -> User:
    """The account, if it took part in ``debate``; ``NotFound`` otherwise, as for an id
    that names no account (no pseudonym of a stranger to the debate is ever shown)."""
    user = db.session.get(User, user_id)
    if user is None or not took_part(user.id, debate):
        raise NotFound(_("This person did not take part in this debate."))
    return user


def current(debate: Debate, user: User) -> DebateSuspension | None:
    """The person's suspension from ``debate`` now in force, if any."""
    return suspension_in(user, debate)


def suspend(
    debate: Debate, actor: User, user: User, reason: str, until: date | None
) -> DebateSuspension:
    """Suspend ``user`` from ``debate`` until the end of the day ``until`` (or until lifted)."""
    require_moderator(actor, debate)
    if not took_part(user.id, debate):
        raise NotFound(_("This person did not take part in this debate."))
    reason = public_reason(reason)
    if user.id == actor.id:
        raise NotAllowed(_("You cannot suspend your own account."))
    if is_admin(user) or roles_in(user, debate):
        raise NotAllowed(
            _("A member of the debate's team or an administrator cannot be suspended here.")
        )
    if current(debate, user) is not None:
        raise InvalidInput(_("This person is already suspended from this debate."))
    row = DebateSuspension(
        debate_id=debate.id,
        user_id=user.id,
        reason=reason,
        until=_end_of(until),
        suspended_by_id=actor.id,
    )
    db.session.add(row)
    _record_suspension(actor, JournalAction.SUSPEND, debate, user, reason, until)
    with force_locale(_locale(user)):
        if until is None:
            message = _(
                "You are suspended from the debate “%(debate)s” until a moderator lifts it: "
                "you can no longer post, reply, report or contest there. You can still read "
                "it and take part in other debates. Reason: %(reason)s",
                debate=debate.title,
                reason=reason,
            )
        else:
            message = _(
                "You are suspended from the debate “%(debate)s” until %(day)s included: you "
                "can no longer post, reply, report or contest there. You can still read it "
                "and take part in other debates. Reason: %(reason)s",
                debate=debate.title,
                day=format_date(until, "long"),
                reason=reason,
            )
    notify(user.id, "suspension", message)
    db.session.commit()
    return row


def lift(debate: Debate, actor: User, user: User, reason: str) -> User:
    """End a person's suspension from ``debate`` before its end date."""
    require_moderator(actor, debate)
    if not took_part(user.id, debate):
        raise NotFound(_("This person did not take part in this debate."))
    reason = public_reason(reason)
    if current(debate, user) is None:
        raise InvalidInput(_("This person is not suspended from this debate."))
    now = utcnow()
    rows = db.session.scalars(
        db.select(DebateSuspension).where(
            DebateSuspension.debate_id == debate.id,
            DebateSuspension.user_id == user.id,
            DebateSuspension.lifted_at.is_(None),
        )
    )
    for row in rows:
        row.lifted_at, row.lifted_by_id = now, actor.id
    record(actor, JournalAction.LIFT_SUSPENSION, debate, target_user=user, reason=reason)
    with force_locale(_locale(user)):
        message = _(
            "Your suspension from the debate “%(debate)s” is lifted: you can take part in it "
            "again. Reason: %(reason)s",
            debate=debate.title,
            reason=reason,
        )
    notify(user.id, "suspension", message)
    db.session.commit()
    return user


# --- From the whole site (administrators) ------------------------------------------------


def _require_admin(actor: User | None) -> None:
    if not is_admin(actor):
        raise NotAllowed(_("Only an administrator can suspend an account from the whole site."))


def _mail(user: User, subject: str, body: str) -> None:
    """A notice the person cannot turn off: a suspended account cannot log in to read one."""
    if user.email and user.erased_at is None:
        mail.queue(user.email, f"Palabre — {subject}", body)


def suspend_site_wide(actor: User, user: User, reason: str, until: date | None) -> User:
    """Suspend a whole account: no login until the end of ``until`` (or until lifted); its
    open sessions end at once and do not come back when it is lifted."""
    _require_admin(actor)
    reason = public_reason(reason)
    if user.id == actor.id:
        raise NotAllowed(_("You cannot suspend your own account."))
    if is_admin(user):
        raise NotAllowed(_("An administrator's account cannot be suspended."))
    if user.is_suspended:
        raise InvalidInput(_("This account is already suspended."))
    user.suspended_at = utcnow()
    user.suspended_until = _end_of(until)
    user.suspension_reason = reason
    user.end_sessions()  # open sessions and remember-me cookies end now, for good
    _record_suspension(actor, JournalAction.SITE_SUSPEND, None, user, reason, until)
    with force_locale(_locale(user)):
        end = (
            _("until an administrator lifts it")
            if until is None
            else _("until %(day)s included", day=format_date(until, "long"))
        )
        _mail(
            user,
            _("Your account is suspended"),
            _(
                "An administrator suspended your Palabre account, %(end)s: you cannot log in "
                "meanwhile. Reason: %(reason)s",
                end=end,
                reason=reason,
            ),
        )
    db.session.commit()
    return user


def lift_site_wide(actor: User, user: User, reason: str) -> User:
    """End a site-wide suspension before its end date."""
    _require_admin(actor)
    reason = public_reason(reason)
    if not user.is_suspended:
        raise InvalidInput(_("This account is not suspended."))
    user.suspended_at = None
    user.suspended_until = None
    user.suspension_reason = ""
    record(actor, JournalAction.SITE_LIFT_SUSPENSION, None, target_user=user, reason=reason)
    with force_locale(_locale(user)):
        _mail(
            user,
            _("Your account is no longer suspended"),
            _(
                "An administrator lifted the suspension of your Palabre account: you can log "
                "in again. Reason: %(reason)s",
                reason=reason,
            ),
        )
    db.session.commit()
    return user
