"""Fixtures: a fresh app on a real SQLite file per test, a client, and logging in.

The schema is built once per session by the Alembic migrations (so every test also
proves they work) and copied for each test.
"""

from __future__ import annotations

import contextvars
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from forum.extensions import db
from tests import builders

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    The test body keeps an app context of its own (for builders and assertions); without
    this, requests would share its ``g`` and database session and hide missing commits.
    After each request the test's session ends its transaction, so it reads fresh data.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context() and db.session.is_active:
            db.session.commit()
        return response


def make_app(db_path: Path, instance: Path, **overrides) -> Flask:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "SECRET_KEY": "tests-only-secret",
        "INSTANCE_PATH": str(instance),
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """An empty database at the latest migration, built once."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    app = make_app(path, folder / "instance")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app_config() -> dict:
    """Override in a test module (or parametrize) to change the app's configuration."""
    return {}


@pytest.fixture
def app(tmp_path, migrated_db, app_config) -> Iterator[Flask]:
    db_path = tmp_path / "palabre.sqlite3"
    shutil.copy(migrated_db, db_path)
    app = make_app(db_path, tmp_path / "instance", **app_config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form at ``url``, read from the page as a browser would."""
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {page.status_code})"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict, *, form_url: str | None = None, **kw):
    """Submit a form like a browser: fetch the page for its token, then post."""
    payload = dict(data)
    payload["csrf_token"] = csrf_token(client, form_url or url)
    return client.post(url, data=payload, **kw)


def login(client: FlaskClient, user, password: str = builders.DEFAULT_PASSWORD):
    response = post_form(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def login_as(client):
    """``login_as(user)``: log the test client in as that user."""

    def _login(user, password: str = builders.DEFAULT_PASSWORD):
        return login(client, user, password)

    return _login
