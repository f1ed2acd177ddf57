"""E-mail: queued in the database, sent outside any request.

A page never waits for a mail server: ``queue`` adds a row to ``outgoing_mails`` in the
caller's transaction, and ``send_pending`` — run by ``flask --app app send-mail`` (one
pass) or ``send-mail --loop`` (a small worker) — sends them. Run one sender at a time.

With ``PALABRE_SMTP_HOST`` set, mail goes through that server (``PALABRE_SMTP_PORT``,
``_USER``, ``_PASSWORD``, ``_STARTTLS``, ``_FROM``). Without it, each message is written
as an ``.eml`` file into the outbox folder (``PALABRE_OUTBOX_DIR``, by default
``instance/outbox``), which administrators can read in the site: nothing is dropped.
This is the only module that speaks SMTP.

The outbox holds addresses and single-use links, so it is not kept for ever: each pass of
``send-mail`` removes the files written more than ``PALABRE_OUTBOX_DAYS`` days ago (7 by
default; 0 removes them at the next pass), and erasing an account removes at once every
file addressed to it (``forget_address``, registered in ``forum.personal_data``).
"""

from __future__ import annotations

import re
import secrets
import smtplib
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from flask import Flask, current_app, has_request_context, request, url_for
from flask.helpers import get_debug_flag
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete
from werkzeug.wsgi import host_is_trusted

from forum.extensions import db
from forum.models import OutgoingMail, utcnow

MAX_ATTEMPTS = 5
# A failed message waits longer after each attempt: 1, 4, 9, 16 minutes.
_RETRY_MINUTES = 1
_OUTBOX_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]+-[0-9a-f]{8}\.eml$")


# Links in e-mails when no public address is set: only in debug mode and in tests.
LOCAL_BASE_URL = "http://localhost:5000"
BASE_URL_MISSING = _l(
    "PALABRE_BASE_URL is not set: the links of e-mails (password resets, address "
    "confirmations, notifications) would be built from the Host header of requests, "
    "which anyone can forge. Set it to the site's public address, e.g. "
    "PALABRE_BASE_URL=https://debats.example.fr (or PALABRE_DEBUG=1 on a development "
    "machine)."
)


class BaseURLMissing(RuntimeError):
    """No public address to build the links of e-mails with, outside debug and tests."""


def _local_links_allowed(app: Flask) -> bool:
    return bool(app.debug or app.testing or get_debug_flag())


def check_base_url(app: Flask) -> None:
    """Refuse to start without a public address for e-mail links (outside debug and
    tests), or with one that is not an absolute http(s) address."""
    base = app.config.get("PALABRE_BASE_URL")
    if not base:
        if not _local_links_allowed(app):
            raise BaseURLMissing(str(BASE_URL_MISSING))
        return
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BaseURLMissing(
            f"PALABRE_BASE_URL must be an absolute http(s) address such as "
            f"https://debats.example.fr, not {base!r}"
        )


def _request_host_allowed() -> bool:
    """Whether the running request's Host is one of ``PALABRE_ALLOWED_HOSTS``."""
    allowed = current_app.config.get("PALABRE_ALLOWED_HOSTS") or []
    return bool(allowed) and has_request_context() and host_is_trusted(request.host, allowed)


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for an e-mail (or a file others download), also when no request
    is running (CLI, worker). Every such link is built here.

    ``PALABRE_BASE_URL`` (e.g. ``https://debats.example.fr``) wins. Without it (only in
    debug mode and tests, see ``check_base_url``), the request's host is used only if it
    is one of ``PALABRE_ALLOWED_HOSTS``: a Host header is whatever the client sent, and a
    password-reset link must never point at a host an attacker chose.
    """
    base = current_app.config.get("PALABRE_BASE_URL")
    if not base and _request_host_allowed():
        return url_for(endpoint, _external=True, **values)
    if not base:
        if not _local_links_allowed(current_app):
            raise BaseURLMissing(str(BASE_URL_MISSING))
        base = LOCAL_BASE_URL
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http"
    )
    return adapter.build(endpoint, values, force_external=True)


def recipient_language(user: Any):
    """Write an e-mail to ``user`` in their language (``User.locale``), whoever's request
    sends it: ``with mail.recipient_language(user): mail.queue(...)``."""
    return force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"])


def queue(to_address: str, subject: str, body: str, *, unsubscribe_url: str = "") -> None:
    """Add a message to the queue, in the caller's transaction (no commit here)."""
    db.session.add(
        OutgoingMail(
            to_address=to_address,
            subject=subject[:300],
            body=body,
            unsubscribe_url=unsubscribe_url[:500],
        )
    )


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The RFC 5322 message for a queued mail, with a one-click unsubscribe (RFC 8058)."""
    message = EmailMessage()
    message["From"] = current_app.config.get("PALABRE_SMTP_FROM") or "Palabre <palabre@localhost>"
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC), usegmt=True)
    message["Message-ID"] = make_msgid(idstring=f"palabre-{mail.id}")
    message["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body)
    return message


def outbox_dir() -> Path:
    configured = current_app.config.get("PALABRE_OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def _write_to_outbox(mail: OutgoingMail, message: EmailMessage) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # A random part: queue ids come back once sent rows are deleted (SQLite reuses them), and
    # a message must never be written over another one of the same second.
    name = f"{mail.created_at:%Y%m%d-%H%M%S}-{mail.id}-{secrets.token_hex(4)}.eml"
    (folder / name).write_bytes(bytes(message))


def _smtp_send(messages: list[EmailMessage]) -> None:
    config = current_app.config
    host = config["PALABRE_SMTP_HOST"]
    port = int(config.get("PALABRE_SMTP_PORT") or 25)
    with smtplib.SMTP(host, port, timeout=30) as server:
        if config.get("PALABRE_SMTP_STARTTLS"):
            server.starttls()
        if config.get("PALABRE_SMTP_USER"):
            server.login(config["PALABRE_SMTP_USER"], config.get("PALABRE_SMTP_PASSWORD") or "")
        for message in messages:
            server.send_message(message)


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int


def send_pending(limit: int = 200) -> SendReport:
    """Send (or write to the outbox) the messages that are due, and remove them from the
    queue; a failed one stays, with its error, and is tried again later, at most
    ``MAX_ATTEMPTS`` times."""
    now = utcnow()
    pending = db.session.scalars(
        db.select(OutgoingMail)
        .where(OutgoingMail.attempts < MAX_ATTEMPTS, OutgoingMail.not_before <= now)
        .order_by(OutgoingMail.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    smtp = bool(current_app.config.get("PALABRE_SMTP_HOST"))
    for mail in pending:
        message = build_message(mail)
        try:
            if smtp:
                _smtp_send([message])
            else:
                _write_to_outbox(mail, message)
        except (OSError, smtplib.SMTPException) as error:
            mail.attempts += 1
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            mail.not_before = now + timedelta(minutes=_RETRY_MINUTES * mail.attempts**2)
            failed += 1
        else:
            db.session.delete(mail)
            sent += 1
        db.session.commit()  # each message's fate is recorded before the next one
    return SendReport(sent, failed)


def queued_count() -> int:
    """How many messages wait in the queue (a workload figure for administrators)."""
    return db.session.scalar(db.select(db.func.count()).select_from(OutgoingMail)) or 0


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    to: str
    subject: str
    # Naive UTC, as stored dates are: written in the reader's language by the page.
    date: datetime | None
    body: str


def _utc(header: Any) -> datetime | None:
    """The moment of an e-mail's Date header, naive UTC; None without a valid one."""
    moment = getattr(header, "datetime", None)
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _read(path: Path) -> OutboxMessage:
    message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    return OutboxMessage(
        name=path.name,
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        date=_utc(message["Date"]),
        body=body.get_content() if body is not None else "",
    )


