"""Palabre's application factory: configuration, extensions, blueprints, errors, CLI."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    current_app,
    g,
    has_app_context,
    has_request_context,
    render_template,
    request,
    session,
)
from flask_babel import get_translations
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from forum import labels, permissions, render_tokens, requests, search, serving
from forum.accounts import SUPPORTED_LOCALES
from forum.extensions import babel, csrf, db, limiter, login_manager, migrate
from forum.ids import MAX_ID
from forum.mail import check_base_url
from forum.models import User
from forum.sanitize import excerpt
from forum.security import init_security

ROOT = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip().isdigit() else default


def _env_list(name: str) -> list[str]:
    """A list given as words separated by commas or spaces ("a.fr, b.fr")."""
    return [word for word in re.split(r"[,\s]+", os.environ.get(name, "")) if word]


def _secret_key(instance_path: Path) -> str:
    """The secret key from the environment, else one generated once into ``instance/``."""
    given = os.environ.get("PALABRE_SECRET_KEY")
    if given:
        return given
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def config_from_env(instance_path: Path, *, with_secret: bool = True) -> dict[str, Any]:
    """Configuration read from ``PALABRE_*`` environment variables, with safe defaults."""
    database_url = os.environ.get(
        "PALABRE_DATABASE_URL", f"sqlite:///{instance_path / 'palabre.sqlite3'}"
    )
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DEBUG": _env_bool("PALABRE_DEBUG"),
        "BABEL_DEFAULT_LOCALE": os.environ.get("PALABRE_LANGUAGE", "fr"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PALABRE_TIMEZONE", "Europe/Paris"),
        "PALABRE_MAX_TITLE_CHARS": _env_int("PALABRE_MAX_TITLE_CHARS", 150),
        "PALABRE_MAX_BODY_CHARS": _env_int("PALABRE_MAX_BODY_CHARS", 12000),
        "PALABRE_PER_PAGE": _env_int("PALABRE_PER_PAGE", 20),
        # Search (forum.search): "whoosh" (an index in a folder) or "postgres" (in the database).
        "PALABRE_SEARCH": os.environ.get("PALABRE_SEARCH", "whoosh"),
        "PALABRE_INDEX_PATH": os.environ.get("PALABRE_INDEX_PATH", str(instance_path / "index")),
        # Off when a `flask search-worker` process applies the index tasks (make serve).
        "PALABRE_INDEX_AFTER_REQUEST": _env_bool("PALABRE_INDEX_AFTER_REQUEST", True),
        # Documents and e-mail (forum.documents, forum.mail); folders default to instance/.
        "PALABRE_MAX_UPLOAD_BYTES": _env_int("PALABRE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        "PALABRE_UPLOAD_DIR": os.environ.get("PALABRE_UPLOAD_DIR"),
        # Photos with contributions (forum.photos) and the pixel limit of every uploaded image.
        "PALABRE_MAX_PHOTOS": _env_int("PALABRE_MAX_PHOTOS", 3),
        "PALABRE_MAX_PHOTO_BYTES": _env_int("PALABRE_MAX_PHOTO_BYTES", 8 * 1024 * 1024),
        "PALABRE_MAX_IMAGE_PIXELS": _env_int("PALABRE_MAX_IMAGE_PIXELS", 50_000_000),
        "PALABRE_OUTBOX_DIR": os.environ.get("PALABRE_OUTBOX_DIR"),
        # Days an e-mail written to the outbox is kept (forum.mail.purge_outbox).
        "PALABRE_OUTBOX_DAYS": _env_int("PALABRE_OUTBOX_DAYS", 7),

        # The site's public address, for the links of e-mails (forum.mail.external_url);
        # required outside debug mode and tests.
        "PALABRE_BASE_URL": os.environ.get("PALABRE_BASE_URL"),
        # Host names the site answers to (others get 400, through Flask's TRUSTED_HOSTS).
        "PALABRE_ALLOWED_HOSTS": _env_list("PALABRE_ALLOWED_HOSTS"),
        "PALABRE_SMTP_HOST": os.environ.get("PALABRE_SMTP_HOST"),
        "PALABRE_SMTP_PORT": _env_int("PALABRE_SMTP_PORT", 25),
        "PALABRE_SMTP_USER": os.environ.get("PALABRE_SMTP_USER"),
        "PALABRE_SMTP_PASSWORD": os.environ.get("PALABRE_SMTP_PASSWORD"),
        "PALABRE_SMTP_STARTTLS": _env_bool("PALABRE_SMTP_STARTTLS"),
        "PALABRE_SMTP_FROM": os.environ.get("PALABRE_SMTP_FROM", "Palabre <palabre@localhost>"),
        "PALABRE_SOON_DUE_DAYS": _env_int("PALABRE_SOON_DUE_DAYS", 3),
        "SESSION_COOKIE_SECURE": _env_bool("PALABRE_SECURE_COOKIES"),
        # Reverse proxies in front of the app (nginx: 1), whose X-Forwarded-For and
        # X-Forwarded-Proto are trusted: visitors' addresses and HTTPS are then seen.
        "PALABRE_PROXY_COUNT": int(os.environ.get("PALABRE_PROXY_COUNT", "0") or 0),
        # Static files are cached by browsers for an hour (nginx does the same in deploy/).
        "SEND_FILE_MAX_AGE_DEFAULT": _env_int("PALABRE_STATIC_MAX_AGE", 3600),
        "PALABRE_CONTACT_EMAIL": os.environ.get("PALABRE_CONTACT_EMAIL", "contact@palabre.example"),
        # Open data of closed debates (synthesis.opendata): the licence stated with the files.
        "PALABRE_OPEN_DATA_LICENCE": os.environ.get("PALABRE_OPEN_DATA_LICENCE"),
        "PALABRE_OPEN_DATA_LICENCE_URL": os.environ.get("PALABRE_OPEN_DATA_LICENCE_URL"),
        "PALABRE_PROFILE_RETENTION_DAYS": _env_int("PALABRE_PROFILE_RETENTION_DAYS", 180),
        "RATELIMIT_ENABLED": serving.rate_limits_enabled(),
        # A redis:// (or redis+unix://) URL shares the counts between a server's workers and
        # between servers (needs the `redis` extra); gunicorn warns of memory:// counting.
        "RATELIMIT_STORAGE_URI": serving.rate_limit_storage(),
        # /healthz fails when the index writer is this many seconds behind (0: never).
        "PALABRE_HEALTH_MAX_INDEX_LAG": _env_int("PALABRE_HEALTH_MAX_INDEX_LAG", 0),
        "PALABRE_LIMIT_LOGIN": os.environ.get("PALABRE_LIMIT_LOGIN", "10 per minute;60 per hour"),
        "PALABRE_LIMIT_REGISTER": os.environ.get("PALABRE_LIMIT_REGISTER", "5 per hour"),
        "PALABRE_LIMIT_RESET": os.environ.get("PALABRE_LIMIT_RESET", "5 per hour"),
        "PALABRE_LIMIT_POST": os.environ.get("PALABRE_LIMIT_POST", "10 per minute;100 per day"),
        "PALABRE_LIMIT_FLAG": os.environ.get("PALABRE_LIMIT_FLAG", "20 per hour"),
        "PALABRE_LIMIT_SEARCH": os.environ.get("PALABRE_LIMIT_SEARCH", "60 per minute"),
        "PALABRE_LIMIT_API": os.environ.get("PALABRE_LIMIT_API", "120 per minute"),
        "REMEMBER_COOKIE_SECURE": _env_bool("PALABRE_SECURE_COOKIES"),
    }
    # A request may carry every photo at its limit plus the text (werkzeug refuses more).
    config["MAX_CONTENT_LENGTH"] = _env_int(
        "PALABRE_MAX_REQUEST_BYTES",
        max(
            16 * 1024 * 1024,
            config["PALABRE_MAX_PHOTOS"] * config["PALABRE_MAX_PHOTO_BYTES"] + 2 * 1024 * 1024,
        ),
    )
    if with_secret:
        config["SECRET_KEY"] = _secret_key(instance_path)
    return config


DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # A participant may spend an hour writing: the token lives as long as the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
    # A shared limit store (Redis) that cannot be reached: count in memory meanwhile.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
}


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in routes: a whole number from 0 to the largest id a column holds."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Palabre application; ``config`` overrides the environment (tests use it)."""
    overrides = dict(config or {})
    app = Flask(
        __name__,
        instance_path=overrides.pop(
            "INSTANCE_PATH", os.environ.get("PALABRE_INSTANCE_PATH", str(ROOT / "instance"))
        ),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(DEFAULTS)
    app.config.update(
        config_from_env(Path(app.instance_path), with_secret="SECRET_KEY" not in overrides)
    )
    app.config.update(overrides)
    check_base_url(app)  # links of e-mails never come from a forged Host header
    if app.config.get("PALABRE_ALLOWED_HOSTS") and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = list(app.config["PALABRE_ALLOWED_HOSTS"])

    # Ids in URLs are database ids: a number past the column's range is simply not found
    # (instead of an overflow error from the database driver).
    app.url_map.converters["int"] = DatabaseIdConverter
    requests.init_app(app)  # NUL characters out of what requests carry (forum/requests.py)
    _init_extensions(app)
    _register_blueprints(app)
    _register_errors(app)
    _register_template_helpers(app)
    _register_cli(app)
    _register_personal_data()
    return app


def _select_locale() -> str:
    """The visitor's chosen language, else their account's, else the site's (French).

    The browser's Accept-Language is deliberately not followed: a French public debate
    speaks French unless the visitor asks for English with the switch on every page.
    """
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    default = locale if locale in SUPPORTED_LOCALES else "fr"
    if not has_request_context():  # a CLI command or a worker: the site's language
        return default
    chosen = session.get("lang")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in SUPPORTED_LOCALES:
        return current_user.locale
    return default


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers work while one writer writes; writers queue instead of failing."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # The driver opens a transaction at the first write (reads before it take no lock):
        # BEGIN IMMEDIATE takes the write lock there, waiting up to busy_timeout for it,
        # so that two writers queue instead of one failing with SQLITE_BUSY mid-transaction.
        dbapi_connection.isolation_level = "IMMEDIATE"


def _request_translations():
    """The translations of the locale in force, looked up once per locale and request.

    Flask-Babel looks them up again on every call (a few hundred µs), and a thread page
    asks for hundreds of strings; ``force_locale`` (a notification in its reader's
    language) sets another locale object, which is looked up in turn.
    """
    if not has_app_context():
        return get_translations()
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    known = g.get("palabre_translations")
    if locale is not None and known is not None and known[0] is locale:
        return known[1]
    translations = get_translations()
    state = g.get("_flask_babel")
    g.palabre_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def _install_fast_gettext(app: Flask) -> None:
    """Templates' ``_()`` through ``_request_translations`` (same strings, same escaping)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _request_translations().ugettext(s),
        ngettext=lambda s, p, n: _request_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _request_translations().unpgettext(c, s, p, n),
    )


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    _install_fast_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "forum.login"
    login_manager.login_message = labels.LOGIN_REQUIRED
    login_manager.login_message_category = "info"
    limiter.init_app(app)
    init_security(app)
    proxies = int(app.config.get("PALABRE_PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    search.init_app(app)
    render_tokens.install()
    permissions.install()
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _set_sqlite_pragmas)


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """The user of a session id ``"<id>.<nonce>"``; a stale nonce means a session ended."""
    user_id, _, nonce = session_id.partition(".")
    if not user_id.isdecimal() or not nonce:
        return None
    user = db.session.get(User, int(user_id))
    if user is not None and not secrets.compare_digest(user.session_nonce, nonce):
        return None
    # is_active is false for a deactivated or suspended account: its sessions end at once.
    return user if user is not None and user.is_active else None


def _register_blueprints(app: Flask) -> None:
    from forum.account_views import bp as account_bp
    from forum.api import bp as api_bp
    from forum.document_views import bp as documents_bp
    from forum.feed_views import bp as feeds_bp
    from forum.health import bp as health_bp
    from forum.search.views import bp as search_bp
    from forum.views import bp as forum_bp
    from moderation.phase_views import bp as phases_bp
    from moderation.views import bp as moderation_bp
    from questions.views import bp as questions_bp
    from synthesis.views import bp as synthesis_bp

    app.register_blueprint(forum_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(phases_bp)
    app.register_blueprint(questions_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(synthesis_bp)
    app.register_blueprint(health_bp)
    if _env_bool("PALABRE_BENCH_FLOOR"):  # bench/load.py's floor route; never in production
        from forum.bench_floor import bp as floor_bp

        app.register_blueprint(floor_bp)


def _register_errors(app: Flask) -> None:
    def page(template: str, status: int):
        def handler(error):
            if request.path.startswith("/api/"):
                return {"error": getattr(error, "name", "error"), "status": status}, status
            return render_template(template, error=error), status

        return handler

    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, page(f"errors/{status}.html", status))

    @app.errorhandler(CSRFError)
    def csrf_expired(error):
        # The form's text is shown back so that nothing written is lost.
        kept = {k: v for k, v in request.form.items() if k in {"title", "body"} and v}
        return render_template("errors/csrf.html", kept=kept), 400


def _register_template_helpers(app: Flask) -> None:
    from forum.debates import posting_refusal, takes_contributions
    from forum.views import contribution_visible
    from forum.visible_text import title_of, words
    from forum.when import datetime_text

    app.jinja_env.filters["excerpt"] = excerpt
    app.jinja_env.filters["datetime_text"] = datetime_text
    app.jinja_env.globals.update(
        labels=labels,
        contribution_visible=contribution_visible,
        words=words,
        title_of=title_of,
        takes_contributions=takes_contributions,
        posting_refusal=posting_refusal,
        supported_locales=SUPPORTED_LOCALES,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "fr")}


def _register_personal_data() -> None:
    """Each package's share of a person's data export and erasure (``forum.privacy``):
    forum cannot import the packages above it, so they register here."""
    from forum import personal_data as forum_data
    from moderation import personal_data as moderation_data
    from questions import personal_data as questions_data
    from synthesis import personal_data as synthesis_data

    forum_data.register()
    questions_data.register()
    moderation_data.register()
    synthesis_data.register()


def _register_cli(app: Flask) -> None:
    from demo.cli import demo_command
    from forum.cli import register_commands
    from forum.mail import send_mail_command
    from synthesis.cli import weak_signals_command
    from synthesis.retention import purge_profiles_command

    register_commands(app)
    search.register_commands(app)
    app.cli.add_command(demo_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(weak_signals_command)
    app.cli.add_command(purge_profiles_command)


__all__ = ["create_app"]
