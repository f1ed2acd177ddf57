"""Upgrading a database of the previous release (schema 0007) keeps its data and ends with
exactly the models' schema, on SQLite and on PostgreSQL (``PALABRE_TEST_DB=postgres``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Boolean, Date, DateTime, Integer, MetaData, Numeric, select

from forum.extensions import db
from forum.models import Contribution, Debate, Relation, Status, Theme, User
from forum.search import POSTGRES_ONLY_TABLES
from moderation.models import ContributionTag, Flag, Tag
from questions.models import Answer
from tests.conftest import DB_BACKEND, _database_on, _run_admin_sql, make_app

PREVIOUS_RELEASE = "0007"
WHEN = datetime(2026, 10, 1, 9, 30)


@pytest.fixture
def empty_database(tmp_path, request) -> Iterator[str]:
    """An empty database on the suite's backend: no table at all."""
    if DB_BACKEND != "postgres":
        yield f"sqlite:///{tmp_path / 'previous.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"previous_{uuid.uuid4().hex[:12]}"
    _run_admin_sql(server, f"CREATE DATABASE {name}")
    try:
        yield _database_on(server, name)
    finally:
        _run_admin_sql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def old_app(empty_database, tmp_path) -> Iterator[Flask]:
    app = make_app(empty_database, tmp_path / "instance")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _filler(column):
    """A value for a NOT NULL column the test does not care about."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return WHEN
    if isinstance(kind, Date):
        return WHEN.date()
    if isinstance(kind, Integer | Numeric):
        return 0
    return ""


def _insert(tables, table_name: str, /, **values) -> None:
    """One row in a table of the old schema, as reflected from the database (the models
    describe the new one); required columns not given get a neutral value."""
    table = tables[table_name]
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        if column.primary_key and column.autoincrement and column.name == "id":
            continue
        values[column.name] = _filler(column)
    # Straight on the connection: the new release's session hooks write tables (render
    # tokens) that the old schema does not have yet.
    db.session.connection().execute(table.insert().values(**values))


def _previous_release_rows() -> None:
    tables = MetaData()
    tables.reflect(bind=db.engine)
    t = tables.tables
    _insert(
        t,
        "users",
        id=1,
        email="claire@example.org",
        pseudonym="Claire",
        pseudonym_key="claire",
        password_hash="x",
        locale="fr",
        active=True,
        is_admin=False,
        created_at=WHEN,
        session_nonce="n1",
    )
    _insert(
        t,
        "users",
        id=2,
        email="moderation@example.org",
        pseudonym="Modération",
        pseudonym_key="modération",
        password_hash="x",
        locale="fr",
        active=True,
        is_admin=False,
        created_at=WHEN,
        session_nonce="n2",
    )
    _insert(
        t,
        "debates",
        id=1,
        slug="tram",
        title="Le tramway",
        phase="open",
        moderation_mode="a_posteriori",
        opens_on=date(2026, 9, 1),
        answer_deadline_days=15,
    )
    _insert(t, "debate_roles", id=1, user_id=2, debate_id=1, role="moderator")
    _insert(t, "themes", id=1, debate_id=1, slug="trace", name="Tracé", position=0)
    _insert(t, "themes", id=2, debate_id=1, slug="cout", name="Coût", position=1)
    _insert(
        t,
        "contributions",
        id=1,
        debate_id=1,
        author_id=1,
        root_id=1,
        depth=0,
        kind="question",
        title="Quel tracé ?",
        body_source="Par où **passe** le tram ?",
        body_html="<p>Par où <strong>passe</strong> le tram ?</p>",
        channel="online",
        status="published",
        created_at=WHEN,
        updated_at=WHEN,
        published_at=WHEN,
    )
    _insert(
        t,
        "contributions",
        id=2,
        debate_id=1,
        author_id=2,
        parent_id=1,
        root_id=1,
        depth=1,
        relation="provides_source",
        kind="opinion",
        title="",
        body_source="Voir le dossier.",
        body_html="<p>Voir le dossier.</p>",
        channel="online",
        status="masked",
        mask_reason="Hors sujet",
        created_at=WHEN,
        updated_at=WHEN,
    )
    _insert(t, "contribution_themes", contribution_id=1, theme_id=1)
    _insert(t, "contribution_themes", contribution_id=2, theme_id=1)
    _insert(t, "tags", id=1, debate_id=1, family="argument", slug="pro", name="Pour", position=0)
    _insert(t, "contribution_tags", contribution_id=1, tag_id=1, tagged_by_id=2, tagged_at=WHEN)
    _insert(t, "flags", id=1, contribution_id=2, user_id=1, reason="off_topic", created_at=WHEN)
    _insert(t, "answers", id=1, question_id=1, state="sent", sent_at=WHEN)
    db.session.commit()


def _schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    return [
        d
        for d in differences
        if not (d[0] == "remove_table" and d[1].name in POSTGRES_ONLY_TABLES)
        and not (d[0] == "remove_index" and d[1].table.name in POSTGRES_ONLY_TABLES)
    ]


def test_previous_release_database_upgrades_with_its_data(old_app):
    upgrade(revision=PREVIOUS_RELEASE)
    _previous_release_rows()
    db.session.remove()

    upgrade()

    assert _schema_differences() == []
    claire = db.session.get(User, 1)
    assert (claire.email, claire.pseudonym, claire.session_nonce) == (
        "claire@example.org",
        "Claire",
        "n1",
    )
    debate = db.session.scalar(select(Debate).where(Debate.slug == "tram"))
    assert [t.slug for t in db.session.scalars(select(Theme).order_by(Theme.position))] == [
        "trace",
        "cout",
    ]
    question, reply = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert question.debate_id == debate.id and question.body_html.startswith("<p>Par où")
    assert [t.slug for t in question.themes] == ["trace"]
    assert (reply.parent_id, reply.root_id, reply.depth) == (1, 1, 1)
    assert reply.relation == Relation.PROVIDES_SOURCE
    assert (reply.status, reply.mask_reason) == (Status.MASKED, "Hors sujet")
    assert db.session.scalar(select(ContributionTag.tag_id)) == 1
    assert db.session.get(Tag, 1).name == "Pour"
    assert db.session.get(Flag, 1).contribution_id == 2
    assert db.session.scalar(select(Answer.question_id)) == 1
