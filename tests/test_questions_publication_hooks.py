"""Questions that become public later (moderation, re-filing, a confirmed address) still
reach the project owner, and replies approved later still tell the parent's author."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Kind, ModerationMode, Notification, Role, Status
from forum.verification import verify_email
from moderation.filing import change_kind
from moderation.masking import publish
from tests import builders


def _kinds_for(user) -> list[str]:
    return list(
        db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user.id))
    )


def _staff(debate):
    owner = builders.make_user("Maitre")
    moderator = builders.make_user("Moderatrice")
    builders.grant(owner, debate, Role.OWNER)
    builders.grant(moderator, debate, Role.MODERATOR)
    return owner, moderator


def test_a_question_published_by_a_moderator_reaches_the_owner(app):
    debate = builders.make_debate("tram", moderation_mode=ModerationMode.A_PRIORI)
    owner, moderator = _staff(debate)
    asker = builders.make_user("Alice")
    question = builders.make_contribution(
        debate, asker, kind=Kind.QUESTION, status=Status.PENDING, title="Combien ?"
    )
    assert "new_question" not in _kinds_for(owner)
    publish(question, moderator)
    assert "new_question" in _kinds_for(owner)


def test_a_reply_approved_later_tells_the_parents_author(app):
    debate = builders.make_debate("tram", moderation_mode=ModerationMode.A_PRIORI)
    _owner, moderator = _staff(debate)
    alice, bob = builders.make_user("Alice"), builders.make_user("Bob")
    parent = builders.make_contribution(debate, alice, title="Avis")
    reply = builders.make_contribution(debate, bob, parent=parent, status=Status.PENDING)
    publish(reply, moderator)
    assert "reply" in _kinds_for(alice)


def test_an_opinion_refiled_as_a_question_reaches_the_owner(app):
    debate = builders.make_debate("tram")
    owner, moderator = _staff(debate)
    opinion = builders.make_contribution(debate, builders.make_user("Alice"), title="Et le bruit")
    change_kind(opinion, moderator, Kind.QUESTION, "C'est une question au maître d'ouvrage.")
    assert "new_question" in _kinds_for(owner)


def test_a_question_waiting_for_a_confirmed_address_reaches_the_owner_then(client):
    from tests.conftest import post_form
    from tests.test_privacy import _last_link, _register

    debate = builders.make_debate("tram")
    owner, _moderator = _staff(debate)
    _register(client)
    post_form(
        client,
        "/debates/tram/contribute",
        {"kind": "question", "title": "Quand ?", "body": "Texte", "themes": debate.themes[0].id},
    )
    assert "new_question" not in _kinds_for(owner)
    link = _last_link("lea@example.org", "verify-email")
    token = link.rsplit("/", 1)[-1]
    verify_email(token)
    assert "new_question" in _kinds_for(owner)
