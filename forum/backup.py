"""Backups of the database while the site runs, and restoring them.

SQLite uses its online backup API (a consistent copy, page by page, while writers go on);
PostgreSQL uses ``pg_dump -Fc`` and ``pg_restore``. A restore then re-applies every account
erasure recorded in the erasure log since the backup, so that restoring never brings back
an identity that someone asked to erase (see ``forum.privacy``).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from forum import render_cache
from forum.extensions import db
from forum.models import Erasure, User, utcnow
from forum.privacy import erase_identity, erasure_log_path


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why, plainly."""


def _url() -> URL:
    return make_url(str(db.engine.url.render_as_string(hide_password=False)))


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _libpq_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, the password in the environment."""
    args = ["--dbname", url.database or "postgres"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _pg_tool(name: str) -> str:
    folder = os.environ.get("PALABRE_PG_BIN", "/usr/lib/postgresql/15/bin")
    candidate = Path(folder) / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools)")
    return found


def backup(destination: Path) -> Path:
    """Write a consistent copy of the live database to ``destination``."""
    url = _url()
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(destination)
        try:
            with target:
                source.backup(target, pages=1024)
        finally:
            target.close()
            source.close()
        return destination
    if url.get_backend_name() == "postgresql":
        args, env = _libpq_args(url)
        done = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--file", str(destination), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        return destination
    raise BackupError(f"no backup method for {url.get_backend_name()}")


@dataclass(frozen=True)
class RestoreReport:
    erasures_reapplied: int


def restore(source: Path) -> RestoreReport:
    """Replace the live database with a backup, then re-apply later erasures.

    Run it with the site stopped: every open connection of this process is closed first.
    """
    source = Path(source)
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    url = _url()
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not a sound SQLite database")
            with live:
                backup_db.backup(live)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite database: {error}") from error
        finally:
            live.close()
            backup_db.close()
    elif url.get_backend_name() == "postgresql":
        args, env = _libpq_args(url)
        done = subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    else:
        raise BackupError(f"no restore method for {url.get_backend_name()}")
    # Pages kept by running workers were made from the content replaced here.
    render_cache.touch_site_now()
    return RestoreReport(reapply_erasures())


def reapply_erasures() -> int:
    """Erase again every account named in the erasure log that the database still knows."""
    path = erasure_log_path()
    if not path.exists():
        return 0
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        user = db.session.get(User, entry["user_id"])
        if user is None or user.erased_at is not None:
            continue
        erase_identity(user)
        db.session.add(Erasure(user_id=user.id, erased_at=utcnow()))
        count += 1
    db.session.commit()
    return count
