"""Who may suspend whom, and from what.

A debate's moderators suspend a person *from their debate*, and only someone who took part
in it: for anyone else the pages answer 404, as for an id that names no account. The person
can still log in and take part elsewhere. A site-wide suspension (no login) is an
administrator's only, and is journaled in the site journal.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from forum.errors import NotAllowed
from forum.extensions import db
from forum.models import (
    Contribution,
    Debate,
    DebateSuspension,
    Notification,
    Phase,
    Role,
    User,
    utcnow,
)
from moderation import contests, masking
from moderation.journal import SITE
from moderation.models import FlagReason, JournalAction, JournalEntry
from tests import builders
from tests.builders_moderation import ARTICLE_2, journal_rows, mails_to, make_team
from tests.conftest import CSRF_INPUT, csrf_token, login, post_form

UNKNOWN_ID = 987654


@pytest.fixture
def team(app):
    return make_team()


@pytest.fixture
def other_debate(team) -> Debate:
    """The open debate next to "tram", moderated by ``team.other_moderator``."""
    return db.session.scalar(db.select(Debate).where(Debate.slug == "tram-autre"))


@pytest.fixture
def writer(team):
    """Someone who took part in the debate "tram": they wrote an opinion in it."""
    person = builders.make_user("Bérénice", locale="en")
    builders.make_contribution(team.debate, person, title="Mon avis sur le tracé")
    return person


def suspend_url(user_id: int, slug: str = "tram") -> str:
    return f"/moderation/{slug}/users/{user_id}/suspend"


def lift_url(user_id: int, slug: str = "tram") -> str:
    return f"/moderation/{slug}/users/{user_id}/lift"


def ask(client, url: str, data: dict | None) -> tuple[int, str]:
    """The status and page, the CSRF token aside (it carries the second it was made at)."""
    response = client.get(url) if data is None else client.post(url, data=data)
    return response.status_code, CSRF_INPUT.sub("", response.get_data(as_text=True))


def assert_not_found_as_unknown(client, user: User, slug: str = "tram") -> None:
    """Every suspension route answers for ``user`` exactly as for an id naming no one."""
    token = csrf_token(client, "/account")  # and the flashes are read
    for url, data in (
        (suspend_url(user.id, slug), None),
        (suspend_url(user.id, slug), {"reason": "Insultes.", "csrf_token": token}),
        (lift_url(user.id, slug), {"lift-reason": "Excuses.", "csrf_token": token}),
    ):
        status, html = ask(client, url, data)
        twin = url.replace(f"/{user.id}/", f"/{UNKNOWN_ID}/")
        unknown_status, unknown_html = ask(client, twin, data)
        assert status == unknown_status == 404, url
        assert user.pseudonym not in html
        assert html == unknown_html.replace(twin, url)  # the same page, bar its address
    db.session.expire_all()
    assert db.session.scalars(db.select(DebateSuspension)).all() == []
    assert journal_rows(JournalAction.SUSPEND) == []
    assert journal_rows(JournalAction.LIFT_SUSPENSION) == []
    assert db.session.get(User, user.id).is_active


# --- Whom a debate's moderators may suspend ------------------------------------------------


def test_a_person_who_took_part_only_in_another_debate_is_not_found(client, team, other_debate):
    elsewhere = builders.make_user("Bastien")
    builders.make_contribution(other_debate, elsewhere, title="Ailleurs")
    login(client, team.moderator)
    assert_not_found_as_unknown(client, elsewhere)


def test_a_moderator_of_another_debate_is_not_found(client, team):
    login(client, team.moderator)
    assert_not_found_as_unknown(client, team.other_moderator)


def test_a_person_who_took_part_nowhere_is_not_found(client, team):
    login(client, team.moderator)
    assert_not_found_as_unknown(client, builders.make_user("Personne"))


def test_the_moderator_of_a_draft_debate_cannot_reach_the_participants_of_another(client, team):
    draft_moderator = builders.make_user("Brouillon")
    draft = builders.make_debate("brouillon", phase=Phase.DRAFT)
    builders.grant(draft_moderator, draft, Role.MODERATOR)
    writer = builders.make_user("Dominique")
    builders.make_contribution(team.debate, writer)
    login(client, draft_moderator)
    assert_not_found_as_unknown(client, writer, "brouillon")


def test_someone_who_only_reported_a_contribution_can_be_suspended_from_it(client, team):
    from moderation import flags

    item = builders.make_contribution(team.debate, team.participant)
    reporter = builders.make_user("Rapporteur")
    flags.flag(item, reporter, FlagReason.OFF_TOPIC)
    login(client, team.moderator)
    assert reporter.pseudonym in client.get(suspend_url(reporter.id)).get_data(as_text=True)
    response = post_form(client, suspend_url(reporter.id), {"reason": "Signalements abusifs."})
    assert response.status_code == 302
    [row] = db.session.scalars(db.select(DebateSuspension)).all()
    assert (row.debate_id, row.user_id, row.suspended_by_id) == (
        team.debate.id,
        reporter.id,
        team.moderator.id,
    )


def test_staff_of_the_debate_and_administrators_cannot_be_suspended_from_it(client, team):
    for person in (team.committee, team.owner, team.admin):
        builders.make_contribution(team.debate, person, title="Du personnel")
    login(client, team.moderator)
    for person in (team.committee, team.owner, team.admin):
        response = post_form(client, suspend_url(person.id), {"reason": "Essai."})
        assert response.status_code == 403, person
    assert db.session.scalars(db.select(DebateSuspension)).all() == []


# --- What a debate suspension does ---------------------------------------------------------


def contribute_form(debate, **fields) -> dict:
    return {
        "kind": "opinion",
        "title": "Encore un avis",
        "body": "Mon texte, gardé tel quel malgré le refus.",
        "themes": [debate.themes[0].id],
        **fields,
    }


def count_in(debate) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Contribution)
        .where(Contribution.debate_id == debate.id)
    )


def test_a_debate_suspension_blocks_that_debate_only_and_not_login(
    client, team, writer, other_debate
):
    person_client = client.application.test_client()
    login(person_client, writer)
    login(client, team.moderator)
    until = date.today() + timedelta(days=7)
    response = post_form(
        client, suspend_url(writer.id), {"reason": "Insultes répétées.", "until": until.isoformat()}
    )
    assert response.status_code == 302

    # Still logged in; the account page says from which debate, why and until when.
    account = person_client.get("/account")
    assert account.status_code == 200
    html = account.get_data(as_text=True)
    assert "Insultes répétées." in html and team.debate.title in html
    # Posting in the debate: a clear refusal, the text kept, nothing written.
    before = count_in(team.debate)
    response = post_form(person_client, "/debates/tram/contribute", contribute_form(team.debate))
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "You are suspended from this debate" in html
    assert "Mon texte, gardé tel quel malgré le refus." in html
    assert count_in(team.debate) == before
    # Replying, reporting and contesting in it are refused too.
    item = builders.make_contribution(team.debate, team.participant, title="Un autre avis")
    response = post_form(
        person_client,
        f"/contributions/{item.id}/reply",
        {"relation": "objects", "kind": "opinion", "body": "Je conteste fortement ce point."},
    )
    assert response.status_code == 403
    assert "Je conteste fortement ce point." in response.get_data(as_text=True)
    response = post_form(
        person_client, f"/contributions/{item.id}/flag", {"reason": "off_topic", "note": ""}
    )
    assert response.status_code == 403
    own = db.session.scalar(db.select(Contribution).where(Contribution.author_id == writer.id))
    masking.mask(own, team.moderator, "Propos injurieux.", ARTICLE_2)
    with pytest.raises(NotAllowed):
        contests.file_contest(own, writer, "Je conteste.")
    assert count_in(team.debate) == before + 1  # the other participant's only

    # Another debate: taking part goes on.
    response = post_form(
        person_client, "/debates/tram-autre/contribute", contribute_form(other_debate)
    )
    assert response.status_code == 302
    # Logging in again works.
    login(client.application.test_client(), writer)


def test_a_debate_suspension_ends_by_itself_and_when_lifted(client, team, writer):
    ended = DebateSuspension(
        debate_id=team.debate.id,
        user_id=writer.id,
        reason="Ancienne.",
        suspended_at=utcnow() - timedelta(days=5),
        until=utcnow() - timedelta(seconds=1),
    )
    db.session.add(ended)
    db.session.commit()
    person_client = client.application.test_client()
    login(person_client, writer)
    response = post_form(person_client, "/debates/tram/contribute", contribute_form(team.debate))
    assert response.status_code == 302

    login(client, team.moderator)
    post_form(client, suspend_url(writer.id), {"reason": "Menaces."})
    response = post_form(person_client, "/debates/tram/contribute", contribute_form(team.debate))
    assert response.status_code == 403
    response = post_form(
        client, lift_url(writer.id), {"lift-reason": "Excuses."}, form_url=suspend_url(writer.id)
    )
    assert response.status_code == 302
    response = post_form(person_client, "/debates/tram/contribute", contribute_form(team.debate))
    assert response.status_code == 302


def test_the_debate_journal_records_it_and_the_public_one_shows_no_person(client, team, writer):
    login(client, team.moderator)
    post_form(client, suspend_url(writer.id), {"reason": "Insultes répétées."})
    post_form(
        client, lift_url(writer.id), {"lift-reason": "Excuses."}, form_url=suspend_url(writer.id)
    )
    rows = journal_rows()
    assert [(r.action, r.debate_id, r.target_user_id) for r in rows] == [
        (JournalAction.SUSPEND, team.debate.id, writer.id),
        (JournalAction.LIFT_SUSPENSION, team.debate.id, writer.id),
    ]
    staff = client.get("/moderation/tram/journal").get_data(as_text=True)
    assert writer.pseudonym in staff and "Insultes répétées." in staff
    public = client.application.test_client().get("/debates/tram/moderation-journal")
    public = public.get_data(as_text=True)
    assert "Participant suspended from the debate" in public or "suspendu" in public
    assert writer.pseudonym not in public and "Insultes répétées." not in public


def test_the_person_is_told_in_their_language_with_reason_and_end_date(client, team, writer):
    login(client, team.moderator)
    until = date.today() + timedelta(days=10)
    post_form(
        client, suspend_url(writer.id), {"reason": "Insultes répétées.", "until": until.isoformat()}
    )
    [told] = db.session.scalars(
        db.select(Notification).where(Notification.user_id == writer.id)
    ).all()
    assert told.kind == "suspension"
    assert told.message.startswith("You are suspended from the debate")  # writer reads English
    assert "Insultes répétées." in told.message and str(until.year) in told.message
    [sent] = mails_to(writer)
    assert "Insultes répétées." in sent.body

    post_form(
        client, lift_url(writer.id), {"lift-reason": "Excuses."}, form_url=suspend_url(writer.id)
    )
    messages = db.session.scalars(
        db.select(Notification.message).where(Notification.user_id == writer.id)
    ).all()
    assert any("is lifted" in m and "Excuses." in m for m in messages)


# --- The site-wide suspension: administrators only --------------------------------------


def account_url(user_id: int) -> str:
    return f"/admin/users/{user_id}/suspension"


def test_a_moderator_cannot_suspend_an_account_site_wide(client, team, writer):
    login(client, team.moderator)
    assert client.get(account_url(writer.id)).status_code == 403
    token = csrf_token(client, "/account")
    response = client.post(account_url(writer.id), data={"reason": "x", "csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, writer.id).is_active
    assert db.session.scalars(db.select(JournalEntry)).all() == []


def test_an_administrator_suspends_an_account_site_wide_which_ends_its_sessions(
    client, team, writer
):
    person_client = client.application.test_client()
    login(person_client, writer)
    login(client, team.admin)
    until = date.today() + timedelta(days=30)
    response = post_form(
        client, account_url(writer.id), {"reason": "Usurpation.", "until": until.isoformat()}
    )
    assert response.status_code == 302
    # Sessions end; logging in is refused.
    assert person_client.get("/account").status_code == 302
    response = post_form(
        client.application.test_client(),
        "/login",
        {"email": writer.email, "password": builders.DEFAULT_PASSWORD},
    )
    assert response.status_code == 422
    # The site journal, not any debate's; the administrators' page shows it.
    [row] = journal_rows(JournalAction.SITE_SUSPEND)
    assert (row.debate_id, row.target_user_id, row.reason) == (SITE, writer.id, "Usurpation.")
    assert "Usurpation." not in client.get("/moderation/tram/journal").get_data(as_text=True)
    page = client.get("/admin/journal").get_data(as_text=True)
    assert writer.pseudonym in page and "Usurpation." in page
    # The person is told by e-mail, in their language.
    [sent] = mails_to(writer)
    assert "suspended" in sent.subject and "Usurpation." in sent.body

    response = post_form(
        client,
        f"/admin/users/{writer.id}/suspension/lift",
        {"lift-reason": "Erreur."},
        form_url=account_url(writer.id),
    )
    assert response.status_code == 302
    assert journal_rows(JournalAction.SITE_LIFT_SUSPENSION)[0].debate_id == SITE
    login(client.application.test_client(), writer)
    assert any("Erreur." in sent.body for sent in mails_to(writer))


def test_an_administrator_cannot_be_suspended_site_wide(client, team):
    other_admin = builders.make_user("Autre admin", admin=True)
    login(client, team.admin)
    response = post_form(client, account_url(other_admin.id), {"reason": "Essai."})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, other_admin.id).is_active


def test_the_person_finds_their_suspensions_in_their_data_export(client, team, writer):
    login(client, team.moderator)
    post_form(client, suspend_url(writer.id), {"reason": "Insultes répétées."})
    person_client = client.application.test_client()
    login(person_client, writer)
    data = person_client.get("/account/export").get_json(force=True)
    [row] = data["debate_suspensions"]
    assert (row["debate"], row["reason"], row["lifted_at"]) == ("tram", "Insultes répétées.", None)
