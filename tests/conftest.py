"""Fixtures: a fresh app on a real database per test, a client, and logging in.

The schema is built once per session by the Alembic migrations (so every test also
proves they work) and copied for each test: a copied SQLite file by default, or with
``PALABRE_TEST_DB=postgres`` a database created from a template on a throwaway
PostgreSQL cluster (see ``tests/pg_cluster.py``).
"""

from __future__ import annotations

import contextvars
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from app import create_app
from forum.extensions import db
from tests import builders, pg_cluster

DB_BACKEND = os.environ.get("PALABRE_TEST_DB", "sqlite")
# One template per pytest-xdist worker, should they share a server.
PG_TEMPLATE = f"palabre_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}

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


# Compiled templates shared by the tests' apps; the folder goes with the test process.
_TEMPLATE_FOLDER = tempfile.TemporaryDirectory(prefix="palabre-jinja-")
_TEMPLATE_CACHE = FileSystemBytecodeCache(_TEMPLATE_FOLDER.name)


def make_app(database: str | Path, instance: Path, **overrides) -> Flask:
    """An app on ``database`` (a URL, or the path of a SQLite file)."""
    url = f"sqlite:///{database}" if isinstance(database, Path) else database
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "tests-only-secret",
        "INSTANCE_PATH": str(instance),
        # Tests log in and post far faster than people; tests/test_security_* turn it on.
        "RATELIMIT_ENABLED": False,
        # A search index of its own for each test (tests/test_search_* also run PostgreSQL's).
        "PALABRE_INDEX_PATH": str(instance / "index"),
        # Tests log in thousands of times: Argon2id at its cheapest. Production's setting is
        # proven by tests/test_security_core.py::test_passwords_are_kept_with_a_slow_kdf.
        "PASSWORD_HASH_PARAMETERS": CHEAP_ARGON2,
        # A report's PDF is rendered by the test itself (synthesis.documents.render_pdf or
        # `flask render-reports`); tests/test_report_publication.py turns the thread on.
        "PALABRE_REPORT_PDF_IN_BACKGROUND": False,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    # Each test builds a new app; compiled templates are shared to save recompiling them.
    app.jinja_env.bytecode_cache = _TEMPLATE_CACHE
    return app


def _run_admin_sql(server_url: str, *statements: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _database_on(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server for the suite: an existing one, or a throwaway cluster."""
    existing = os.environ.get("PALABRE_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    cluster = pg_cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.stop()


def _migrate(url: str, instance: Path) -> None:
    app = make_app(url, instance)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory, request) -> str:
    """An empty database at the latest migration, built once: a file path or a template."""
    folder = tmp_path_factory.mktemp("template")
    if DB_BACKEND == "postgres":
        server = request.getfixturevalue("postgres_server")
        _run_admin_sql(server, f"DROP DATABASE IF EXISTS {PG_TEMPLATE}")
        _run_admin_sql(server, f"CREATE DATABASE {PG_TEMPLATE}")
        _migrate(_database_on(server, PG_TEMPLATE), folder / "instance")
        return PG_TEMPLATE
    path = folder / "template.sqlite3"
    _migrate(f"sqlite:///{path}", folder / "instance")
    return str(path)


def fresh_database(folder: Path, migrated_db: str, request) -> Iterator[str]:
    """Yield the URL of a fresh copy of the migrated database, dropped afterwards: a copied
    SQLite file in ``folder``, or a PostgreSQL database made ahead from the template (see
    ``SpareDatabases``)."""
    if DB_BACKEND == "postgres":
        spares = request.getfixturevalue("spare_databases")
        url = spares.take()
        try:
            yield url
        finally:
            spares.give_back(url)
        return
    path = folder / "palabre.sqlite3"
    shutil.copy(migrated_db, path)
    yield f"sqlite:///{path}"


def module_app(tmp_path_factory, migrated_db, request, name: str) -> Iterator[Flask]:
    """For a module-scoped fixture: an app on a fresh database of its own, in an app
    context, for a world built once and read by all the module's tests; dropped after."""
    database = fresh_database(tmp_path_factory.mktemp(name), migrated_db, request)
    app = make_app(next(database), tmp_path_factory.mktemp(f"{name}-instance"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    next(database, None)


class SpareDatabases:
    """PostgreSQL databases made from the template one test ahead, and dropped behind.

    Copying the template (0.1 to 0.2 s) and dropping a database are the server's work, done
    by a thread of this process while the test before runs: each test finds its database
    made. One thread does it all, in order, so at most one spare exists at a time."""

    def __init__(self, server: str, template: str) -> None:
        self._server = server
        self._template = template
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spare-db")
        self._next: Future[str] | None = None
        # One connection, used by the thread alone: a new one for each statement would take
        # the interpreter's lock back a dozen times, each time after the test's thread.
        self._engine = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=StaticPool)

    def _run(self, statement: str) -> None:
        with self._engine.connect() as connection:
            connection.exec_driver_sql(statement)

    def _create(self) -> str:
        name = f"test_{uuid.uuid4().hex[:16]}"
        self._run(f"CREATE DATABASE {name} TEMPLATE {self._template}")
        return name

    def _drop(self, name: str) -> None:
        self._run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def take(self) -> str:
        """The URL of a fresh database; the next one is started at once."""
        if self._next is None:
            self._next = self._thread.submit(self._create)
        name = self._next.result()
        self._next = self._thread.submit(self._create)
        return _database_on(self._server, name)

    def give_back(self, url: str) -> None:
        self._thread.submit(self._drop, make_url(url).database)

    def close(self) -> None:
        # A spare that failed to be made leaves nothing to drop.
        if self._next is not None and self._next.exception() is None:
            self._thread.submit(self._drop, self._next.result())
        self._thread.shutdown(wait=True)
        self._engine.dispose()


@pytest.fixture(scope="session")
def spare_databases(migrated_db, request) -> Iterator[SpareDatabases]:
    """Databases made ahead on PostgreSQL (only asked for there: a SQLite copy is quick)."""
    spares = SpareDatabases(request.getfixturevalue("postgres_server"), migrated_db)
    try:
        yield spares
    finally:
        spares.close()


@pytest.fixture
def database_url(tmp_path, migrated_db, request) -> Iterator[str]:
    """A fresh, migrated database for one test, dropped afterwards."""
    yield from fresh_database(tmp_path, migrated_db, request)


@pytest.fixture
def app_config() -> dict:
    """Override in a test module (or parametrize) to change the app's configuration."""
    return {}


@pytest.fixture
def app(tmp_path, database_url, app_config) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path / "instance", **app_config)
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


# Browser fixtures (live_server, browser, page), declared once for every folder of browser
# tests: one Playwright driver per test process.
pytest_plugins = ["tests.browser_support"]
