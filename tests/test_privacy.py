"""A participant's rights: confirming the address, resetting the password, export, erasure."""

from __future__ import annotations

import json
import re
from pathlib import Path

from forum.extensions import db
from forum.models import Contribution, Erasure, Notification, Status, User
from tests import builders
from tests.conftest import login, post_form

LINK = re.compile(r"http://[^\s]+/(verify-email|password/reset)/[A-Za-z0-9_.\-]+")


def _last_link(user_email: str, kind: str) -> str:
    """The link of the newest queued mail to this address, as the person would click it."""
    from forum.models import OutgoingMail

    mails = db.session.scalars(
        db.select(OutgoingMail)
        .where(OutgoingMail.to_address == user_email)
        .order_by(OutgoingMail.id.desc())
    ).all()
    for mail in mails:
        match = LINK.search(mail.body)
        if match and match.group(1) == kind:
            return match.group(0).split("localhost", 1)[-1].split(":5000", 1)[-1]
    raise AssertionError(f"no {kind} link mailed to {user_email}")


def _register(client, email="lea@example.org", pseudonym="Léa"):
    response = post_form(
        client,
        "/register",
        {
            "email": email,
            "pseudonym": pseudonym,
            "password": "un mot de passe solide",
            "confirm": "un mot de passe solide",
            "accept_charter": "y",
        },
    )
    assert response.status_code == 302
    # Registering does not log in (the answer is the same for a known address): log in.
    post_form(client, "/login", {"email": email, "password": "un mot de passe solide"})
    return db.session.scalar(db.select(User).where(User.email == email))


def test_a_first_contribution_waits_for_the_confirmed_address(client):
    debate = builders.make_debate("tram")
    lea = _register(client)
    assert lea.email_verified_at is None
    response = post_form(
        client,
        "/debates/tram/contribute",
        {"kind": "opinion", "title": "Mon avis", "body": "Texte", "themes": debate.themes[0].id},
    )
    assert response.status_code == 302
    item = db.session.scalar(db.select(Contribution))
    assert item.status == Status.PENDING
    anonymous = client.application.test_client()
    assert anonymous.get(f"/contributions/{item.id}").status_code == 404

    link = _last_link("lea@example.org", "verify-email")
    assert client.get(link).status_code == 302
    db.session.refresh(item)
    assert item.status == Status.PUBLISHED and item.published_at is not None
    assert anonymous.get(f"/contributions/{item.id}").status_code == 200


def test_a_tampered_confirmation_link_is_refused_plainly(client):
    _register(client)
    link = _last_link("lea@example.org", "verify-email")
    response = client.get(link[:-3] + "xyz")
    assert response.status_code == 400
    assert "<h1>" in response.get_data(as_text=True)


def test_reset_never_says_whether_an_address_exists(client):
    builders.make_user("Alice", email="alice@example.org")
    known = post_form(client, "/password/forgot", {"email": "alice@example.org"})
    unknown = post_form(client, "/password/forgot", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200

    def main(response):
        text = response.get_data(as_text=True)
        return text[text.index("<main") : text.index("</main>")]

    assert main(known) == main(unknown)


def test_password_reset_works_once_and_ends_other_sessions(app, client):
    alice = builders.make_user("Alice", email="alice@example.org")
    other_device = app.test_client()
    login(other_device, alice)
    post_form(client, "/password/forgot", {"email": "alice@example.org"})
    link = _last_link("alice@example.org", "password/reset")
    new = "une toute nouvelle phrase"
    response = post_form(client, link, {"password": new, "confirm": new})
    assert response.status_code == 302
    assert other_device.get("/account").status_code == 302  # that session has ended
    login(client, alice, new)
    assert client.get(link).status_code == 400  # the link was used


def test_export_holds_everything_about_me_and_only_me(client):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice@example.org")
    bob = builders.make_user("Bob", email="bob@example.org")
    builders.make_contribution(debate, alice, title="Mon avis", body="Un texte à moi")
    builders.make_contribution(debate, bob, title="Celui de Bob")
    login(client, alice)
    response = client.get("/account/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "alice@example.org"
    assert [c["title"] for c in data["contributions"]] == ["Mon avis"]
    assert "bob@example.org" not in response.get_data(as_text=True)


def test_erasure_keeps_the_words_and_forgets_the_person(app, client):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice@example.org")
    item = builders.make_contribution(debate, alice, title="Mon avis", body="Garder ces mots")
    db.session.add(Notification(user_id=alice.id, kind="reply", message="Une réponse"))
    db.session.commit()
    login(client, alice)
    refused = post_form(client, "/account/erase", {"password": "wrong", "understood": "y"})
    assert refused.status_code == 422
    response = post_form(
        client, "/account/erase", {"password": builders.DEFAULT_PASSWORD, "understood": "y"}
    )
    assert response.status_code == 302

    erased = db.session.get(User, alice.id)
    assert erased.erased_at is not None and not erased.active
    assert "alice" not in erased.email.lower() and erased.pseudonym != "Alice"
    assert db.session.get(Contribution, item.id).author_id is None
    assert (
        db.session.scalar(db.select(Notification).where(Notification.user_id == alice.id)) is None
    )
    assert db.session.scalar(db.select(Erasure).where(Erasure.user_id == alice.id))
    log = Path(app.instance_path) / "erasures.log"
    assert json.loads(log.read_text().splitlines()[-1])["user_id"] == alice.id

    page = client.get(f"/contributions/{item.id}").get_data(as_text=True)
    assert "Garder ces mots" in page and "Alice" not in page
    assert client.get("/account").status_code == 302  # logged out
    api = client.get("/api/v1/debates/tram/contributions").get_data(as_text=True)
    assert "Alice" not in api and "alice@example.org" not in api


def test_privacy_and_accessibility_statements_in_both_languages(client):
    for path in ("/privacy", "/accessibility"):
        french = client.get(path).get_data(as_text=True)
        assert 'lang="fr"' in french and "<h1>" in french
    assert "RGPD" in client.get("/privacy").get_data(as_text=True)
    assert "Défenseur des droits" in client.get("/accessibility").get_data(as_text=True)
    client.get("/lang/en")
    assert "Legal basis" in client.get("/privacy").get_data(as_text=True)
    assert "partially compliant" in client.get("/accessibility").get_data(as_text=True)
