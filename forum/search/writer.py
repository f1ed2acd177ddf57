"""The single index writer: applies the recorded index tasks, in order, then forgets them.

Services record an ``IndexTask`` in the same transaction as the change (``enqueue``). Tasks
are applied here, by one process at a time (the backend's writer lock: a file lock for
Whoosh, an advisory lock for PostgreSQL), either

- after a request that recorded some (``after_request`` -> ``call_on_close``: the user
  already has the response; ``PALABRE_INDEX_AFTER_REQUEST=0`` turns this off), or
- by ``flask --app app search-worker``, which loops, or by ``reindex``.

A process that finds the lock taken returns at once: the holder will see the new tasks,
because it looks again for tasks after releasing the lock. A task is deleted only after the
index has taken its change, so a writer killed half-way leaves its tasks to the next one
(applying a task twice does no harm). An error here is logged, never shown to the user.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, current_app, g
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import IndexAction, IndexTask
from forum.search.documents import documents_for
from forum.search.service import get_backend, rebuild, store_similar

log = logging.getLogger(__name__)

BATCH = 500
DIRTY_FLAG = "palabre_index_tasks"


def _apply_batch(backend) -> int:
    """Apply the oldest tasks; return how many were applied (0: none left)."""
    tasks = db.session.execute(
        select(IndexTask.id, IndexTask.contribution_id, IndexTask.action)
        .order_by(IndexTask.id)
        .limit(BATCH)
    ).all()
    if not tasks:
        db.session.rollback()
        return 0
    last_action: dict[int, IndexAction] = {}
    for task in tasks:  # in id order: the last task for a contribution wins
        last_action[task.contribution_id] = task.action
    wanted = [cid for cid, action in last_action.items() if action == IndexAction.UPSERT]
    documents = documents_for(wanted)
    upserts = [documents[cid] for cid in wanted if cid in documents]
    deletes = [cid for cid, action in last_action.items() if cid not in documents]
    backend.apply(upserts, deletes)
    db.session.execute(
        IndexTask.__table__.delete().where(IndexTask.id.in_([task.id for task in tasks]))
    )
    db.session.commit()
    try:  # the pages of what was indexed find their similar contributions found
        store_similar([document.id for document in upserts])
    except Exception:  # a page finds them itself when it is first read
        db.session.rollback()
        log.exception("similar contributions not stored for %d contributions", len(upserts))
    return len(tasks)


def _tasks_waiting() -> bool:
    found = db.session.scalar(select(IndexTask.id).limit(1)) is not None
    db.session.rollback()
    return found


def apply_pending(max_rounds: int = 3) -> int:
    """Apply every waiting task if no other process is writing; return how many."""
    backend = get_backend()
    applied = 0
    for _round in range(max_rounds):
        with backend.writer_lock() as held:
            if not held:
                return applied
            if not backend.exists():
                # No index at all (first start, or deleted): build it; that covers the tasks.
                applied += db.session.scalar(select(func.count()).select_from(IndexTask)) or 0
                rebuild(backend)
            while True:
                done = _apply_batch(backend)
                if not done:
                    break
                applied += done
        # Tasks recorded by a process that found the lock taken while we held it.
        if not _tasks_waiting():
            break
    return applied


def mark_dirty() -> None:
    """Note that this request recorded index tasks (called by ``enqueue``)."""
    g.setdefault(DIRTY_FLAG, True)


def after_request(response: Response) -> Response:
    """Once the response is sent, apply the tasks this request recorded — unless the
    configuration leaves them to a ``search-worker`` process (``make serve`` does: the
    web worker is then free for the next request at once)."""
    if g.pop(DIRTY_FLAG, False) and current_app.config.get("PALABRE_INDEX_AFTER_REQUEST", True):
        app = current_app._get_current_object()
        response.call_on_close(lambda: apply_quietly(app))
    return response


def apply_quietly(app: Flask) -> None:
    """``apply_pending`` in its own app context; errors are logged, tasks stay for later."""
    with app.app_context():
        try:
            apply_pending()
        except Exception:  # the worker or the next request retries
            db.session.rollback()
            log.exception("the search index could not catch up; the tasks stay queued")
        finally:
            db.session.remove()


def run_worker(*, once: bool = False, interval: float = 1.0, echo=None) -> int:
    """Apply tasks as they come (``once``: until none is left, then return)."""
    total = 0
    while True:
        try:
            done = apply_pending(max_rounds=10)
        except Exception:
            db.session.rollback()
            log.exception("the search index could not catch up; retrying")
            done = 0
            if once:
                raise
        total += done
        if done and echo:
            echo(done)
        if once:
            return total
        if not done:
            time.sleep(interval)
