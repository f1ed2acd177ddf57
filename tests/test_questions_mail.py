"""E-mail: queued by pages, sent by `flask send-mail` through SMTP, or written to the
outbox folder when no SMTP server is configured."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from forum import mail, notifications
from forum.extensions import db
from forum.models import OutgoingMail
from tests import builders
from tests.conftest import post_form


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_SMTP_HOST": None}


def _queue_one(user=None) -> OutgoingMail:
    user = user or builders.make_user(email="lea@example.org")
    notifications.notify(user.id, "answer", "Le maître d'ouvrage a répondu.", contribution_id=None)
    db.session.commit()
    return db.session.scalars(db.select(OutgoingMail)).all()[-1]


def _outbox(app) -> list[Path]:
    folder = Path(app.instance_path) / "outbox"
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


def test_without_smtp_the_mail_is_written_to_the_outbox(app, runner):
    _queue_one()
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "envoyés : 1, en échec : 0" in result.output
    assert db.session.scalars(db.select(OutgoingMail)).all() == []  # the queue is drained
    [path] = _outbox(app)
    message = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert message["To"] == "lea@example.org"
    assert message["Subject"].startswith("Palabre")
    assert message["List-Unsubscribe"].startswith("<http")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Le maître d'ouvrage a répondu." in message.get_body().get_content()
    assert runner.invoke(args=["send-mail"]).output.strip() == "envoyés : 0, en échec : 0"


def test_the_outbox_folder_can_be_chosen(app, tmp_path):
    app.config["PALABRE_OUTBOX_DIR"] = str(tmp_path / "courriels")
    _queue_one()
    assert mail.send_pending().sent == 1
    assert len(list((tmp_path / "courriels").glob("*.eml"))) == 1


def test_administrators_read_the_outbox_in_the_site(app, client, login_as):
    _queue_one()
    mail.send_pending()
    [path] = _outbox(app)
    login_as(builders.make_user())
    assert client.get("/admin/outbox").status_code == 403
    client.delete_cookie("session")
    login_as(builders.make_user(admin=True))
    listing = client.get("/admin/outbox").get_data(as_text=True)
    assert "lea@example.org" in listing and path.name in listing
    shown = client.get(f"/admin/outbox/{path.name}").get_data(as_text=True)
    assert "Le maître d&#39;ouvrage a répondu." in shown
    assert client.get("/admin/outbox/..%2Fsecret_key").status_code == 404
    assert client.get("/admin/outbox/20260101-000000-9-0a1b2c3d.eml").status_code == 404


def test_mail_goes_through_the_configured_smtp_server(app):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.received: list[tuple[str, list[str], bytes]] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
            return "250 OK"

    inbox = Inbox()
    port = _closed_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(
            PALABRE_SMTP_HOST="127.0.0.1",
            PALABRE_SMTP_PORT=port,
            PALABRE_SMTP_FROM="Débat public <debat@example.org>",
        )
        _queue_one()
        report = mail.send_pending()
    finally:
        controller.stop()
    assert (report.sent, report.failed) == (1, 0)
    [(sender, recipients, content)] = inbox.received
    assert sender == "debat@example.org" and recipients == ["lea@example.org"]
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in content
    assert _outbox(app) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failed_delivery_stays_queued_with_its_error_and_waits(app):
    app.config.update(PALABRE_SMTP_HOST="127.0.0.1", PALABRE_SMTP_PORT=_closed_port())
    queued = _queue_one()
    report = mail.send_pending()
    assert (report.sent, report.failed) == (0, 1)
    db.session.refresh(queued)
    assert queued.attempts == 1 and "Error" in queued.last_error
    assert queued.not_before > queued.created_at
    assert mail.send_pending().failed == 0  # not tried again before its time


def test_a_page_only_queues_mail_and_never_waits_for_a_server(app, client, login_as):
    app.config.update(PALABRE_SMTP_HOST="127.0.0.1", PALABRE_SMTP_PORT=_closed_port())
    debate = builders.make_debate("tram")
    author = builders.make_user()
    item = builders.make_contribution(debate, author)
    login_as(builders.make_user())
    response = post_form(
        client,
        f"/contributions/{item.id}/reply",
        {"relation": "supports", "kind": "opinion", "body": "D'accord."},
    )
    assert response.status_code == 302
    [queued] = db.session.scalars(db.select(OutgoingMail)).all()
    assert queued.to_address == author.email and queued.attempts == 0
