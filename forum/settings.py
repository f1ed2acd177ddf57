"""Every setting Palabre reads from its environment, in one table, read one way.

The application (``app.create_app``) turns the table into Flask configuration; gunicorn's
master (``forum.serving``) and the command-line tools read single values with ``value``;
no other module reads ``os.environ``. The README documents each name of ``SETTINGS``
(``tests/test_settings.py`` checks it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Environment = Mapping[str, str]


def as_bool(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "on"}


def as_int(text: str) -> int | None:
    """A whole number; None (the default then applies) for anything else."""
    text = text.strip()
    return int(text) if text.isdigit() else None


def as_float(text: str) -> float | None:
    try:
        return max(float(text), 0.0)
    except ValueError:
        return None


def as_list(text: str) -> list[str]:
    """Words separated by commas or spaces ("a.fr, b.fr")."""
    return [word for word in re.split(r"[,\s]+", text) if word]


def as_text(text: str) -> str:
    return text


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, how its text is read, and its default — a
    value, or a function of the instance folder for paths kept there."""

    name: str
    default: Any = None
    parse: Callable[[str], Any] = as_text
    # The Flask configuration key, when it is not the variable's own name; None: the
    # setting is read apart (``value``), not put in the configuration.
    key: str | None = ""

    @property
    def config_key(self) -> str | None:
        return self.name if self.key == "" else self.key


def _in_instance(name: str) -> Callable[[Path], str]:
    return lambda instance: str(instance / name)


