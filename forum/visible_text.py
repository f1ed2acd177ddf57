"""What a reader may see of a contribution's words, wherever they are shown.

Pages, cards, feeds, e-mails, search results and exports all take a contribution's title
and text from ``visible_text``, so that one rule (``permissions.may_read_words``) decides
for every one of them: the words themselves, marked as masked or pending for those who may
read them there, or nothing but the notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_login import current_user

from forum.models import Contribution, Status
from forum.permissions import AnyUser, may_read_words
from forum.sanitize import html_to_text

# How many words of an untitled contribution name it in a message.
NAME_WORDS = 10


@dataclass(frozen=True)
class VisibleText:
    """A contribution's words as one reader may see them.

    ``withheld``: the reader sees only the notice (``title`` and ``body_html`` are empty).
    ``masked`` / ``pending``: the words are shown to their author or the debate's staff,
    who must be told that the public does not see them.
    """

    title: str
    body_html: str
    withheld: bool
    masked: bool
    pending: bool


def visible_text(contribution: Contribution, viewer: AnyUser | None) -> VisibleText:
    """The title and text of ``contribution`` that ``viewer`` may see (None: the public)."""
    masked = contribution.status == Status.MASKED
    pending = contribution.status == Status.PENDING
    if not may_read_words(viewer, contribution):
        return VisibleText("", "", withheld=True, masked=masked, pending=pending)
    return VisibleText(
        contribution.title or "", contribution.body_html or "", False, masked, pending
    )


def public_text(contribution: Contribution) -> VisibleText:
    """What anyone may see: for feeds, exports, the open-data API and shared caches."""
    return visible_text(contribution, None)


def withheld_label(contribution: Contribution) -> str:
    """What stands in a withheld contribution's title."""
    if contribution.status == Status.PENDING:
        return _("Contribution awaiting moderation")
    return _("Contribution masked by moderation")


def title_for(contribution: Contribution, viewer: AnyUser | None, fallback: str) -> str:
    """The title ``viewer`` may read, ``fallback`` for an untitled one, the notice's label
    when the words are withheld."""
    text = visible_text(contribution, viewer)
    if text.withheld:
        return withheld_label(contribution)
    return text.title or fallback


def words(contribution: Contribution) -> VisibleText:
    """Template helper: ``visible_text`` for the current reader."""
    return visible_text(contribution, current_user)


def title_of(contribution: Contribution, fallback: str = "") -> str:
    """Template helper: ``title_for`` the current reader."""
    return title_for(contribution, current_user, fallback or _("Reply"))


def name_of(contribution: Contribution, words: int = NAME_WORDS) -> str:
    """How a notification or an e-mail names a contribution: its title, or lacking one its
    first words ("Le tracé devrait desservir l'hôpital…"). "Your reply" alone says nothing
    to someone who wrote twenty; the recipient may read these words (the author, or staff)."""
    if contribution.title:
        return contribution.title
    return first_words(contribution.body_html, words)


def first_words(html: str | None, words: int = NAME_WORDS) -> str:
    """The first ``words`` words of a text given as HTML, "…" when there are more."""
    found = html_to_text(html or "").split()
    head = " ".join(found[:words])
    return head + "…" if len(found) > words else head
