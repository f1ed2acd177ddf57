"""A debate's moderation charter: editing it, and the articles that masking reasons cite."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Debate, Role, User
from forum.permissions import has_role
from forum.sanitize import clean_plain, render_markdown
from moderation.journal import record
from moderation.models import JournalAction

# "**Article 2 — Pas d'attaques personnelles**", "## Article 3: Personal data", "Art. 4 - …"
_ARTICLE = re.compile(r"^[#>*_\s]*((?:Article|Art\.)\s*\d+[^\n]*?)[*_\s]*$", re.IGNORECASE)
MAX_CHARTER_CHARS = 40_000


def articles(debate: Debate) -> list[str]:
    """The titles of the charter's articles, in order ("Article 2 — Pas d'attaques…")."""
    found = []
    for line in debate.charter_source.splitlines():
        match = _ARTICLE.match(line)
        if match:
            title = clean_plain(match.group(1).replace("**", "").replace("__", ""))
            if title and title not in found:
                found.append(title[:200])
    return found


def check_article(debate: Debate, article: str, *, required: bool) -> str:
    """The cited article if it is one of the charter's; ``required`` when it has articles."""
    known = articles(debate)
    if article and article not in known:
        raise InvalidInput(_("Choose an article of this debate's charter."), field="article")
    if required and known and not article:
        raise InvalidInput(
            _("Say which article of the charter this decision applies."), field="article"
        )
    return article


def update_charter(debate: Debate, actor: User, source: str) -> Debate:
    """Replace the debate's charter (moderators and admins); journaled."""
    if not has_role(actor, debate, Role.MODERATOR):
        raise NotAllowed(_("Only the debate's moderators can edit its charter."))
    source = source.strip()
    if not source:
        raise InvalidInput(_("A charter cannot be empty."), field="charter")
    if len(source) > MAX_CHARTER_CHARS:
        raise InvalidInput(
            _("The charter is too long: %(n)d characters at most.", n=MAX_CHARTER_CHARS),
            field="charter",
        )
    debate.charter_source = source
    debate.charter_html = render_markdown(source)
    record(actor, JournalAction.CHARTER_EDIT, debate)
    db.session.commit()
    return debate
