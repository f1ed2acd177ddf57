"""The application factory's configuration: environment, secret key, SQLite settings."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app import create_app
from forum.extensions import db
from forum.models import Theme
from tests import builders
from tests.conftest import make_app, post_form


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Each test starts from an environment without any Palabre or Flask setting but the
    site's public address, which a site outside tests cannot start without."""
    for name in list(os.environ):
        if name.startswith(("PALABRE_", "FLASK_")) and name != "PALABRE_TEST_DB":
            monkeypatch.delenv(name)
    monkeypatch.setenv("PALABRE_BASE_URL", "https://debats.example.fr")


@pytest.fixture
def build(tmp_path):
    """``build(**config)``: create_app with its own instance folder; engines disposed after."""
    apps = []

    def _build(**config):
        config.setdefault("INSTANCE_PATH", str(tmp_path / "instance"))
        app = create_app(config)
        apps.append(app)
        return app

    yield _build
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# --- Database URL --------------------------------------------------------------------


def test_database_url_is_read_from_the_environment(build, monkeypatch, tmp_path):
    path = tmp_path / "from-environment.sqlite3"
    monkeypatch.setenv("PALABRE_DATABASE_URL", sqlite_url(path))
    monkeypatch.setenv("PALABRE_SECRET_KEY", "x" * 32)

    app = build()

    assert app.config["SQLALCHEMY_DATABASE_URI"] == sqlite_url(path)
    with app.app_context():
        assert db.engine.url.database == str(path)
        db.session.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY)"))
        db.session.commit()
    assert path.exists()


def test_database_defaults_to_a_file_in_the_instance_folder(build, monkeypatch, tmp_path):
    monkeypatch.setenv("PALABRE_SECRET_KEY", "x" * 32)
    app = build(INSTANCE_PATH=str(tmp_path / "elsewhere"))
    expected = tmp_path / "elsewhere" / "palabre.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == sqlite_url(expected)


