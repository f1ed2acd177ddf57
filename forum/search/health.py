"""Is the search index usable, and how far behind the database is it? (for ``/healthz``)

Each backend is checked the cheap way: Whoosh opens the index (its table of contents) and
reads how many documents it holds; PostgreSQL reads one row of its search table. The
backlog is the index tasks still waiting for the writer, and the age of the oldest one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, text

from forum.extensions import db
from forum.models import IndexTask, utcnow
from forum.search.service import get_backend

# Past this many waiting tasks the backlog is reported as "at least" (counting is cheap).
BACKLOG_COUNT_LIMIT = 10_000


@dataclass
class IndexHealth:
    ok: bool
    backend: str
    problem: str | None = None
    details: dict = field(default_factory=dict)


def backlog() -> dict:
    """The waiting index tasks: how many (up to a limit) and the oldest one's age."""
    waiting = db.session.scalar(
        select(func.count()).select_from(
            select(IndexTask.id).limit(BACKLOG_COUNT_LIMIT + 1).subquery()
        )
    )
    oldest: datetime | None = db.session.scalar(
        select(IndexTask.created_at).order_by(IndexTask.id).limit(1)
    )
    lag = max(0.0, (utcnow() - oldest).total_seconds()) if oldest is not None else 0.0
    return {
        "waiting_tasks": min(waiting or 0, BACKLOG_COUNT_LIMIT),
        "waiting_tasks_capped": (waiting or 0) > BACKLOG_COUNT_LIMIT,
        "oldest_task_seconds": round(lag, 1),
    }


def _whoosh(backend) -> dict:
    from whoosh import index as whoosh_index

    if not backend.exists():
        raise LookupError(
            "no search index: run `flask --app app reindex` or start the search worker"
        )
    ix = whoosh_index.open_dir(str(backend.current))
    try:
        return {
            "documents": ix.doc_count(),
            "generation": ix.latest_generation(),
            "updated_at": datetime.fromtimestamp(ix.last_modified()).isoformat(timespec="seconds"),
        }
    finally:
        ix.close()


def _postgres(_backend) -> dict:
    db.session.execute(text("SELECT contribution_id FROM search_documents LIMIT 1")).all()
    return {}


def index_health(max_lag_seconds: float = 0) -> IndexHealth:
    """Check the index; ``max_lag_seconds`` > 0 also fails a writer that fell that far behind."""
    backend = get_backend()
    try:
        details = _whoosh(backend) if backend.name == "whoosh" else _postgres(backend)
    except Exception as error:  # any failure to open or read the index is the answer
        db.session.rollback()
        return IndexHealth(False, backend.name, f"{type(error).__name__}: {error}")
    try:
        details.update(backlog())
    except Exception as error:
        db.session.rollback()
        return IndexHealth(False, backend.name, f"index tasks unreadable: {error}", details)
    if max_lag_seconds and details["oldest_task_seconds"] > max_lag_seconds:
        problem = (
            f"the index writer is {details['oldest_task_seconds']:.0f} s behind "
            "(is the search worker running?)"
        )
        return IndexHealth(False, backend.name, problem, details)
    return IndexHealth(True, backend.name, None, details)
