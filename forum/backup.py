"""Backups of the database while the site runs, and restoring them.

SQLite uses its online backup API (a consistent copy, page by page, while writers go on);
PostgreSQL uses ``pg_dump -Fc`` and ``pg_restore``. A restore then re-applies every account
erasure recorded in the erasure log since the backup, so that restoring never brings back
an identity that someone asked to erase (see ``forum.privacy``).

The files the database names — documents and photos (``PALABRE_UPLOAD_DIR``) and the
scans of paper contributions (``instance/scans``) — are copied beside the backup, in
``<backup>.files/``, after the database: a file is written before the row that names it
is committed, so every file the copied database names is there. Stored files never change
(each has a new random name), so a backup to the same place copies only the new ones, and
dated backups may share one folder (``--files``); a restore puts back those missing from
the site's folders.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy.engine import URL, make_url

from forum import render_tokens, settings
from forum.extensions import db
from forum.models import Erasure, User, utcnow
from forum.privacy import erase_identity, erasure_log_path, run_after_commit
from forum.uploads import upload_dir


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why, plainly."""


def _url() -> URL:
    return make_url(str(db.engine.url.render_as_string(hide_password=False)))


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError(_("an in-memory SQLite database cannot be backed up"))
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
    folder = settings.value("PALABRE_PG_BIN")
    candidate = Path(folder) / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise BackupError(_("%(name)s is not installed (PostgreSQL client tools)", name=name))
    return found


@dataclass(frozen=True)
class BackupReport:
    path: Path
    files: Path  # the folder of the stored files' copies
    files_copied: int
    files_already_there: int


# The folders of stored files the database names, by their name in a backup. Each package
# registers its own, once, when it is imported (moderation: the paper scans).
_STORED_FOLDERS: dict[str, Callable[[], Path]] = {}


def register_stored_folder(name: str, folder: Callable[[], Path]) -> None:
    """Back up and restore the files of ``folder()`` under ``name``."""
    _STORED_FOLDERS[name] = folder


def stored_file_folders() -> dict[str, Path]:
    """The folders of the files the database names, by their name in a backup."""
    return {name: folder() for name, folder in _STORED_FOLDERS.items()}


register_stored_folder("uploads", upload_dir)


def files_folder(backup_path: Path) -> Path:
    return Path(f"{backup_path}.files")


def _copy_new_files(source: Path, target: Path) -> tuple[int, int]:
    """Copy the stored files of ``source`` missing from ``target`` (same relative path and
    size); return how many were copied and how many were there already."""
    copied = there = 0
    if not source.is_dir():
        return 0, 0
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):  # ".name.part": being written
            continue
        destination = target / path.relative_to(source)
        if destination.is_file() and destination.stat().st_size == path.stat().st_size:
            there += 1
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.part")
        shutil.copy2(path, partial)
        partial.replace(destination)
        copied += 1
    return copied, there


def backup(destination: Path, files: Path | None = None) -> BackupReport:
    """Write a consistent copy of the live database to ``destination``, then copy the
    stored files it names into ``files`` (``<destination>.files`` by default)."""
    destination = Path(destination)
    _backup_database(destination)
    files = Path(files) if files else files_folder(destination)
    copied = there = 0
    try:
        for name, folder in stored_file_folders().items():
            new, old = _copy_new_files(folder, files / name)
            copied, there = copied + new, there + old
    except OSError as error:
        raise BackupError(
            _(
                "the stored files could not be copied to %(folder)s: %(error)s",
                folder=files,
                error=error,
            )
        ) from error
    return BackupReport(destination, files, copied, there)


def _backup_database(destination: Path) -> Path:
    url = _url()
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
            raise BackupError(_("pg_dump failed: %(error)s", error=done.stderr.strip()))
        return destination
    raise BackupError(_("no backup method for %(database)s", database=url.get_backend_name()))


@dataclass(frozen=True)
class RestoreReport:
    erasures_reapplied: int
    files_restored: int = 0
    files: Path | None = None  # where the stored files' copies were looked for
    files_found: bool = True  # False: a backup made without its files (an older release)


def restore(source: Path, files: Path | None = None) -> RestoreReport:
    """Replace the live database with a backup, put back the stored files it names that
    the site's folders lack, then re-apply later erasures.

    Run it with the site stopped: every open connection of this process is closed first.
    """
    source = Path(source)
    if not source.exists():
        raise BackupError(_("no backup at %(path)s", path=source))
    folders = stored_file_folders()  # asked before the engine is closed
    url = _url()
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(_("%(path)s is not a sound SQLite database", path=source))
            with live:
                backup_db.backup(live)
        except sqlite3.DatabaseError as error:
            raise BackupError(
                _("%(path)s is not a SQLite database: %(error)s", path=source, error=error)
            ) from error
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
            raise BackupError(_("pg_restore failed: %(error)s", error=done.stderr.strip()))
    else:
        raise BackupError(_("no restore method for %(database)s", database=url.get_backend_name()))
    files = Path(files) if files else files_folder(source)
    restored = 0
    try:
        for name, folder in folders.items():
            restored += _copy_new_files(files / name, folder)[0]
    except OSError as error:
        raise BackupError(
            _(
                "the database is restored, but the stored files could not be put back from "
                "%(folder)s: %(error)s",
                folder=files,
                error=error,
            )
        ) from error
    # Pages kept by running workers were made from the content replaced here.
    render_tokens.touch_site_now()
    return RestoreReport(reapply_erasures(), restored, files, files.is_dir())


def reapply_erasures() -> int:
    """Erase again every account named in the erasure log that the database still knows."""
    path = erasure_log_path()
    if not path.exists():
        return 0
    count = 0
    after = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        user = db.session.get(User, entry["user_id"])
        if user is None or user.erased_at is not None:
            continue
        # The whole erasure again: the rows, and the renderings made from them (a
        # published report is rendered again, outbox mails to the address removed).
        after += erase_identity(user)
        db.session.add(Erasure(user_id=user.id, erased_at=utcnow()))
        count += 1
    db.session.commit()
    run_after_commit(after)
    return count
