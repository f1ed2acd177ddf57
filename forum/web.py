"""What every package's views share: rights at the boundary as two named decorators (this
role in this debate, ``requires_debate_role``; an administrator, ``admin_required``), a
debate from its slug or 404, and a service's refusal shown next to the field it concerns."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from forum import debates
from forum.errors import NotAllowed, NotFound, PalabreError
from forum.extensions import db, login_manager
from forum.models import Debate, Role
from forum.permissions import has_role, is_admin


def requires_debate_role(
    *roles: Role, debate_of: Callable[[dict[str, Any]], Debate | None] | None = None
) -> Callable:
    """Only holders of ``roles`` in the route's debate (and admins) pass.

    By default the view's ``slug`` names the debate and the view receives ``debate``
    instead; for a route named by another object (a question), ``debate_of(kwargs)`` finds
    the debate and the view keeps its arguments. Anonymous visitors are sent to the login
    page; anyone else without the role gets 403; an unknown debate is a 404.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            if debate_of is None:
                slug = kwargs.pop("slug")
                debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
                kwargs["debate"] = debate
            else:
                debate = debate_of(kwargs)
            if debate is None:
                abort(404)
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, debate, *roles):
                abort(403)
            return view(*args, **kwargs)

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


def debate_or_404(slug: str) -> Debate:
    """The debate of ``slug`` if the reader may see it; a 404 otherwise."""
    try:
        return debates.get_debate(slug, current_user)
    except NotFound:
        abort(404)


def status_of(error: PalabreError) -> int:
    """403 for a refusal of rights, 422 for input the rules reject."""
    return 403 if isinstance(error, NotAllowed) else 422


def _field_named(form: FlaskForm, name: str):
    """A form's field by name, also inside a list of entries (``photos-0-alt_text``)."""
    field = getattr(form, name, None)
    if field is not None or "-" not in name:
        return field
    head, _sep, rest = name.partition("-")
    index, _sep, sub = rest.partition("-")
    entries = getattr(form, head, None)
    if entries is None or not index.isdigit() or int(index) >= len(entries):
        return None
    entry = entries[int(index)]
    return getattr(entry, sub, None) if sub else entry


def attach_error(form: FlaskForm, error: PalabreError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    field = _field_named(form, error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


MODERATORS = (Role.MODERATOR,)
STAFF = (Role.MODERATOR, Role.COMMITTEE)
COMMITTEE = (Role.COMMITTEE,)
