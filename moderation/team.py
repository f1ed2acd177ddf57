"""A debate's team: its committee and the administrators give and take the moderator,
committee and project-owner roles, to existing accounts named by e-mail or pseudonym.

What the page shows of people is their pseudonym and role, nothing else: a committee
member names an account by an address they already know, and never reads anyone's
address here. The rule that the project owner never runs the debate is checked where every
role is given (``forum.debates.role_conflict``).
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from forum.accounts import normalise_email, pseudonym_key
from forum.debates import grant_role, operator_grant_hooks
from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.labels import ROLE
from forum.mail import external_url
from forum.models import Debate, DebateRole, Role, User
from forum.notifications import notify
from forum.permissions import has_role, is_admin
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


def _check_runs_team(debate: Debate, actor: User) -> None:
    if not has_role(actor, debate, Role.COMMITTEE):
        raise NotAllowed(_("Only the debate committee or an administrator can change its team."))


def find_account(name: str) -> User:
    """The account with this e-mail address (when ``name`` has an @) or this pseudonym;
    erased and deactivated accounts are not offered."""
    name = (name or "").strip()
    if "@" in name:
        where = User.email == normalise_email(name)
    else:
        where = User.pseudonym_key == pseudonym_key(name)
    user = db.session.scalar(db.select(User).where(where)) if name else None
    if user is None or not user.active or user.erased_at is not None:
        raise InvalidInput(
            _("No account has this e-mail address or pseudonym."), field="account"
        )
    return user


def grant(debate: Debate, actor: User, name: str, role: Role) -> DebateRole:
    """Give the account named by e-mail or pseudonym a role in the debate (committee and
    administrators); journaled. Refused if it would make the project owner staff."""
    _check_runs_team(debate, actor)
    user = find_account(name)
    already = db.session.scalar(
        db.select(DebateRole).where(
            DebateRole.user_id == user.id,
            DebateRole.debate_id == debate.id,
            DebateRole.role == role,
        )
    )
    if already is not None:
        raise InvalidInput(_("This person already has this role."), field="account")
    record(actor, JournalAction.ROLE_GRANT, debate, target_user=user, details=role.value)
    _tell_the_person(user, debate, role)
    try:
        return grant_role(user, debate, role)  # commits the journal row with the grant
    except InvalidInput:
        db.session.rollback()
        raise


# Where each role starts from: what the person told of their new role opens first.
START_PAGE = {
    Role.COMMITTEE: "moderation.console.home",
    Role.MODERATOR: "moderation.queue_page",
    Role.OWNER: "questions.owner_inbox",
}


def _tell_the_person(user: User, debate: Debate, role: Role) -> None:
    """Tell the person named (on the site and by e-mail, in their language) what they now
    are in this debate and where to start: a new committee learns of its draft debate."""
    link = external_url(START_PAGE[role], slug=debate.slug)
    with force_locale(user.locale or "fr"):
        message = _(
            "You are now “%(role)s” in the debate “%(title)s”. Start here: %(link)s",
            role=ROLE[role],
            title=debate.title,
            link=link,
        )
    notify(user.id, "role_given", message)


def revoke(debate: Debate, actor: User, role_id: int) -> None:
    """Take a role back (committee and administrators); journaled. A committee member
    cannot take away the debate's last committee role: the debate would have nobody to
    run it but the administrators."""
    _check_runs_team(debate, actor)
    grant_row = db.session.get(DebateRole, role_id)
    if grant_row is None or grant_row.debate_id != debate.id:
        raise NotFound(_("This role does not exist."))
    if grant_row.role == Role.COMMITTEE and not is_admin(actor) and _committee_size(debate) <= 1:
        raise InvalidInput(
            _(
                "This is the last committee role of the debate: give the committee role to "
                "someone else before taking this one back."
            )
        )
    record(
        actor,
        JournalAction.ROLE_REVOKE,
        debate,
        target_user=grant_row.user_id,
        details=grant_row.role.value,
    )
    db.session.delete(grant_row)
    db.session.commit()


def _committee_size(debate: Debate) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(DebateRole)
        .where(DebateRole.debate_id == debate.id, DebateRole.role == Role.COMMITTEE)
    )


def _journal_operator_grant(user: User, debate: Debate, role: Role) -> None:
    record(None, JournalAction.ROLE_GRANT, debate, target_user=user, details=role.value)


operator_grant_hooks.append(_journal_operator_grant)
