"""The index never out of step: tasks in the same transaction, one writer, catching up
after a request, after a killed writer, and the reindex check that repairs the index."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import whoosh.reading
from flask import current_app

from app import create_app
from forum.extensions import db
from forum.models import IndexAction, IndexTask, Role, Status
from forum.search import enqueue, writer
from forum.search.backend import Filters
from forum.search.documents import all_documents, documents_for
from forum.search.service import check_and_repair, get_backend, reindex, search
from tests.builders import grant, make_contribution, make_debate, make_user
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture
from tests.conftest import post_form

ROOT = Path(__file__).resolve().parent.parent


def post_opinion(client, debate, title: str, body: str):
    """Post an opinion filed under the debate's first theme, through the site's form."""
    return post_form(
        client,
        f"/debates/{debate.slug}/contribute",
        {"kind": "opinion", "title": title, "body": body, "themes": str(debate.themes[0].id)},
    )


def found(query, viewer=None):
    return sorted(r.contribution.id for r in search(query, Filters(), viewer).results)


def tasks() -> list[tuple[int, str]]:
    db.session.commit()
    return [(t.contribution_id, t.action.value) for t in db.session.scalars(db.select(IndexTask))]


def indexed_ids() -> list[int]:
    return sorted(i for i, _fp in get_backend().fingerprints())


@pytest.fixture
def debate(app):
    return make_debate(themes=("Tracé", "Coût"))


def test_a_task_commits_or_rolls_back_with_its_change(debate):
    item = make_contribution(debate, make_user(), title="Navette", body="Une navette.")
    item.title = "Navette fluviale"
    enqueue(item.id)
    db.session.rollback()
    assert tasks() == []
    item.title = "Navette fluviale"
    enqueue(item.id)
    db.session.commit()
    assert tasks() == [(item.id, "upsert")]


def test_posting_through_the_site_is_found_right_after_the_request(debate, client, login_as):
    author = make_user()
    login_as(author)
    response = post_opinion(
        client, debate, "Téléphérique", "Un téléphérique au-dessus de la Garonne."
    )
    assert response.status_code == 302
    assert len(tasks()) == 1
    response.close()  # the server has sent the response: the writer applies the task
    assert tasks() == []
    [item_id] = found("téléphérique")
    page = client.get("/search?q=garonne").get_data(as_text=True)
    assert f"/contributions/{item_id}" in page


def test_a_site_with_a_search_worker_leaves_the_tasks_to_it(app, debate, client, login_as):
    app.config["PALABRE_INDEX_AFTER_REQUEST"] = False
    login_as(make_user())
    reindex()
    response = post_opinion(client, debate, "Funiculaire", "Un funiculaire vers le plateau.")
    assert response.status_code == 302
    response.close()
    assert len(tasks()) == 1  # the web worker did not apply it
    assert found("funiculaire") == []
    assert writer.run_worker(once=True) == 1
    assert tasks() == []
    assert len(found("funiculaire")) == 1


def test_an_index_error_never_fails_the_request(debate, client, login_as, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    reindex()  # an index exists: the writer will apply the task, and fail
    monkeypatch.setattr(type(current_app.extensions["palabre_search"]), "apply", broken)
    login_as(make_user())
    response = post_opinion(client, debate, "Ascenseur", "Un ascenseur urbain.")
    assert response.status_code == 302
    response.close()
    assert len(tasks()) == 1  # kept for the worker or the next request
    monkeypatch.undo()
    catch_up()
    assert tasks() == [] and len(found("ascenseur")) == 1


def test_one_writer_at_a_time(debate):
    item = make_contribution(debate, make_user(), title="Vélo", body="Des vélos.")
    enqueue(item.id)
    db.session.commit()
    backend = get_backend()
    with backend.writer_lock() as held:
        assert held
        with backend.writer_lock() as second:
            assert not second
        assert writer.apply_pending() == 0  # another writer holds the lock: leave it
    assert writer.apply_pending() == 1
    assert found("vélo") == [item.id]


def test_the_last_task_for_a_contribution_wins(debate):
    item = make_contribution(debate, make_user(), title="Funiculaire", body="Un funiculaire.")
    reindex()
    enqueue(item.id)
    enqueue(item.id, IndexAction.DELETE)
    db.session.commit()
    catch_up()
    assert found("funiculaire") == []
    enqueue(item.id)
    db.session.commit()
    catch_up()
    assert found("funiculaire") == [item.id]


def test_an_erased_contribution_leaves_the_index(debate):
    item = make_contribution(debate, make_user(), title="Adresse", body="J'habite rue Kléber.")
    enqueue(item.id)
    db.session.commit()
    catch_up()
    assert found("kléber") == [item.id]
    enqueue(item.id, IndexAction.DELETE)
    db.session.delete(item)
    db.session.commit()
    catch_up()
    assert found("kléber") == [] and item.id not in indexed_ids()


def test_reindex_check_repairs_deleted_and_stale_documents(debate, runner):
    author = make_user()
    items = [
        make_contribution(debate, author, title=f"Gare {n}", body="La gare routière.")
        for n in range(4)
    ]
    reindex()
    assert indexed_ids() == sorted(i.id for i in items)
    backend = get_backend()
    with backend.writer_lock():
        # Documents deleted from the index behind the database's back...
        backend.apply([], [items[0].id, items[1].id])
        db.session.commit()
    # ...a stale one (changed in the database without a task)...
    items[2].title = "Gare ferroviaire"
    items[2].body_html = "<p>Le TER s'arrête ici.</p>"
    # ...and one left in the index for a contribution that no longer exists.
    gone = items[3].id
    db.session.delete(items[3])
    db.session.commit()
    assert found("ter") == []

    result = runner.invoke(args=["reindex", "--check"])
    assert result.exit_code == 0, result.output
    assert "absentes de l'index, ajoutées : 2" in result.output
    assert "périmées dans l'index, mises à jour : 1" in result.output
    if backend.name == "postgres":  # its foreign key took the document away with the row
        assert "retirées : 0" in result.output
    else:
        assert f"retirées : 1 (#{gone})" in result.output
    assert indexed_ids() == sorted(i.id for i in items[:3])
    assert found("ter") == [items[2].id]
    again = check_and_repair()
    assert again.in_step and again.checked == 3


def test_reindex_check_removes_stale_documents_added_to_the_index(debate):
    item = make_contribution(debate, make_user(), title="Parc", body="Un parc relais.")
    reindex()
    backend = get_backend()
    ghost = make_contribution(debate, make_user(), title="Fantôme", body="Texte fantôme.")
    with backend.writer_lock():
        from forum.search.documents import documents_for

        document = documents_for([ghost.id])[ghost.id]
        document.title = "Ancien titre"  # what the index holds is not what the row says
        backend.apply([document], [])
        db.session.commit()
    report = check_and_repair()
    assert report.stale == [ghost.id] and report.missing == [] and report.extra == []
    assert indexed_ids() == sorted([item.id, ghost.id])
    assert check_and_repair().in_step


def test_reindex_command_rebuilds_everything_with_a_progress_bar(debate, runner):
    author = make_user()
    for n in range(3):
        make_contribution(debate, author, title=f"Tram {n}", body="Le tram de nuit.")
    stray = make_contribution(debate, author, title="Tram", body="Encore le tram.")
    enqueue(stray.id)
    db.session.commit()
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexation des contributions" in result.output
    assert "4 contributions indexées" in result.output
    assert tasks() == []  # covered by the rebuild
    assert len(found("tram")) == 4


def test_search_worker_once_applies_the_waiting_tasks(debate, runner):
    item = make_contribution(debate, make_user(), title="Bateau", body="Une navette fluviale.")
    enqueue(item.id)
    db.session.commit()
    result = runner.invoke(args=["search-worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "terminé : 1 tâche d'indexation appliquée" in result.output
    assert found("fluviale") == [item.id]


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from app import create_app
{patch}
app = create_app({config!r})
with app.app_context():
    from forum.search import writer
    writer.apply_pending()
print("the writer was not killed")
"""

