"""Rights at the view boundary: who may use a moderation page of a debate."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from forum.extensions import db, login_manager
from forum.models import Debate, Role
from forum.permissions import has_role


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


MODERATORS = (Role.MODERATOR,)
STAFF = (Role.MODERATOR, Role.COMMITTEE)
COMMITTEE = (Role.COMMITTEE,)
