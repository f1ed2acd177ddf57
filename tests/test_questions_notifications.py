"""Notifications: every trigger, the page and its "new" marker, preferences, and the
one-click unsubscribe link of every e-mail."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from forum import notifications
from forum.extensions import db
from forum.models import Notification, NotificationPreference, OutgoingMail, Role
from tests import builders
from tests.builders_questions import answer_and_publish, make_question, staff
from tests.conftest import post_form
from tests.test_doctrine import _violations


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_SMTP_HOST": None, "PALABRE_BASE_URL": "https://debats.example.fr"}


def _notes(user) -> list[Notification]:
    return list(
        db.session.scalars(
            db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def _mails(user) -> list[OutgoingMail]:
    return list(
        db.session.scalars(
            db.select(OutgoingMail)
            .where(OutgoingMail.to_address == user.email)
            .order_by(OutgoingMail.id)
        )
    )


def test_a_reply_tells_the_author_but_replying_to_oneself_does_not(client, login_as):
    debate = builders.make_debate("tram")
    author = builders.make_user("Autrice")
    item = builders.make_contribution(debate, author, title="Mon avis sur le tracé")
    login_as(builders.make_user("Répondeur"))
    reply = {"relation": "objects", "kind": "opinion", "body": "Je ne suis pas d'accord."}
    assert post_form(client, f"/contributions/{item.id}/reply", reply).status_code == 302
    [note] = _notes(author)
    assert note.kind == "reply"
    assert "Répondeur" in note.message and "Mon avis sur le tracé" in note.message
    assert note.contribution_id != item.id  # it points to the reply
    [mail] = _mails(author)
    assert "https://debats.example.fr/contributions/" in mail.body

    client.delete_cookie("session")
    login_as(author)
    post_form(client, f"/contributions/{item.id}/reply", reply)
    assert len(_notes(author)) == 1  # no notification of one's own reply


def test_every_kind_reaches_the_page_and_the_mail_queue(app):
    user = builders.make_user()
    for kind in notifications.KINDS:
        notifications.notify(user.id, kind, f"Message {kind}", contribution_id=None)
    db.session.commit()
    assert [n.kind for n in _notes(user)] == list(notifications.KINDS)
    mails = _mails(user)
    assert len(mails) == len(notifications.KINDS)
    for mail, kind in zip(mails, notifications.KINDS, strict=True):
        assert f"Message {kind}" in mail.body
        assert mail.unsubscribe_url.startswith("https://debats.example.fr/unsubscribe/")
        assert mail.unsubscribe_url in mail.body
        assert mail.subject.startswith("Palabre")


def test_the_answer_and_new_question_triggers(app):
    debate = builders.make_debate("tram")
    owner, member, moderator = staff(debate)
    asker = builders.make_user()
    question = make_question(debate, asker)
    assert [n.kind for n in _notes(owner)] == ["new_question"]
    assert _notes(moderator) == []  # moderators are not the ones who answer
    answer_and_publish(question, owner, member)
    [note] = _notes(asker)
    assert note.kind == "answer" and note.contribution_id == question.id


def test_a_moderation_decision_always_reaches_the_page(app):
    user = builders.make_user()
    notifications.save_preferences(
        user,
        {
            "masked": notifications.Choice(on_site=False, by_email=False),
            "reply": notifications.Choice(on_site=False, by_email=False),
        },
    )
    notifications.notify(user.id, "masked", "Masquée : propos injurieux (article 2).")
    notifications.notify(user.id, "reply", "Une réponse.")
    db.session.commit()
    assert [n.kind for n in _notes(user)] == ["masked"]
    assert _mails(user) == []


def test_the_preferences_page_saves_choices_kind_by_kind(client, login_as):
    user = builders.make_user()
    login_as(user)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert 'name="mail_reply"' in page and 'name="mail_cited"' in page
    assert 'name="mail_new_flag"' not in page  # not a moderator
    response = post_form(
        client,
        "/account/notifications",
        {"site_reply": "y", "site_answer": "y", "mail_answer": "y", "site_cited": "y"},
    )
    assert response.status_code == 302
    assert notifications.preference(user.id, "reply") == notifications.Choice(True, False)
    assert notifications.preference(user.id, "answer") == notifications.Choice(True, True)
    assert notifications.preference(user.id, "masked") == notifications.Choice(True, False)
    notifications.notify(user.id, "reply", "Réponse.")
    notifications.notify(user.id, "answer", "Réponse officielle.")
    db.session.commit()
    assert [n.kind for n in _notes(user)] == ["reply", "answer"]
    assert len(_mails(user)) == 1


def test_staff_see_the_kinds_of_their_roles(app):
    debate = builders.make_debate()
    owner, member, moderator = staff(debate)
    assert "new_question" in notifications.kinds_for(owner)
    assert "answer_submitted" in notifications.kinds_for(member)
    assert "new_flag" in notifications.kinds_for(moderator)
    assert "new_flag" not in notifications.kinds_for(owner)


def test_the_header_says_new_without_a_number_until_read(client, login_as):
    user = builders.make_user()
    for n in range(3):
        notifications.notify(user.id, "reply", f"Réponse {n}")
    db.session.commit()
    login_as(user)
    html = client.get("/").get_data(as_text=True)
    nav = html[html.index('class="main-nav"') : html.index("</nav>", html.index("main-nav"))]
    assert 'class="new-marker"' in nav and "/notifications" in nav
    assert _violations({"/": html}) == []
    page = client.get("/notifications").get_data(as_text=True)
    assert page.index("Réponse 2") < page.index("Réponse 0")  # newest first
    assert (
        post_form(client, "/notifications/read", {}, form_url="/notifications").status_code == 302
    )
    html = client.get("/").get_data(as_text=True)
    assert 'class="new-marker"' not in html
    assert all(n.read_at for n in _notes(user))


def test_the_notifications_page_pages_back_in_time(client, login_as):
    user = builders.make_user()
    for n in range(35):
        notifications.notify(user.id, "reply", f"Message numéro {n:02d}.")
    db.session.commit()
    login_as(user)
    first = client.get("/notifications").get_data(as_text=True)
    assert "numéro 34" in first and "numéro 04." not in first
    older = notifications.page_for(user).older
    second = client.get(f"/notifications?before={older}").get_data(as_text=True)
    assert "numéro 04." in second and "numéro 34" not in second


def test_unsubscribing_takes_one_click_without_logging_in(client):
    user = builders.make_user()
    notifications.notify(user.id, "reply", "Réponse.")
    db.session.commit()
    [mail] = _mails(user)
    path = urlsplit(mail.unsubscribe_url).path
    confirm = client.get(path)
    assert confirm.status_code == 200 and "<form" in confirm.get_data(as_text=True)
    assert notifications.preference(user.id, "reply").by_email  # a GET changes nothing
    done = client.post(path)  # no CSRF token, no session: the signed link is the proof
    assert done.status_code == 200
    assert notifications.preference(user.id, "reply") == notifications.Choice(True, False)
    assert notifications.preference(user.id, "answer").by_email
    assert client.post(path).status_code == 200  # twice is harmless


def test_mail_clients_unsubscribe_with_the_rfc_8058_post(client):
    user = builders.make_user()
    token = notifications.unsubscribe_token(user.id, notifications.ALL_KINDS)
    response = client.post(
        f"/unsubscribe/{token}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    rows = db.session.scalars(
        db.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    ).all()
    assert {row.kind for row in rows} == set(notifications.KINDS)
    assert not any(row.by_email for row in rows)


def test_a_forged_or_altered_unsubscribe_link_is_refused(client):
    user = builders.make_user()
    token = notifications.unsubscribe_token(user.id, "reply")
    assert client.get(f"/unsubscribe/{token[:-2]}xx").status_code == 404
    assert client.post(f"/unsubscribe/{token[:-2]}xx").status_code == 404
    assert client.get("/unsubscribe/not-a-token").status_code == 404
    assert notifications.preference(user.id, "reply").by_email


def test_a_deactivated_account_gets_no_mail(app):
    user = builders.make_user(active=False)
    notifications.notify(user.id, "reply", "Réponse.")
    db.session.commit()
    assert _mails(user) == []


def test_the_mail_speaks_the_recipients_language(app):
    french = builders.make_user(locale="fr")
    english = builders.make_user(locale="en")
    for user in (french, english):
        notifications.notify(user.id, "answer", "…")
    db.session.commit()
    assert _mails(english)[0].subject == "Palabre — An answer to your question"
    assert _mails(french)[0].subject != _mails(english)[0].subject


def test_moderators_are_told_of_a_flag(app):
    debate = builders.make_debate()
    moderator = builders.make_user()
    builders.grant(moderator, debate, Role.MODERATOR)
    notifications.notify(moderator.id, "new_flag", "Une contribution a été signalée.")
    db.session.commit()
    assert [n.kind for n in _notes(moderator)] == ["new_flag"]
    assert len(_mails(moderator)) == 1


def test_erasing_an_account_forgets_its_choices_and_queued_mail(app):
    from forum import privacy

    user = builders.make_user()
    notifications.save_preferences(user, {"reply": notifications.Choice(True, False)})
    notifications.notify(user.id, "answer", "Réponse.")
    db.session.commit()
    exported = privacy.export_data(user)
    assert exported["notification_preferences"]["reply"] == {"on_site": True, "by_email": False}
    email = user.email
    privacy.erase_account(user, builders.DEFAULT_PASSWORD)
    assert (
        db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.to_address == email)).all()
        == []
    )
    assert db.session.get(NotificationPreference, (user.id, "reply")) is None
