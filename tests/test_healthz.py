"""``/healthz``: 200 when the database and the search index work, 503 saying what failed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from forum.extensions import db
from forum.models import IndexTask, utcnow
from forum.search import enqueue
from forum.search.service import get_backend, reindex
from tests.builders import make_contribution, make_debate, make_user
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture
from tests.conftest import DB_BACKEND, make_app


def test_healthy_server_answers_ok_without_cookie(app, client):
    make_contribution(make_debate(), make_user(), title="Tram", body="Le tracé.")
    catch_up()
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True
    assert data["index"]["ok"] is True
    assert data["index"]["backend"] == app.config["PALABRE_SEARCH"]
    assert data["index"]["waiting_tasks"] == 0
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_backlog_is_reported_and_fails_only_past_the_configured_lag(app, client):
    reindex()
    item = make_contribution(make_debate(), make_user())
    enqueue(item.id)
    db.session.commit()
    db.session.execute(
        IndexTask.__table__.update().values(created_at=utcnow() - timedelta(minutes=20))
    )
    db.session.commit()
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok"  # the site serves; the lag is only reported by default
    assert data["index"]["waiting_tasks"] >= 1
    assert data["index"]["oldest_task_seconds"] >= 1190

    app.config["PALABRE_HEALTH_MAX_INDEX_LAG"] = 600
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "behind" in response.get_json()["index"]["error"]

    catch_up()
    assert client.get("/healthz").status_code == 200


def test_never_rate_limited(app, client):
    reindex()
    app.config["RATELIMIT_ENABLED"] = True
    statuses = {client.get("/healthz").status_code for _ in range(30)}
    assert statuses == {200}


def test_unreachable_database_answers_503(tmp_path):
    if DB_BACKEND == "postgres":
        broken = "postgresql+psycopg://palabre@127.0.0.1:1/nowhere?connect_timeout=2"
    else:
        broken = f"sqlite:///{tmp_path / 'missing-folder' / 'palabre.sqlite3'}"
    app = make_app(broken, tmp_path / "instance")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    data = response.get_json()
    assert data["status"] == "unavailable"
    assert data["database"]["ok"] is False
    assert data["database"]["error"]
    assert data["index"]["ok"] is False


def test_dropped_table_answers_503(app, client):
    reindex()
    db.session.execute(text("DROP TABLE index_tasks"))
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.get_json()
    assert data["database"]["ok"] is True
    assert data["index"]["ok"] is False
    assert "index tasks" in data["index"]["error"]


def test_unusable_index_answers_503(app, client):
    make_contribution(make_debate(), make_user())
    catch_up()
    backend = get_backend()
    if backend.name == "whoosh":
        for toc in Path(backend.current).resolve().glob("*.toc"):
            toc.write_bytes(b"not an index")
    else:
        db.session.execute(text("ALTER TABLE search_documents RENAME TO search_documents_gone"))
        db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.get_json()
    assert data["database"]["ok"] is True
    assert data["index"]["ok"] is False
    assert data["index"]["error"]


def test_missing_whoosh_index_answers_503(tmp_path, database_url):
    app = make_app(database_url, tmp_path / "instance", PALABRE_SEARCH="whoosh")
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503
    assert "reindex" in response.get_json()["index"]["error"]
