"""The similar contributions found for the public, stored in the database for every worker.

A similar search costs more than the rest of a thread page (tens of milliseconds at a
million contributions, more on PostgreSQL), and its answer is the same for every visitor.
So the index writer, once it has indexed a contribution, searches its similar ones and
stores the ids here (``service.store_similar``), and every worker of every server reads
them, one row by primary key, until they are a day old (``STORED_FOR``): a contribution
posted since is suggested beside its older neighbours at the latest then. A page that
finds no list (an index rebuilt, a list too old) searches and stores it itself. A list is
kept with the version of the text it was found for (the
contribution's ``updated_at``): once the text changes (redacted, masked, edited) the next
view searches again, even if the change landed while the list was being searched.

Only ids, and only for the public: a view reads the contributions again and shows those
its reader may see; staff get a fresh search. Storing is a favour, never a failure of the
page: a list that cannot be written at once (another writer holds the lock) is not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db, upsert
from forum.models import Contribution, SimilarList, utcnow

log = logging.getLogger(__name__)

# How long a page waits for the write lock before giving up storing a list (the list is
# still shown; the next view stores it).
LOCK_WAIT_MS = 250


STORED_FOR = timedelta(days=1)


def stored(contribution_id: int) -> tuple[list[int], str] | None:
    """The ids stored for ``contribution_id`` and when they were found, whatever their age
    (a visitor's page shows them until they are found again: ``forum.revalidation``)."""
    row = db.session.execute(
        select(SimilarList.similar_ids, SimilarList.computed_at).where(
            SimilarList.contribution_id == contribution_id
        )
    ).first()
    if row is None:
        return None
    return [int(part) for part in row.similar_ids.split()], row.computed_at.isoformat()


def read(contribution: Contribution) -> list[int] | None:
    """The stored ids similar to ``contribution``, most similar first; None if none are
    stored, or they are too old, or they were found for another version of its text."""
    row = db.session.execute(
        select(
            SimilarList.similar_ids,
            SimilarList.contribution_updated_at,
            SimilarList.computed_at,
        ).where(SimilarList.contribution_id == contribution.id)
    ).first()
    if (
        row is None
        or row.contribution_updated_at != contribution.updated_at
        or row.computed_at < utcnow() - STORED_FOR
    ):
        return None
    return [int(part) for part in row.similar_ids.split()]


def write(contribution: Contribution, ids: list[int]) -> bool:
    """Store the ids found for ``contribution`` as this request read it, in a transaction
    of its own (the page's session may not write). Returns whether they were stored."""
    values = {
        "contribution_id": contribution.id,
        "similar_ids": " ".join(map(str, ids)),
        "contribution_updated_at": contribution.updated_at,
        "computed_at": utcnow(),
    }
    try:
        with db.engine.connect() as connection, connection.begin():
            statement = upsert(
                connection.dialect.name, SimilarList, SimilarList.__table__.c.contribution_id
            )
            with _waiting_briefly_for_locks(connection):
                connection.execute(statement, values)
        return True
    except SQLAlchemyError as error:  # locked, or the contribution deleted meanwhile
        log.info("similar list of #%s not stored: %s", contribution.id, error.__class__.__name__)
        return False


@contextmanager
def _waiting_briefly_for_locks(connection) -> Iterator[None]:
    """Wait at most ``LOCK_WAIT_MS`` for another writer's lock in this transaction."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
        yield
        return
    # SQLite's is the connection's: it goes back to the pool with its usual patience.
    usual = int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar())
    connection.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={usual}")


def forget_all() -> None:
    """Drop every list (the index was rebuilt: what it finds may differ), in the caller's
    transaction."""
    db.session.execute(delete(SimilarList))
