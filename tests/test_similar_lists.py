"""Similar contributions stored for every worker (forum/search/similar_lists.py).

What one worker found similar to a contribution, for the public, is read by every other
worker and server on the same database until it is old enough to be searched again. These
tests take a contribution out of the index after the first search, so that a second
search would no longer find it: a worker that shows it read the stored list.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from forum.extensions import db
from forum.models import SimilarList, utcnow
from forum.search import similar_lists
from forum.search.service import get_backend, reindex
from moderation import masking, redaction
from tests.builders_moderation import ARTICLE_2, make_team
from tests.builders_search import app_config, catch_up  # noqa: F401 (both search backends)
from tests.conftest import make_app
from tests.test_revalidation import similar_pair


def panel(client, item) -> str:
    response = client.get(f"/contributions/{item.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html.split('class="similar"')[1] if 'class="similar"' in html else ""


def another_worker(app, folder):
    """A second app on the same database and index: a worker of its own, nothing kept."""
    return make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        folder,
        PALABRE_SEARCH=app.config["PALABRE_SEARCH"],
        PALABRE_INDEX_PATH=app.config["PALABRE_INDEX_PATH"],
    )


def out_of_the_index(item) -> None:
    """A search no longer finds ``item``; the database still shows it."""
    get_backend().apply([], [item.id])
    db.session.commit()  # PostgreSQL's index is a table


def stored(item) -> list[int] | None:
    db.session.rollback()  # see what the other connections committed
    row = db.session.get(SimilarList, item.id)
    return None if row is None else [int(i) for i in row.similar_ids.split()]


def test_what_one_worker_found_serves_the_others(app, client, tmp_path):
    team = make_team()
    first, echo = similar_pair(team)
    assert f"/contributions/{first.id}" in panel(client, echo)
    assert stored(echo) == [first.id]

    out_of_the_index(first)
    other = another_worker(app, tmp_path / "other")
    assert f"/contributions/{first.id}" in panel(other.test_client(), echo)

    # Once the stored list is old enough, the next worker searches again, and stores that.
    db.session.execute(
        update(SimilarList).values(computed_at=utcnow() - timedelta(days=2)),
    )
    db.session.commit()
    third = another_worker(app, tmp_path / "third")
    assert f"/contributions/{first.id}" not in panel(third.test_client(), echo)
    assert stored(echo) == []
    assert db.session.get(SimilarList, echo.id).computed_at > utcnow() - timedelta(minutes=5)


def test_a_stored_list_is_checked_again_at_each_view(app, client, tmp_path):
    team = make_team()
    first, echo = similar_pair(team)
    panel(client, echo)
    masking.mask(first, team.moderator, "Propos injurieux", ARTICLE_2)
    other = another_worker(app, tmp_path / "other")
    assert f"/contributions/{first.id}" not in panel(other.test_client(), echo)


def test_the_index_writer_stores_a_list_for_what_it_indexes(app, client, tmp_path):
    """Once indexed, a contribution's page finds its similar ones stored: found for its
    text as it is, searched again once its words change."""
    team = make_team()
    first, echo = similar_pair(team)
    catch_up()
    assert stored(echo) is None  # a rebuild stores none: each page finds its own
    redaction.redact(echo, team.moderator, ["pour laisser sa voiture"], "Hors sujet")
    catch_up()  # the writer indexes the redacted text, then searches the similar ones
    assert stored(echo) == [first.id]
    row = db.session.get(SimilarList, echo.id)
    assert row.contribution_updated_at == db.session.get(type(echo), echo.id).updated_at
    out_of_the_index(first)
    redaction.redact(echo, team.moderator, ["Un parking au terminus"], "Hors sujet")
    catch_up()
    # Its words changed: searched again by the writer, which no longer finds the other.
    assert stored(echo) == []
    assert f"/contributions/{first.id}" not in panel(client, echo)
    other = another_worker(app, tmp_path / "other")
    assert f"/contributions/{first.id}" not in panel(other.test_client(), echo)


def test_a_list_found_for_a_text_changed_meanwhile_is_not_used(app, client, tmp_path):
    """A worker read the contribution, the text was redacted while it searched, and it
    stored what it found for the old text: that list is not used."""
    team = make_team()
    first, echo = similar_pair(team)
    as_read = SimpleNamespace(id=echo.id, updated_at=echo.updated_at)
    redaction.redact(echo, team.moderator, ["pour laisser sa voiture"], "Hors sujet")
    catch_up()
    with app.test_request_context("/"):
        assert similar_lists.write(as_read, [first.id])
    out_of_the_index(first)
    other = another_worker(app, tmp_path / "other")
    assert f"/contributions/{first.id}" not in panel(other.test_client(), echo)
    assert stored(echo) == []


def test_rebuilding_the_index_forgets_every_list(app, client):
    team = make_team()
    first, echo = similar_pair(team)
    panel(client, echo)
    assert stored(echo) is not None
    reindex()
    assert stored(echo) is None


def test_staff_search_afresh_and_store_nothing(app, client, login_as):
    team = make_team()
    first, echo = similar_pair(team)
    login_as(team.moderator)
    assert f"/contributions/{first.id}" in panel(client, echo)
    assert stored(echo) is None


def _hold_the_write_lock(
    url, contribution_id: int, ready: threading.Event, release: threading.Event
):
    """Another process's long write: the whole database on SQLite, the list's row on
    PostgreSQL."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        ready.set()
        release.wait(10)
        connection.execute("ROLLBACK")
        connection.close()
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("SELECT 1 FROM similar_lists WHERE contribution_id = :id FOR UPDATE"),
            {"id": contribution_id},
        )
        ready.set()
        release.wait(10)
    engine.dispose()


def test_a_list_that_cannot_be_stored_at_once_is_shown_all_the_same(app, client, tmp_path):
    team = make_team()
    first, echo = similar_pair(team)
    panel(client, echo)
    db.session.execute(update(SimilarList).values(computed_at=utcnow() - timedelta(days=2)))
    db.session.commit()
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=_hold_the_write_lock,
        args=(app.config["SQLALCHEMY_DATABASE_URI"], echo.id, ready, release),
    )
    holder.start()
    try:
        assert ready.wait(10)
        other = another_worker(app, tmp_path / "other")
        started = time.monotonic()
        assert f"/contributions/{first.id}" in panel(other.test_client(), echo)
        waited = time.monotonic() - started
    finally:
        release.set()
        holder.join(15)
    # The page waited for the lock a moment (LOCK_WAIT_MS), not the ten seconds a
    # posting waits, and left the old list for the next view to replace.
    assert waited < 5
    db.session.rollback()
    assert db.session.get(SimilarList, echo.id).computed_at < utcnow() - timedelta(days=1)
    assert similar_lists.LOCK_WAIT_MS < 1000