def test_config_given_to_the_factory_wins_over_the_environment(build, monkeypatch, tmp_path):
    monkeypatch.setenv("PALABRE_DATABASE_URL", sqlite_url(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("PALABRE_MAX_BODY_CHARS", "500")
    given = sqlite_url(tmp_path / "given.sqlite3")
    app = build(SQLALCHEMY_DATABASE_URI=given, PALABRE_MAX_BODY_CHARS=900, SECRET_KEY="k" * 32)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == given
    assert app.config["PALABRE_MAX_BODY_CHARS"] == 900


# --- Secret key ----------------------------------------------------------------------


def test_secret_key_is_generated_once_into_the_instance_folder(build, tmp_path):
    instance = tmp_path / "fresh-instance"
    assert not instance.exists()

    first = build(INSTANCE_PATH=str(instance))

    key_file = instance / "secret_key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert first.secret_key == key
    assert len(key) >= 32

    second = build(INSTANCE_PATH=str(instance))
    assert second.secret_key == key
    assert key_file.read_text().strip() == key

    other = build(INSTANCE_PATH=str(tmp_path / "other-instance"))
    assert other.secret_key != key, "each installation gets its own random key"


def test_secret_key_from_the_environment_wins(build, monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    from_env = "from-the-environment-" + "z" * 20
    monkeypatch.setenv("PALABRE_SECRET_KEY", from_env)

    app = build(INSTANCE_PATH=str(instance))

    assert app.secret_key == from_env
    assert not (instance / "secret_key").exists(), "no key file written when one is given"


def test_secret_key_from_the_environment_wins_over_a_generated_one(build, monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    generated = build(INSTANCE_PATH=str(instance)).secret_key
    assert (instance / "secret_key").exists()

    monkeypatch.setenv("PALABRE_SECRET_KEY", "from-the-environment-" + "z" * 20)
    app = build(INSTANCE_PATH=str(instance))

    assert app.secret_key == "from-the-environment-" + "z" * 20
    assert app.secret_key != generated


def test_secret_key_given_to_the_factory_writes_no_file(build, tmp_path):
    instance = tmp_path / "instance"
    app = build(INSTANCE_PATH=str(instance), SECRET_KEY="given-" + "k" * 30)
    assert app.secret_key == "given-" + "k" * 30
    assert not (instance / "secret_key").exists()


# --- Safe defaults ---------------------------------------------------------------------


def test_debug_is_off_by_default(build, monkeypatch):
    monkeypatch.setenv("PALABRE_SECRET_KEY", "x" * 32)
    app = build()
    assert app.debug is False
    assert app.config["DEBUG"] is False
    assert app.testing is False


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("0", False)])
def test_debug_follows_palabre_debug(build, monkeypatch, value, expected):
    monkeypatch.setenv("PALABRE_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PALABRE_DEBUG", value)
    assert build().debug is expected


def test_cookie_defaults_and_secure_cookies_from_the_environment(build, monkeypatch):
    monkeypatch.setenv("PALABRE_SECRET_KEY", "x" * 32)
    app = build()
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert not app.config["SESSION_COOKIE_SECURE"]

    monkeypatch.setenv("PALABRE_SECURE_COOKIES", "1")
    secure = build()
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    assert secure.config["REMEMBER_COOKIE_SECURE"] is True


# --- SQLite --------------------------------------------------------------------------


def test_sqlite_runs_in_wal_mode_with_busy_timeout_and_foreign_keys(build, tmp_path):
    app = build(SQLALCHEMY_DATABASE_URI=sqlite_url(tmp_path / "pragmas.sqlite3"), SECRET_KEY="k")
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        # Ten seconds: more than the 5 s that Python's sqlite3 driver waits by itself.
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 10000
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        db.session.rollback()
        # Every new connection gets the same settings, not only the first one.
        db.engine.dispose()
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 10000


def test_sqlite_enforces_foreign_keys(build, tmp_path):
    app = build(SQLALCHEMY_DATABASE_URI=sqlite_url(tmp_path / "fk.sqlite3"), SECRET_KEY="k")
    with app.app_context():
        db.create_all()
        db.session.add(Theme(debate_id=424242, slug="orphan", name="Orphan"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


# --- Limits --------------------------------------------------------------------------


def test_max_body_chars_is_read_from_the_environment(build, monkeypatch):
    monkeypatch.setenv("PALABRE_SECRET_KEY", "x" * 32)
    assert build().config["PALABRE_MAX_BODY_CHARS"] == 12000
    monkeypatch.setenv("PALABRE_MAX_BODY_CHARS", "500")
    assert build().config["PALABRE_MAX_BODY_CHARS"] == 500
    monkeypatch.setenv("PALABRE_MAX_BODY_CHARS", "not a number")
    assert build().config["PALABRE_MAX_BODY_CHARS"] == 12000


def test_max_body_chars_from_the_environment_limits_contributions(
    monkeypatch, tmp_path, database_url
):
    monkeypatch.setenv("PALABRE_MAX_BODY_CHARS", "300")
    app = make_app(database_url, tmp_path / "instance")
    with app.app_context():
        try:
            debate = builders.make_debate("tram")
            user = builders.make_user()
            client = app.test_client()
            post_form(
                client, "/login", {"email": user.email, "password": builders.DEFAULT_PASSWORD}
            )
            form = {"kind": "opinion", "title": "Long", "themes": [debate.themes[0].id]}

            too_long = post_form(client, "/debates/tram/contribute", {**form, "body": "a" * 301})
            just_right = post_form(client, "/debates/tram/contribute", {**form, "body": "a" * 300})

            assert too_long.status_code == 422
            assert just_right.status_code == 302
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_web_worker_starts_without_the_committees_heavy_libraries(tmp_path):
    """SciPy, WeasyPrint and zxcvbn's lists (about 90 MB together) load where they are
    used — weak signals, the PDF report, a password check — not in every worker."""
    script = (
        "import sys\n"
        "from app import create_app\n"
        f"app = create_app({{'SECRET_KEY': 'x', 'INSTANCE_PATH': {str(tmp_path)!r},"
        f" 'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/db.sqlite3'}})\n"
        "app.test_client().get('/')\n"
        "print(sorted(m for m in ('scipy', 'weasyprint', 'zxcvbn.frequency_lists')"
        " if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PALABRE_")}
    env["PALABRE_BASE_URL"] = "https://debats.example.fr"
    found = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip().splitlines()[-1] == "[]"


def test_a_new_instance_folder_is_made(tmp_path):
    """`PALABRE_INSTANCE_PATH` may name a folder that does not exist yet."""
    from app import create_app

    folder = tmp_path / "not" / "yet"
    create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "x" * 32, "TESTING": True})
    assert folder.is_dir()
