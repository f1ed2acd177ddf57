"""The similar contributions found for the public, stored in the database for every worker.

A similar search costs more than the rest of a thread page (tens of milliseconds at a
million contributions, more on PostgreSQL), and its answer is the same for every visitor.
Each worker keeps the ids it found a few minutes (``PALABRE_SIMILAR_SECONDS``); on a
national debate, where most threads are read now and then rather than every minute,
those copies are seldom there when asked for. So the first worker that searches a
contribution's similar ones stores the ids here, and every worker of every server reads
them, one row by primary key, until they are ``PALABRE_SIMILAR_STORED_SECONDS`` old (a
day by default): a contribution posted since is suggested beside its older neighbours at
the latest then. A list is kept with the version of the text it was found for (the
contribution's ``updated_at``): once the text changes (redacted, masked, edited) the next
view searches again, even if the change landed while the list was being searched.

Only ids, and only for the public: a view reads the contributions again and shows those
its reader may see; staff get a fresh search. Storing is a favour, never a failure of the
page: a list that cannot be written at once (another writer holds the lock) is not.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db
from forum.models import Contribution, SimilarList, utcnow

log = logging.getLogger(__name__)

# How long a page waits for the write lock before giving up storing a list (the list is
# still shown; the next view stores it).
LOCK_WAIT_MS = 250


def max_age() -> float:
    """Seconds a stored list is used for (0: lists are neither stored nor read)."""
    return float(current_app.config.get("PALABRE_SIMILAR_STORED_SECONDS", 86_400))


def read(contribution: Contribution) -> list[int] | None:
    """The stored ids similar to ``contribution``, most similar first; None if none are
    stored, or they are too old, or they were found for another version of its text."""
    seconds = max_age()
    if seconds <= 0:
        return None
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
        or row.computed_at < utcnow() - timedelta(seconds=seconds)
    ):
        return None
    return [int(part) for part in row.similar_ids.split()]


def write(contribution: Contribution, ids: list[int]) -> bool:
    """Store the ids found for ``contribution`` as this request read it, in a transaction
    of its own (the page's session may not write). Returns whether they were stored."""
    if max_age() <= 0:
        return False
    values = {
        "contribution_id": contribution.id,
        "similar_ids": " ".join(map(str, ids)),
        "contribution_updated_at": contribution.updated_at,
        "computed_at": utcnow(),
    }
    try:
        with db.engine.connect() as connection:
            on_sqlite = connection.dialect.name == "sqlite"
            dialect = sqlite if on_sqlite else postgresql
            statement = dialect.insert(SimilarList).values(values)
            statement = statement.on_conflict_do_update(
                index_elements=[SimilarList.contribution_id],
                set_={key: value for key, value in values.items() if key != "contribution_id"},
            )
            if on_sqlite:  # the connection goes back to the pool with its usual patience
                usual = int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar())
                connection.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
                connection.commit()
            try:
                with connection.begin():
                    if not on_sqlite:
                        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
                    connection.execute(statement)
            finally:
                if on_sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={usual}")
                    connection.commit()
        return True
    except SQLAlchemyError as error:  # locked, or the contribution deleted meanwhile
        log.info("similar list of #%s not stored: %s", contribution.id, error.__class__.__name__)
        return False


def forget_all() -> None:
    """Drop every list (the index was rebuilt: what it finds may differ), in the caller's
    transaction."""
    db.session.execute(delete(SimilarList))
