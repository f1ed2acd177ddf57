"""Small helpers shared by the moderation views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from forum.errors import NotFound, PalabreError
from forum.extensions import db
from forum.models import Contribution, Debate
from forum.web import attach_error, status_of
from moderation import charter, tags
from moderation.labels import TAG_FAMILY
from moderation.models import Tag

T = TypeVar("T")


def contribution_of(debate: Debate, contribution_id: int) -> Contribution:
    """The contribution of this debate, or a 404."""
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.debate_id != debate.id:
        abort(404)
    return item


def tag_of(debate: Debate, tag_id: int) -> Tag:
    """The tag of this debate's vocabulary, or a 404."""
    try:
        return tags.get_tag(debate, tag_id)
    except NotFound:
        abort(404)


def submit(
    form: FlaskForm,
    action: Callable[[], T],
    message: str | Callable[[T], str],
    target: str | Callable[[T], str],
) -> tuple[Response | None, int]:
    """What every moderation form does with a POST: validate ``form``, call one service
    (``action``), then flash ``message`` and redirect to ``target`` (either may be computed
    from what the service returns).

    Returns the redirect, or ``None`` and the status to show the page again with: 200 when
    nothing was sent, 422 for input refused, 403 for a refusal of rights. A service's
    refusal is shown next to its field, with everything the user typed.
    """
    if not form.validate_on_submit():
        return None, 422 if form.is_submitted() else 200
    try:
        result = action()
    except PalabreError as error:
        attach_error(form, error)
        return None, status_of(error)
    flash(_resolve(message, result), "success")
    return redirect(_resolve(target, result)), 302


def _resolve(value: Any, result: Any) -> str:
    return str(value(result) if callable(value) else value)  # lazy strings too


def article_choices(debate: Debate) -> list[SelectChoice]:
    found = charter.articles(debate)
    first = _("— choose an article —") if found else _("— the charter has no numbered article —")
    return [SelectChoice("", first)] + [SelectChoice(a, a) for a in found]


def tag_choices(debate: Debate) -> list[SelectChoice]:
    return [
        SelectChoice(t.id, f"{t.name} ({TAG_FAMILY[t.family]})") for t in tags.vocabulary(debate)
    ]
