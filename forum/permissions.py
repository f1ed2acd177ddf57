"""Who may do what in a debate.

Views check rights at their boundary with these functions (and the decorators in
``forum.decorators``); services check the object-level rules again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import g, has_request_context
from flask_login import AnonymousUserMixin
from sqlalchemy import event

from forum.extensions import db
from forum.models import Contribution, Debate, DebateRole, Role, Status, User

AnyUser = User | AnonymousUserMixin
T = TypeVar("T")

STAFF_ROLES = frozenset({Role.MODERATOR, Role.COMMITTEE})


def roles_in(user: AnyUser | None, debate: Debate) -> frozenset[Role]:
    """The staff roles ``user`` holds in ``debate`` (empty for a participant); read once
    per request (a page asks it of its navigation, its thread, its similar contributions
    and its templates' helpers)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return remembered_in_request(
        ("roles", user.id, debate.id),
        lambda: frozenset(
            db.session.scalars(
                db.select(DebateRole.role).where(
                    DebateRole.user_id == user.id, DebateRole.debate_id == debate.id
                )
            )
        ),
    )


_READ_IN_REQUEST = "palabre_rights_read"


def remembered_in_request(key: Hashable, read: Callable[[], T]) -> T:
    """``read()`` once per request for each ``key``, for what follows from a person's
    roles. Any write through the session makes the request forget it all: roles may have
    changed (a grant, an erasure's bulk delete)."""
    if not has_request_context():
        return read()
    known = g.setdefault(_READ_IN_REQUEST, {})
    if key not in known:
        known[key] = read()
    return known[key]


def _forget_roles(*_args) -> None:
    if has_request_context():
        g.pop(_READ_IN_REQUEST, None)


def _forget_roles_on_write(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _forget_roles()


def install() -> None:
    """Listen to every session of ``db`` (once, however many apps are created)."""
    for name, hook in (("after_flush", _forget_roles), ("do_orm_execute", _forget_roles_on_write)):
        if not event.contains(db.session, name, hook):
            event.listen(db.session, name, hook)


def is_admin(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_admin)


def has_role(user: AnyUser | None, debate: Debate, *roles: Role) -> bool:
    """True if the user is an admin or holds one of ``roles`` in ``debate``."""
    return is_admin(user) or bool(roles_in(user, debate) & set(roles))


def is_staff(user: AnyUser | None, debate: Debate) -> bool:
    """Moderators and committee members see what the public does not (pending, masked).

    The project owner is a party to the debate and is deliberately not staff.
    """
    return has_role(user, debate, *STAFF_ROLES)


def can_see_debate(user: AnyUser | None, debate: Debate) -> bool:
    """Draft debates are visible to their staff, owner and admins only."""
    if debate.is_public:
        return True
    return has_role(user, debate, Role.MODERATOR, Role.COMMITTEE, Role.OWNER)


def can_see_contribution(user: AnyUser | None, contribution: Contribution) -> bool:
    """Published and masked contributions are public (a masked one as a notice only);
    a pending one is seen by its author and the debate's staff. Nothing of a draft debate
    is seen by those who may not see the debate."""
    if not can_see_debate(user, contribution.debate):
        return False
    if contribution.status != Status.PENDING:
        return True
    if user is not None and user.is_authenticated and contribution.author_id == user.id:
        return True
    return is_staff(user, contribution.debate)


def may_read_words(viewer: AnyUser | None, contribution: Contribution) -> bool:
    """Whether ``viewer`` may read a contribution's words (its title, text and photos).

    The one rule for every page, feed, e-mail and export: a published contribution's words
    are public; a masked or pending one's are for its author and the debate's staff
    (moderators, committee, administrators) only. The project owner and staff of other
    debates see the masking notice, as the public does. Staff roles are read once per
    request (``roles_in``): a thread may hold hundreds of masked contributions.
    """
    if contribution.status == Status.PUBLISHED:
        return True
    if viewer is not None and viewer.is_authenticated and contribution.author_id == viewer.id:
        return True
    return is_staff(viewer, contribution.debate)