def outbox_messages(limit: int = 200) -> list[OutboxMessage]:
    """The messages written to the outbox, newest first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    paths = sorted(
        (p for p in folder.iterdir() if _OUTBOX_NAME.match(p.name)),
        key=lambda p: p.name,
        reverse=True,
    )
    return [_read(path) for path in paths[:limit]]


def outbox_message(name: str) -> OutboxMessage | None:
    """One message of the outbox by its file name (names are checked: no path tricks)."""
    if not _OUTBOX_NAME.match(name):
        return None
    path = outbox_dir() / name
    return _read(path) if path.is_file() else None


def _outbox_files() -> list[Path]:
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir() if _OUTBOX_NAME.match(path.name)]


def _addressed_to(path: Path, address: str) -> bool:
    try:
        headers = BytesParser(policy=default_policy).parsebytes(path.read_bytes(), headersonly=True)
    except OSError:
        return False
    wanted = address.strip().casefold()
    return any(
        found.strip().casefold() == wanted
        for _name, found in getaddresses([str(headers["To"] or "")])
    )


def outbox_files_to(address: str) -> list[str]:
    """The names of the outbox files addressed to ``address`` (for the data export)."""
    return sorted(path.name for path in _outbox_files() if _addressed_to(path, address))


def forget_address(address: str) -> int:
    """Remove every outbox file addressed to ``address`` (at erasure); how many went."""
    removed = 0
    for path in _outbox_files():
        if _addressed_to(path, address):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def purge_outbox(days: int | None = None) -> int:
    """Remove the outbox files written more than ``days`` (``PALABRE_OUTBOX_DAYS``) ago, and
    the queued messages that failed every attempt, that long after their last one."""
    if days is None:
        days = int(current_app.config.get("PALABRE_OUTBOX_DAYS", 7))
    db.session.execute(
        delete(OutgoingMail).where(
            OutgoingMail.attempts >= MAX_ATTEMPTS,
            OutgoingMail.not_before <= utcnow() - timedelta(days=days),
        )
    )
    db.session.commit()
    limit = time.time() - days * 86_400
    removed = 0
    for path in _outbox_files():
        try:
            if path.stat().st_mtime <= limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, sending the queue every interval.")
@click.option("--interval", default=30, show_default=True, help="Seconds between passes.")
def send_mail_command(loop: bool, interval: int) -> None:
    """Send the queued e-mails (or write them to the outbox when no SMTP server is set),
    then remove the outbox files older than ``PALABRE_OUTBOX_DAYS``."""
    while True:
        report = send_pending()
        if report.sent or report.failed or not loop:
            # In the site's language (PALABRE_LANGUAGE): no request, no reader's choice.
            click.echo(
                _("sent: %(sent)d, failed: %(failed)d", sent=report.sent, failed=report.failed)
            )
        purged = purge_outbox()
        if purged:
            click.echo(
                ngettext(
                    "%(num)d old file removed from the outbox",
                    "%(num)d old files removed from the outbox",
                    purged,
                )
            )
        if not loop:
            return
        db.session.remove()
        time.sleep(max(1, interval))
