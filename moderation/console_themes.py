"""A debate's theme index, edited from the committee's console: add, rename and describe,
reorder, retire and bring back.

A theme is never deleted: a retired one keeps its contributions and its public page, and
moderators can still re-file under it or out of it, but no new contribution is filed
under it (``forum.debates.check_themes_open``). Its slug, which its public address carries,
never changes once made.
"""

from __future__ import annotations

from flask_babel import gettext as _

from forum.debates import slugify
from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.models import Debate, Theme, User, utcnow
from forum.sanitize import clean_plain
from moderation.console import check_runs_debate

MAX_NAME = 120
MAX_DESCRIPTION = 500


def get_theme(debate: Debate, theme_id: int) -> Theme:
    """A theme of this debate, retired or not."""
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.debate_id != debate.id:
        raise NotFound(_("This theme does not exist."))
    return theme


def _checked(debate: Debate, name: str, description: str, *, except_id: int | None = None):
    name = clean_plain(name)
    description = clean_plain(description)
    if not name:
        raise InvalidInput(_("A theme needs a name."), field="name")
    if len(name) > MAX_NAME:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_NAME), field="name")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_DESCRIPTION), field="description")
    others = [t for t in debate.themes if t.id != except_id]
    if any(t.name.casefold() == name.casefold() for t in others):
        raise InvalidInput(_("The debate already has a theme with this name."), field="name")
    return name, description


def add_theme(debate: Debate, actor: User, name: str, description: str = "") -> Theme:
    """Add a theme at the end of the index."""
    check_runs_debate(actor, debate)
    name, description = _checked(debate, name, description)
    slug = slugify(name)
    if any(t.slug == slug for t in debate.themes):
        raise InvalidInput(
            _(
                "Another theme already has the address “%(slug)s”: choose a name that "
                "differs by more than accents or punctuation.",
                slug=slug,
            ),
            field="name",
        )
    position = max((t.position for t in debate.themes), default=-1) + 1
    theme = Theme(slug=slug, name=name, description=description, position=position)
    debate.themes.append(theme)
    db.session.commit()
    return theme


def edit_theme(debate: Debate, actor: User, theme: Theme, name: str, description: str) -> Theme:
    """Rename or describe a theme; its address stays the same."""
    check_runs_debate(actor, debate)
    theme.name, theme.description = _checked(debate, name, description, except_id=theme.id)
    db.session.commit()
    return theme


def move_theme(debate: Debate, actor: User, theme: Theme, up: bool) -> None:
    """Move a theme one place up or down the index (nothing at either end)."""
    check_runs_debate(actor, debate)
    themes = sorted(debate.themes, key=lambda t: (t.position, t.id))
    index = themes.index(theme)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(themes):
        return
    themes[index], themes[other] = themes[other], themes[index]
    for position, each in enumerate(themes):
        each.position = position
    db.session.commit()


def retire_theme(debate: Debate, actor: User, theme: Theme) -> None:
    """Stop taking new contributions under a theme (what it holds stays)."""
    check_runs_debate(actor, debate)
    if theme.retired_at is None:
        theme.retired_at = utcnow()
        db.session.commit()


def restore_theme(debate: Debate, actor: User, theme: Theme) -> None:
    """Take new contributions under a retired theme again."""
    check_runs_debate(actor, debate)
    if theme.retired_at is not None:
        theme.retired_at = None
        db.session.commit()
