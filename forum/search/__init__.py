"""Full-text search of contributions.

The database is the source of truth; the index is a cache. Every write that changes what
is searchable calls ``enqueue`` inside its own transaction, so the task commits (or rolls
back) with the change; the single index writer applies the tasks afterwards.
"""

from __future__ import annotations

from forum.extensions import db
from forum.models import IndexAction, IndexTask


def enqueue(contribution_id: int, action: IndexAction = IndexAction.UPSERT) -> None:
    """Record that the index must catch up with this contribution (no commit here)."""
    db.session.add(IndexTask(contribution_id=contribution_id, action=action))
