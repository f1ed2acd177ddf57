"""Rights at the view boundary, as named decorators every package's views use: this role
in this debate (``requires_debate_role``), or an administrator (``admin_required``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from forum.extensions import db, login_manager
from forum.models import Debate, Role
from forum.permissions import has_role, is_admin


def requires_debate_role(*roles: Role) -> Callable:
    """The view's ``slug`` names a debate; only its holders of ``roles`` (and admins) pass.

    Anonymous visitors are sent to the login page; anyone else without the role gets 403;
    an unknown debate is a 404. The view receives ``debate`` instead of ``slug``.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, slug: str, **kwargs: Any):
            debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
            if debate is None:
                abort(404)
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, debate, *roles):
                abort(403)
            return view(*args, debate=debate, **kwargs)

        return wrapped

    return decorator


def admin_required(view: Callable) -> Callable:
    """Only logged-in administrators of the site pass; anyone else gets 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any):
        if not is_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


MODERATORS = (Role.MODERATOR,)
STAFF = (Role.MODERATOR, Role.COMMITTEE)
COMMITTEE = (Role.COMMITTEE,)
