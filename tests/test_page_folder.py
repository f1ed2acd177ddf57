"""Visitors' pages shared by the workers of a server (forum/public_pages.py, PageFolder).

Two apps on one database stand for two gunicorn workers of one server, sharing the folder
``PALABRE_PAGE_FOLDER``: a page one of them rendered is served by the other after one
statement (the tokens of what it shows), and never once anything it shows has changed.
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import text

from forum.extensions import db
from forum.public_pages import KeptPage, PageFolder
from tests import builders
from tests.builders_moderation import make_team
from tests.conftest import login, make_app
from tests.test_query_counts import counting
from tests.test_render_cache import mask_on_another_server, similar_pair


@pytest.fixture
def workers(app, tmp_path):
    """Two workers of one server sharing a page folder."""
    folder = tmp_path / "kept-pages"
    made = [
        make_app(
            app.config["SQLALCHEMY_DATABASE_URI"],
            tmp_path / name,
            PALABRE_INDEX_PATH=app.config["PALABRE_INDEX_PATH"],
            PALABRE_PAGE_FOLDER=str(folder),
        )
        for name in ("first", "second")
    ]
    yield made, folder
    for worker in made:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()


def view(worker, item, user=None) -> tuple[str, int]:
    """The page of ``item`` as a visitor (or ``user``) gets it from ``worker``, and the
    statements it cost."""
    url = f"/contributions/{item.id}"
    with worker.app_context():
        client = worker.test_client()
        if user is not None:
            login(client, user)
        with counting() as seen:
            response = client.get(url)
        assert response.status_code == 200
        db.session.remove()
    return response.get_data(as_text=True), len(seen)


def pages_in(folder) -> list:
    return sorted(folder.glob("*.page")) if folder.exists() else []


def test_a_page_one_worker_rendered_is_served_by_another(app, workers):
    (first, second), folder = workers
    team = make_team()
    root, _echo = similar_pair(team)

    html, cost = view(first, root)
    assert cost > 1 and len(pages_in(folder)) == 1  # rendered, and written for the others
    assert view(second, root) == (html, 1)  # the tokens of what it shows, nothing else

    # A reply: the first worker to be asked renders the thread again, the other serves it.
    builders.make_contribution(
        team.debate,
        builders.make_user("Bérénice"),
        title="",
        body="Une navette aussi.",
        parent=root,
    )
    renewed, cost = view(second, root)
    assert "Une navette aussi." in renewed and cost > 1
    assert view(first, root) == (renewed, 1)  # its own copy was stale: the folder's is not

    # A participant is never served the visitors' page.
    mine, _ = view(second, root, user=team.participant)
    assert team.participant.pseudonym in mine and mine != renewed


def test_a_page_changed_since_it_was_written_is_rendered_again(app, workers, tmp_path):
    (first, second), folder = workers
    team = make_team()
    root, echo = similar_pair(team)
    reply = builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Des bus de nuit ?", parent=root
    )
    view(first, root)
    mask_on_another_server(app, tmp_path / "other", team, reply.id)
    html, cost = view(second, root)
    assert "Des bus de nuit ?" not in html and cost > 1


def test_a_page_whose_site_token_was_never_drawn_stays_in_its_worker(app, workers):
    """Tokens never drawn are zeros, the same in any database: such a page could match a
    database made again. It is kept by its worker only."""
    (first, second), folder = workers
    team = make_team()
    root, _echo = similar_pair(team)
    with db.engine.begin() as connection:  # as a database where nothing touched the site
        connection.execute(text("DELETE FROM render_tokens WHERE scope = 'site'"))
    view(first, root)
    assert pages_in(folder) == []
    assert view(first, root)[1] == 1  # still kept by the worker that rendered it


def test_a_folder_that_cannot_be_written_leaves_the_page_whole(app, tmp_path):
    team = make_team()
    root, _echo = similar_pair(team)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    worker = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "worker",
        PALABRE_INDEX_PATH=app.config["PALABRE_INDEX_PATH"],
        PALABRE_PAGE_FOLDER=str(blocked),
    )
    try:
        html, _ = view(worker, root)
        assert root.title in html
        assert view(worker, root) == (html, 1)  # kept in the worker all the same
    finally:
        with worker.app_context():
            db.engine.dispose()


def page(n: int, size: int = 1000) -> KeptPage:
    return KeptPage(("site", f"thread:{n}"), (7, n), b"x" * size)


def test_the_folder_serves_whole_pages_until_they_expire(tmp_path):
    folder = PageFolder(tmp_path, budget=1_000_000, seconds=60)
    folder.put(("/contributions/1", "fr", "2026-12-03"), page(1))
    assert folder.get(("/contributions/1", "fr", "2026-12-03")) == page(1)
    assert folder.get(("/contributions/1", "en", "2026-12-03")) is None
    (file,) = pages_in(tmp_path)
    file.write_bytes(file.read_bytes()[:20])  # cut short: not a page
    assert folder.get(("/contributions/1", "fr", "2026-12-03")) is None
    expired = PageFolder(tmp_path, budget=1_000_000, seconds=-1)
    expired.put(("/contributions/2", "fr", "2026-12-03"), page(2))
    assert expired.get(("/contributions/2", "fr", "2026-12-03")) is None


def test_the_folder_stays_within_its_budget(tmp_path):
    folder = PageFolder(tmp_path, budget=20_000, seconds=60)
    left = tmp_path / ".4242.7.tmp"  # a worker stopped while writing, long ago
    left.write_bytes(b"x" * 5000)
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    for n in range(PageFolder.PRUNE_EVERY * 2):
        folder.put((f"/contributions/{n}", "fr", "2026-12-03"), page(n))
        time.sleep(0.001)  # distinct modification times: the oldest go first
    files = pages_in(tmp_path)
    assert sum(f.stat().st_size for f in files) <= 20_000
    newest = (f"/contributions/{PageFolder.PRUNE_EVERY * 2 - 1}", "fr", "2026-12-03")
    assert folder.get(newest) == page(PageFolder.PRUNE_EVERY * 2 - 1)
    assert folder.get(("/contributions/0", "fr", "2026-12-03")) is None
    assert not left.exists()