SETTINGS: tuple[Setting, ...] = (
    # Where things are.
    Setting(
        "PALABRE_DATABASE_URL",
        lambda instance: f"sqlite:///{instance / 'palabre.sqlite3'}",
        key="SQLALCHEMY_DATABASE_URI",
    ),
    Setting("PALABRE_INSTANCE_PATH", key=None),  # read before the application exists
    Setting("PALABRE_SECRET_KEY", key=None),  # or generated once into instance/
    Setting("PALABRE_DEBUG", False, as_bool, key="DEBUG"),
    Setting("PALABRE_LANGUAGE", "fr", key="BABEL_DEFAULT_LOCALE"),
    Setting("PALABRE_TIMEZONE", "Europe/Paris", key="BABEL_DEFAULT_TIMEZONE"),
    Setting("PALABRE_SECURE_COOKIES", False, as_bool, key="SESSION_COOKIE_SECURE"),
    # Reverse proxies in front of the app (nginx: 1), whose X-Forwarded-For and
    # X-Forwarded-Proto are trusted: visitors' addresses and HTTPS are then seen.
    Setting("PALABRE_PROXY_COUNT", 0, as_int),
    # The site's public address, for the links of e-mails (forum.mail.external_url);
    # required outside debug mode and tests.
    Setting("PALABRE_BASE_URL"),
    # Host names the site answers to (others get 400, through Flask's TRUSTED_HOSTS).
    Setting("PALABRE_ALLOWED_HOSTS", [], as_list),
    Setting("PALABRE_CONTACT_EMAIL", "contact@palabre.example"),
    # Static files are cached by browsers for an hour (nginx does the same in deploy/).
    Setting("PALABRE_STATIC_MAX_AGE", 3600, as_int, key="SEND_FILE_MAX_AGE_DEFAULT"),
    # Contributions and lists.
    Setting("PALABRE_MAX_TITLE_CHARS", 150, as_int),
    Setting("PALABRE_MAX_BODY_CHARS", 12000, as_int),
    Setting("PALABRE_PER_PAGE", 20, as_int),
    # Search (forum.search): "whoosh" (an index in a folder) or "postgres" (in the database).
    Setting("PALABRE_SEARCH", "whoosh"),
    Setting("PALABRE_INDEX_PATH", _in_instance("index")),
    # Off when a `flask search-worker` process applies the index tasks (make serve).
    Setting("PALABRE_INDEX_AFTER_REQUEST", True, as_bool),
    Setting("PALABRE_HEALTH_MAX_INDEX_LAG", 0, as_int),
    # Documents, photos and e-mail (forum.documents, forum.photos, forum.mail); folders
    # default to instance/ (None: the module's own default there).
    Setting("PALABRE_UPLOAD_DIR"),
    Setting("PALABRE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, as_int),
    Setting("PALABRE_MAX_PHOTOS", 3, as_int),
    Setting("PALABRE_MAX_PHOTO_BYTES", 8 * 1024 * 1024, as_int),
    Setting("PALABRE_MAX_IMAGE_PIXELS", 50_000_000, as_int),
    # A request may carry every photo at its limit plus the text (werkzeug refuses more);
    # None here: computed from the two settings above (``from_environment``).
    Setting("PALABRE_MAX_REQUEST_BYTES", None, as_int, key="MAX_CONTENT_LENGTH"),
    Setting("PALABRE_OUTBOX_DIR"),
    # The reports' PDFs (synthesis.report.reports_folder), printed after publication by a
    # thread of the web process; `flask render-reports` (cron) prints any left behind.
    Setting("PALABRE_REPORTS_DIR"),
    Setting("PALABRE_REPORT_PDF_IN_BACKGROUND", True, as_bool),
    Setting("PALABRE_OUTBOX_DAYS", 7, as_int),
    Setting("PALABRE_SMTP_HOST"),
    Setting("PALABRE_SMTP_PORT", 25, as_int),
    Setting("PALABRE_SMTP_USER"),
    Setting("PALABRE_SMTP_PASSWORD"),
    Setting("PALABRE_SMTP_STARTTLS", False, as_bool),
    Setting("PALABRE_SMTP_FROM", "Palabre <palabre@localhost>"),
    # Questions, reports, open data and personal data.
    Setting("PALABRE_SOON_DUE_DAYS", 3, as_int),
    Setting("PALABRE_OPEN_DATA_LICENCE"),
    Setting("PALABRE_OPEN_DATA_LICENCE_URL"),
    Setting("PALABRE_PROFILE_RETENTION_DAYS", 180, as_int),
    Setting("PALABRE_ERASURE_LOG"),
    # Rate limits (Flask-Limiter): where they are counted, and each limit.
    Setting("PALABRE_RATE_LIMITS", True, as_bool, key="RATELIMIT_ENABLED"),
    # A redis:// (or redis+unix://) URL shares the counts between a server's workers and
    # between servers (needs the `redis` extra); gunicorn warns of memory:// counting.
    Setting("PALABRE_RATELIMIT_STORAGE_URL", key="RATELIMIT_STORAGE_URI"),
    Setting("PALABRE_LIMIT_LOGIN", "10 per minute;60 per hour"),
    Setting("PALABRE_LIMIT_REGISTER", "5 per hour"),
    Setting("PALABRE_LIMIT_RESET", "5 per hour"),
    Setting("PALABRE_LIMIT_POST", "10 per minute;100 per day"),
    Setting("PALABRE_LIMIT_FLAG", "20 per hour"),
    Setting("PALABRE_LIMIT_SEARCH", "60 per minute"),
    Setting("PALABRE_LIMIT_API", "120 per minute"),
    # Read by gunicorn's master (forum.serving) and by the backup tools, not the app.
    Setting("PALABRE_WORKER_MEMORY_MB", 180.0, as_float, key=None),
    Setting("PALABRE_PG_BIN", "/usr/lib/postgresql/15/bin", key=None),
    # bench/load.py's floor route; never in production.
    Setting("PALABRE_BENCH_FLOOR", False, as_bool),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}
MEMORY_STORAGE = "memory://"


def value(name: str, environ: Environment | None = None, instance: Path | None = None) -> Any:
    """One setting's value: the environment's text read by its parser, else its default."""
    setting = BY_NAME[name]
    environ = os.environ if environ is None else environ
    text = environ.get(name)
    parsed = setting.parse(text) if text is not None else None
    if parsed is not None:
        return parsed
    # The older spelling of the storage setting, still accepted.
    if name == "PALABRE_RATELIMIT_STORAGE_URL":
        return environ.get("PALABRE_RATELIMIT_STORAGE_URI") or MEMORY_STORAGE
    default = setting.default
    if callable(default):
        return default(instance if instance is not None else Path("instance"))
    return list(default) if isinstance(default, list) else default


def from_environment(instance: Path, environ: Environment | None = None) -> dict[str, Any]:
    """The Flask configuration the environment gives (secret key apart: ``app``)."""
    config = {
        setting.config_key: value(setting.name, environ, instance)
        for setting in SETTINGS
        if setting.config_key is not None
    }
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    if config["MAX_CONTENT_LENGTH"] is None:
        config["MAX_CONTENT_LENGTH"] = max(
            16 * 1024 * 1024,
            config["PALABRE_MAX_PHOTOS"] * config["PALABRE_MAX_PHOTO_BYTES"] + 2 * 1024 * 1024,
        )
    return config
