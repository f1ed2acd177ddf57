"""Redacting personal data (a phone number, a neighbour's name) from a contribution.

The redacted passages are replaced in the stored text itself, so the personal data does
not survive anywhere in Palabre; the journal records that a redaction happened and why,
never what was removed.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Contribution, User
from forum.notifications import notify
from forum.sanitize import render_markdown
from forum.search import enqueue
from forum.visible_text import name_of
from moderation.charter import check_article
from moderation.journal import record
from moderation.models import JournalAction
from moderation.rules import public_reason, require_moderator

MIN_PASSAGE = 2


def redaction_mark() -> str:
    """The visible mark left in place of a redacted passage (in the site's language)."""
    return _("[redacted by moderation]")


def _markdown_mark() -> str:
    # Escaped brackets: the mark can never turn the text after it into a link.
    return redaction_mark().replace("[", "\\[").replace("]", "\\]")


def redact(
    item: Contribution, actor: User, passages: Sequence[str], reason: str, article: str = ""
) -> Contribution:
    """Replace every occurrence of each passage, in the title and the text, by the mark."""
    require_moderator(actor, item.debate)
    reason = public_reason(reason)
    article = check_article(item.debate, article, required=False)
    wanted = [p.strip() for p in passages if p.strip()]
    if not wanted:
        raise InvalidInput(_("Copy the passages to redact, one per line."), field="passages")
    for passage in wanted:
        if len(passage) < MIN_PASSAGE:
            raise InvalidInput(
                _("A passage to redact has at least two characters."), field="passages"
            )
        if passage not in item.body_source and passage not in item.title:
            raise InvalidInput(
                _("This passage is not in the contribution: %(passage)s", passage=passage),
                field="passages",
            )
    body, title = item.body_source, item.title
    # Longest first, so that a passage inside another does not break the longer one.
    for passage in sorted(wanted, key=len, reverse=True):
        body = body.replace(passage, _markdown_mark())
        title = title.replace(passage, redaction_mark())
    item.body_source = body
    item.body_html = render_markdown(body)
    item.title = title[:200]
    record(
        actor,
        JournalAction.REDACT,
        item.debate_id,
        contribution=item,
        reason=reason,
        article=article,
        details=str(len(wanted)),  # a code: the journal says it in its reader's language
    )
    enqueue(item.id)
    if item.author_id is not None:
        notify(
            item.author_id,
            "redacted",
            _l(
                "A moderator removed personal data from your contribution “%(title)s”. "
                "Reason: %(reason)s",
                title=name_of(item),
                reason=reason,
            ),
            contribution_id=item.id,
        )
    db.session.commit()
    return item
