"""A debate's team: admins give and take the moderator, committee and owner roles."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.accounts import normalise_email
from forum.debates import grant_role, operator_grant_hooks
from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Debate, DebateRole, Role, User
from forum.permissions import is_admin
from moderation.journal import record
from moderation.models import JournalAction


def team(debate: Debate) -> list[DebateRole]:
    return list(
        db.session.scalars(
            db.select(DebateRole)
            .where(DebateRole.debate_id == debate.id)
            .order_by(DebateRole.role, DebateRole.id)
        )
    )


def grant(debate: Debate, actor: User, email: str, role: Role) -> DebateRole:
    """Give the account with this e-mail a role in the debate (admins only); journaled."""
    if not is_admin(actor):
        raise NotAllowed(_("Only an administrator can change a debate's team."))
    user = db.session.scalar(db.select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput(_("No account has this e-mail address."), field="email")
    already = db.session.scalar(
        db.select(DebateRole).where(
            DebateRole.user_id == user.id,
            DebateRole.debate_id == debate.id,
            DebateRole.role == role,
        )
    )
    if already is not None:
        raise InvalidInput(_("This person already has this role."), field="email")
    record(actor, JournalAction.ROLE_GRANT, debate, target_user=user, details=role.value)
    try:
        return grant_role(user, debate, role)  # commits the journal row with the grant
    except InvalidInput:
        db.session.rollback()
        raise


def revoke(debate: Debate, actor: User, role_id: int) -> None:
    """Take a role back (admins only); journaled."""
    if not is_admin(actor):
        raise NotAllowed(_("Only an administrator can change a debate's team."))
    grant_row = db.session.get(DebateRole, role_id)
    if grant_row is None or grant_row.debate_id != debate.id:
        raise NotFound(_("This role does not exist."))
    record(
        actor,
        JournalAction.ROLE_REVOKE,
        debate,
        target_user=grant_row.user_id,
        details=grant_row.role.value,
    )
    db.session.delete(grant_row)
    db.session.commit()


def _journal_operator_grant(user: User, debate: Debate, role: Role) -> None:
    record(None, JournalAction.ROLE_GRANT, debate, target_user=user, details=role.value)


operator_grant_hooks.append(_journal_operator_grant)
