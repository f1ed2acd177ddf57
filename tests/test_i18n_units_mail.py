"""Sizes and dates in the page's language; account e-mails in the recipient's language."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, OutgoingMail
from forum.units import file_size, number, percent
from moderation import masking
from questions.models import AnswerVersion
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team
from tests.builders_questions import answer_and_publish, make_question
from tests.conftest import post_form

SIZES = {
    "fr": ("896\u00a0octets", "12\u00a0Ko", "1,2\u00a0Mo"),
    "en": ("896\u00a0bytes", "12\u00a0kB", "1.2\u00a0MB"),
}
OTHER = {"fr": "en", "en": "fr"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_file_sizes_are_written_in_the_readers_language(app, language):
    with app.test_request_context(), force_locale(language):
        written = tuple(file_size(n) for n in (896, 12_000, 1_200_000))
    assert tuple(w.replace(" ", "\u00a0") for w in written) == SIZES[language]


@pytest.mark.parametrize(
    ("language", "written"), [("fr", ("12\u202f345", "42\u00a0%")), ("en", ("12,345", "42%"))]
)
def test_numbers_are_written_in_the_readers_language(app, language, written):
    with app.test_request_context(), force_locale(language):
        assert (number(12345), percent(0.42)) == written


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_answers_attached_document_shows_its_size_in_the_page_language(client, app, language):
    team = make_team()
    question = make_question(team.debate, team.participant)
    answer_and_publish(question, team.owner, team.committee)
    document = builders.make_document(team.debate, title="Annexe")
    document.file_name, document.file_type, document.file_size = "a.pdf", "application/pdf", 896
    version = db.session.scalar(select(AnswerVersion).order_by(AnswerVersion.id.desc()))
    version.document_id = document.id
    db.session.commit()
    client.get(f"/lang/{language}")
    page = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    shown = page.replace("&nbsp;", "\u00a0").replace(" ", "\u00a0")
    assert f"PDF,\u00a0{SIZES[language][0]})" in shown
    assert "Bytes" not in page


@pytest.mark.parametrize(("language", "since", "until"), [("fr", "Du", "Au"), ("en", "From", "To")])
def test_the_staff_journals_date_filter_reads_from_and_to(client, login_as, language, since, until):
    team = make_team()
    login_as(team.moderator)
    client.get(f"/lang/{language}")
    page = client.get(f"/moderation/{team.debate.slug}/journal").get_data(as_text=True)
    assert f'<label for="since">{since}</label>' in page
    assert f'<label for="until">{until}</label>' in page


def _last_mail() -> OutgoingMail:
    return db.session.scalar(select(OutgoingMail).order_by(OutgoingMail.id.desc()))


def _assert_in(language: str, message: OutgoingMail, subject: str, body_start: str) -> None:
    """The e-mail's subject and body are the catalogue's, in ``language`` (and differ from
    the other language's)."""
    with force_locale(language):
        expected = (_(subject), _(body_start, name="Camille", link="", login="", forgot=""))
    with force_locale(OTHER[language]):
        other = _(subject)
    assert expected[0] != other
    assert message.subject == expected[0]
    assert message.body.split(",")[0] == expected[1].split(",")[0]
    first_sentence = expected[1].split("\n\n")[1][:40]
    assert first_sentence in message.body


CONFIRM = (
    "Hello %(name)s,\n\nTo confirm your e-mail address on Palabre, open this link "
    "(valid for 7 days):\n\n%(link)s\n\nUntil then, your contributions wait: they are "
    "published as soon as the address is confirmed.\n\nIf you did not create this "
    "account, ignore this message."
)
NOTICE = (
    "Hello %(name)s,\n\nSomeone tried to create a Palabre account with this e-mail "
    "address, which already has one: yours. No second account was created.\n\n"
    "If it was you, log in:\n\n%(login)s\n\nIf you no longer know your password, "
    "choose a new one here:\n\n%(forgot)s\n\nIf it was not you, ignore this "
    "message: nothing has changed on your account."
)
RESET = (
    "Hello %(name)s,\n\nSomeone (probably you) asked to change the password of your "
    "Palabre account. To choose a new one, open this link within an hour:\n\n"
    "%(link)s\n\nIf you did not ask for it, ignore this message: your password "
    "stays the same."
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_confirmation_email_is_in_the_account_holders_language(client, login_as, language):
    person = builders.make_user("Camille", locale=language, verified=False)
    login_as(person)
    client.get(f"/lang/{OTHER[language]}")  # the page speaks the other language
    post_form(client, "/account/resend-confirmation", {}, form_url="/account")
    _assert_in(language, _last_mail(), "Confirm your e-mail address", CONFIRM)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_registration_notice_is_in_the_account_holders_language(client, language):
    holder = builders.make_user("Camille", email="camille@example.org", locale=language)
    client.get(f"/lang/{OTHER[language]}")  # a stranger, in the other language
    post_form(
        client,
        "/register",
        {
            "email": holder.email,
            "pseudonym": "Quelqu'un",
            "password": "un mot de passe assez long",
            "confirm": "un mot de passe assez long",
            "accept_charter": "y",
        },
    )
    _assert_in(language, _last_mail(), "Someone tried to register with your address", NOTICE)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_password_reset_email_is_in_the_account_holders_language(client, language):
    holder = builders.make_user("Camille", email="camille@example.org", locale=language)
    client.get(f"/lang/{OTHER[language]}")
    post_form(client, "/password/forgot", {"email": holder.email})
    _assert_in(language, _last_mail(), "Choose a new password", RESET)


MASKED = (
    "Your contribution “%(title)s” was masked by moderation. Reason: %(reason)s%(cited)s. "
    "You can contest this decision once, from the contribution's page."
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_moderation_notice_is_in_the_authors_language_not_the_moderators(app, language):
    team = make_team()
    team.participant.locale = language
    item = builders.make_contribution(team.debate, team.participant, title="Desservir l'hôpital")
    # The moderator's request speaks the other language.
    with app.test_request_context(), force_locale(OTHER[language]):
        masking.mask(item, team.moderator, "Propos injurieux.", ARTICLE_2)
    with force_locale(language):
        subject = f"Palabre — {_('Your contribution was masked')}"
        first_line = _(
            MASKED, title=item.title, reason=item.mask_reason, cited=f" ({item.mask_article})"
        )
    message = _last_mail()
    assert message.to_address == team.participant.email
    assert message.subject == subject
    assert message.body.splitlines()[0] == first_line
    notice = db.session.scalar(select(Notification).where(Notification.kind == "masked"))
    assert notice.message == first_line  # the notifications page too