KILL_POINTS = {
    # Killed while Whoosh writes its segment, before it commits.
    "whoosh-writing": "import whoosh.writing\n"
    "whoosh.writing.SegmentWriter.commit = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)",
    # Killed after the index took the change, before the tasks were deleted (on
    # PostgreSQL, both are one transaction: killed before it commits).
    "before-tasks-deleted": "import sqlalchemy.orm\n"
    "sqlalchemy.orm.Session.commit = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)",
}


@pytest.mark.parametrize("kill_point", list(KILL_POINTS))
def test_the_index_catches_up_after_the_writer_was_killed(app, debate, kill_point):
    if kill_point == "whoosh-writing" and get_backend().name != "whoosh":
        pytest.skip("a Whoosh writer only")
    author = make_user()
    items = [
        make_contribution(debate, author, title=f"Quai {n}", body="Le quai de la station.")
        for n in range(3)
    ]
    reindex()  # the index exists; now three changes wait
    for item in items:
        item.title = f"Quai couvert {item.id}"
        enqueue(item.id)
    db.session.commit()
    config = {
        key: app.config[key]
        for key in (
            "SQLALCHEMY_DATABASE_URI",
            "SECRET_KEY",
            "PALABRE_SEARCH",
            "PALABRE_INDEX_PATH",
            "TESTING",
        )
    }
    config["INSTANCE_PATH"] = app.instance_path
    ids = sorted(item.id for item in items)
    db.session.remove()
    script = KILLER.format(root=str(ROOT), patch=KILL_POINTS[kill_point], config=config)
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert killed.returncode == -9, killed.stdout + killed.stderr
    assert len(tasks()) == 3  # nothing was lost
    assert writer.apply_pending() == 3  # the lock died with the writer
    assert found("couvert") == ids
    assert indexed_ids() == ids  # no document twice
    assert check_and_repair().in_step


