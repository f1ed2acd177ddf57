"""Small helpers shared by the moderation views."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from forum.errors import NotAllowed, PalabreError
from forum.extensions import db
from forum.models import Contribution, Debate
from moderation import charter, tags
from moderation.labels import TAG_FAMILY


def status_of(error: PalabreError) -> int:
    """403 for a refusal of rights, 422 for input the rules reject."""
    return 403 if isinstance(error, NotAllowed) else 422


def contribution_of(debate: Debate, contribution_id: int) -> Contribution:
    """The contribution of this debate, or a 404."""
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.debate_id != debate.id:
        abort(404)
    return item


def article_choices(debate: Debate) -> list[SelectChoice]:
    found = charter.articles(debate)
    first = _("— choose an article —") if found else _("— the charter has no numbered article —")
    return [SelectChoice("", first)] + [SelectChoice(a, a) for a in found]


def tag_choices(debate: Debate) -> list[SelectChoice]:
    return [
        SelectChoice(t.id, f"{t.name} ({TAG_FAMILY[t.family]})") for t in tags.vocabulary(debate)
    ]
