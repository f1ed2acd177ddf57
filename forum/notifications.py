"""Telling people what concerns them: in-app notifications (and e-mail, per their choice)."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Notification


def notify(user_id: int, kind: str, message: str, *, contribution_id: int | None = None) -> None:
    """Record a notification for one person, in the caller's transaction (no commit here).

    ``kind`` is a code such as ``reply``, ``answer``, ``masked``, ``restored``, ``cited``,
    ``new_question``, ``new_flag``; ``message`` is plain text in the site's language.
    """
    db.session.add(
        Notification(
            user_id=user_id, kind=kind, message=message, contribution_id=contribution_id
        )
    )