def test_a_missing_index_is_rebuilt_by_the_writer(app, debate):
    item = make_contribution(debate, make_user(), title="Pont", body="Un pont piéton.")
    if get_backend().name != "whoosh":
        pytest.skip("the PostgreSQL index comes with the migration")
    enqueue(make_contribution(debate, make_user(), title="Autre", body="Autre chose.").id)
    db.session.commit()
    catch_up()  # no index folder yet: the writer builds it from the database
    assert found("piéton") == [item.id]


def test_a_rebuild_on_both_cores_indexes_everything(app, debate):
    items = [
        make_contribution(debate, make_user(), title=f"Piste {n}", body=f"Des vélos, rue {n}.")
        for n in range(1, 19)  # one page of results
    ]
    masked = items[0]
    masked.status = Status.MASKED
    db.session.commit()
    backend = get_backend()
    counted = []
    # A total at the threshold sends the rebuild to the builder processes.
    backend.rebuild(all_documents(batch=7), backend.parallel_from, counted.append)
    db.session.commit()
    assert sum(counted) == 18
    assert found("vélos") == sorted(i.id for i in items[1:])
    assert found('"rue 17"') == [items[16].id]
    report = check_and_repair()
    assert report.in_step and report.checked == 18


def test_masking_through_moderation_hides_at_once(app, debate):
    item = make_contribution(debate, make_user(), title="Insulte", body="Propos injurieux.")
    reindex()
    moderator = make_user()
    grant(moderator, debate, Role.MODERATOR)
    item.status = Status.MASKED
    enqueue(item.id)
    db.session.commit()
    catch_up()
    assert found("injurieux") == []
    assert found("injurieux", moderator) == [item.id]


def test_postgres_search_needs_a_postgres_database(tmp_path):
    with pytest.raises(RuntimeError, match="needs a PostgreSQL database"):
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "INSTANCE_PATH": str(tmp_path),
                "PALABRE_SEARCH": "postgres",
            }
        )
    with pytest.raises(RuntimeError, match="must be 'whoosh' or 'postgres'"):
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "INSTANCE_PATH": str(tmp_path),
                "PALABRE_SEARCH": "elastic",
            }
        )


def test_a_broken_index_gives_a_message_not_an_error_page(debate, client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("index file damaged")

    monkeypatch.setattr(type(current_app.extensions["palabre_search"]), "search", broken)
    response = client.get("/search?q=tram")
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


def test_searching_goes_on_when_a_merge_removes_a_file_under_a_worker(debate, monkeypatch):
    """The search writer's merges remove segment files; a worker opening the new index
    version at that moment finds one missing and Whoosh tries again. Its searches must
    go on answering (Whoosh's own ``refresh`` closed the old readers twice there, and
    every later search of the worker failed)."""
    if get_backend().name != "whoosh":
        pytest.skip("Whoosh's own readers")
    author = make_user()

    def indexed(title: str, body: str) -> None:
        enqueue(make_contribution(debate, author, title=title, body=body).id)
        db.session.commit()
        catch_up()

    indexed("Le tramway", "Un tramway jusqu'au port.")
    assert len(found("tramway")) == 1  # this worker now keeps a searcher
    removed = []
    present = whoosh.reading.SegmentReader

    class RemovedOnce(present):
        def __init__(self, *args, **kwargs):
            if not removed:
                removed.append(True)
                raise OSError("segment file removed by a merge")
            super().__init__(*args, **kwargs)

    # A new version of the index, written as the writer does (without the similar
    # searches it makes next, which would open it in this thread first).
    backend = get_backend()
    again = make_contribution(debate, author, title="Encore", body="Le tramway par la gare.")
    with backend.writer_lock():
        backend.apply(list(documents_for([again.id]).values()), [])
    monkeypatch.setattr(whoosh.reading, "SegmentReader", RemovedOnce)
    assert len(found("tramway")) == 2
    assert removed  # the file was missing once
    indexed("Toujours", "Un tramway la nuit.")
    assert len(found("tramway")) == 3
