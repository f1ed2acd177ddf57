"""Palabre's application factory: configuration, extensions, blueprints, errors, CLI."""

from __future__ import annotations

import os
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

from forum import labels, permissions, render_tokens, requests, search, settings
from forum.accounts import SUPPORTED_LOCALES
from forum.extensions import babel, csrf, db, limiter, login_manager, migrate
from forum.ids import MAX_ID
from forum.mail import check_base_url
from forum.models import User
from forum.sanitize import excerpt
from forum.security import init_security

ROOT = Path(__file__).resolve().parent


def _secret_key(instance_path: Path) -> str:
    """The secret key from the environment, else one generated once into ``instance/``."""
    given = settings.value("PALABRE_SECRET_KEY")
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
    """Configuration read from the ``PALABRE_*`` environment variables (``forum.settings``)."""
    config = settings.from_environment(instance_path)
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
            "INSTANCE_PATH", settings.value("PALABRE_INSTANCE_PATH") or str(ROOT / "instance")
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
    # The SQLite file, the generated key and local data live there: a new folder is made.
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
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
    if app.config["PALABRE_BENCH_FLOOR"]:  # bench/load.py's floor route; never in production
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
    from forum.bylines import is_transcribed, reply_heading, transcribed_byline
    from forum.debates import posting_refusal, takes_contributions
    from forum.units import file_size, number, percent
    from forum.views import contribution_visible
    from forum.visible_text import title_of, words
    from forum.when import datetime_text

    app.jinja_env.filters["excerpt"] = excerpt
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["datetime_text"] = datetime_text
    app.jinja_env.globals.update(
        labels=labels,
        contribution_visible=contribution_visible,
        words=words,
        title_of=title_of,
        is_transcribed=is_transcribed,
        transcribed_byline=transcribed_byline,
        reply_heading=reply_heading,
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
    from synthesis.cli import render_reports_command, weak_signals_command
    from synthesis.retention import purge_profiles_command

    register_commands(app)
    search.register_commands(app)
    app.cli.add_command(demo_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(weak_signals_command)
    app.cli.add_command(render_reports_command)
    app.cli.add_command(purge_profiles_command)


__all__ = ["create_app"]
