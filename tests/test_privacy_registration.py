"""Registering never reveals whether an e-mail address already has an account.

A new address gets an account and its confirmation link; a known one gets no second
account, and its holder is told by e-mail that someone tried. The visitor sees the same
answer in both cases, byte for byte apart from the CSRF tokens.
"""

from __future__ import annotations

import re

from forum.extensions import db
from forum.models import OutgoingMail, User
from tests import builders
from tests.conftest import post_form

PASSWORD = "un mot de passe solide"
CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')


def _registration(email: str, pseudonym: str) -> dict[str, str]:
    return {
        "email": email,
        "pseudonym": pseudonym,
        "password": PASSWORD,
        "confirm": PASSWORD,
        "accept_charter": "y",
    }


def _mails(address: str) -> list[OutgoingMail]:
    return list(
        db.session.scalars(
            db.select(OutgoingMail)
            .where(OutgoingMail.to_address == address)
            .order_by(OutgoingMail.id)
        )
    )


def _users() -> int:
    return len(db.session.scalars(db.select(User.id)).all())


def _register(app, email: str, pseudonym: str, **kw):
    """Register from a fresh browser; the answer and the page it leads to."""
    client = app.test_client()
    answer = post_form(client, "/register", _registration(email, pseudonym), **kw)
    landing = client.get(answer.headers["Location"])
    return answer, landing


def _without_tokens(body: str) -> str:
    return CSRF_VALUE.sub(r"\1TOKEN\2", body)


def test_a_known_address_gets_the_same_answer_as_a_new_one(app):
    builders.make_user("Marie", email="marie@example.org")

    new_answer, new_page = _register(app, "nouvelle@example.org", "Nouvelle")
    known_answer, known_page = _register(app, "Marie@Example.org", "Quelquun")

    assert new_answer.status_code == known_answer.status_code == 302
    assert new_answer.headers["Location"] == known_answer.headers["Location"] == "/login"
    assert new_answer.get_data() == known_answer.get_data()
    assert sorted(c.split("=")[0] for c in new_answer.headers.getlist("Set-Cookie")) == sorted(
        c.split("=")[0] for c in known_answer.headers.getlist("Set-Cookie")
    )
    assert new_page.status_code == known_page.status_code == 200
    new_body = new_page.get_data(as_text=True)
    assert "Check your mailbox" in new_body or "Consultez votre messagerie" in new_body
    assert _without_tokens(new_body) == _without_tokens(known_page.get_data(as_text=True))


def test_the_same_answer_also_carries_next_the_same_way(app):
    builders.make_user("Marie", email="marie@example.org")
    query = {"query_string": {"next": "/debates/tram"}}
    new_answer, new_page = _register(app, "nouvelle@example.org", "Nouvelle", **query)
    known_answer, known_page = _register(app, "marie@example.org", "Quelquun", **query)
    assert new_answer.headers["Location"] == known_answer.headers["Location"]
    assert new_answer.headers["Location"].startswith("/login?next=")
    assert _without_tokens(new_page.get_data(as_text=True)) == _without_tokens(
        known_page.get_data(as_text=True)
    )


def test_a_new_address_gets_an_account_and_the_confirmation_link(app):
    _register(app, "nouvelle@example.org", "Nouvelle")
    user = db.session.scalar(db.select(User).where(User.email == "nouvelle@example.org"))
    assert user is not None and user.email_verified_at is None
    (mail,) = _mails("nouvelle@example.org")
    assert "/verify-email/" in mail.body
    assert "already has one" not in mail.body


def test_a_known_address_gets_a_warning_mail_and_no_second_account(app):
    # The warning is written in the account holder's language (here English).
    marie = builders.make_user("Marie", email="marie@example.org", locale="en")
    hash_before = marie.password_hash

    client = app.test_client()
    client.get("/lang/en")
    post_form(client, "/register", _registration("MARIE@example.org", "Quelquun"))

    assert _users() == 1
    db.session.refresh(marie)
    assert marie.pseudonym == "Marie" and marie.password_hash == hash_before
    (mail,) = _mails("marie@example.org")
    assert mail.subject == "Someone tried to register with your address"
    assert "/login" in mail.body and "/password/forgot" in mail.body
    assert "/verify-email/" not in mail.body and "/password/reset/" not in mail.body
    # The password typed by whoever tried is never mailed, nor the pseudonym they chose.
    assert PASSWORD not in mail.body and "Quelquun" not in mail.body


def test_a_taken_pseudonym_is_still_refused_openly(app):
    builders.make_user("Marie", email="marie@example.org")
    client = app.test_client()
    client.get("/lang/en")
    response = post_form(client, "/register", _registration("autre@example.org", "marie"))
    assert response.status_code == 422
    assert "already taken" in response.get_data(as_text=True)
    assert _mails("autre@example.org") == []


def test_an_operator_is_still_told_that_an_address_is_in_use(app, runner):
    builders.make_user("Marie", email="marie@example.org")
    result = runner.invoke(
        args=["create-user", "marie@example.org", "Other", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0
    assert "already exists" in result.output or "existe déjà" in result.output
