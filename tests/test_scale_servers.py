"""Several servers and several writers: rate limits shared through a Redis URL (and a limiter
that keeps limiting in memory rather than failing when Redis cannot be reached), and SQLite
writers that queue instead of failing with "database is locked"."""

from __future__ import annotations

import threading

import pytest
from limits.storage import MemoryStorage, RedisStorage
from sqlalchemy import func, select, text

from app import config_from_env
from forum.extensions import db, limiter
from forum.models import Contribution, Kind, Status, contribution_themes
from tests.builders import make_debate, make_user
from tests.conftest import post_form

# Nothing listens on port 1: a Redis that cannot be reached.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.parametrize(
    "variable", ["PALABRE_RATELIMIT_STORAGE_URL", "PALABRE_RATELIMIT_STORAGE_URI"]
)
def test_storage_url_is_read_from_the_environment(monkeypatch, tmp_path, variable):
    monkeypatch.delenv("PALABRE_RATELIMIT_STORAGE_URL", raising=False)
    monkeypatch.delenv("PALABRE_RATELIMIT_STORAGE_URI", raising=False)
    assert config_from_env(tmp_path, with_secret=False)["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv(variable, "redis://cache.internal:6379/2")
    config = config_from_env(tmp_path, with_secret=False)
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/2"


class TestRedisStorage:
    @pytest.fixture
    def app_config(self):
        return {
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": UNREACHABLE_REDIS,
            "PALABRE_LIMIT_LOGIN": "2 per minute",
        }

    def test_a_redis_url_gives_a_redis_storage(self, app):
        assert isinstance(limiter._storage, RedisStorage)

    def test_unreachable_redis_limits_in_memory_instead_of_failing(self, app, client):
        statuses = [
            post_form(client, "/login", {"email": "x@example.org", "password": "no"}).status_code
            for _ in range(3)
        ]
        assert statuses == [422, 422, 429]
        assert isinstance(limiter._fallback_storage, MemoryStorage)


def test_sqlite_runs_durable_wal_with_immediate_write_transactions(app):
    if db.engine.dialect.name != "sqlite":
        assert db.session.scalar(text("SHOW fsync")) in {"on", "off"}  # the suite's cluster
        return
    connection = db.engine.raw_connection()
    try:
        assert connection.driver_connection.isolation_level == "IMMEDIATE"
        cursor = connection.cursor()
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        connection.close()


def test_concurrent_writers_queue_instead_of_failing(app):
    """Writers in several threads, each read-then-write like a form post: none fails."""
    debate = make_debate()
    people = [make_user() for _ in range(6)]
    debate_id, theme_id = debate.id, debate.themes[0].id
    ids = [person.id for person in people]
    db.session.commit()
    failures: list[BaseException] = []

    def write(author_id: int) -> None:
        with app.app_context():
            try:
                for n in range(8):
                    session = db.session
                    session.scalar(select(func.count()).select_from(Contribution))
                    item = Contribution(
                        debate_id=debate_id,
                        author_id=author_id,
                        kind=Kind.OPINION,
                        title=f"Écrit {author_id}-{n}",
                        body_source="Texte",
                        body_html="<p>Texte</p>",
                        status=Status.PUBLISHED,
                        depth=0,
                    )
                    session.add(item)
                    session.flush()
                    session.execute(
                        contribution_themes.insert().values(
                            contribution_id=item.id, theme_id=theme_id
                        )
                    )
                    session.commit()
            except BaseException as error:  # reported below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    written = db.session.scalar(
        select(func.count()).select_from(Contribution).where(Contribution.title.like("Écrit %"))
    )
    assert written == len(ids) * 8
