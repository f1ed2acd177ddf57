"""The Alembic migrations build exactly the schema the models describe, and go back down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from forum.extensions import db
from tests.conftest import make_app


@pytest.fixture
def empty_app(tmp_path) -> Iterator[Flask]:
    """An app on an empty SQLite file: no table at all."""
    app = make_app(tmp_path / "empty.sqlite3", tmp_path / "instance")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def schema_differences() -> list:
    """What autogenerate would put in a new migration: empty when the schema is the models'."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrading_an_empty_database_gives_the_models_schema(empty_app):
    assert table_names() == set()

    upgrade()

    assert schema_differences() == []
    assert {"users", "debates", "themes", "contributions", "documents"} <= table_names()
    assert current_revision() == script_directory().get_current_head()


def test_downgrade_to_base_then_upgrade_again(empty_app):
    upgrade()

    downgrade(revision="base")

    assert table_names() <= {"alembic_version"}
    assert current_revision() is None

    upgrade()

    assert schema_differences() == []
    assert current_revision() == script_directory().get_current_head()


def test_each_migration_steps_down_and_up_again(empty_app):
    script = script_directory()
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for revision in revisions:
        upgrade(revision=revision)
        assert current_revision() == revision
    for revision in reversed(revisions):
        assert current_revision() == revision
        downgrade(revision="-1")
        upgrade(revision=revision)
        downgrade(revision="-1")
    assert current_revision() is None


def test_there_is_exactly_one_head_and_one_base(empty_app):
    script = script_directory()
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    # A straight line: no revision is the parent of two others.
    parents = [r.down_revision for r in script.walk_revisions()]
    assert len(parents) == len(set(parents))
